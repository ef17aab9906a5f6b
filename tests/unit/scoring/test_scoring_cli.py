"""The command line: python -m scoring score --responses FILE.json [--target DIMENSION=LEVEL]."""

from __future__ import annotations

import io
import json
import runpy
import sys
from pathlib import Path

import pytest
from scoring_factories import SAMPLE

import scoring.cli
from questionnaires import DefinitionError, Library, Problem
from scoring.cli import main

LIBRARY = Library([SAMPLE])


def _write(path: Path, document: object) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def _document(**answers: object) -> dict[str, object]:
    return {
        "questionnaire": "sample",
        "version": "1.0.0",
        "respondents": [
            {"role": "staff", "answers": answers or {"a1": 3, "a2": 3, "a3": 3}},
            {"role": "leader", "answers": {"a1": 4, "b4": 2, "c1": "dont_know"}},
        ],
    }


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), source=LIBRARY, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_scoring_a_file_prints_the_whole_result_as_json(tmp_path: Path) -> None:
    status, out, err = _run("score", "--responses", _write(tmp_path / "r.json", _document()))
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert set(data["overall"]) >= {"level", "score", "explanation"}
    first = data["dimensions"][0]
    assert set(first) >= {"id", "level", "score", "coverage", "agreement", "explanation"}
    assert (first["id"], first["level"], first["score"]) == ("a", 3, 3.13)
    assert data["answers"]["dont_know"] == 1
    assert set(data) >= {"action_plan", "principles", "role_groups", "views", "items"}


def test_the_output_is_language_neutral_codes_and_numbers(tmp_path: Path) -> None:
    status, out, _ = _run("score", "--responses", _write(tmp_path / "r.json", _document()))
    data = json.loads(out)
    assert status == 0 and "lang" not in data and "level_name" not in data["overall"]
    assert data["dimensions"][0]["explanation"]["summary"][0] == {
        "code": "score",
        "params": {"score": 3.13, "percent": 53.25, "band": 3, "low": 2.6, "high": 3.39},
    }
    assert data["role_groups"][0] == {"role": "leader", "shown": False, "reason": "too_few"}


def test_the_help_says_the_json_is_language_neutral(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["score", "--help"], source=LIBRARY)
    assert caught.value.code == 0
    assert "language-neutral JSON" in " ".join(capsys.readouterr().out.split())


def test_targets_can_be_given_on_the_command_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.json", _document())
    status, out, _ = _run("score", "--responses", path, "--target", "a=5")
    targets = json.loads(out)["action_plan"]["targets"]
    assert status == 0 and {"dimension": "a", "target_level": 5}.items() <= targets[0].items()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"{not json",
            "is not valid JSON: Expecting property name enclosed in double quotes"
            " at line 1, column 2",
        ),
        (b"\xff\xfe", "is not UTF-8 text"),
        (b"[]", "the responses document must be a JSON object"),
    ],
)
def test_a_broken_file_exits_2_with_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content)
    status, out, err = _run("score", "--responses", str(path))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("scoring: error: ") and message in err


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({**_document(), "questionnaire": "nope"}, "unknown questionnaire 'nope' (known: sample)"),
        (
            {**_document(), "version": "9.0.0"},
            "questionnaire 'sample' has no version 9.0.0 (available: 1.0.0)",
        ),
        (_document(a1=9), "respondent 1, item 'a1': value 9 is out of range (1 to 5)"),
        (_document(zz=1), "respondent 1: unknown item 'zz' (not in sample 1.0.0)"),
        (
            _document(a1="l7"),
            "respondent 1, item 'a1': 'l7' is not an option of this item"
            " (expected one of l1, l2, l3, l4, l5, dont_know)",
        ),
    ],
)
def test_input_problems_exit_2_naming_the_problem(
    tmp_path: Path, document: object, message: str
) -> None:
    status, out, err = _run("score", "--responses", _write(tmp_path / "r.json", document))
    assert (status, out) == (2, "")
    assert err == f"scoring: error: {message}\n"


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    status, _, err = _run("score", "--responses", str(tmp_path / "absent.json"))
    assert (
        status == 2
        and err
        == f"scoring: error: cannot read {tmp_path / 'absent.json'}: No such file or directory\n"
    )


def test_a_badly_written_target_exits_2(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.json", _document())
    status, _, err = _run("score", "--responses", path, "--target", "a")
    assert status == 2 and "--target 'a' must be DIMENSION=LEVEL" in err
    status, _, err = _run("score", "--responses", path, "--target", "zz=3")
    assert status == 2 and err == "scoring: error: target for unknown maturity dimension 'zz'\n"


def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["score"], ["score", "--responses", "x", "--lang", "fr"], []):
        with pytest.raises(SystemExit) as caught:
            main(argv, source=LIBRARY)
        assert caught.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("python -m scoring")


def test_the_bundled_questionnaires_are_used_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(scoring.cli, "bundled_library", lambda: LIBRARY)
    assert main(["score", "--responses", _write(tmp_path / "r.json", _document())]) == 0
    assert json.loads(capsys.readouterr().out)["questionnaire"] == "sample"


def test_broken_bundled_definitions_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> Library:
        raise DefinitionError([Problem("x.yaml", "items[0]", "is wrong")])

    monkeypatch.setattr(scoring.cli, "bundled_library", broken)
    assert main(["score", "--responses", _write(tmp_path / "r.json", _document())]) == 2
    err = capsys.readouterr().err
    assert (
        err == "scoring: error: the bundled questionnaires cannot be loaded:"
        " x.yaml: items[0]: is wrong\n"
    )


def test_the_module_runs_as_a_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(
        sys, "argv", ["scoring", "score", "--responses", str(tmp_path / "absent.json")]
    )
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("scoring", run_name="__main__")
    assert caught.value.code == 2
