"""The manifest of one export: which files it wrote and which state of the results they show.

`pitboard-export.json` sits beside the files and is staged with them, so it is put in place
in the same step and is never out of step with them. It holds the season, the edition (status
line, publication day, paper), the digest of the results and, for every file, its name, size
and SHA-256. Each workbook also carries the digest as the custom document property
"Pitboard digest", and each PDF in its XMP metadata, so a file found on its own can be tied
to its manifest.

Exports of the same digest into one folder make one export: a later manifest still lists the
files of the earlier one that are there as it wrote them (a PDF export after a workbook export
of the same results lists both). An export of other results lists only its own files, and
`verify_export` names the earlier workbooks and PDFs left beside them as from another export.

The digest is the SHA-256 of a canonical JSON dump (keys sorted, no spaces, non-ASCII
escaped, decimals as text) of everything the standings are computed from, as published:
the series, year and classes, the rules and points scales, the calendar (with each round's
official status), the entries, the results and the penalties, after the as-of round's cut,
and the as-of round itself. Any change to a standings input changes it; the problems a user
accepted do not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from model.errors import PitboardError
from model.io.export.edition import Edition
from model.io.export.files import StagedFiles, Write
from model.store.season_data import SeasonData

MANIFEST_NAME = "pitboard-export.json"
DIGEST_PROPERTY = "Pitboard digest"
FORMAT = "pitboard-export"
VERSION = 1
CHUNK = 1 << 20
XMP_NAMESPACE = "https://pitboard.invalid/ns/export/1/"
_XMP_DIGEST = re.compile(rb"<pitboard:digest>(sha256:[0-9a-f]{64})</pitboard:digest>")


def results_digest(data: SeasonData, as_of_round: int | None = None) -> str:
    """'sha256:<hex>' of the canonical dump of the standings' inputs (see the module text)."""
    dump = {
        "series": data.series,
        "year": data.year,
        "classes": data.classes,
        "rules": data.rules.to_json(),
        "scales": data.scales,
        "rounds": data.rounds,
        "entries": [data.entries[key] for key in sorted(data.entries)],
        "results": data.results,
        "penalties": data.penalties,
        "as_of_round": as_of_round,
    }
    text = json.dumps(_plain(dump), sort_keys=True, separators=(",", ":"))
    return f"sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def _plain(value: Any) -> Any:
    """`value` as JSON values, the same way every time."""
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, Decimal):
        return str(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a NamedTuple row
        return {key: _plain(item) for key, item in value._asdict().items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (frozenset, set)):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class WrittenFile:
    name: str
    size: int
    sha256: str


def file_record(path: Path) -> WrittenFile:
    """The name, size and SHA-256 of a file as it is on disk."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return WrittenFile(path.name, path.stat().st_size, digest.hexdigest())


@dataclass
class ExportManifest:
    """Records each file of one export as it is staged, then stages the manifest itself.

    Stage every file through `add` (workbooks, PDFs, anything else the export writes into
    `folder`), then call `stage` once, before `StagedFiles.commit`.
    """

    folder: Path
    series: str
    year: int
    edition: Edition
    files: list[WrittenFile] = field(default_factory=list)

    def add(self, staged: StagedFiles, target: Path, write: Write) -> None:
        """Stage `target` (written by `write`) and record what was written."""

        def write_and_record(partial: Path) -> None:
            write(partial)
            record = file_record(partial)
            self.files.append(dataclasses.replace(record, name=target.name))

        staged.add(target, write_and_record)

    def stage(self, staged: StagedFiles) -> Path:
        """Stage the manifest listing every file added so far, and the files of an earlier
        export of the same digest still in the folder as it wrote them; return its path."""
        target = self.folder / MANIFEST_NAME
        self.files.extend(self._earlier())
        text = json.dumps(self.content(), indent=2) + "\n"  # escaped: any name is written

        def write(partial: Path) -> None:
            partial.write_text(text, encoding="utf-8")

        staged.add(target, write)
        return target

    def _earlier(self) -> list[WrittenFile]:
        """The files an earlier manifest of the same digest lists that are still intact and
        are not written again now."""
        if not self.edition.digest:
            return []
        try:
            content = read_manifest(self.folder)
        except ManifestError:
            return []  # no earlier export, or one that cannot be read: nothing to carry on
        if content.get("digest") != self.edition.digest:
            return []
        written = {record.name for record in self.files}
        kept: list[WrittenFile] = []
        for item in content["files"]:
            record = WrittenFile(item["name"], item["size"], item["sha256"])
            path = self.folder / record.name
            if record.name not in written and path.is_file() and file_record(path) == record:
                kept.append(record)
        return kept

    def content(self) -> dict[str, Any]:
        edition = self.edition
        return {
            "format": FORMAT,
            "version": VERSION,
            "season": {"series": self.series, "year": self.year},
            "edition": {
                "status": edition.status,
                "final": edition.final,
                "after_round": edition.after_round,
                "of_rounds": edition.of_rounds,
                "published": edition.published.isoformat(),
                "paper": edition.paper.value,
            },
            "digest": edition.digest,
            "files": [dataclasses.asdict(record) for record in self.files],
        }


def write_manifest(
    staged: StagedFiles, folder: Path, edition: Edition, data: SeasonData, files: Sequence[Path]
) -> Path:
    """Stage a manifest for files already written in `folder` (each is read and hashed now)."""
    manifest = ExportManifest(folder, data.series, data.year, edition)
    manifest.files.extend(file_record(path) for path in files)
    return manifest.stage(staged)


class ManifestError(PitboardError):
    """The export folder's manifest is missing or cannot be read."""


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_NAME
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{folder} holds no export manifest ({MANIFEST_NAME})") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(f"cannot read {path}: {exc}") from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ManifestError(f"{path} is not a Pitboard export manifest")
    version = content.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        # A newer manifest may tie files to results in a way this version cannot check.
        raise ManifestError(
            f"{path}: field version is {json.dumps(version)}; this Pitboard reads manifests "
            f"of version {VERSION}: check the folder with the Pitboard that wrote it"
        )
    files = content.get("files")
    if not isinstance(files, list) or not all(_is_record(item) for item in files):
        raise ManifestError(f"{path}: field files is not a list of name, size and sha256")
    return content


def _is_record(item: object) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("name"), str)
        and Path(item["name"]).name == item["name"]  # a name in the folder, nothing beyond it
        and type(item.get("size")) is int
        and isinstance(item.get("sha256"), str)
    )


