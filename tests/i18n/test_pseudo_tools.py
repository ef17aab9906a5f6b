"""The pseudo-locale's own tools do what the proof relies on, and can tell English apart."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
import yaml

from questionnaires import load_library
from tests.i18n.pages import visible_texts
from tests.i18n.pseudo import (
    PSEUDO,
    babel_words,
    build_catalogue,
    build_definitions,
    pseudo,
    untranslated,
)

VALID = Path(__file__).parents[1] / "unit" / "questionnaires" / "fixtures" / "valid"


def test_every_letter_is_changed_and_the_text_lengthened() -> None:
    text = pseudo("Save and come back later")

    assert untranslated(text) == []
    assert not any("a" <= c.lower() <= "z" for c in text)
    assert text.startswith("[") and text.endswith("]")
    assert len(text) >= len("Save and come back later") * 1.3


@pytest.mark.parametrize(
    "kept",
    ["%(organisation)s", "%(num)d", "%%", "%%{count}", "{name}", '<a href="/x">', "</a>", "&amp;"],
)
def test_placeholders_markup_and_entities_come_through_unchanged(kept: str) -> None:
    assert kept in pseudo(f"Before {kept} after")


def test_what_is_left_untranslated_is_found_and_data_codes_and_babel_words_are_not() -> None:
    text = (
        f"{pseudo('Submitted by')} Demo Agency (demo), admin@demo.example: "
        "Not started, l3, leadership-mindsets, Europe/Paris, role.granted, OECD, 2,60 Marto"
    )

    found = untranslated(text, data={"Demo Agency (demo)"}, allowed=babel_words(PSEUDO))

    assert found == ["Not", "started"]


def test_a_page_is_read_as_its_reader_sees_it() -> None:
    html = """<html lang="eo"><head><title>Title</title><style>p{}</style></head>
    <body><script>var English = 1;</script><p>Shown <b>text</b></p><br>
    <a href="?lang=en" lang="en">English</a><img alt="Picture"><div data-i18n.x="Message">
    <svg><path d="M0"/></svg><input value="code" placeholder="Hint"/></div></body></html>"""

    assert visible_texts(html, "eo") == ["Title", "Shown", "text", "Picture", "Message", "Hint"]


def test_the_catalogue_translates_every_message_and_plural(tmp_path: Path) -> None:
    source = tmp_path / "messages.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Back"\nmsgstr "Retour"\n\n'
        '#, python-format\nmsgid "%(num)d reminder sent."\nmsgid_plural "%(num)d reminders sent."\n'
        'msgstr[0] "x"\nmsgstr[1] "y"\n',
        encoding="utf-8",
    )

    compiled = build_catalogue(tmp_path / "translations", source)
    with compiled.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    assert compiled == tmp_path / "translations" / PSEUDO / "LC_MESSAGES" / "messages.mo"
    assert catalogue.gettext("Back") == pseudo("Back")
    assert catalogue.ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", 1) == pseudo(
        "%(num)d reminder sent."
    )
    assert catalogue.ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", 3) == pseudo(
        "%(num)d reminders sent."
    )


def test_the_definitions_get_a_pseudo_text_everywhere_and_declare_it(tmp_path: Path) -> None:
    target = build_definitions(tmp_path / "definitions", VALID)

    library = load_library(target)

    assert library.languages == ("en", "fr", PSEUDO)
    maturity = library.get("maturity-sample")
    assert maturity.title[PSEUDO] == pseudo(maturity.title["en"])
    assert maturity.items[0].options[0].label[PSEUDO] == pseudo(
        maturity.items[0].options[0].label["en"]
    )
    assert yaml.safe_load((target / "languages.yaml").read_text())["languages"][-1] == PSEUDO
