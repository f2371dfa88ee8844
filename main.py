"""Pitboard: the composition root. With no command it opens the editor; commands run headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from model.errors import PitboardError
from model.paths import default_document_path
from model.version import VERSION

# Each command imports the services it uses when it runs: the editor starts without loading
# the command line's readers and writers, and a command without what only the editor needs.
if TYPE_CHECKING:
    from sqlmodel import Session

    from model.edits.changes import Changes
    from model.io.alkamel import TimingFile
    from model.io.timing_import import ImportPlan
    from model.store.documents import OpenDocument
    from model.store.season_data import SeasonData


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name to be had
        return "unknown user"


def cli_author() -> str:
    """The history's author of what a command changes."""
    return f"command line ({_user()})"


LOCK_WAIT = 10.0  # seconds a command waits for the editor or another command to finish


def document_location(text: str) -> Path | str:
    """A document file's path, or a server document's URL kept as typed."""
    return text if "://" in text else Path(text)


def _add_db_option(
    parser: argparse.ArgumentParser,
    default: object = argparse.SUPPRESS,
    wait: object = argparse.SUPPRESS,
) -> None:
    """--db (and --wait) are accepted before or after the command; the later one wins."""
    parser.add_argument(
        "--db",
        type=document_location,
        default=default,
        metavar="PATH|URL",
        help=f"the Pitboard document to use: a file (default: {default_document_path()}) or "
        "a server database, postgresql://user@host[:port]/dbname",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=wait,
        metavar="SECONDS",
        help="how long a command that writes waits for a document open elsewhere "
        f"(default: {LOCK_WAIT:g})",
    )


def _add_season_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--season", type=int, required=True, metavar="YEAR")
    parser.add_argument("--series", default=None, metavar="NAME")


def build_parser() -> argparse.ArgumentParser:
    from model.io.report import OutputFormat
    from model.scoring.standings import Championship

    parser = argparse.ArgumentParser(prog="pitboard", description=__doc__)
    _add_db_option(parser, default=None, wait=LOCK_WAIT)
    parser.add_argument("--version", action="version", version=f"Pitboard {VERSION}")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window offscreen on the sample season, recalculate, export, exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    season = commands.add_parser("import-season", help="create or update a season from JSON")
    season.add_argument("file", type=Path, metavar="FILE.json")
    _add_db_option(season)

    results = commands.add_parser(
        "import-results", help="add results from Pitboard CSV, or a round's Al Kamel timing file"
    )
    results.add_argument("file", type=Path, metavar="FILE.csv")
    _add_season_options(results)
    results.add_argument("--round", type=int, default=None, metavar="N", help="for timing files")
    results.add_argument(
        "--map-class",
        action="append",
        default=[],
        metavar="FILE=SEASON",
        help="a timing file's class name and the season class it means (repeatable)",
    )
    results.add_argument(
        "--repair-names",
        action="store_true",
        help="repair team and driver names that were double-encoded (UTF-8 read as Latin-1)",
    )
    _add_db_option(results)

    penalties = commands.add_parser(
        "import-penalties", help="add penalties (points taken, exclusions) from CSV to a season"
    )
    penalties.add_argument("file", type=Path, metavar="FILE.csv")
    _add_season_options(penalties)
    _add_db_option(penalties)

    standings = commands.add_parser("standings", help="print a class's championship standings")
    _add_season_options(standings)
    standings.add_argument("--class", dest="class_name", required=True, metavar="NAME")
    standings.add_argument(
        "--championship",
        choices=[c.value for c in Championship],
        default="teams",
        help="teams, drivers or manufacturers (default: teams)",
    )
    standings.add_argument("--format", choices=[f.value for f in OutputFormat], default="table")
    _add_db_option(standings)

    problems = commands.add_parser(
        "problems", help="list a season's problems, grouped; accepted ones counted"
    )
    _add_season_options(problems)
    problems.add_argument(
        "--accepted", action="store_true", help="also list the accepted problems, with why"
    )
    _add_db_option(problems)

    export = commands.add_parser("export", help="write the standings workbooks (.xlsx)")
    _add_season_options(export)
    export.add_argument("--out", type=Path, required=True, metavar="DIR")
    export.add_argument("--class", dest="class_name", default=None, metavar="NAME")
    export.add_argument(
        "--single-workbook", action="store_true", help="one workbook with a sheet per class"
    )
    export.add_argument("--author", default="", help="the author named in the workbooks")
    export.add_argument(
        "--paper",
        choices=["A4", "Letter"],
        default=None,
        help="the paper the tables are laid out for (default: the locale's, else A4)",
    )
    export.add_argument(
        "--as-of-round",
        type=int,
        default=None,
        metavar="N",
        help="the standings as they stood after round N (later results left out)",
    )
    export.add_argument(
        "--pdf", action="store_true", help="write one PDF per class instead of the workbooks"
    )
    _add_db_option(export)

    verify = commands.add_parser(
        "verify-export", help="check that an export folder holds the files its manifest lists"
    )
    verify.add_argument("folder", type=Path, metavar="DIR")
    _add_db_option(verify)

    offline = commands.add_parser(
        "take-offline", help="copy a season of a server document into a local file for the road"
    )
    _add_season_options(offline)
    offline.add_argument("--to", type=Path, required=True, metavar="COPY.pitboard")
    _add_db_option(offline)

    back = commands.add_parser(
        "send-back", help="send an offline copy's changes back to the document it came from"
    )
    back.add_argument("copy", type=Path, metavar="COPY.pitboard")
    back.add_argument(
        "--take", choices=["mine", "theirs"], default=None, help="decide every conflict"
    )
    back.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="ID=mine|theirs",
        help="decide one conflict, as listed (repeatable)",
    )
    _add_db_option(back)
    return parser


