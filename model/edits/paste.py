"""Planning block edits of a round's results: pasted cells and dragged rows.

Both return plain data or reversible edits, so the editor can apply them as one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from model.edits.entries import entry_for_car
from model.edits.operations import AddResultEdit, Edit, ResultEntryEdit, ResultFieldEdit
from model.edits.results import check_result_value
from model.errors import InputError
from model.scoring.rules import Status
from model.store.queries import ResultLine


def parse_block(text: str) -> list[list[str]]:
    """Tab-separated rows as spreadsheets put them on the clipboard (a final newline ends)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


def format_block(rows: Sequence[Sequence[str]]) -> str:
    return "".join(
        "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row) + "\n" for row in rows
    )


def plan_paste(
    *,
    session: Session,
    season_id: int,
    round_id: int,
    class_name: str | None,
    lines: Sequence[ResultLine],
    first_row: int,
    fields: Sequence[str | None],
    titles: Sequence[str],
    block: Sequence[Sequence[str]],
) -> list[Edit]:
    """Edits that write `block` into the table from `first_row`, in the given columns.

    Rows past the end of `lines` become new results and need a car number. Columns whose
    field is None (team, chassis, ...) come from the entry list and are left as they are.
    """
    edits: list[Edit] = []
    for offset, values in enumerate(block):
        row = first_row + offset
        cells = {
            field: (value.strip(), title)
            for field, title, value in zip(fields, titles, values, strict=False)
            if field is not None
        }
        where = f"pasted row {offset + 1}"
        if row < len(lines):
            edits += _edit_row(session, season_id, lines[row], cells, where)
        else:
            edits.append(_new_row(session, season_id, round_id, class_name, cells, where))
    return edits


def _checked(field: str, text: str, title: str, where: str) -> object:
    try:
        return check_result_value(field, text)
    except InputError as exc:
        raise InputError(f"{where}, column {title}: {exc.message}") from None


def _entry_for(
    session: Session, season_id: int, class_name: str | None, car: str, round_id: int, where: str
) -> int:
    try:
        return entry_for_car(
            session=session,
            season_id=season_id,
            class_name=class_name,
            car=car,
            before_round=round_id,
        )
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}") from None


def _edit_row(
    session: Session,
    season_id: int,
    line: ResultLine,
    cells: dict[str, tuple[str, str]],
    where: str,
) -> list[Edit]:
    edits: list[Edit] = []
    values = {}
    for field, (text, title) in cells.items():
        if field == "car":
            if text and text != line.car:
                entry_id = _entry_for(
                    session, season_id, line.class_name, text, line.round_id, where
                )
                edits.append(ResultEntryEdit.build(session, line.result_id, entry_id))
            continue
        value = _checked(field, text, title, where)
        if value != getattr(line, field):
            values[field] = value
    if values:
        edits.append(ResultFieldEdit.build(session, line.result_id, **values))
    return edits


def _new_row(
    session: Session,
    season_id: int,
    round_id: int,
    class_name: str | None,
    cells: dict[str, tuple[str, str]],
    where: str,
) -> Edit:
    car = cells.get("car", ("", ""))[0]
    if not car:
        raise InputError(f"{where}: a new result needs a car number")
    entry_id = _entry_for(session, season_id, class_name, car, round_id, where)
    values = {
        field: _checked(field, text, title, where)
        for field, (text, title) in cells.items()
        if field != "car"
    }
    status = values.pop("status", None)
    return AddResultEdit(
        round_id,
        entry_id,
        status=status if isinstance(status, Status) else Status.CLASSIFIED,
        **values,  # type: ignore[arg-type]
    )


def reorder_positions(
    ordered: Sequence[ResultLine], moved: Sequence[int], target: int
) -> dict[int, int | None]:
    """Class positions after moving the results `moved` (ids) to before row `target`.

    `ordered` is one class in its current order. Cars that had no position and were not
    moved keep none; everyone else is numbered from 1 in the new order.
    """
    moving = [line for line in ordered if line.result_id in moved]
    staying = [line for line in ordered if line.result_id not in moved]
    insert_at = sum(1 for line in ordered[:target] if line.result_id not in moved)
    new_order = staying[:insert_at] + moving + staying[insert_at:]
    positions: dict[int, int | None] = {}
    place = 0
    for line in new_order:
        if line.class_pos is None and line.result_id not in moved:
            positions[line.result_id] = None
            continue
        place += 1
        positions[line.result_id] = place
    return {rid: pos for rid, pos in positions.items() if pos != _position(ordered, rid)}


def _position(lines: Sequence[ResultLine], result_id: int) -> int | None:
    return next(line.class_pos for line in lines if line.result_id == result_id)
