"""The position colours of a published table, as RGB hex text: the workbooks fill their round
cells with them and the editor's standings panel paints the same ones. Plain values, so the
editor reads them without loading the spreadsheet writer.

The fills are chosen to print in grey as well as in colour: their grey levels (Rec. 601 luma,
what a greyscale printer or rasteriser takes) run from the win, darkest, through 2nd, 3rd and
points to no points, lightest, each at least 15 levels from the next, and black text keeps a
contrast of at least 4.5:1 on every one of them."""

from __future__ import annotations

PLACES = {1: "1st", 2: "2nd", 3: "3rd"}  # the kinds of round cell with a colour of their own
# The colour of each kind of round cell that has one (an empty cell has none).
ROUND_COLOURS: dict[str, str] = {
    "1st": "D49A00",  # gold, grey 154
    "2nd": "AAAAAA",  # silver, grey 170
    "3rd": "E8B48A",  # bronze, grey 191
    "points": "B7E4BF",  # other points, grey 210
    "no points": "EBEBEB",  # raced, scored nothing, grey 235
    "status": "EBEBEB",  # scored nothing, with the reason written in the cell
}
# The order the fills print in grey, darkest first (an empty cell is white, after them all).
GREY_ORDER = ("1st", "2nd", "3rd", "points", "no points")
