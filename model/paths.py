"""Where Pitboard's files are: bundled resources and the user's default document."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Pitboard"
DOCUMENT_SUFFIX = ".pitboard"


def resource_path(*parts: str) -> Path:
    """A file under resources/, from the source tree or from inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)


def user_data_dir() -> Path:
    """The per-user folder for Pitboard's data, following each platform's convention."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def default_document_path() -> Path:
    """The document opened when none is named: $PITBOARD_DB, else one in the user data folder."""
    override = os.environ.get("PITBOARD_DB")
    if override:
        return Path(override).expanduser()
    return user_data_dir() / f"standings{DOCUMENT_SUFFIX}"
