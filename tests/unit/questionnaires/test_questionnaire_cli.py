"""The command line: ``python -m questionnaires validate | list | show``."""

import json
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import questionnaires.library as library_module
from questionnaires.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
REPOSITORY = Path(__file__).parents[3]


@pytest.fixture
def bundled_samples(monkeypatch):
    """Make the valid fixtures stand in for the bundled definitions."""
    monkeypatch.setattr(library_module, "DEFINITIONS_DIR", VALID)


def run(capsys, *argv):
    exit_code = main(list(argv))
    captured = capsys.readouterr()
    return exit_code, captured.out, captured.err


def test_validate_without_paths_checks_every_bundled_definition(capsys, bundled_samples):
    assert run(capsys, "validate") == (0, "OK: 4 definition files valid\n", "")


def test_validate_without_paths_checks_the_definitions_directory_if_given(capsys):
    exit_code, out, _ = run(capsys, "validate", "--definitions", str(FIXTURES / "invalid-library"))

    assert exit_code == 1
    assert out.splitlines()[0].endswith(
        "broken-parent/1.0.0.yaml: items[0].prompt.fr: item 'bp-item': missing French (fr) text"
    )


def test_validate_accepts_files_and_definition_directories_together(capsys):
    first = VALID / "portfolio-sample" / "1.0.0.yaml"
    second = VALID / "trend-sample" / "1.1.0.yaml"

    exit_code, out, _ = run(capsys, "validate", str(first), str(second), str(VALID))

    assert (exit_code, out) == (0, "OK: 6 definition files valid\n")


def test_validate_of_one_valid_file_says_so_in_the_singular(capsys):
    file = VALID / "portfolio-sample" / "1.0.0.yaml"

    assert run(capsys, "validate", str(file)) == (0, "OK: 1 definition file valid\n", "")


def test_validate_prints_one_line_per_problem_and_exits_with_1(capsys):
    file = INVALID / "duplicate-ids" / "1.0.0.yaml"

    exit_code, out, err = run(capsys, "validate", str(file))

    assert exit_code == 1
    assert out.splitlines() == [
        f"{file}: dimensions[1].id: dimension id 'core' is already used by dimensions[0]",
        f"{file}: items[1].id: item id 'di-one' is already used by items[0]",
    ]
    assert err == "2 problems found\n"


def test_validate_reports_the_problems_of_an_invalid_directory(capsys):
    exit_code, out, err = run(capsys, "validate", str(FIXTURES / "invalid-library"))

    assert exit_code == 1
    assert len(out.splitlines()) == 5
    assert err == "5 problems found\n"


def test_validate_reports_a_missing_file_in_the_singular(capsys):
    exit_code, out, err = run(capsys, "validate", "no/such/1.0.0.yaml")

    assert exit_code == 1
    assert out == "no/such/1.0.0.yaml: (file): cannot read the file (No such file or directory)\n"
    assert err == "1 problem found\n"


def test_list_json_summarises_the_latest_version_of_each_questionnaire(capsys, bundled_samples):
    exit_code, out, _ = run(capsys, "list", "--json")

    assert exit_code == 0
    assert json.loads(out) == [
        {
            "id": "maturity-sample",
            "version": "1.0.0",
            "title": {"en": "Sample maturity check", "fr": "Auto-évaluation de maturité (exemple)"},
            "dimensions": ["mandate", "learning"],
            "item_count": 3,
        },
        {
            "id": "portfolio-sample",
            "version": "1.0.0",
            "title": {"en": "Sample portfolio", "fr": "Portefeuille (exemple)"},
            "dimensions": ["orientation", "intent"],
            "item_count": 2,
        },
        {
            "id": "trend-sample",
            "version": "1.1.0",
            "title": {"en": "Sample trend", "fr": "Tendance (exemple)"},
            "dimensions": ["skills"],
            "item_count": 2,
        },
    ]


def test_list_prints_a_table_with_titles_in_the_chosen_language(capsys, bundled_samples):
    exit_code, out, _ = run(capsys, "list", "--lang", "fr")

    assert exit_code == 0
    assert out.splitlines() == [
        "ID                VERSION  ITEMS  TITLE",
        "maturity-sample   1.0.0        3  Auto-évaluation de maturité (exemple)",
        "portfolio-sample  1.0.0        2  Portefeuille (exemple)",
        "trend-sample      1.1.0        2  Tendance (exemple)",
    ]


def test_list_of_an_invalid_library_prints_the_problems_and_exits_with_1(capsys):
    exit_code, out, err = run(capsys, "list", "--definitions", str(FIXTURES / "invalid-library"))

    assert (exit_code, out) == (1, "")
    assert len(err.splitlines()) == 5