def cmd_import_season(args: argparse.Namespace) -> str:
    from model.edits.door import Door
    from model.edits.operations import apply_all, seasons_of
    from model.edits.season_import_edit import SeasonImportEdit
    from model.io.registry import SEASON_JSON, recognise

    # A file that is no other kind is read as a definition: the reader says what is wrong.
    recognise(args.file, among=(SEASON_JSON,), otherwise=SEASON_JSON)
    definition = SEASON_JSON.read(args.file)
    # The editor's undoable import, applied once: the command line keeps no undo steps.
    edit = SeasonImportEdit(definition, args.file.name)
    seasons = seasons_of([edit])
    assert seasons is not None
    with _document(args, write=True) as opened:
        Door(opened, author=cli_author()).apply(
            lambda session: apply_all(session, [edit]),
            step=f"import-season {args.file.name}",
            seasons=seasons,
            backup="" if opened.created else "before import",
        )
    imported = edit.done
    assert imported is not None
    verb = "created" if imported.created else "updated"
    return (
        f"{definition.series} {definition.year} {verb}: {len(definition.classes)} classes, "
        f"{imported.rounds_added} rounds added, {imported.rounds_updated} updated, "
        f"{imported.rounds_removed} removed"
    )


def cmd_import_results(args: argparse.Namespace) -> str:
    from model.edits.door import Door, one_season
    from model.edits.operations import apply_all, touched_by
    from model.edits.results_import_edit import ResultsImportEdit
    from model.edits.seasons import find_season
    from model.io.registry import AL_KAMEL, PITBOARD_CSV, recognise

    # The command line has no column mapping: a table that is not a timing file is read as
    # Pitboard's CSV, whose reader names the column that is wrong.
    importer = recognise(args.file, among=(AL_KAMEL, PITBOARD_CSV), otherwise=PITBOARD_CSV)
    if importer is AL_KAMEL:
        return import_timing(args)
    rows = PITBOARD_CSV.read(args.file)
    with _document(args, write=True) as opened:
        door = Door(opened, author=cli_author())
        season_id = door.read(
            lambda s: find_season(session=s, year=args.season, series=args.series).id
        )
        # The editor's undoable import, applied once: the command line keeps no undo steps.
        edit = door.read(lambda s: ResultsImportEdit.build(s, season_id, rows, args.file.name))
        door.apply(
            lambda session: apply_all(session, [edit]),
            step=f"import-results {args.file.name}",
            seasons=one_season(season_id),
            backup="" if opened.created else "before import",
            touched=touched_by([edit]),
        )
    added = edit.done
    assert added is not None
    return (
        f"{len(rows)} results read: {added.results_added} added, "
        f"{added.results_replaced} replaced, {added.entries_added} new entries"
    )


def import_timing(args: argparse.Namespace) -> str:
    from model.io.registry import AL_KAMEL

    timing = AL_KAMEL.read(args.file)
    if args.round is None:
        raise PitboardError(f"{args.file.name} is a timing file of one race: name its --round")
    chosen = dict(_class_pair(text) for text in args.map_class)
    with _document(args, write=True) as opened:
        plan = _import_timing_file(opened, args, timing, chosen)
    lines = [
        f"{args.file.name} (layout {timing.layout.value}): {len(plan.results)} results into "
        f"round {args.round}, {len(plan.new_entries)} new entries, "
        f"{len(plan.replaced)} earlier results replaced"
    ]
    removed = [f"removed: {line}" for line in plan.removed]
    return "\n".join(lines + removed + [f"warning: {w}" for w in plan.warnings])


