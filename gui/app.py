"""Starting the editor: the QApplication, the document and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from gui.main_window import MainWindow
from model.document import open_document
from model.errors import PitboardError
from model.paths import APP_NAME


def run_app(document: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    try:
        engine = open_document(document, create=True, seed_sample=True)
    except PitboardError as exc:
        QMessageBox.critical(None, APP_NAME, f"Cannot open {document}:\n{exc}")
        return 1
    window = MainWindow(engine, Path(document).name)
    window.resize(1200, 700)
    window.show()
    return app.exec()
