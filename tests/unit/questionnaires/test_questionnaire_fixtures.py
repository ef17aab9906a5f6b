"""Every fixture runs through the validator: valid ones have no problems, and each invalid
one reports exactly the problems listed in the ``.expected`` file next to it."""

from pathlib import Path

import pytest

from questionnaires import DefinitionError, load_definition, validate_file

FIXTURES = Path(__file__).parent / "fixtures"
VALID_FILES = sorted((FIXTURES / "valid").glob("*/*.yaml"))
INVALID_FILES = sorted((FIXTURES / "invalid").glob("*/*.yaml"))


def _case_name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _expected_lines(definition: Path) -> list[str]:
    expected = definition.with_suffix(".expected")
    return expected.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("definition", VALID_FILES, ids=_case_name)
def test_a_valid_fixture_has_no_problems(definition):
    assert validate_file(definition) == []


@pytest.mark.parametrize("definition", INVALID_FILES, ids=_case_name)
def test_an_invalid_fixture_reports_exactly_its_expected_problems(definition):
    problems = validate_file(definition)

    assert [f"{p.location}: {p.message}" for p in problems] == _expected_lines(definition)
    assert {p.path for p in problems} == {str(definition)}


@pytest.mark.parametrize("definition", INVALID_FILES, ids=_case_name)
def test_loading_an_invalid_fixture_raises_with_the_same_problems(definition):
    with pytest.raises(DefinitionError) as raised:
        load_definition(definition)

    assert raised.value.problems == validate_file(definition)


def test_the_fixtures_cover_every_answer_type_and_a_crosswalk():
    questionnaires = [load_definition(path) for path in VALID_FILES]

    answer_types = {item.answer_type for q in questionnaires for item in q.items}
    assert answer_types == {"maturity", "facet-choice", "emphasis"}
    assert any(q.crosswalk for q in questionnaires)


def test_every_invalid_fixture_is_paired_with_its_expected_messages():
    assert INVALID_FILES
    for definition in INVALID_FILES:
        assert definition.with_suffix(".expected").is_file(), definition
    expected_files = sorted((FIXTURES / "invalid").glob("*/*.expected"))
    assert [p.with_suffix(".yaml") for p in expected_files] == INVALID_FILES


def test_a_missing_french_label_is_reported_with_its_location():
    problems = validate_file(FIXTURES / "invalid" / "missing-french-label" / "1.0.0.yaml")

    assert (
        "items[0].options[2].label.fr",
        "item 'mf-item', option 'l3': missing French (fr) text",
    ) in [(p.location, p.message) for p in problems]


def test_a_problem_reads_as_path_location_and_message():
    definition = FIXTURES / "invalid" / "id-not-folder" / "1.0.0.yaml"

    (problem,) = validate_file(definition)

    assert str(problem) == (
        f"{definition}: id: id 'another-id' must equal the name of its folder, 'id-not-folder'"
    )


def test_a_file_is_checked_against_its_folder_even_when_given_relative(monkeypatch):
    monkeypatch.chdir(FIXTURES / "valid" / "maturity-sample")

    assert validate_file("1.0.0.yaml") == []
