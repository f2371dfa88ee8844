"""User text made safe for where it is published: spreadsheets, CSV files and the terminal.

Kept free of openpyxl so the command line's text output can use the same guards.
"""

from __future__ import annotations

import re

# A cell starting with one of these is read as a formula by Excel or LibreOffice, whether
# it arrives in a workbook someone edits or in a CSV file someone opens.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
REPLACEMENT = "\ufffd"  # shows where something unprintable was, rather than hiding it

# What a workbook cannot hold (XML 1.0 refuses it, openpyxl raises on it, or a reader shows
# nothing at all): C0 controls but tab and line breaks, DEL, C1 controls, lone surrogates and
# the two non-characters.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# On a terminal tab and line breaks also break a row's alignment.
_UNPRINTABLE_ON_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def starts_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def printable(value: str) -> str:
    """`value` with every character a workbook cannot hold replaced visibly."""
    return _UNPRINTABLE.sub(REPLACEMENT, value)


def printable_on_a_line(value: str) -> str:
    """`value` for one line of a terminal: no control characters, so no escape sequences."""
    return _UNPRINTABLE_ON_A_LINE.sub(REPLACEMENT, value)


def csv_cell(value: str) -> str:
    """A CSV field that a spreadsheet opens as the text it is, never as a formula.

    An apostrophe in front is the spreadsheets' own mark for "this is text"; it goes before
    exactly the values a workbook marks as text the same way. A carriage return becomes a line
    break: the csv module leaves a field with a bare one unquoted, and a reader would start a
    new row there (whose first cell nothing guarded).
    """
    value = printable(value).replace("\r\n", "\n").replace("\r", "\n")
    return f"'{value}" if starts_like_formula(value) else value
