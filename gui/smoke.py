"""`python main.py --smoke-test`: open the window offscreen on the sample, recalculate, export.

It runs in a temporary folder, so it leaves nothing behind; the exit status says whether it
worked, which is how a packaged build is checked.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path


def smoke_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    saved = os.environ.get("XDG_DATA_HOME")
    with tempfile.TemporaryDirectory(prefix="pitboard-smoke-") as folder:
        os.environ["XDG_DATA_HOME"] = folder  # backups and settings stay in the temporary folder
        try:
            summary = _run(Path(folder))
        except Exception:
            traceback.print_exc()
            print("smoke test FAILED", file=sys.stderr)
            return 1
        finally:
            if saved is None:
                os.environ.pop("XDG_DATA_HOME", None)
            else:
                os.environ["XDG_DATA_HOME"] = saved
    print(f"smoke test passed: {summary}")
    return 0


def _run(folder: Path) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.app import build_window, configure_application
    from model.io.export.standings_export import export_standings
    from model.scoring.standings import Championship

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    configure_application(app)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(folder / "sample.pitboard", settings)
    if window is None:
        raise RuntimeError("the sample season could not be opened")
    window.show()
    app.processEvents()
    document = window.document
    assert document.data is not None
    assert document.standings is not None
    leader = document.standings.table("LMP900", Championship.TEAMS).rows[0]
    if (leader.name, int(leader.total)) != ("Infineon Team Joest", 170):
        raise RuntimeError(f"unexpected LMP900 leader: {leader.name} {leader.total}")
    out = folder / "export"
    out.mkdir()
    written = export_standings(document.data, document.standings, out)
    window.close()
    results = len(document.data.results)
    return f"window shown, {results} results recalculated, {len(written)} workbooks exported"
