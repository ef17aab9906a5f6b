"""Templates translate with the catalogue of the language they are rendered in."""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale


def render(app: Flask, source: str, lang: str = "en", **context: object) -> str:
    with app.test_request_context(f"/?lang={lang}"):
        return render_template_string(source, **context)


def test_text_follows_the_page_language(app: Flask) -> None:
    assert render(app, '{{ _("Back") }}', "fr") == "Retour"
    assert render(app, '{{ _("Back") }}', "en") == "Back"


def test_force_locale_switches_the_language_of_what_it_renders(app: Flask) -> None:
    with app.test_request_context("/?lang=en"):
        with force_locale("fr"):
            inside = render_template_string('{{ _("Back") }}')
        after = render_template_string('{{ _("Back") }}')
    assert (inside, after) == ("Retour", "Back")


def test_variables_are_escaped_and_double_percent_is_one_percent(app: Flask) -> None:
    source = (
        '{{ _("Unit assessed: %(unit)s", unit=unit) }}|'
        "{{ _('You have %%{count} characters remaining') }}"
    )
    assert render(app, source, unit="<b>R&D</b>") == (
        "Unit assessed: &lt;b&gt;R&amp;D&lt;/b&gt;|You have %{count} characters remaining"
    )


def test_text_templates_are_not_escaped(app: Flask) -> None:
    source = (
        '{% autoescape false %}{{ _("Unit assessed: %(unit)s", unit=unit) }}{% endautoescape %}'
    )
    assert render(app, source, "fr", unit="R&D") == "Unité évaluée : R&D"


def test_macros_imported_without_context_translate_too(app: Flask) -> None:
    source = (
        '{% from "components/error_summary.html" import error_summary %}'
        '{{ error_summary([("email", "x")]) }}'
    )
    assert "Il y a un problème" in render(app, source, "fr")
    assert "There is a problem" in render(app, source, "en")
