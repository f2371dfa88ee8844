"""No test module imports another test module: what tests share lives in helper modules and
conftest.py files. An import from a test module ties one test file's layout to another's,
brings fixtures in under a name the linter calls unused, and a `test_*` name imported is
collected again as a test of the importing module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DYNAMIC_IMPORTS = ("import_module", "__import__")

# (file, test module it still imports): helpers of files being written beside this one, to be
# moved out by their owners (the history coverage's steps are in tests/model/season_changes.py).


def is_test_module(dotted: str) -> bool:
    return any(part.startswith("test_") for part in dotted.split("."))


def imported_test_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) for each import in `source` of a module named test_* or of a test_*
    name out of a module; relative modules keep their leading dots."""
    return sorted(
        (getattr(node, "lineno", 0), module)
        for node in ast.walk(ast.parse(source))
        for module in _modules(node)
        if is_test_module(module)
    )


def _modules(node: ast.AST) -> list[str]:
    """The modules an import statement or call names (for `from m import n`: m, or each m.n
    when m is no test module, since n may be a test module or a test itself)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = "." * node.level + (node.module or "")
        if is_test_module(base):
            return [base]
        joiner = "" if base.endswith(".") else "."
        return [f"{base}{joiner}{alias.name}" for alias in node.names]
    if isinstance(node, ast.Call) and _called_name(node.func) in DYNAMIC_IMPORTS:
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [first.value]
    return []


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


# (what, source, the test modules it imports as (line, module))
CASES: list[tuple[str, str, list[tuple[int, str]]]] = [
    (
        "from-import",
        "from tests.model.test_alkamel import FIXTURES",
        [(1, "tests.model.test_alkamel")],
    ),
    ("plain import", "import tests.model.test_alkamel", [(1, "tests.model.test_alkamel")]),
    ("import as", "import tests.model.test_alkamel as alkamel", [(1, "tests.model.test_alkamel")]),
    ("star import", "from tests.model.test_alkamel import *", [(1, "tests.model.test_alkamel")]),
    ("relative import", "from .test_alkamel import FIXTURES", [(1, ".test_alkamel")]),
    ("relative from a parent", "from ..model.test_alkamel import FIXTURES", [(1, "..model.test_alkamel")]),
    ("a relative module by name", "from . import test_alkamel", [(1, ".test_alkamel")]),
    ("a module by name from its package", "from tests.model import builders, test_alkamel", [(1, "tests.model.test_alkamel")]),
    ("a test function by name", "from tests.gui.helpers import test_window_opens", [(1, "tests.gui.helpers.test_window_opens")]),
    ("inside a test", "def test_x() -> None:\n    from tests.gui.test_undo_redo import check_undo_redo\n", [(2, "tests.gui.test_undo_redo")]),
    ("for type checkers only", "if TYPE_CHECKING:\n    from tests.model.test_timing_import import SEASON\n", [(2, "tests.model.test_timing_import")]),
    ("importlib", "importlib.import_module('tests.model.test_alkamel')", [(1, "tests.model.test_alkamel")]),
    ("import_module by name", "import_module('tests.model.test_alkamel')", [(1, "tests.model.test_alkamel")]),
    ("__import__", "__import__('tests.model.test_alkamel')", [(1, "tests.model.test_alkamel")]),
    ("a helper module", "from tests.model.timing_files import FIXTURES", []),
    ("the shared helpers", "from tests.helpers import dump, run", []),
    ("a conftest", "from tests.gui.conftest import open_window", []),
    ("a package named testing", "import testing.postgresql", []),
    ("a name that only contains test_", "from tests.model import contest_data, latest_test_run", []),
    ("a third-party module", "import pytest\nfrom pytestqt.qtbot import QtBot", []),
    ("a module named in a string only", "NAME = 'tests.model.test_alkamel'", []),
    ("a dynamic import of a computed name", "import_module(name)", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_checker_finds_imports_of_test_modules(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert imported_test_modules(source) == expected


def test_no_test_module_imports_another() -> None:
    offenders: dict[str, list[str]] = {}
    scanned = 0
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        scanned += 1
        found = imported_test_modules(path.read_text(encoding="utf-8"))
        lines = [f"line {line}: {module}" for line, module in found]
        if lines:
            offenders[name] = lines
    assert offenders == {}, "move what tests share into a helper module or a conftest.py"
    assert scanned > 50  # the walk really looked at the tests
