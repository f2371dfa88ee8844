"""Operations that write files beside the document: standings exports, backups and new
documents. Each file must be whole (the old one or the new one), never half written."""

from __future__ import annotations

import contextlib
import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import openpyxl

import main
from model.errors import PitboardError
from model.store.backups import list_backups
from model.store.documents import open_for_editing
from tests.model.crash import scenarios as s
from tests.model.crash.harness import Life
from tests.model.crash.kinds import Kind, Verdict, integrity, query, sample_document

_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


class Exports(Kind):
    """`pitboard export`: every workbook is the old one or the new one, whole; the next
    export leaves no temporary file behind."""

    name = "exports"

    def __init__(self, folder: Path, template: Path) -> None:
        super().__init__(folder)
        self.template = template
        self.current: int | None = None  # the export whose workbooks are in place
        self.names: set[str] = set()  # the workbooks a whole export writes

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def prepare(self) -> None:
        super().prepare()
        sample_document(self.document, self.template)
        self.out.mkdir()

    def check(self, life: Life) -> Verdict:
        verdict = Verdict()
        self.check_integrity(life, verdict)
        before = life.last_acked if life.acked else self.current
        allowed = {op: s.export_author(op) for op in (before, life.in_flight) if op is not None}
        authors = self._authors(life, verdict)
        strangers = {name: a for name, a in authors.items() if a not in allowed.values()}
        if strangers:
            verdict.fail(life, f"workbooks from another export: {strangers}, expected {allowed}")
        if self.names and before is not None and set(authors) != self.names:
            verdict.fail(life, f"workbooks missing: {sorted(self.names - set(authors))}")
        if life.in_flight is not None:
            verdict.outcome = _export_outcome(authors, s.export_author(life.in_flight))
        self._export_again(life, verdict)
        return verdict

    def _authors(self, life: Life, verdict: Verdict) -> dict[str, str]:
        authors = {}
        for path in sorted(self.out.glob("*.xlsx")):
            try:
                authors[path.name] = _creator(path)
            except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
                verdict.fail(life, f"{path.name} is not a whole workbook ({exc})")
        return authors

    def _temporary(self) -> list[str]:
        return sorted(path.name for path in self.out.iterdir() if path.name.startswith("."))

    def _export_again(self, life: Life, verdict: Verdict) -> None:
        """The next export, by the campaign itself: it must tidy up what the killed one left."""
        op, self.next_op = self.next_op, self.next_op + 1
        printed = io.StringIO()
        argv = ["export", "--db", str(self.document), "--season", str(s.SAMPLE_YEAR)]
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            status = main.main([*argv, "--out", str(self.out), "--author", s.export_author(op)])
        if status != 0:
            verdict.fail(life, f"the next export failed: {printed.getvalue().strip()}")
            return
        self.current = op
        left = self._temporary()
        if left:
            verdict.fail(life, f"temporary files left after the next export: {left}")
        authors = self._authors(life, verdict)
        if set(authors.values()) != {s.export_author(op)}:
            verdict.fail(life, f"the next export did not replace every workbook: {authors}")
        self.names = self.names or set(authors)


def _creator(path: Path) -> str:
    """The workbook's author, after checking every part of it against its checksum and
    opening it as a reader would (openpyxl, read-only)."""
    with zipfile.ZipFile(path) as workbook:
        broken = workbook.testzip()
        if broken is not None:
            raise zipfile.BadZipFile(f"{broken} is damaged")
        core = ElementTree.fromstring(workbook.read("docProps/core.xml"))
    try:
        opened = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # whatever openpyxl raises, the workbook is not whole
        raise zipfile.BadZipFile(f"openpyxl cannot open it: {exc}") from exc
    try:
        if not opened.sheetnames:
            raise KeyError("a workbook with no sheet")
    finally:
        opened.close()
    creator = core.find(_CREATOR)
    return "" if creator is None or creator.text is None else creator.text


def _export_outcome(authors: dict[str, str], new: str) -> str:
    written = [author == new for author in authors.values()]
    if written and all(written):
        return "whole"
    return "per file" if any(written) else "absent"


