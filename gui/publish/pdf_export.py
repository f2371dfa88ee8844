"""Standings on paper, drawn by Qt: one PDF per class (QPdfWriter), or a class's tables sent
to a printer. An export's PDFs are listed in the folder's manifest, staged with them, and each
carries the results digest in its metadata. Each table starts on a new page, under the
table's heading, with "Page N of M" counted per table and the publication day beneath.

Usable without a window: a QGuiApplication is created when there is none (the offscreen
platform will do)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QApplication

from gui.publish.pdf_tables import BODY_POINTS, Printable, class_printables
from model.errors import NotFoundError
from model.io.export.edition import Edition, Paper
from model.io.export.files import ExportError, StagedFiles, Write
from model.io.export.manifest import ExportManifest, pdf_metadata, results_digest
from model.io.export.naming import unique_file_names
from model.io.export.status import edition_for, standings_as_of
from model.scoring.standings import SeasonStandings, compute_standings
from model.store.season_data import SeasonData

PAGE_SIZES = {Paper.A4: QPageSize.PageSizeId.A4, Paper.LETTER: QPageSize.PageSizeId.Letter}
MARGIN_MM = 12
RESOLUTION = 300  # dots per inch of the PDF's layout
BAND_LINES = 2.2  # the heading above and the footer below each page, in lines of small text


def ensure_application() -> None:
    """Qt's text layout needs an application; a command-line run has none yet. Without a
    display it draws offscreen."""
    if QCoreApplication.instance() is not None:
        return
    shown = any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and not shown:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication([])  # a widgets application: the editor, started later in-process, needs one


def page_layout(paper: Paper) -> QPageLayout:
    return QPageLayout(
        QPageSize(PAGE_SIZES[paper]),
        QPageLayout.Orientation.Landscape,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def pdf_names(data: SeasonData) -> dict[str, str]:
    """Each class's PDF file name, named together so no two are alike on any system."""
    start = f"{data.series} {data.year}"
    texts = [f"{start} {name} standings" for name in data.classes]
    names = unique_file_names(texts, extension=".pdf", fallback="standings")
    return dict(zip(data.classes, names, strict=True))


def published_state(
    data: SeasonData,
    *,
    published: dt.date,
    paper: Paper,
    as_of_round: int | None = None,
) -> tuple[SeasonData, SeasonStandings, Edition]:
    """The season and standings as published after `as_of_round` (all of it when None), and
    the edition they carry: the same status line and digest as the workbooks of that export."""
    if as_of_round is not None:
        data = standings_as_of(data, as_of_round)
    edition = edition_for(
        data,
        published=published,
        paper=paper,
        as_of_round=as_of_round,
        digest=results_digest(data, as_of_round),
    )
    return data, compute_standings(data), edition


def pdf_files(
    data: SeasonData,
    standings: SeasonStandings,
    *,
    edition: Edition,
    classes: Sequence[str] | None = None,
    author: str = "",
) -> list[tuple[str, Write]]:
    """Each chosen class's PDF: its file name and what writes it (for a staged batch)."""
    chosen = list(dict.fromkeys(classes or data.classes))
    unknown = [name for name in chosen if name not in data.classes]
    if unknown:
        known = ", ".join(data.classes)
        raise NotFoundError(f"no class '{unknown[0]}' in {data.year} (classes: {known})")
    ensure_application()
    names = pdf_names(data)
    files: list[tuple[str, Write]] = []
    for class_name in chosen:
        printables = class_printables(data, standings, class_name, edition)
        title = f"{data.series} {data.year} {class_name} standings"
        write = partial(
            write_pdf, printables=printables, edition=edition, title=title, author=author
        )
        files.append((names[class_name], write))
    return files


def export_pdfs(
    data: SeasonData,
    standings: SeasonStandings,
    out_dir: Path,
    *,
    edition: Edition,
    classes: Sequence[str] | None = None,
    author: str = "",
) -> list[Path]:
    """Write one PDF per class and the folder's manifest, and return the PDFs' paths; each
    appears whole or not at all, and a failure leaves the files of an earlier export as
    they were."""
    files = pdf_files(data, standings, edition=edition, classes=classes, author=author)
    manifest = ExportManifest(out_dir, data.series, data.year, edition)
    with StagedFiles() as staged:
        for name, write in files:
            manifest.add(staged, out_dir / name, write)
        manifest.stage(staged)
        staged.commit()
    return [out_dir / name for name, _ in files]


def write_pdf(
    target: Path, *, printables: Sequence[Printable], edition: Edition, title: str, author: str
) -> None:
    writer = QPdfWriter(str(target))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(page_layout(edition.paper))
    writer.setTitle(title)
    writer.setCreator(author or "Pitboard")
    if edition.digest:
        writer.setDocumentXmpMetadata(pdf_metadata(edition.digest))
    if not paint(writer, printables, edition.published):
        raise ExportError(f"cannot write {target}: Qt could not start the PDF")


def paint(device: QPagedPaintDevice, printables: Sequence[Printable], published: dt.date) -> bool:
    """Draw the tables on `device` (a PDF writer or a printer, its page layout already set);
    False when the device cannot be painted on."""
    painter = QPainter()
    if not painter.begin(device):
        return False
    try:
        first = True
        for printable in printables:
            document, body = _laid_out(device, printable)
            pages = document.pageCount()
            for page in range(pages):
                if not first:
                    device.newPage()
                first = False
                _draw_page(painter, device, document, body, page)
                _draw_bands(painter, device, printable.heading, published, page, pages)
    finally:
        painter.end()
    return True


def _small_font(device: QPagedPaintDevice) -> QFont:
    """The text of the tables; without ligatures, so a name copied or searched in the PDF
    reads as typed ('fi', not one joined glyph)."""
    font = QFont()
    font.setPointSizeF(BODY_POINTS - 1)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def _band(device: QPagedPaintDevice) -> float:
    """The height kept above and below each page's table, in device dots."""
    return BAND_LINES * (BODY_POINTS - 1) * device.logicalDpiY() / 72


def _laid_out(device: QPagedPaintDevice, printable: Printable) -> tuple[QTextDocument, QRectF]:
    """The table laid out in pages of the room between the heading and the footer; long
    words wrap anywhere rather than run off the page."""
    band = _band(device)
    body = QRectF(0, band, device.width(), device.height() - 2 * band)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setDefaultFont(_small_font(device))
    document.setPageSize(QSizeF(body.width(), body.height()))
    document.setHtml(printable.html)
    return document, body


def _draw_page(
    painter: QPainter, device: QPagedPaintDevice, document: QTextDocument, body: QRectF, page: int
) -> None:
    painter.save()
    top = page * body.height()
    painter.translate(body.left(), body.top() - top)
    document.drawContents(painter, QRectF(0, top, body.width(), body.height()))
    painter.restore()


def _draw_bands(
    painter: QPainter,
    device: QPagedPaintDevice,
    heading: str,
    published: dt.date,
    page: int,
    pages: int,
) -> None:
    """The table's name above; the publication day and "Page N of M" below."""
    band = _band(device)
    width, height = device.width(), device.height()
    painter.save()
    painter.setFont(_small_font(device))
    top = QRectF(0, 0, width, band)
    painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, heading)
    bottom = QRectF(0, height - band, width, band)
    flags = Qt.AlignmentFlag.AlignBottom
    painter.drawText(bottom, flags | Qt.AlignmentFlag.AlignLeft, f"Published {published}")
    painter.drawText(bottom, flags | Qt.AlignmentFlag.AlignRight, f"Page {page + 1} of {pages}")
    painter.restore()
