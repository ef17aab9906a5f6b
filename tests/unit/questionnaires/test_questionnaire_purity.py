"""The questionnaires package stays pure: no web, database or rendering library, no clock."""

import ast
import subprocess
import sys
from pathlib import Path

import questionnaires

PACKAGE = Path(questionnaires.__file__).parent
FORBIDDEN = {
    "flask",
    "flask_babel",
    "flask_login",
    "flask_migrate",
    "flask_sqlalchemy",
    "flask_wtf",
    "sqlalchemy",
    "wtforms",
    "plotly",
    "weasyprint",
    "assessment",
    "scoring",
    # A definition means the same whenever it is loaded: no clock, no randomness.
    "datetime",
    "time",
    "random",
}


def _imported_top_level_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_of_the_package_imports_a_forbidden_library():
    offenders = {
        str(source.relative_to(PACKAGE)): sorted(_imported_top_level_modules(source) & FORBIDDEN)
        for source in sorted(PACKAGE.rglob("*.py"))
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_importing_the_package_and_its_command_line_loads_no_web_library():
    code = (
        "import sys, questionnaires, questionnaires.cli; "
        "print(sorted(m for m in ('flask', 'sqlalchemy', 'wtforms', 'plotly', 'weasyprint') "
        "if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )

    assert completed.stdout.strip() == "[]"
