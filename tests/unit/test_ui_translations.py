"""Every declared language has a complete interface catalogue that keeps every placeholder.

The interface's msgids are English, so English needs no catalogue; every other language
that questionnaires/definitions/languages.yaml declares needs
assessment/translations/<code>/LC_MESSAGES/messages.po holding a translation of every
string the code, the templates and the e-mails use.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from questionnaires import bundled_languages

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "assessment" / "translations"
SOURCE_LANGUAGE = "en"  # the language the msgids are written in
TRANSLATED = [code for code in bundled_languages() if code != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%\{[a-z]+\}")


def catalogue(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"


def messages(code: str) -> list:
    with catalogue(code).open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


@pytest.fixture(scope="module")
def used_strings(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every msgid of the code and templates, extracted as ``pybabel extract`` would."""
    template = tmp_path_factory.mktemp("extracted") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(template),
         "assessment", "templates"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with template.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_a_language_other_than_english_is_declared_and_checked() -> None:
    assert TRANSLATED, "no translated language declared: the checks below would check nothing"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_declared_language_has_a_catalogue(code: str) -> None:
    assert catalogue(code).is_file(), f"create it with pybabel init (docs/translating.md): {code}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_interface_string_is_translated(code: str) -> None:
    missing = [
        m.id
        for m in messages(code)
        if (not all(m.string) if isinstance(m.string, tuple) else not m.string)
        or "fuzzy" in m.flags
    ]
    assert missing == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code: str) -> None:
    broken = []
    for message in messages(code):
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(sources[-1]))
        for target in targets:
            if set(PLACEHOLDER.findall(target)) - expected or (
                len(targets) == 1 and set(PLACEHOLDER.findall(target)) != expected
            ):
                broken.append(sources[0])
    assert broken == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalogue_holds_every_string_the_code_templates_and_emails_use(
    code: str, used_strings: set[str]
) -> None:
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in messages(code)}
    assert sorted(used_strings - known) == []


def test_the_strings_used_include_the_emails_and_the_code(used_strings: set[str]) -> None:
    # The extraction itself must not silently skip a kind of file.
    assert "Hello," in used_strings  # templates/emails/*.txt
    assert "Choose at least one questionnaire." in used_strings  # Python
    assert "Check your answers" in used_strings  # templates/*.html


def test_no_catalogue_is_left_for_a_language_that_is_not_declared() -> None:
    catalogues = sorted(path.name for path in TRANSLATIONS.iterdir() if path.is_dir())
    assert catalogues == sorted(TRANSLATED)