def mark_workbook(workbook: Any, digest: str) -> None:
    """Carry the digest in an openpyxl workbook as a custom document property."""
    from openpyxl.packaging.custom import StringProperty

    if digest:
        workbook.custom_doc_props.append(StringProperty(name=DIGEST_PROPERTY, value=digest))


def workbook_digest(path: Path) -> str | None:
    """The digest a workbook carries, or None for a workbook without one (or no workbook)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # anything that is not a readable workbook carries no digest
        return None
    try:
        props = getattr(workbook, "custom_doc_props")  # noqa: B009 - missing from the stubs
        found = props[DIGEST_PROPERTY].value if DIGEST_PROPERTY in props.names else None
    finally:
        workbook.close()
    return found if isinstance(found, str) else None


def pdf_metadata(digest: str) -> bytes:
    """An XMP packet carrying `digest`, for a PDF writer's document metadata."""
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:pitboard="{XMP_NAMESPACE}">'
        f"<pitboard:digest>{digest}</pitboard:digest>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def pdf_digest(path: Path) -> str | None:
    """The digest a PDF carries in its XMP metadata, or None (the packet is stored
    uncompressed, as XMP is meant to be, so the bytes are searched)."""
    try:
        found = _XMP_DIGEST.search(path.read_bytes())
    except OSError:
        return None
    return found.group(1).decode("ascii") if found else None


def file_digest(path: Path) -> str | None:
    """The digest a workbook or PDF of an export carries, or None."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return workbook_digest(path)
    if suffix == ".pdf":
        return pdf_digest(path)
    return None


def verify_export(folder: Path) -> list[str]:
    """What is wrong with an export folder, one line per file; empty when every file the
    manifest lists is there as written and no workbook or PDF in it is from another export."""
    content = read_manifest(folder)
    digest = content.get("digest")
    problems: list[str] = []
    for item in content["files"]:
        path = folder / item["name"]
        if not path.is_file():
            problems.append(f"missing: {item['name']}")
        elif file_record(path) != WrittenFile(item["name"], item["size"], item["sha256"]):
            other = file_digest(path)
            foreign = other is not None and other != digest
            problems.append(f"{'from another export' if foreign else 'changed'}: {path.name}")
    listed = {item["name"] for item in content["files"]}
    published = [path for path in folder.iterdir() if path.suffix.lower() in (".xlsx", ".pdf")]
    for path in sorted(published):
        other = file_digest(path) if path.name not in listed and path.is_file() else None
        if other is not None and other != digest:
            problems.append(f"from another export: {path.name}")
    return problems
