"""Command line for authors and operators: validate, list and show definitions.

Runs without the web application (``python -m questionnaires``), so definitions can be
checked in continuous integration and while writing them. Exit codes: 0 success,
1 invalid definitions, 2 usage errors and unknown questionnaires.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from questionnaires.library import Library, UnknownQuestionnaireError, load_library
from questionnaires.loading import validate_file
from questionnaires.presenting import definition_data, definition_text, library_table, summary
from questionnaires.problems import DefinitionError, Problem

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

# The languages are those the definitions declare (languages.yaml), known only once the
# definitions folder is read, so --lang is checked then rather than by argparse.
_LANG_HELP = "language of {texts}, one the definitions declare (default: the first declared)"


class UnknownLanguageError(LookupError):
    """Raised when --lang names a language the definitions do not declare."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m questionnaires``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--definitions",
        metavar="DIR",
        help="directory of <id>/<version>.yaml definitions (default: the bundled ones)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m questionnaires",
        description="Validate, list and show questionnaire definitions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", parents=[common], help="check definition files or directories"
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="definition files or directories (default: all bundled definitions)",
    )
    validate.set_defaults(handler=_validate)

    listing = commands.add_parser("list", parents=[common], help="list the questionnaires")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--lang", metavar="LANG", help=_LANG_HELP.format(texts="titles"))
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", parents=[common], help="show one questionnaire")
    show.add_argument("id", help="questionnaire id, e.g. leadership-mindsets")
    show.add_argument("--version", help="version to show (default: the latest)")
    show.add_argument("--lang", metavar="LANG", help=_LANG_HELP.format(texts="texts"))
    show.add_argument("--json", action="store_true", help="print JSON instead of text")
    show.set_defaults(handler=_show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        exit_code: int = args.handler(args)
    except DefinitionError as error:
        _report(error.problems, sys.stderr)
        return EXIT_INVALID
    except (UnknownQuestionnaireError, UnknownLanguageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return exit_code


def _validate(args: argparse.Namespace) -> int:
    targets: list[str | None] = list(args.paths) or [args.definitions]
    problems: list[Problem] = []
    valid_files = 0
    for target in targets:
        if target is not None and not Path(target).is_dir():
            file_problems = validate_file(target)
            problems.extend(file_problems)
            valid_files += 0 if file_problems else 1
            continue
        try:
            library = load_library(target)
        except DefinitionError as error:
            problems.extend(error.problems)
        else:
            valid_files += sum(1 for _ in library.all_versions())
    if problems:
        _report(problems, sys.stdout)
        count = len(problems)
        print(f"{count} problem{'' if count == 1 else 's'} found", file=sys.stderr)
        return EXIT_INVALID
    print(f"OK: {valid_files} definition file{'' if valid_files == 1 else 's'} valid")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    library = _library(args)
    if args.json:
        _print_json([summary(questionnaire) for questionnaire in library])
    else:
        print(library_table(library, _language(library, args.lang)))
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    library = _library(args)
    questionnaire = library.get(args.id, args.version)
    lang = _language(library, args.lang)
    if args.json:
        _print_json(definition_data(questionnaire, lang))
    else:
        print(definition_text(questionnaire, lang))
    return EXIT_OK


def _library(args: argparse.Namespace) -> Library:
    return load_library(args.definitions)


def _language(library: Library, asked: str | None) -> str:
    if asked is None:
        return library.languages[0]
    if asked not in library.languages:
        declared = ", ".join(library.languages)
        raise UnknownLanguageError(
            f"the definitions declare no language '{asked}' (declared: {declared})"
        )
    return asked


def _report(problems: Sequence[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(problem, file=stream)


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
