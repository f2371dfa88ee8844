"""How a pasted block lands in the results table: by its header's names, or by the columns it
was pasted on; and the question that says which column went where."""

from __future__ import annotations

from collections.abc import Sequence

from gui.tables.table_model import Column
from model.edits.paste import describe_paste, header_columns, header_rows

NOT_PASTED = ("drivers",)  # a pasted block leaves these cells as they are
# How a pasted block lands: each column's field (None: not written) and title, its rows, and
# the question to ask first (empty: none).
Mapping = tuple[list[str | None], list[str], list[list[str]], str]
LABELS = {
    "class_pos": "class position",
    "overall_pos": "overall position",
    "qualifying_pos": "qualifying place",
    "fastest_lap": "fastest lap",
    "ineligible": "eligibility",
}


def _key(column: Column) -> str:
    """The name a header gives a column: its field, or for the entry list's columns, title."""
    return column.field or column.title.lower()


def _label(column: Column) -> str:
    return LABELS.get(column.field or "", column.title.lower())


def by_header(columns: Sequence[Column], block: list[list[str]]) -> Mapping:
    """A block whose first row names its columns: each mapped by its name."""
    keys = header_columns(block[0])
    rows = header_rows(block, len(keys))
    by_key = {_key(column): column for column in columns}
    fields: list[str | None] = []
    titles: list[str] = []
    moves: list[tuple[str, str]] = []
    left: list[str] = []
    for key, cell in zip(keys, block[0], strict=True):
        column = by_key.get(key) if key is not None else None
        field = column.field if column is not None else None
        written = field is not None and field not in NOT_PASTED
        fields.append(field if written else None)
        titles.append(column.title if column is not None else cell.strip())
        if written and column is not None:
            moves.append((cell.strip(), _label(column)))
        elif key is not None:
            left.append(cell.strip())
    return fields, titles, rows, describe_paste(len(rows), moves, left)


def by_position(
    all_columns: Sequence[Column], block: list[list[str]], first_column: int
) -> Mapping:
    """A block without a header: it fills the columns from the one it was pasted on."""
    columns = all_columns[first_column:]
    fields = [None if c.field in NOT_PASTED else c.field for c in columns]
    titles = [c.title for c in columns]
    width = max(len(row) for row in block)
    filled = [any(n < len(row) and row[n].strip() for row in block) for n in range(width)]
    moves = [
        (f"column {n + 1}", _label(columns[n]))
        for n in range(min(width, len(columns)))
        if fields[n] is not None
    ]
    left = [
        f"column {n + 1} ({columns[n].title if n < len(columns) else 'past the last'})"
        for n in range(width)
        if filled[n] and (n >= len(columns) or fields[n] is None)
    ]
    # Cells that land where nothing is written are what lost laps and statuses before:
    # only then is the user asked; a plain paste onto written columns goes straight in.
    question = describe_paste(len(block), moves, left) if left else ""
    return fields, titles, block, question
