"""The scoring engine and the questionnaire library stay free of frameworks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "flask",
    "flask_wtf",
    "flask_login",
    "flask_babel",
    "flask_sqlalchemy",
    "flask_migrate",
    "sqlalchemy",
    "wtforms",
    "plotly",
    "weasyprint",
    "assessment",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["scoring", "questionnaires"])
def test_the_pure_packages_import_no_framework_nor_the_app(package: str) -> None:
    files = python_files(package)
    assert files, f"{package}/ has no Python file"
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & FORBIDDEN)
        for path in files
        if imported_modules(path) & FORBIDDEN
    }
    assert offenders == {}


def test_the_import_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom flask import Flask\nimport sqlalchemy.orm\n")
    assert imported_modules(sample) & FORBIDDEN == {"flask", "sqlalchemy"}
