"""The definitions shipped with the platform: the four instruments, valid and translated."""

import pytest

from questionnaires import DEFINITIONS_DIR, Text, bundled_languages, load_library, validate_file
from questionnaires.model import Questionnaire

INSTRUMENTS = (
    "ecosystem-partners",
    "innovation-portfolio",
    "innovation-skills",
    "leadership-mindsets",
)
BUNDLED_FILES = sorted(DEFINITIONS_DIR.glob("*/*.yaml"))


@pytest.fixture(scope="module")
def bundled():
    # load_library rather than the cached bundled_library, so other tests' stand-ins
    # cannot leak in.
    return load_library()


def test_the_bundled_definitions_are_exactly_the_four_instruments(bundled):
    assert bundled.ids() == INSTRUMENTS


@pytest.mark.parametrize("definition", BUNDLED_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_bundled_definition_file_has_no_problems(definition):
    assert [str(problem) for problem in validate_file(definition)] == []


def _texts(questionnaire: Questionnaire):
    yield "title", questionnaire.title
    yield "description", questionnaire.description
    for dimension in questionnaire.dimensions:
        yield f"{dimension.id}.title", dimension.title
        yield f"{dimension.id}.description", dimension.description
    for item in questionnaire.items:
        yield f"{item.id}.prompt", item.prompt
        if item.help is not None:
            yield f"{item.id}.help", item.help
        for option in item.options:
            yield f"{item.id}.{option.code}.label", option.label


def test_every_text_of_every_bundled_version_exists_in_every_declared_language(bundled):
    languages = bundled_languages()
    untranslated = [
        f"{questionnaire.id} {questionnaire.version}: {where}"
        for questionnaire in bundled.all_versions()
        for where, text in _texts(questionnaire)
        if not isinstance(text, Text)
        or text.languages != languages
        or not all(text[code].strip() for code in languages)
    ]

    assert bundled.ids()
    assert untranslated == []


def test_the_platform_is_declared_in_english_then_french():
    assert bundled_languages() == ("en", "fr")
    assert BUNDLED_FILES and all(path.name != "languages.yaml" for path in BUNDLED_FILES)
