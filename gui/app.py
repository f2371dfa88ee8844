"""Starting the editor: the QApplication, settings, the document and the main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from model.paths import APP_NAME, default_document_path, resource_path
from model.version import VERSION

if TYPE_CHECKING:  # loaded by build_window, once the document's check is under way
    from gui.main_window import MainWindow
    from gui.prompts import Prompts

ICON_SIZES = (16, 32, 48, 64, 128, 256)
BACKUP_POLL_MS = 200  # how often the window asks whether the opening backup is done


def startup_document(requested: Path | str | None, settings: QSettings) -> tuple[Path | str, bool]:
    """The document to open and whether it may be created with the sample season.

    A document named on the command line (a file, or a server document's URL) wins, then
    the last file opened, then the default one (which is created with the sample season on
    first start).
    """
    if requested is not None:
        return requested, True
    last = settings.value("documents/last", "")
    if last and Path(str(last)).exists():
        return Path(str(last)), False
    return default_document_path(), True


def build_window(
    requested: Path | str | None, settings: QSettings, prompts: Prompts | None = None
) -> MainWindow | None:
    """The window on the start-up document; `prompts` answers its questions (default: dialogs).

    The document's check (which reads every page) runs while the window's modules load and
    the window is built.
    """
    from model.store.documents import check_ahead

    path, may_create = startup_document(requested, settings)
    check_ahead(path)
    from gui.main_window import MainWindow
    from gui.race_document import RaceDocument

    document = RaceDocument()  # no document until open_path has opened the real file
    window = MainWindow(document, settings, prompts)
    if not window.files.open_location(path, create=may_create):
        return None
    window.restore_layout()
    return window


def configure_application(app: QApplication) -> None:
    """Name, version and icon, as the desktop and the About box show them."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(VERSION)
    app.setDesktopFileName("pitboard")
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"pitboard-{size}.png")))
    app.setWindowIcon(icon)


def tell_if_the_opening_backup_fails(window: MainWindow) -> QTimer | None:
    """The backup taken on opening is copied while the window comes up: should the copy fail
    half-way (the document stays open), the user is told once it is known. Returns the timer
    that watches the copy (it stops once the copy is done), if one is being copied."""
    pending = window.document.door.opened.backup if window.document.path else None
    if pending is None:
        return None
    timer = QTimer(window)
    timer.setInterval(BACKUP_POLL_MS)

    def check() -> None:
        if pending.done:
            timer.stop()
            if pending.failure:
                window.prompts.warning(
                    f"{pending.failure} when it was opened. It is open, and its earlier "
                    "backups are kept."
                )

    timer.timeout.connect(check)
    timer.start()
    return timer


def run_app(document: Path | str | None, *, quit_when_shown: bool = False) -> int:
    """Open the editor; `quit_when_shown` ends it once the window is up (start-up timing)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    window = build_window(document, QSettings())
    if window is None:
        return 1
    window.show()
    tell_if_the_opening_backup_fails(window)
    if quit_when_shown:
        QTimer.singleShot(0, app.quit)
    return app.exec()
