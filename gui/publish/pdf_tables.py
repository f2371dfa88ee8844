"""A class's published tables as rich text for Qt's text layout: the same title, status line,
columns, round cells, key and notes as the workbook (model/io/export/workbook.py), read from
the same model functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from model.io.export.cell_coding import KEY_CELLS, key_lines, position_text, round_look
from model.io.export.colours import ROUND_COLOURS
from model.io.export.contention_text import contention_note
from model.io.export.edition import Edition
from model.io.export.penalty_text import (
    every_row,
    has_penalty_column,
    penalty_notes,
    signed_points,
)
from model.io.export.rules_text import rules_footnote
from model.io.export.text_guards import printable
from model.io.export.titles import PENALTY_HEADER, TITLES
from model.io.export.winners import class_winners, winner_text
from model.scoring.points import format_points
from model.scoring.standings import (
    Championship,
    RoundCell,
    SeasonStandings,
    StandingsRow,
    StandingsTable,
)
from model.store.season_data import SeasonData

GREY = "#595959"  # excluded competitors' text, as the workbook greys it (7:1 on white)
DROPPED = "#333333"  # a dropped score's text, readable on every fill
GRID = "#BFBFBF"  # the workbook's cell borders
HEADER_FILL = "#D9E1F2"
NOWRAP = "; white-space: nowrap"
BODY_POINTS = 9
NOBODY = "No points scored yet (no results in this class)."


@dataclass(frozen=True)
class Printable:
    """One table as it goes on paper: the heading above each page, and its rich text."""

    heading: str
    html: str


def class_printables(
    data: SeasonData, standings: SeasonStandings, class_name: str, edition: Edition
) -> list[Printable]:
    """A class's tables in the workbook's order: teams, drivers (only when drivers are
    recorded), manufacturers, then the season's results."""
    notes = rules_footnote(data)
    tables = [standings.table(class_name, championship) for championship in Championship]
    shown = [t for t in tables if t.championship is not Championship.DRIVERS or every_row(t)]
    return [
        *(standings_printable(data, table, notes, edition) for table in shown),
        season_results_printable(data, edition),
    ]


def standings_printable(
    data: SeasonData, table: StandingsTable, notes: Sequence[str], edition: Edition
) -> Printable:
    title = f"{data.series} {data.year} — {table.class_name}"
    subtitle, name = TITLES[table.championship]
    penalty = has_penalty_column(table)
    rounds = [f"Rd {table.label(i)}" for i in range(len(table.round_numbers))]
    headers = ["Pos", name, "Chassis", "Engine", *rounds, *([PENALTY_HEADER] if penalty else [])]
    headers.append("Total")
    rows = [_standing_row(row, penalty) for row in every_row(table)]
    contenders = contention_note(data, table)
    explained = [*notes, *([contenders] if contenders else []), *penalty_notes(table, data.rounds)]
    parts = [
        _headings(title, subtitle, edition),
        _table(headers, rows, wide={1, 2, 3}),
        "" if rows else _paragraph(NOBODY),
        _key(),
        *(_paragraph(line) for line in explained),
    ]
    return Printable(f"{title} — {subtitle}", _page(parts))


def season_results_printable(data: SeasonData, edition: Edition) -> Printable:
    title = f"{data.series} {data.year}"
    headers = ["Rd", "Event", "Circuit", "Date", *data.classes]
    winners = class_winners(data)
    rows = []
    for rnd in data.rounds:
        event = f"{rnd.name} (cancelled)" if rnd.cancelled else rnd.name
        cells = [
            _cell("C" if rnd.cancelled else str(rnd.number or ""), centred=True),
            _cell(event),
            _cell(rnd.circuit),
            _cell(rnd.date.isoformat() if rnd.date else "", centred=True),
        ]
        for class_name in data.classes:
            won = None if rnd.cancelled else winners.get(rnd.id, {}).get(class_name)
            overall = won is not None and won.overall_pos == 1
            cells.append(_cell(winner_text(data, won) if won else "", bold=overall))
        rows.append("".join(cells))
    parts = [
        _headings(title, "Season results: class winners", edition),
        _table(headers, rows, wide=set(range(1, len(headers)))),
        _paragraph("Overall winner in bold."),
    ]
    return Printable(f"{title} — Season results", _page(parts))


