"""The scoring package stays pure: no web, database, rendering or clock."""

from __future__ import annotations

import ast
from pathlib import Path

import scoring

PACKAGE = Path(scoring.__file__).parent
FORBIDDEN = {
    "flask",
    "sqlalchemy",
    "wtforms",
    "plotly",
    "weasyprint",
    "assessment",
    "flask_sqlalchemy",
}
NO_CLOCK = {"time", "datetime"}
# The command line reads its input file; nothing else in the package opens files.
MAY_OPEN_FILES = {"cli.py"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_imports_a_web_database_or_rendering_library() -> None:
    offenders = {
        p.name: sorted(_imports(p) & FORBIDDEN) for p in _modules() if _imports(p) & FORBIDDEN
    }
    assert offenders == {}


def test_no_module_reads_the_clock() -> None:
    offenders = {
        p.name: sorted(_imports(p) & NO_CLOCK) for p in _modules() if _imports(p) & NO_CLOCK
    }
    assert offenders == {}


def test_only_the_command_line_opens_files() -> None:
    opening = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "open"
            ):
                opening.add(path.name)
    assert opening <= MAY_OPEN_FILES
