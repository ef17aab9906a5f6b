"""The benchmark engine uses the standard library and the questionnaire model only."""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "scoring" / "benchmark"
ALLOWED = {"questionnaires", "scoring"}


def imports_of(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_every_benchmark_module_imports_only_the_standard_library_and_our_pure_packages():
    files = sorted(PACKAGE.glob("*.py"))
    assert files
    offenders = {
        path.name: name
        for path in files
        for name in imports_of(path)
        if name.split(".")[0] not in sys.stdlib_module_names | ALLOWED
        or (name.startswith("scoring") and not name.startswith("scoring.benchmark"))
    }
    assert offenders == {}


def test_benchmark_modules_stay_small():
    files = sorted(PACKAGE.glob("*.py"))
    assert files
    assert all(len(path.read_text().splitlines()) < 400 for path in files)
