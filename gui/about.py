"""What Help > About says."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import qVersion

from model.version import VERSION


def about_text() -> str:
    versions = (
        f"Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()}"
    )
    return (
        f"<h3>Pitboard {VERSION}</h3>"
        "<p>Results and championship standings for multi-class sports-car racing.</p>"
        f"<p>{versions}</p>"
        "<p>Works offline: nothing is sent anywhere.</p>"
    )