def _import_timing_file(
    opened: OpenDocument, args: argparse.Namespace, timing: TimingFile, chosen: dict[str, str]
) -> ImportPlan:
    """Plan and apply in one write transaction: nobody can change the round in between."""
    from model.edits.door import Door, one_season
    from model.edits.seasons import find_round, find_season
    from model.edits.timing_apply import TimingImportEdit
    from model.io.timing_import import plan_import, remember_class_mapping

    door = Door(opened, author=cli_author())
    season_id = door.read(lambda s: find_season(session=s, year=args.season, series=args.series).id)
    plans: list[ImportPlan] = []

    def change(session: Session) -> Changes:
        rnd = find_round(session=session, season_id=season_id, number=args.round)
        plan = plan_import(
            session=session,
            season_id=season_id,
            round_id=rnd,
            timing=timing,
            classes=chosen,
            repair_names=args.repair_names,
        )
        plans.append(plan)
        changes = TimingImportEdit(plan).apply(session)
        remember_class_mapping(session=session, season_id=season_id, mapping=plan.class_map)
        return changes

    door.apply(
        change,
        step=f"import-results {args.file.name}",
        seasons=one_season(season_id),
        backup="" if opened.created else "before import",
    )
    return plans[0]


def _class_pair(text: str) -> tuple[str, str]:
    file_class, _, season_class = text.partition("=")
    if not file_class.strip() or not season_class.strip():
        raise PitboardError(f"--map-class takes FILE=SEASON, not '{text}'")
    return file_class.strip(), season_class.strip()


def cmd_import_penalties(args: argparse.Namespace) -> str:
    from model.edits.door import Door, one_season
    from model.edits.operations import apply_all
    from model.edits.penalties_edit import PenaltiesImportEdit
    from model.edits.seasons import find_season
    from model.io.penalties_csv import read_penalties_csv

    read = read_penalties_csv(args.file)
    with _document(args, write=True) as opened:
        door = Door(opened, author=cli_author())
        season_id = door.read(
            lambda s: find_season(session=s, year=args.season, series=args.series).id
        )
        # An undoable edit, applied once: the command line keeps no undo steps. It names no
        # rows, so the door compares the whole season, where penalties are logged.
        edit = door.read(lambda s: PenaltiesImportEdit.build(s, season_id, read))
        door.apply(
            lambda session: apply_all(session, [edit]),
            step=f"import-penalties {args.file.name}",
            seasons=one_season(season_id),
            backup="" if opened.created else "before import",
        )
    excluded = sum(p.excluded for p in edit.penalties)
    added = f"{len(edit.penalties)} {'penalty' if len(edit.penalties) == 1 else 'penalties'}"
    exclusions = f", {excluded} excluding a competitor" if excluded else ""
    lines = [f"{added} added{exclusions}"]
    return "\n".join(lines + [f"warning: {w}" for w in edit.warnings])


def cmd_standings(args: argparse.Namespace) -> str:
    from model.io.report import OutputFormat, render
    from model.scoring.contention import contention
    from model.scoring.standings import Championship, compute_standings

    data = _season_data(args)
    if args.class_name not in data.classes:
        known = ", ".join(data.classes)
        raise PitboardError(f"no class '{args.class_name}' in {data.year} (classes: {known})")
    table = compute_standings(data).table(args.class_name, Championship(args.championship))
    marks = contention(data, table)
    return render(table, OutputFormat(args.format), rounds=data.rounds, marks=marks).rstrip("\n")


def cmd_problems(args: argparse.Namespace) -> str:
    from model.scoring.problem_groups import problem_lines, problems_report, round_labels
    from model.scoring.problems import season_problems

    data = _season_data(args)
    labels = round_labels((r.id, r.number) for r in data.rounds)
    accepted = {a.key: a for a in data.accepted}
    lines = problem_lines(season_problems(data), labels, accepted)
    return problems_report(lines, show_accepted=args.accepted)


