"""Reading written PDFs back in tests: pages and text through poppler's pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed: no PDF text to read"
)


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, in reading order."""
    assert PDFTOTEXT is not None
    done = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]  # a form feed ends every page


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def unwrapped(text: str) -> str:
    """The text with every line break and space taken out, so a wrapped name reads whole."""
    return "".join(text.split())
