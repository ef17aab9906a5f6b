"""The languages are declared once, in languages.yaml, and every text must exist in each."""

import shutil
from pathlib import Path

import pytest

from questionnaires import (
    DefinitionError,
    Library,
    bundled_languages,
    load_definition,
    load_languages,
    load_library,
    validate_file,
)
from questionnaires.languages import (
    BUNDLED_LANGUAGES_FILE,
    language_name,
    languages_file,
    read_languages,
)

VALID = Path(__file__).parent / "fixtures" / "valid"


def declare(folder: Path, text: str) -> Path:
    file = folder / "languages.yaml"
    file.write_text(text, encoding="utf-8")
    return file


@pytest.fixture
def definitions(tmp_path):
    """A copy of the valid fixtures, to which a test adds its own declaration."""
    folder = tmp_path / "definitions"
    shutil.copytree(VALID, folder)
    return folder


def test_the_platform_declares_its_languages_in_the_bundled_definitions_folder():
    assert bundled_languages() == load_languages() == ("en", "fr")
    assert BUNDLED_LANGUAGES_FILE.parent.name == "definitions"
    assert languages_file() == languages_file(VALID) == BUNDLED_LANGUAGES_FILE


def test_a_definitions_folder_with_its_own_declaration_follows_it(definitions):
    file = declare(definitions, "# default first\nlanguages: [fr, en, pt_BR]\n")

    assert languages_file(definitions) == file
    assert load_languages(definitions) == ("fr", "en", "pt_BR")


NOT_A_CODE = "is not a language code: write a Babel locale such as en, fr or pt_BR"
NOT_A_LIST = "languages: must be a list of at least one language code, the default first"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- en\n",
            [
                "(file): the file must hold a mapping (key: value pairs) at the top level, "
                "not a list"
            ],
        ),
        ("languages: [en]\nnames: {en: English}\n", ["names: is not a known field"]),
        ("default: en\n", ["default: is not a known field", "languages: is required"]),
        ("languages: []\n", [NOT_A_LIST]),
        ("languages: en\n", [NOT_A_LIST]),
        (
            "languages: [en, EN, 3, fr_fr]\n",
            [
                f"languages[1]: 'EN' {NOT_A_CODE}",
                f"languages[2]: '3' {NOT_A_CODE}",
                f"languages[3]: 'fr_fr' {NOT_A_CODE}",
            ],
        ),
        (
            "languages: [en, xx]\n",
            [
                "languages[1]: 'xx' is not a locale Babel knows, so numbers, dates and plurals "
                "could not be written in it"
            ],
        ),
        (
            "languages: [en, fr, en]\n",
            ["languages[2]: language 'en' is already declared at position 0"],
        ),
    ],
)
def test_a_malformed_declaration_reports_every_problem_where_it_is(tmp_path, text, expected):
    file = declare(tmp_path, text)

    languages, problems = read_languages(file)

    assert languages == ()
    assert [f"{p.location}: {p.message}" for p in problems] == expected
    assert {p.path for p in problems} == {str(file)}


def test_a_library_under_a_malformed_declaration_reports_the_declaration_alone(definitions):
    file = declare(definitions, "languages: [en, xx]\n")

    with pytest.raises(DefinitionError) as raised:
        load_library(definitions)
    with pytest.raises(DefinitionError) as loading:
        load_languages(definitions)

    assert [p.path for p in raised.value.problems] == [str(file)]
    assert loading.value.problems == raised.value.problems
    assert validate_file(definitions / "trend-sample" / "1.0.0.yaml") == raised.value.problems


def test_a_library_knows_its_languages_and_orders_every_text_by_them(definitions):
    declare(definitions, "languages: [fr, en]\n")

    library = load_library(definitions)
    questionnaire = library.get("maturity-sample")

    assert library.languages == ("fr", "en")
    assert questionnaire.title.languages == ("fr", "en")
    assert questionnaire.title.get("de") == "Auto-évaluation de maturité (exemple)"
    assert Library([questionnaire]).languages == bundled_languages()


def test_a_newly_declared_language_is_reported_missing_from_every_text(definitions):
    declare(definitions, "languages: [en, fr, de]\n")

    with pytest.raises(DefinitionError) as raised:
        load_library(definitions)

    maturity = [
        f"{p.location}: {p.message}"
        for p in raised.value.problems
        if p.path.endswith("maturity-sample/1.0.0.yaml")
    ]
    assert maturity[:3] == [
        "title.de: missing German (de) text",
        "description.de: missing German (de) text",
        "dimensions[0].title.de: dimension 'mandate': missing German (de) text",
    ]
    assert "items[0].options[2].label.de: item 'ms-mandate-written', option 'l3': " \
        "missing German (de) text" in maturity  # fmt: skip
    assert all(p.location.endswith(".de") for p in raised.value.problems)


def test_a_single_file_can_be_checked_against_languages_given_outright():
    file = VALID / "maturity-sample" / "1.0.0.yaml"

    assert load_definition(file, ["fr", "en"]).title.languages == ("fr", "en")
    assert validate_file(file, ["en", "fr"]) == []
    assert [p.location for p in validate_file(file, ["en", "fr", "es"])][:1] == ["title.es"]
    assert [p.message for p in validate_file(file, ["en"])][:1] == [
        "'fr' is not a declared language (declared: en); add it to languages.yaml or "
        "remove this text"
    ]


def test_languages_are_named_in_english_for_authors():
    assert [language_name(code) for code in ("en", "fr", "pt_BR")] == [
        "English",
        "French",
        "Portuguese (Brazil)",
    ]
