"""Temporary files of exports: synced before they take a file's place, never left behind by an
error, removed when a killed export left them; replaced files keep their permissions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from model.io.export.files import ExportError
from model.io.export.standings_export import export_standings, workbook_names
from model.scoring.standings import compute_standings
from tests.model.export.hostile import partials, season_with_classes

ROOT = Path(__file__).resolve().parents[3]
CLASSES = ("P1", "P2", "GT1", "GT2")
TARGET = "Test Series 2003 GT1 standings.xlsx"
posix_only = pytest.mark.skipif(os.name == "nt", reason="signals and flock are POSIX")


def export(folder: Path, **options: object) -> list[Path]:
    data = season_with_classes(CLASSES)
    return export_standings(data, compute_standings(data), folder, **options)  # type: ignore[arg-type]


@posix_only
def test_a_killed_export_leaves_partials_that_the_next_export_removes(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from model.io.export.standings_export import export_standings
        from model.scoring.standings import compute_standings
        from tests.model.export.hostile import season_with_classes

        def killed_on_the_third(done, total, name):
            if done == 2:
                os.kill(os.getpid(), signal.SIGKILL)

        data = season_with_classes({CLASSES!r})
        export_standings(data, compute_standings(data), Path(sys.argv[1]),
                         progress=killed_on_the_third)
        """
    )
    killed = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, check=False, timeout=120
    )
    assert killed.returncode == -signal.SIGKILL
    assert len(partials(tmp_path)) == 2  # the two workbooks written before the kill
    export(tmp_path)
    assert partials(tmp_path) == []
    assert len(list(tmp_path.iterdir())) == len(CLASSES) + 1  # and the manifest


def abandoned(folder: Path, name: str, stack: ExitStack) -> None:
    (folder / name).write_bytes(b"half a workb")


def held(folder: Path, name: str, stack: ExitStack) -> None:
    """A temporary file a running export is writing: open and locked."""
    import fcntl

    abandoned(folder, name, stack)
    handle = os.open(folder / name, os.O_RDWR)
    stack.callback(os.close, handle)
    fcntl.flock(handle, fcntl.LOCK_EX)


def linked(folder: Path, name: str, stack: ExitStack) -> None:
    outside = folder.parent / f"{folder.name}-outside.xlsx"
    outside.write_bytes(b"someone else's file")
    (folder / name).symlink_to(outside)


def folder_named(folder: Path, name: str, stack: ExitStack) -> None:
    (folder / name).mkdir()


# Files beside the workbooks a new export writes: which are left-overs it removes.
NEIGHBOURS: list[tuple[str, Callable[[Path, str, ExitStack], None], bool]] = [
    (f".{TARGET}.0a1b2c3d.partial", abandoned, True),
    (f".{TARGET}.tmp_x9yz.partial", abandoned, True),  # named as earlier versions named them
    (f".{TARGET}.0a1b2c3d.partial", held, False),
    (".Other standings.xlsx.0a1b2c3d.partial", abandoned, False),
    (f".{TARGET}.old.xlsx.0a1b2c3d.partial", abandoned, False),  # another target's
    (f".{TARGET}.0A1B2C3D.partial", abandoned, False),  # not a name Pitboard makes
    (f"{TARGET}.0a1b2c3d.partial", abandoned, False),
    (f".{TARGET}.0a1b2c3d.partial", linked, False),
    (f".{TARGET}.0a1b2c3d.partial", folder_named, False),
    ("notes.partial", abandoned, False),
]