class Backups(Kind):
    """`take_backup`: every listed backup is whole, the document is untouched."""

    name = "backups"

    def __init__(self, folder: Path, template: Path) -> None:
        super().__init__(folder)
        self.template = template
        self.digest = ""
        self.contents: list[object] = []
        self.known: set[str] = set()
        self.broken: set[str] = set()

    @property
    def root(self) -> Path:
        return self.folder / "backups"

    def prepare(self) -> None:
        super().prepare()
        sample_document(self.document, self.template)
        self.digest = _digest(self.document)
        self.contents = _contents(self.document)

    def check(self, life: Life) -> Verdict:
        verdict = Verdict()
        if _digest(self.document) != self.digest:
            verdict.fail(life, "the document changed while it was backed up")
        self.check_integrity(life, verdict)
        listed = list_backups(self.document, root=self.root)
        for backup in listed:
            if backup.path.name in self.broken:
                continue  # reported when it was first found
            found = integrity(backup.path)
            if found != "ok" or _contents(backup.path) != self.contents:
                verdict.fail(life, f"listed backup {backup.path.name} is not whole ({found})")
                self.broken.add(backup.path.name)
        names = {backup.path.name for backup in listed}
        acked = set(life.acked.values())
        if life.acked and life.acked[max(life.acked)] not in names:
            verdict.fail(life, f"the last acknowledged backup is not listed: {sorted(names)}")
        unknown = names - self.known - acked
        if len(unknown) > (1 if life.in_flight is not None else 0):
            verdict.fail(life, f"backups nobody acknowledged: {sorted(unknown)}")
        if life.in_flight is not None:
            verdict.outcome = "whole" if unknown else "absent"
        self.known |= names | acked
        return verdict


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _contents(path: Path) -> list[object]:
    """Every table's rows, enough to tell a whole copy from a partial one."""
    tables = query(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [(name, query(path, f'SELECT * FROM "{name}" ORDER BY 1')) for (name,) in tables]


class Creation(Kind):
    """A new document: afterwards its path is free, or holds a whole document that opens.

    Three operations in a row open one path (see `scenarios.new_document_group`), so a
    creation killed half-way is followed by another at the same name."""

    name = "creation"

    def __init__(self, folder: Path, template: Path) -> None:
        super().__init__(folder)
        self.template = template
        self.sample_results = 0
        self.made: set[Path] = set()  # documents known to have been created

    @property
    def new(self) -> Path:
        return s.new_document(self.folder, 0).parent

    def prepare(self) -> None:
        super().prepare()
        self.new.mkdir()
        self.sample_results = query(self.template, "SELECT count(*) FROM result")[0][0]

    def check(self, life: Life) -> Verdict:
        verdict = Verdict()
        self.made |= {s.new_document(self.folder, op) for op in life.acked}
        for path in sorted({s.new_document(self.folder, op) for op in life.begun} | self.made):
            if not path.exists():
                if path in self.made:
                    verdict.fail(life, f"{path.name} was created but is not there")
                continue
            self.made.add(path)
            problem = self._problem(path)
            if problem:
                verdict.fail(life, f"{path.name}: {problem}")
        if life.in_flight is not None:
            there = s.new_document(self.folder, life.in_flight).exists()
            verdict.outcome = "whole" if there else "absent"
        self._tidy(life.next_op)
        return verdict

    def _problem(self, path: Path) -> str:
        """What is wrong with the document at `path` when the editor opens it, if anything."""
        try:
            opened = open_for_editing(path, create=False, backup_root=self.folder / "data")
        except PitboardError as exc:
            return f"refused when opened: {exc}"
        opened.close()
        found = integrity(path)
        if found != "ok":
            return found
        group = int(path.stem.rpartition("-")[2])
        expected = (1, self.sample_results) if s.new_document_seeded(3 * group) else (0, 0)
        held = query(path, "SELECT (SELECT count(*) FROM season), (SELECT count(*) FROM result)")
        if held[0] != expected:
            return f"holds (seasons, results) {held[0]}, expected {expected}"
        return ""

    def _tidy(self, next_op: int) -> None:
        """Remove the documents no later operation opens, and all that was left beside them."""
        current = s.new_document(self.folder, next_op)
        for path in list(self.new.iterdir()):
            if current.name not in path.name:
                path.unlink()
        self.made &= {current}


MAKERS: dict[str, Callable[[Path, Path], Kind]] = {
    "exports": Exports,
    "backups": Backups,
    "creation": Creation,
}
