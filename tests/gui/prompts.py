"""Prompts that answer from a test's script and record every question the window asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

from gui.main_window import MainWindow
from gui.prompts import Prompts

REJECTED = int(QDialog.DialogCode.Rejected)


def accept(_dialog: Any) -> int:
    return int(QDialog.DialogCode.Accepted)


def scripted(window: MainWindow) -> ScriptedPrompts:
    """The scripted prompts a test window was built with."""
    assert isinstance(window.prompts, ScriptedPrompts)
    return window.prompts


class ScriptedPrompts(Prompts):
    """Each answer is an attribute a test sets; unscripted questions are cancelled or refused.

    `asked` holds (kind, text) for every question, warning and error, in order. A dialog is
    answered by the handler scripted for its class in `dialogs` (it may fill the dialog in).
    """

    def __init__(self) -> None:
        super().__init__(None)
        self.asked: list[tuple[str, str]] = []
        self.open_answer = ""
        self.text_answer: str | None = None
        self.save_answer = ""
        self.folder_answer = ""
        self.files_answer: list[str] = []
        self.read_only_answer = False
        self.confirm_answer: Callable[[str], bool] = lambda _text: True
        self.offer_answer: Callable[[list[Path]], bool] = lambda _paths: False
        self.dialogs: dict[type[QDialog], Callable[[Any], int]] = {}
        self.opened_folders: list[Path] = []

    def said(self, kind: str) -> list[str]:
        """The texts of one kind of question ("warning", "error", "confirm", …), in order."""
        return [text for asked_kind, text in self.asked if asked_kind == kind]

    def open_path(self, title: str, filter: str = "") -> str:
        self.asked.append(("open_path", title))
        return self.open_answer

    def text(self, title: str, label: str, current: str = "") -> str | None:
        self.asked.append(("text", label))
        return self.text_answer

    def information(self, title: str, text: str) -> None:
        self.asked.append(("information", text))

    def about(self, text: str) -> None:
        self.asked.append(("about", text))

    def save_path(self, title: str) -> str:
        self.asked.append(("save_path", title))
        return self.save_answer

    def folder(self, title: str, start: str = "") -> str:
        self.asked.append(("folder", title))
        return self.folder_answer

    def files(self, title: str, filter: str, start: str = "") -> list[str]:
        self.asked.append(("files", title))
        return list(self.files_answer)

    def read_only(self, reason: str) -> bool:
        self.asked.append(("read_only", reason))
        return self.read_only_answer

    def confirm(self, text: str) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_answer(text)

    def warning(self, text: str) -> None:
        self.asked.append(("warning", text))

    def error(self, title: str, text: str) -> None:
        self.asked.append(("error", text))

    def run(self, dialog: QDialog) -> int:
        self.asked.append(("run", type(dialog).__name__))
        handler = self.dialogs.get(type(dialog))
        return REJECTED if handler is None else handler(dialog)

    def offer_to_open(self, paths: list[Path]) -> bool:
        self.asked.append(("offer_to_open", str(len(paths))))
        return self.offer_answer(paths)

    def open_folder(self, path: Path) -> None:
        self.opened_folders.append(path)
