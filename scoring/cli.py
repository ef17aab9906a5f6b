"""``python -m scoring score --responses FILE.json``: score a file, print JSON.

The JSON is language-neutral (see ``scoring.serialise``): levels are numbers, reasons
are codes with parameters, questions and dimensions are named by their ids. Reading the
responses file is the only I/O of the scoring package. Every input problem (missing or
unreadable file, malformed JSON, unknown questionnaire or version, invalid answer) ends
with exit status 2 and one line on stderr naming it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from questionnaires import DefinitionError, bundled_library
from scoring.answers import parse_responses
from scoring.engine import QuestionnaireSource, find_questionnaire
from scoring.errors import ScoringError
from scoring.report import build_report
from scoring.serialise import report_document

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage first; one line is what scripts can log.
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scoring", description="Score questionnaire responses.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser(
        "score",
        help="score a responses file and print the result as JSON",
        description=(
            "Score a responses file and print the report as language-neutral JSON:"
            " levels are numbers 1-5, explanations are reason codes with their"
            " parameters, and questions and dimensions are named by their ids (their"
            " texts are in the questionnaire definition). See docs/scoring.md."
        ),
    )
    run.add_argument("--responses", required=True, metavar="FILE", help="responses JSON file")
    run.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="DIMENSION=LEVEL",
        help="target level for a dimension (repeatable; default one level up)",
    )
    return parser


def _targets(entries: Sequence[str]) -> dict[str, int]:
    targets: dict[str, int] = {}
    for entry in entries:
        dimension, _, level = entry.partition("=")
        if not level.isdigit():
            raise ScoringError(
                f"--target {entry!r} must be DIMENSION=LEVEL, e.g. risk-and-testing=4"
            )
        targets[dimension] = int(level)
    return targets


def _load(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise ScoringError(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ScoringError(f"{path} is not UTF-8 text") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ScoringError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from error


def _default_source() -> QuestionnaireSource:
    try:
        return bundled_library()
    except DefinitionError as error:
        # The heading line counts the problems; the details belong to the validator's CLI.
        raise ScoringError(
            f"the bundled questionnaires cannot be loaded: {error.problems[0]}"
        ) from error


def main(
    argv: Sequence[str] | None = None,
    source: QuestionnaireSource | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the command line; return the exit status (0 success, 2 input problem)."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    arguments = _parser().parse_args(argv)
    try:
        targets = _targets(arguments.target)
        responses = parse_responses(_load(arguments.responses))
        questionnaire = find_questionnaire(source or _default_source(), responses)
        report = build_report(questionnaire, responses.respondents, targets=targets)
    except ScoringError as error:
        print(f"scoring: error: {error}", file=err)
        return USAGE_ERROR
    json.dump(report_document(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0