@posix_only
@pytest.mark.parametrize(("name", "make", "removed"), NEIGHBOURS)
def test_only_abandoned_partials_of_the_same_target_are_removed(
    name: str, make: Callable[[Path, str, ExitStack], None], removed: bool, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        make(tmp_path, name, stack)
        export(tmp_path)
    assert os.path.lexists(tmp_path / name) is not removed
    if make is linked:
        assert (tmp_path.parent / f"{tmp_path.name}-outside.xlsx").read_bytes() == (
            b"someone else's file"
        )


def failing_on_third(kind: type[BaseException]) -> Callable[[pytest.MonkeyPatch, Path], None]:
    """A failure while the third workbook is saved."""

    def arrange(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        save = Workbook.save
        calls = []

        def flaky(self: Workbook, filename: str) -> None:
            calls.append(filename)
            save(self, filename)
            if len(calls) == 3:
                raise kind(28, "No space left on device")

        monkeypatch.setattr(Workbook, "save", flaky)

    return arrange


def folder_in_the_way(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    target = folder / workbook_names(season_with_classes(CLASSES))[1]["GT1"]
    target.unlink()
    target.mkdir()


def sync_failing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    def failing(handle: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)


def third_rename_failing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    replace = os.replace
    calls: list[object] = []

    def flaky(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls.append(source)
        if len(calls) == 3:
            raise PermissionError(13, "Permission denied")
        replace(source, target)

    monkeypatch.setattr(os, "replace", flaky)


class StoppedHalfWayError(Exception):
    """The editor closed, or the user pressed Ctrl+C, half-way through."""


# Failures half-way through a four-class export, and how many workbooks were already new.
FAILURES: list[tuple[str, Callable[[pytest.MonkeyPatch, Path], None] | None, int]] = [
    ("disk full while saving", failing_on_third(OSError), 0),
    ("a bug while saving", failing_on_third(ValueError), 0),
    ("interrupted between workbooks", None, 0),
    ("a folder where a workbook goes", folder_in_the_way, 0),
    ("sync fails", sync_failing, 0),
    ("third rename refused", third_rename_failing, 2),
]


@pytest.mark.parametrize(("what", "arrange", "replaced"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failure_half_way_keeps_earlier_files_and_leaves_no_partial(
    what: str,
    arrange: Callable[[pytest.MonkeyPatch, Path], None] | None,
    replaced: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, names = workbook_names(season_with_classes(CLASSES))
    for name in names.values():
        (tmp_path / name).write_bytes(b"published before")
    progress = None
    if arrange is not None:
        arrange(monkeypatch, tmp_path)
    else:

        def progress(done: int, total: int, name: str) -> None:
            if done == 2:
                raise StoppedHalfWayError

    with pytest.raises((ExportError, ValueError, StoppedHalfWayError)):
        export(tmp_path, progress=progress)
    monkeypatch.undo()
    assert partials(tmp_path) == []
    contents = [(tmp_path / names[c]) for c in CLASSES]
    new = [path for path in contents if path.is_file() and path.read_bytes() != b"published before"]
    assert new == contents[:replaced]
    for path in new:
        assert openpyxl.load_workbook(path).sheetnames[0] == "Teams"


@pytest.fixture
def umask() -> Iterator[Callable[[int], object]]:
    """Sets the process's umask for one test, and puts it back."""
    original = os.umask(0o022)
    os.umask(original)
    yield os.umask
    os.umask(original)


# (mode of the file already there, or None for a new file; umask; mode after the export)
MODES = [
    (0o644, 0o022, 0o644),
    (0o600, 0o022, 0o600),
    (0o664, 0o022, 0o664),  # group-writable stays so, whatever the umask
    (0o640, 0o077, 0o640),
    (None, 0o022, 0o644),
    (None, 0o002, 0o664),
    (None, 0o077, 0o600),
]


@posix_only
@pytest.mark.parametrize(
    ("before", "mask", "after"),
    MODES,
    ids=[f"{'new' if b is None else f'{b:04o}'} umask {m:03o} -> {a:04o}" for b, m, a in MODES],
)
@pytest.mark.parametrize("single", [False, True], ids=["per class", "single workbook"])
def test_exported_files_keep_their_mode_or_get_the_umasks(
    before: int | None,
    mask: int,
    after: int,
    single: bool,
    tmp_path: Path,
    umask: Callable[[int], object],
) -> None:
    single_name, names = workbook_names(season_with_classes(CLASSES))
    targets = [tmp_path / single_name] if single else [tmp_path / n for n in names.values()]
    if before is not None:
        for target in targets:
            target.write_bytes(b"old")
            target.chmod(before)
    umask(mask)
    written = export(tmp_path, single_workbook=single)
    assert written == targets
    assert {oct(path.stat().st_mode & 0o777) for path in written} == {oct(after)}


def test_each_workbook_is_synced_before_any_takes_a_files_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    fsync, replace = os.fsync, os.replace

    def recording_fsync(handle: int) -> None:
        events.append("sync")
        fsync(handle)

    def recording_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        assert Path(source).name.startswith(f".{Path(target).name}.")
        assert Path(source).name.endswith(".partial")
        events.append("replace")
        replace(source, target)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", recording_replace)
    export(tmp_path)
    monkeypatch.undo()
    files = len(CLASSES) + 1  # the workbooks and the manifest
    assert events[:files] == ["sync"] * files
    assert events[files : 2 * files] == ["replace"] * files
    assert partials(tmp_path) == []
