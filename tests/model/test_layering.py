"""model/ is the Qt-free domain layer: no module in it may import PySide6 or gui."""

from __future__ import annotations

import ast
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "model"
FORBIDDEN = ("PySide6", "shiboken6", "gui")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_model_never_imports_qt_or_gui() -> None:
    offenders = {
        str(path.relative_to(MODEL.parent)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN
        )
        for path in MODEL.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
    assert len(offenders) > 5  # the scan really looked at the package


# Where a write transaction may be opened: the door, and the store's own file work (creating
# a document, restoring a backup) that happens before a document is open for editing.
WRITERS = {
    "model/store/db.py",  # where transaction() itself commits
    "model/edits/door.py",
    "model/store/documents.py",
    "model/store/restore.py",
    "model/edits/sample.py",  # test and benchmark documents only: load_sample_season
}


def transaction_callers(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return any(
        isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "transaction")
            or (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "commit"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "session"
            )
        )
        for node in ast.walk(tree)
    )


def test_every_write_goes_through_the_door() -> None:
    root = MODEL.parent
    sources = [*MODEL.rglob("*.py"), *(root / "gui").rglob("*.py"), root / "main.py"]
    writers = {str(path.relative_to(root)) for path in sources if transaction_callers(path)}
    assert writers <= WRITERS, sorted(writers - WRITERS)
