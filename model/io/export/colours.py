"""The position colours of a published table, as RGB hex text: the workbooks fill their round
cells with them and the editor's standings panel paints the same ones. Plain values, so the
editor reads them without loading the spreadsheet writer."""

from __future__ import annotations

PLACES = {1: "1st", 2: "2nd", 3: "3rd"}  # the kinds of round cell with a colour of their own
# The colour of each kind of round cell that has one (an empty cell has none).
ROUND_COLOURS: dict[str, str] = {
    "1st": "FFD966",  # gold
    "2nd": "D9D9D9",  # silver
    "3rd": "F4B183",  # bronze
    "points": "C6EFCE",  # other points
    "no points": "EDEDED",  # raced, scored nothing
}
