"""The Season menu's work (and File > New season…): each dialog's result becomes edits pushed
through the document as one undo step; a refusal is said, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget
from sqlmodel import Session, select

from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.season.new_season_dialog import NewSeasonDialog
from gui.season.scales_dialog import PointsScalesDialog
from gui.season.settings_dialog import SeasonSettingsDialog
from model.edits.conflicts import VersionGuard
from model.edits.operations import Edit
from model.edits.season_setup import (
    NewSeasonEdit,
    RoundPoints,
    ScaleChange,
    new_season_edits,
    rules_edits,
    scales_edits,
)
from model.edits.seasons import list_seasons
from model.errors import PitboardError
from model.io.season_definition import SeasonDefinition
from model.scoring.rules import SeasonRules
from model.store import tables as t
from model.store.season_data import SeasonData, load_season_data

Build = Callable[[Session], Sequence[Edit]]


class SeasonSetup(QObject):
    """Signals:
    season_created(int): a new season was created (its id).
    """

    season_created = Signal(int)

    def __init__(
        self,
        window: QWidget,
        document: RaceDocument,
        prompts: Prompts,
        shown_class: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._prompts = prompts
        self._shown_class = shown_class

    def new_season(self) -> bool:
        """Ask for a new season and create it as one undo step."""
        if not self._writable():
            return False
        document = self._document
        seasons = document.read(lambda s: list_seasons(session=s))
        series = document.read(
            lambda s: list(s.exec(select(t.Series.name).order_by(t.Series.name)))
        )
        dialog = NewSeasonDialog(series, seasons, self._load, self._window)
        if self._document.season_id is not None:
            dialog.start_from.setCurrentIndex(
                max(dialog.start_from.findData(document.season_id), 0)
            )
        created: list[NewSeasonEdit] = []
        filled: list[tuple[SeasonDefinition, int | None]] = []  # as OK found it

        def build(session: Session) -> list[Edit]:
            definition, entries_from = filled[-1]
            edits = new_season_edits(
                session=session, definition=definition, entries_from=entries_from
            )
            created[:] = [e for e in edits if isinstance(e, NewSeasonEdit)]
            return edits

        def check() -> None:
            filled.append((dialog.definition(), dialog.entries_from()))
            document.read(build)

        dialog.check = check
        if not self._ran(dialog) or not filled:
            return False
        definition = filled[-1][0]
        if not self._push(f"New season {definition.series} {definition.year}", build):
            return False
        if created and created[0].season_id is not None:
            self.season_created.emit(created[0].season_id)
        return True

    def settings(self) -> bool:
        """The season's rules in one dialog; OK changes them as one undo step."""
        data = self._season()
        season_id = self._document.season_id
        if data is None or season_id is None:
            return False
        dialog = SeasonSettingsDialog(data, self._window, self._shown_class())
        chosen: list[SeasonRules] = []
        guard = _guard(data, season_id, ("season",))

        def build(session: Session) -> list[Edit]:
            return [guard, *rules_edits(session=session, season_id=season_id, rules=chosen[-1])]

        def check() -> None:
            chosen.append(dialog.rules())
            self._document.read(build)

        dialog.check = check
        if not self._ran(dialog):
            return False
        return self._push("Change season rules", build)

    def points_scales(self) -> bool:
        """The season's points scales and each round's scale and factor, as one undo step."""
        data = self._season()
        season_id = self._document.season_id
        if data is None or season_id is None:
            return False
        dialog = PointsScalesDialog(data, self._window)
        chosen: list[tuple[list[ScaleChange], dict[int, RoundPoints]]] = []
        guard = _guard(data, season_id, ("points_scale", "round"))

        def build(session: Session) -> list[Edit]:
            scales, rounds = chosen[-1]
            edits = scales_edits(session=session, season_id=season_id, scales=scales, rounds=rounds)
            return [guard, *edits]

        def check() -> None:
            chosen.append((dialog.scales(), dialog.rounds()))
            self._document.read(build)

        dialog.check = check
        if not self._ran(dialog):
            return False
        return self._push("Change points scales", build)

    # --- helpers ----------------------------------------------------------------------------

    def _ran(self, dialog: QDialog) -> bool:
        """Whether the dialog was accepted; it is deleted either way."""
        try:
            return self._prompts.run(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _load(self, season_id: int) -> SeasonData:
        return self._document.read(lambda s: load_season_data(session=s, season_id=season_id))

    def _season(self) -> SeasonData | None:
        data = self._document.data
        if data is None:
            self._prompts.information("Season", "Choose a season first (or File > New season…).")
            return None
        return data if self._writable() else None

    def _writable(self) -> bool:
        try:
            self._document.check_writable()
        except PitboardError as exc:
            self._prompts.warning(str(exc))
            return False
        return True

    def _push(self, step: str, build: Build) -> bool:
        refused = self._document.push_or_refusal(step, build)
        if refused:
            self._prompts.warning(refused)
        return not refused


def _guard(data: SeasonData, season_id: int, tables: tuple[str, ...]) -> VersionGuard:
    """The rows of `tables` as the dialog was opened on them: another editor's change to one
    of them since has the dialog's step refused rather than overwritten."""
    seen = {key: version for key, version in data.versions.items() if key[0] in tables}
    return VersionGuard(season_id, seen)