def cmd_export(args: argparse.Namespace) -> str:
    from model.io.export.edition import Paper, default_paper
    from model.io.export.standings_export import export_standings  # openpyxl only when exporting
    from model.scoring.standings import compute_standings

    data = _season_data(args)
    if args.as_of_round is not None:
        from model.io.export.status import check_round

        check_round(data, args.as_of_round)  # refused before the folder is made
    if args.out.exists() and not args.out.is_dir():
        raise PitboardError(f"{args.out} is not a folder")
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PitboardError(f"cannot create the folder {args.out}: {exc.strerror}") from exc
    classes = [args.class_name] if args.class_name else None
    if args.pdf:
        return "\n".join(str(path) for path in _export_pdfs(args, data, classes))
    written = export_standings(
        data,
        compute_standings(data),
        args.out,
        classes=classes,
        single_workbook=args.single_workbook,
        author=args.author,
        paper=Paper(args.paper) if args.paper else default_paper(),
        as_of_round=args.as_of_round,
    )
    return "\n".join(str(path) for path in written)


def cmd_verify_export(args: argparse.Namespace) -> str:
    from model.io.export.manifest import verify_export

    problems = verify_export(args.folder)
    if problems:
        raise PitboardError(f"{args.folder} is not one whole export:\n" + "\n".join(problems))
    return f"OK: {args.folder} holds one whole export"


def cmd_take_offline(args: argparse.Namespace) -> str:
    from model.edits.offline_trip import take_offline

    with _document(args, write=False) as opened:
        location = str(args.db) if args.db is not None else str(default_document_path())
        return take_offline(opened, location, year=args.season, series=args.series, to=args.to)


def cmd_send_back(args: argparse.Namespace) -> str:
    from model.edits.offline_trip import send_back

    choose = dict(_choice(text) for text in args.choose)
    location = str(args.db) if args.db is not None else None
    return send_back(
        args.copy, location, author=_user(), choose=choose, take=args.take, wait=args.wait
    )


def _choice(text: str) -> tuple[str, Literal["mine", "theirs"]]:
    ident, _, choice = text.partition("=")
    if choice not in ("mine", "theirs") or not ident.strip():
        raise PitboardError(f"--choose takes ID=mine or ID=theirs, not '{text}'")
    return ident.strip(), "mine" if choice == "mine" else "theirs"


def _export_pdfs(
    args: argparse.Namespace, data: SeasonData, classes: list[str] | None
) -> list[Path]:
    import datetime as dt

    # Qt's PDF writer, without a window
    from gui.publish.pdf_export import export_pdfs, published_state
    from model.io.export.edition import Paper, default_paper

    if args.single_workbook:
        raise PitboardError("--single-workbook is for workbooks; --pdf writes one PDF per class")
    paper = Paper(args.paper) if args.paper else default_paper()
    data, standings, edition = published_state(
        data, published=dt.date.today(), paper=paper, as_of_round=args.as_of_round
    )
    return export_pdfs(
        data, standings, args.out, edition=edition, classes=classes, author=args.author
    )


def _season_data(args: argparse.Namespace) -> SeasonData:
    from sqlmodel import Session

    from model.edits.seasons import find_season
    from model.store.season_data import load_season_data

    with _document(args, write=False) as opened, Session(opened.engine) as session:
        season = find_season(session=session, year=args.season, series=args.series)
        assert season.id is not None
        return load_season_data(session=session, season_id=season.id)


@contextmanager
def _document(args: argparse.Namespace, *, write: bool) -> Iterator[OpenDocument]:
    """The named document, open for the command and closed after it; a writer holds the
    single-writer lock throughout. The default document is created with the sample season
    on first use."""
    from model.edits.sample import SAMPLE
    from model.store.documents import open_document

    default = args.db is None
    opened = open_document(
        default_document_path() if default else args.db,
        create=default or write,
        write=write,
        initial=SAMPLE if default else None,
        wait=args.wait,
    )
    try:
        yield opened
    finally:
        opened.close()


COMMANDS: dict[str, Callable[[argparse.Namespace], str]] = {
    "import-season": cmd_import_season,
    "import-results": cmd_import_results,
    "import-penalties": cmd_import_penalties,
    "standings": cmd_standings,
    "problems": cmd_problems,
    "export": cmd_export,
    "verify-export": cmd_verify_export,
    "take-offline": cmd_take_offline,
    "send-back": cmd_send_back,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.smoke_test:
        from gui.smoke import smoke_test

        return smoke_test()
    if args.command is None:
        from gui.app import run_app  # Qt is loaded only for the window

        return run_app(args.db, quit_when_shown=args.quit_when_shown)
    try:
        output = COMMANDS[args.command](args)
    except PitboardError as exc:
        print(f"pitboard: error: {exc}", file=sys.stderr)
        return 1
    if output:
        print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
