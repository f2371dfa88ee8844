"""Planning block edits of a round's results: pasted cells and dragged rows.

Both return plain data or reversible edits, so the editor can apply them as one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


# Names a spreadsheet's header row gives each results column (compared without case, spaces
# or a final dot), keyed by the column: its field, or for columns the entry list fills, its name.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "class_pos": ("pos", "position", "p", "class pos", "class position", "pos class", "pic"),
    "car": ("car", "no", "#", "number", "nr", "num", "car no", "car number", "car #"),
    "team": ("team", "entrant", "team name"),
    "class": ("class", "cls", "category"),
    "chassis": ("chassis",),
    "engine": ("engine",),
    "drivers": ("drivers", "driver", "driver(s)"),
    "laps": ("laps", "lap", "laps completed"),
    "status": ("status", "state"),
    "overall_pos": ("overall", "pos overall", "overall pos", "overall position", "ovr"),
    "qualifying_pos": ("q", "qual", "qualifying", "grid", "qualifying pos"),
    "pole": ("pole",),
    "fastest_lap": ("fl", "fastest lap"),
    "ineligible": ("eligible", "eligibility"),
    "note": ("note", "notes", "comment", "remarks"),
}
_COLUMN_OF_NAME = {name: key for key, names in HEADER_NAMES.items() for name in names}


def _header_name(cell: str) -> str:
    return " ".join(cell.strip().rstrip(".:").lower().split())


def has_header(block: Sequence[Sequence[str]]) -> bool:
    """Whether the first row names columns: one cell at least is a known name and none is a
    number (a results row always has a place, a car or laps in figures, a header never)."""
    if not block:
        return False
    cells = [cell.strip() for cell in block[0] if cell.strip()]
    return any(_header_name(cell) in _COLUMN_OF_NAME for cell in cells) and not any(
        cell.isdigit() for cell in cells
    )


def header_columns(header: Sequence[str]) -> list[str | None]:
    """The column key each header cell names (None for an empty cell), or a refusal naming
    the cell that is no results column or names a column twice."""
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    for number, cell in enumerate(header, start=1):
        name = _header_name(cell)
        if not name:
            keys.append(None)
            continue
        key = _COLUMN_OF_NAME.get(name)
        if key is None:
            known = ", ".join(names[0].capitalize() for names in HEADER_NAMES.values())
            raise InputError(
                f"pasted header, column {number}: '{cell.strip()}' is not a results column"
                f" (known: {known})"
            )
        if key in seen:
            raise InputError(
                f"pasted header, column {number}: '{cell.strip()}' names the same column as"
                f" '{seen[key]}'"
            )
        seen[key] = cell.strip()
        keys.append(key)
    return keys


def header_rows(block: Sequence[Sequence[str]], width: int) -> list[list[str]]:
    """The rows under a header of `width` cells; a header alone, or a row with a filled
    cell past the header's last, is refused (its cell would have nowhere to go)."""
    rows = [list(row) for row in block[1:]]
    if not rows:
        raise InputError("the pasted block has a header row and no results under it")
    for number, row in enumerate(rows, start=1):
        extra = [cell for cell in row[width:] if cell.strip()]
        if extra:
            raise InputError(
                f"pasted row {number}: '{extra[0].strip()}' is past the header's last column"
            )
    return rows


def describe_paste(count: int, moves: Sequence[tuple[str, str]], left: Sequence[str]) -> str:
    """The question asked before a paste: which pasted column goes to which table column."""
    text = f"Pasting {count} row{'s' if count != 1 else ''}: "
    text += ", ".join(f"{source} → {target}" for source, target in moves) + "."
    if left:
        text += f" Not written (the entry list fills them): {', '.join(left)}."
    return text + " Go ahead?"


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
    values: dict[str, Any] = {}
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


def insert_positions(
    ordered: Sequence[ResultLine], at: int, count: int
) -> tuple[int, dict[int, int | None]]:
    """Room for `count` new cars before row `at` of one class in its current order: the first
    new car's class position, and the later placed cars' positions moved down by `count`.
    Before an unplaced car (or past the end) the new cars follow the last placed one."""
    placed_before = [line.class_pos for line in ordered[:at] if line.class_pos is not None]
    first = (max(placed_before) if placed_before else 0) + 1
    moved: dict[int, int | None] = {
        line.result_id: line.class_pos + count
        for line in ordered[at:]
        if line.class_pos is not None and line.class_pos >= first
    }
    return first, moved


def _position(lines: Sequence[ResultLine], result_id: int) -> int | None:
    return next(line.class_pos for line in lines if line.result_id == result_id)
