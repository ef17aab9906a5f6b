"""A library of definitions: every version of every questionnaire, validated together."""

import dataclasses
from pathlib import Path

import pytest

import questionnaires.library as library_module
from questionnaires import (
    DefinitionError,
    Library,
    UnknownQuestionnaireError,
    bundled_library,
    load_definition,
    load_library,
)

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID_LIBRARY = FIXTURES / "invalid-library"


@pytest.fixture(scope="module")
def samples():
    return load_library(VALID)


def test_ids_are_sorted_and_versions_run_oldest_first(samples):
    assert samples.ids() == ("maturity-sample", "portfolio-sample", "trend-sample")
    assert samples.versions("trend-sample") == ("1.0.0", "1.1.0")


def test_iterating_gives_the_latest_version_of_each_questionnaire(samples):
    assert [(q.id, q.version) for q in samples] == [
        ("maturity-sample", "1.0.0"),
        ("portfolio-sample", "1.0.0"),
        ("trend-sample", "1.1.0"),
    ]
    assert len(samples) == 3


def test_every_version_can_be_listed(samples):
    assert [(q.id, q.version) for q in samples.all_versions()] == [
        ("maturity-sample", "1.0.0"),
        ("portfolio-sample", "1.0.0"),
        ("trend-sample", "1.0.0"),
        ("trend-sample", "1.1.0"),
    ]


def test_get_returns_the_latest_version_unless_one_is_named(samples):
    assert samples.get("trend-sample").version == "1.1.0"
    assert samples.get("trend-sample", "1.0.0").item("ts-data-old") is not None


def test_membership_is_by_questionnaire_id(samples):
    assert "trend-sample" in samples
    assert "nothing" not in samples


def test_an_unknown_id_is_a_lookup_error_naming_the_id_and_the_known_ones(samples):
    with pytest.raises(UnknownQuestionnaireError) as raised:
        samples.get("leadership")

    assert isinstance(raised.value, LookupError)
    assert str(raised.value) == (
        "unknown questionnaire 'leadership' "
        "(known: maturity-sample, portfolio-sample, trend-sample)"
    )


def test_the_versions_of_an_unknown_id_are_a_lookup_error(samples):
    with pytest.raises(UnknownQuestionnaireError, match="unknown questionnaire 'leadership'"):
        samples.versions("leadership")


def test_an_unknown_version_is_a_lookup_error_naming_the_available_ones(samples):
    with pytest.raises(UnknownQuestionnaireError) as raised:
        samples.get("trend-sample", "2.0.0")

    assert str(raised.value) == (
        "questionnaire 'trend-sample' has no version 2.0.0 (available: 1.0.0, 1.1.0)"
    )


def test_the_latest_version_is_chosen_by_number_not_by_text():
    first = load_definition(VALID / "portfolio-sample" / "1.0.0.yaml")
    versions = [dataclasses.replace(first, version=v) for v in ("1.10.0", "1.9.0", "1.2.0")]

    assert Library(versions).get("portfolio-sample").version == "1.10.0"
    assert Library(versions).versions("portfolio-sample") == ("1.2.0", "1.9.0", "1.10.0")


def test_a_library_refuses_the_same_version_twice():
    questionnaire = load_definition(VALID / "portfolio-sample" / "1.0.0.yaml")

    with pytest.raises(ValueError, match="version 1.0.0 is given twice"):
        Library([questionnaire, questionnaire])


def test_an_empty_directory_is_an_empty_library(tmp_path):
    empty = load_library(tmp_path)

    assert (len(empty), empty.ids(), list(empty)) == (0, (), [])
    with pytest.raises(UnknownQuestionnaireError, match=r"\(known: none\)"):
        empty.get("anything")


def test_a_missing_directory_is_reported_as_a_problem(tmp_path):
    with pytest.raises(DefinitionError) as raised:
        load_library(tmp_path / "nowhere")

    assert [str(p) for p in raised.value.problems] == [
        f"{tmp_path / 'nowhere'}: (directory): no such directory"
    ]


def test_an_invalid_library_reports_every_problem_of_every_file_grouped_by_file():
    with pytest.raises(DefinitionError) as raised:
        load_library(INVALID_LIBRARY)

    found = [
        (str(Path(p.path).relative_to(INVALID_LIBRARY)), p.location, p.message)
        for p in raised.value.problems
    ]
    misplaced = f"definition files must be stored as <id>/<version>.yaml inside {INVALID_LIBRARY}"
    assert found == [
        (
            "broken-parent/1.0.0.yaml",
            "items[0].prompt.fr",
            "item 'bp-item': missing French (fr) text",
        ),
        (
            "lineage/2.0.0.yaml",
            "crosswalk.li-ghost",
            "'li-ghost' is not an item of version 1.0.0",
        ),
        ("lineage/3.0.0.yml", "(file)", misplaced),
        (
            "orphan/1.1.0.yaml",
            "previous_version",
            "previous_version 1.0.0 of 'orphan' is not among the definitions",
        ),
        ("stray.yaml", "(file)", misplaced),
    ]


def test_the_bundled_library_is_loaded_once_from_the_definitions_folder(monkeypatch):
    monkeypatch.setattr(library_module, "DEFINITIONS_DIR", VALID)
    bundled_library.cache_clear()
    try:
        first = bundled_library()

        assert first is bundled_library()
        assert first.ids() == ("maturity-sample", "portfolio-sample", "trend-sample")
    finally:
        bundled_library.cache_clear()
