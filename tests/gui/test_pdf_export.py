"""Standings PDFs drawn by Qt: one per class, read back as pages and text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from sqlalchemy import Engine
from sqlmodel import Session

from gui.files.export_dialog import ExportOptionsDialog
from gui.main_window import MainWindow
from gui.publish import pdf_export
from gui.publish.pdf_export import export_pdfs
from model.io.export.edition import Edition, Paper
from model.io.export.files import ExportError
from model.io.export.rules_text import rules_footnote
from model.scoring.standings import compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.builders import SeasonBuilder
from tests.conftest import DATA
from tests.gui.pdf_reading import needs_pdftotext, pdf_pages, pdf_text, unwrapped
from tests.gui.prompts import ScriptedPrompts, accept

pytestmark = [needs_pdftotext, pytest.mark.usefixtures("qapp")]

PUBLISHED = json.loads((DATA / "alms-2003-standings.json").read_text(encoding="utf-8"))
STATUS = "Final · after round 9 of 9 · results as of 2003-10-18"
EDITION = Edition(published=dt.date(2003, 10, 20), paper=Paper.A4, status=STATUS)


@pytest.fixture
def sample_data(sample_engine: Engine) -> SeasonData:
    with Session(sample_engine) as session:
        return load_season_data(session=session, season_id=1)


@pytest.fixture
def sample_pdfs(sample_data: SeasonData, tmp_path: Path) -> dict[str, Path]:
    paths = export_pdfs(sample_data, compute_standings(sample_data), tmp_path, edition=EDITION)
    return {path.name.split(" ")[-2]: path for path in paths}


def exported(data: SeasonData, folder: Path) -> list[Path]:
    return export_pdfs(data, compute_standings(data), folder, edition=EDITION)


def test_one_pdf_per_class_each_table_a_page(sample_pdfs: dict[str, Path]) -> None:
    """No drivers are recorded in the sample: teams, manufacturers and season results."""
    assert list(sample_pdfs) == ["LMP900", "LMP675", "GTS", "GT"]
    for path in sample_pdfs.values():
        pages = pdf_pages(path)
        assert len(pages) == 3
        assert ["Teams" in pages[0], "Manufacturers" in pages[1], "class winners" in pages[2]] == [
            True,
            True,
            True,
        ]
        assert all("Page 1 of 1" in page for page in pages)
        assert not any("Drivers Championship" in page for page in pages)


def test_lmp900_pdf_says_what_the_published_table_says(
    sample_pdfs: dict[str, Path], sample_data: SeasonData
) -> None:
    teams = pdf_pages(sample_pdfs["LMP900"])[0]
    assert "American Le Mans Series 2003 — LMP900" in teams
    assert "Teams Championship" in teams
    assert STATUS in teams
    assert "Published 2003-10-20" in teams
    lines = teams.splitlines()
    for published in PUBLISHED["LMP900"]:
        assert published["team"] in lines
        assert str(published["total"]) in lines
    flat = unwrapped(teams)
    for sentence in rules_footnote(sample_data):
        assert unwrapped(sentence) in flat
    assert "Champion: Infineon Team Joest." in teams
    assert "Key:" in teams


def test_season_results_name_every_round(sample_pdfs: dict[str, Path]) -> None:
    results = pdf_pages(sample_pdfs["GT"])[2]
    assert "Season results: class winners" in results
    assert "Overall winner in bold." in results
    assert "2003-10-18" in results  # a date kept on one line


def test_drivers_table_when_drivers_are_recorded(tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("P",))
    r1 = b.round()
    b.finish(r1, b.entry("Team A", drivers=("Ann Driver",)), b.entry("Team B"))
    (path,) = exported(b.build(), tmp_path)
    pages = pdf_pages(path)
    assert len(pages) == 4
    assert "Drivers Championship" in pages[1]
    assert "Ann Driver" in pages[1]


LONG_WORD = "Hyper" * 30
LONG_WORDS = " ".join(["Extraordinarily Long Racing Team Name"] * 6)
HOSTILE_NAMES = [
    pytest.param("Smith & Jones <Racing>", id="ampersand-and-angle-brackets"),
    pytest.param('"Quoted" Team\'s <b>bold</b>', id="quotes-and-markup"),
    pytest.param("Team 🏁 Flag", id="emoji"),
    pytest.param(LONG_WORDS, id="long-name-of-words"),
    pytest.param(LONG_WORD, id="one-word-longer-than-a-column"),
    pytest.param("Équipe Ünïcødé 東京", id="accents-and-cjk"),
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_written_whole(name: str, tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("P",))
    r1 = b.round()
    # no chassis or engine beside the name: its wrapped lines read on from each other
    b.finish(r1, b.entry("Other Team"), b.entry(name, chassis="", engine=""))
    (path,) = exported(b.build(), tmp_path)
    teams = pdf_pages(path)[0]
    shown = drawable(name)
    if shown == name:  # wrapped over lines, nothing cut
        assert unwrapped(name) in unwrapped(teams)
    else:  # a character no installed font draws (an emoji here) cannot reach the text
        assert all(word in unwrapped(teams) for word in shown.split())
    assert "Page 1 of 1" in teams


def drawable(text: str) -> str:
    metrics = QFontMetrics(QFont())
    return "".join(char for char in text if char.isspace() or metrics.inFontUcs4(ord(char)))


def test_a_class_without_results(tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("P", "Empty"))
    r1 = b.round()
    b.finish(r1, b.entry("Team A"))
    paths = exported(b.build(), tmp_path)
    pages = pdf_pages(paths[1])
    assert len(pages) == 3
    assert "No points scored yet (no results in this class)." in pages[0]
    assert "Empty" in pages[0]


def test_a_long_table_numbers_its_pages(tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("P",))
    entries = [b.entry(f"Team {n:03}") for n in range(100)]
    for first in range(0, 100, 10):  # ten rounds, each scored by ten other teams
        b.finish(b.round(), *entries[first : first + 10])
    (path,) = exported(b.build(), tmp_path)
    pages = pdf_pages(path)
    teams = [page for page in pages if "Teams Championship" in page]
    count = len(teams)
    assert count > 1
    for number, page in enumerate(teams, start=1):
        assert f"Page {number} of {count}" in page
        assert "Pos" in page  # the header row again on every page
    assert all(f"Team {n:03}" in "".join(teams) for n in range(100))


@pytest.mark.parametrize(
    ("paper", "size"), [(Paper.A4, "842 x 595"), (Paper.LETTER, "792 x 612")], ids=str
)
def test_landscape_on_the_editions_paper(paper: Paper, size: str, tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("P",))
    b.finish(b.round(), b.entry("Team A"))
    data = b.build()
    (path,) = export_pdfs(
        data, compute_standings(data), tmp_path, edition=Edition(EDITION.published, paper)
    )
    assert f"{size} pts" in pdf_export_info(path)


def pdf_export_info(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout


def test_a_failed_export_leaves_the_earlier_pdf(
    sample_pdfs: dict[str, Path], sample_data: SeasonData, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = {path: path.read_bytes() for path in sample_pdfs.values()}
    folder = next(iter(sample_pdfs.values())).parent

    def refuse(*_args: object) -> bool:
        return False

    monkeypatch.setattr(pdf_export, "paint", refuse)
    with pytest.raises(ExportError, match="could not start the PDF"):
        exported(sample_data, folder)
    assert {path: path.read_bytes() for path in sample_pdfs.values()} == earlier
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial")) == []


# --- the editor ------------------------------------------------------------------------------


def test_export_as_pdf_from_the_editor(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    prompts.dialogs[ExportOptionsDialog] = accept
    prompts.folder_answer = str(tmp_path)
    prompts.offer_answer = lambda written: len(written) == 4
    written = window.publishing.export_pdf()
    assert [path.suffix for path in written] == [".pdf"] * 4
    assert prompts.opened_folders == [tmp_path]
    assert "Infineon Team Joest" in pdf_text(written[0])


def test_print_the_class_shown(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    target = tmp_path / "printed.pdf"

    def to_file(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return int(QPrintDialog.DialogCode.Accepted)

    prompts.dialogs[QPrintDialog] = to_file
    shown = window.standings.shown_class
    assert shown is not None
    assert window.publishing.print_shown()
    pages = pdf_pages(target)
    assert len(pages) == 3
    assert f"American Le Mans Series 2003 — {shown}" in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_cancelled_print_prints_nothing(window: MainWindow, prompts: ScriptedPrompts) -> None:
    assert not window.publishing.print_shown()
    assert prompts.said("run") == ["QPrintDialog"]


def test_menu_offers_pdf_and_print(window: MainWindow) -> None:
    texts = [action.text() for action in window.menuBar().actions()[0].menu().actions()]
    assert "Export standings as &PDF…" in texts
    assert "&Print…" in texts
