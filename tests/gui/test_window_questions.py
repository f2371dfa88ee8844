"""Every question the window asks goes through its Prompts object, so none is a bare dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gui.main_window import MainWindow
from tests.gui.prompts import scripted


def _no_season_then_import(window: MainWindow) -> None:
    window.document.season_id = None
    window.files.import_results_file(Path("results.csv"))


def _author(window: MainWindow) -> None:
    scripted(window).text_answer = "  Ann Statistician "
    window.export.ask_author()


QUESTIONS: list[tuple[str, Callable[[MainWindow], object], tuple[str, str]]] = [
    ("About", MainWindow.show_about, ("about", "Pitboard")),
    ("Import season definition", MainWindow._import_season, ("open_path", "Import season")),
    ("Import results", MainWindow._import_results, ("open_path", "Import results")),
    ("Import results with no season", _no_season_then_import, ("information", "season first")),
    ("Your name for published files", _author, ("text", "author of published workbooks")),
]


@pytest.mark.parametrize(
    ("action", "asked"),
    [(action, asked) for _, action, asked in QUESTIONS],
    ids=[name for name, _, _ in QUESTIONS],
)
def test_each_question_is_asked_through_the_prompts(
    window: MainWindow, action: Callable[[MainWindow], object], asked: tuple[str, str]
) -> None:
    prompts = scripted(window)
    action(window)
    kind, words = asked
    assert any(words in text for text in prompts.said(kind)), prompts.asked


def test_the_author_given_is_kept_and_named_in_the_history(window: MainWindow) -> None:
    _author(window)
    assert window.export.author == "Ann Statistician"
    assert window.document.author == "Ann Statistician"


def test_a_cancelled_author_question_changes_nothing(window: MainWindow) -> None:
    before = window.export.author
    scripted(window).text_answer = None
    window.export.ask_author()
    assert window.export.author == before