def _standing_row(row: StandingsRow, penalties: bool) -> str:
    """Position, name, chassis and engine (one a line), rounds, penalty, total; an excluded
    competitor's row in grey italics."""
    grey = row.excluded
    penalty = signed_points(row.penalty) if row.penalty else ""
    cells = [
        _cell(position_text(row), centred=True, grey=grey),
        _cell(row.name, grey=grey),
        _cell("\n".join(row.chassis), grey=grey),
        _cell("\n".join(row.engine), grey=grey),
        *(_round_cell(cell, grey) for cell in row.cells),
        *([_cell(penalty, centred=True, grey=grey, colour="#C00000")] if penalties else []),
        _cell(format_points(row.total), centred=True, grey=grey, bold=not grey),
    ]
    return "".join(cells)


def _round_cell(cell: RoundCell, excluded: bool) -> str:
    """A round cell as the shared cell coding has it: the text (brackets, status codes,
    penalties), the fill of its kind, bold for a podium, a box round a win, dropped in
    italics."""
    look = round_look(cell, excluded)
    if look.excluded:
        return _cell(look.text, centred=True, grey=True)
    return _cell(
        look.text,
        centred=True,
        bold=look.bold,
        boxed=look.boxed,
        italic=look.dropped,
        colour=DROPPED if look.dropped else None,
        fill=ROUND_COLOURS.get(look.fill),
    )


def _cell(
    text: str,
    *,
    centred: bool = False,
    grey: bool = False,
    bold: bool = False,
    boxed: bool = False,
    italic: bool = False,
    fill: str | None = None,
    colour: str | None = None,
) -> str:
    edge = "2px solid #000000" if boxed else f"1px solid {GRID}"
    style = [f"border: {edge}", "padding: 2px"]
    if grey:
        style += [f"color: {GREY}", "font-style: italic"]
    elif colour:
        style.append(f"color: {colour}")
    if italic:
        style.append("font-style: italic")
    if bold:
        style.append("font-weight: bold")
    background = f' bgcolor="#{fill}"' if fill else ""
    # Numbers, codes and dates keep to one line; names and places wrap.
    align = ' align="center"' if centred else ""
    if centred:
        style.append("white-space: nowrap")
    return f'<td{align}{background} style="{"; ".join(style)}">{_text(text)}</td>'


def _text(text: str) -> str:
    """Escaped for rich text, one line per line of the value."""
    return "<br/>".join(escape(printable(line)) for line in text.split("\n"))


def _headings(title: str, subtitle: str, edition: Edition) -> str:
    lines = [
        f'<p style="font-size: 15pt; font-weight: bold; margin: 0">{_text(title)}</p>',
        f'<p style="font-size: 12pt; font-weight: bold; margin: 0">{_text(subtitle)}</p>',
    ]
    if edition.status:
        lines.append(f'<p style="margin-top: 2px">{_text(edition.status)}</p>')
    return "".join(lines) + "<p></p>"


def _table(headers: Sequence[str], rows: Sequence[str], wide: set[int]) -> str:
    """A table the full width of the page; its header row repeats on every page."""
    heads = "".join(
        f'<th bgcolor="{HEADER_FILL}" {"align=left" if i in wide else "align=center"} '
        f'style="border: 1px solid {GRID}; padding: 2px{"" if i in wide else NOWRAP}">'
        f"{_text(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(f"<tr>{row}</tr>" for row in rows)
    return (
        '<table width="100%" cellspacing="0" cellpadding="2" '
        f'style="border-collapse: collapse; border: 1px solid {GRID}">'
        f"<thead><tr>{heads}</tr></thead>{body}</table>"
    )


def _key() -> str:
    """The fills with their names, marked as in the table, and what the marks mean."""
    swatches = "".join(
        _cell(
            words,
            centred=True,
            bold=kind in ("1st", "2nd", "3rd"),
            boxed=kind == "1st",
            fill=ROUND_COLOURS.get(kind),
        )
        for kind, words in KEY_CELLS
    )
    table = (
        '<p></p><table cellspacing="0" cellpadding="2" style="border-collapse: collapse">'
        f"<tr><td>Key:&nbsp;</td>{swatches}</tr></table>"
    )
    return table + "".join(_paragraph(line) for line in key_lines())


def _paragraph(text: str) -> str:
    return f'<p style="margin-top: 3px">{_text(text)}</p>'


def _page(parts: Sequence[str]) -> str:
    return f'<body style="font-size: {BODY_POINTS}pt">{"".join(parts)}</body>'
