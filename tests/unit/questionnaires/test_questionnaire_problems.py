"""Problems, their locations and the error that carries them."""

import pytest

from questionnaires import DefinitionError, Problem
from questionnaires.problems import at


@pytest.mark.parametrize(
    ("parts", "location"),
    [
        ((), "(root)"),
        (("id",), "id"),
        (("items", 3, "options", 2, "label", "fr"), "items[3].options[2].label.fr"),
        (("crosswalk", "lm-old-item"), "crosswalk.lm-old-item"),
        (("tags", True), "tags.True"),
    ],
)
def test_a_location_joins_keys_with_dots_and_indexes_with_brackets(parts, location):
    assert at(*parts) == location


def test_a_problem_is_printed_as_path_location_message():
    problem = Problem("defs/x/1.0.0.yaml", "items[0].id", "is required")

    assert str(problem) == "defs/x/1.0.0.yaml: items[0].id: is required"


def test_a_definition_error_lists_every_problem_under_a_count():
    problems = [Problem("a.yaml", "id", "first"), Problem("b.yaml", "version", "second")]

    error = DefinitionError(problems)

    assert error.problems == problems
    assert str(error).splitlines() == [
        "2 problems in questionnaire definitions",
        "a.yaml: id: first",
        "b.yaml: version: second",
    ]


def test_a_single_problem_is_counted_in_the_singular():
    error = DefinitionError([Problem("a.yaml", "id", "first")])

    assert str(error).splitlines()[0] == "1 problem in questionnaire definitions"