def test_show_json_gives_the_whole_definition_in_the_chosen_language(capsys, bundled_samples):
    exit_code, out, _ = run(capsys, "show", "maturity-sample", "--json", "--lang", "fr")

    shown = json.loads(out)
    assert exit_code == 0
    assert (shown["id"], shown["version"], shown["title"]) == (
        "maturity-sample",
        "1.0.0",
        "Auto-évaluation de maturité (exemple)",
    )
    assert shown["dimensions"][0] == {
        "id": "mandate",
        "kind": "maturity",
        "title": "Mandat",
        "description": "L'innovation a-t-elle un mandat clair ?",
        "weight": 2.0,
    }
    funding = shown["items"][1]
    assert {key: funding[key] for key in ("id", "dimension", "type", "prompt", "roles")} == {
        "id": "ms-mandate-funding",
        "dimension": "mandate",
        "type": "maturity",
        "prompt": "Comment les idées nouvelles sont-elles financées ?",
        "roles": ["leader"],
    }
    assert (funding["principles"], funding["not_applicable"], funding["help"]) == (
        [1, 2],
        True,
        None,
    )
    assert funding["tags"]["capacity"] == "ability"
    assert funding["options"][0] == {
        "code": "l1",
        "level": 1,
        "facet": None,
        "label": "Seulement avec des reliquats.",
    }


def test_show_json_of_an_older_version_includes_its_items(capsys, bundled_samples):
    exit_code, out, _ = run(capsys, "show", "trend-sample", "--version", "1.0.0", "--json")

    shown = json.loads(out)
    assert exit_code == 0
    assert [item["id"] for item in shown["items"]] == ["ts-data-old", "ts-users"]
    assert shown["previous_version"] is None


def test_show_json_of_a_facet_choice_item_gives_facets_and_no_levels(capsys, bundled_samples):
    _, out, _ = run(capsys, "show", "portfolio-sample", "--json")

    options = json.loads(out)["items"][0]["options"]
    assert [(o["code"], o["level"], o["facet"]) for o in options][:2] == [
        ("enhancement", None, "enhancement"),
        ("mission", None, "mission"),
    ]


def test_show_prints_the_definition_readably(capsys, bundled_samples):
    exit_code, out, _ = run(capsys, "show", "maturity-sample")

    lines = out.splitlines()
    assert exit_code == 0
    assert lines[:5] == [
        "Sample maturity check — maturity-sample 1.0.0",
        "A short maturity questionnaire used to test the loader.",
        "About 5 minutes",
        "Sources:",
        "  - OECD (2019), Declaration on Public Sector Innovation, OECD/LEGAL/0450",
    ]
    assert "1. Mandate [mandate, maturity]" in lines
    assert "   Help: A mandate is a written commitment by senior management." in lines
    assert "     l3             It is written in a strategy." in lines
    assert lines.count("     dont_know      I do not know (always offered)") == 3
    assert lines.count("     not_applicable Not applicable") == 1


def test_show_in_french_gives_the_texts_in_french_and_its_own_words_in_english(
    capsys, bundled_samples
):
    _, out, _ = run(capsys, "show", "trend-sample", "--lang", "fr")

    lines = out.splitlines()
    assert lines[0] == "Tendance (exemple) — trend-sample 1.1.0"
    assert lines[2] == "About 2 minutes · replaces version 1.0.0"
    assert "Crosswalk from version 1.0.0:" in lines
    assert "  ts-data-old -> ts-data" in lines
    assert "     dont_know      I do not know (always offered)" in lines


def test_without_lang_texts_are_in_the_first_declared_language(capsys, tmp_path):
    definitions = tmp_path / "definitions"
    shutil.copytree(VALID, definitions)
    (definitions / "languages.yaml").write_text("languages: [fr, en]\n", encoding="utf-8")

    _, out, _ = run(capsys, "list", "--definitions", str(definitions))

    assert "Tendance (exemple)" in out


def test_a_language_the_definitions_do_not_declare_exits_with_2(capsys, bundled_samples):
    exit_code, out, err = run(capsys, "show", "trend-sample", "--lang", "de")

    assert (exit_code, out) == (2, "")
    assert err == "error: the definitions declare no language 'de' (declared: en, fr)\n"


def test_show_of_an_unknown_id_exits_with_2_and_one_line_on_stderr(capsys, bundled_samples):
    exit_code, out, err = run(capsys, "show", "leadership")

    assert (exit_code, out) == (2, "")
    assert err == (
        "error: unknown questionnaire 'leadership' "
        "(known: maturity-sample, portfolio-sample, trend-sample)\n"
    )


def test_show_of_an_unknown_version_exits_with_2(capsys, bundled_samples):
    exit_code, _, err = run(capsys, "show", "trend-sample", "--version", "9.0.0")

    assert exit_code == 2
    assert err.startswith("error: questionnaire 'trend-sample' has no version 9.0.0")


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as raised:
        main([])

    assert raised.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_running_the_package_as_a_module_calls_the_command_line(monkeypatch, capsys):
    file = VALID / "portfolio-sample" / "1.0.0.yaml"
    monkeypatch.setattr(sys, "argv", ["questionnaires", "validate", str(file)])

    with pytest.raises(SystemExit) as raised:
        runpy.run_module("questionnaires", run_name="__main__")

    assert raised.value.code == 0
    assert capsys.readouterr().out == "OK: 1 definition file valid\n"


def test_the_command_line_runs_as_a_separate_process():
    completed = subprocess.run(
        [sys.executable, "-m", "questionnaires", "list", "--json", "--definitions", str(VALID)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPOSITORY,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 0, completed.stderr
    assert [entry["id"] for entry in json.loads(completed.stdout)] == [
        "maturity-sample",
        "portfolio-sample",
        "trend-sample",
    ]
