"""Benchmark words come from the catalogue, in the language forced or asked for."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask_babel import force_locale

from assessment.benchmarks import labels, reasons
from scoring.benchmark import REASONS, DisclosureRules, explain

LANGUAGES = ("en", "fr")
LEFT_OVER = re.compile(r"%\(|\{|\}")


def test_force_locale_works_in_an_application_context_without_a_request(app: Flask) -> None:
    # How the report worker and the command line word things: an application context
    # (pushed by the worker, or by ``with_appcontext``) and force_locale, no request.
    with app.app_context():
        with force_locale("fr"):
            french = reasons.note("too_few_organisations")
        with force_locale("en"):
            english = reasons.note("too_few_organisations")
    assert (english, french) == ("Fewer than 5 organisations.", "Moins de 5 organisations.")


@pytest.mark.parametrize("code", [*REASONS, reasons.NO_OWN_SCORE])
def test_every_reason_has_a_sentence_in_each_language_with_its_numbers(
    app: Flask, code: str
) -> None:
    rules = DisclosureRules(organisation_threshold=4, distribution_threshold=12)
    with app.app_context():
        sentences = {}
        for lang in LANGUAGES:
            with force_locale(lang):
                sentences[lang] = reasons.note(code, rules)
    assert sentences["en"] != sentences["fr"]
    for sentence in sentences.values():
        assert sentence.endswith(".") and not LEFT_OVER.search(sentence)
    if code != reasons.NO_OWN_SCORE:
        numbers = [v for v in explain(code, rules).params.values() if isinstance(v, int)]
        assert all(str(n) in sentences["en"] and str(n) in sentences["fr"] for n in numbers)


def test_a_reason_without_a_sentence_is_a_programming_error(app: Flask) -> None:
    with app.app_context(), force_locale("en"), pytest.raises(KeyError):
        reasons.note("because")


def test_numbers_shares_and_counts_are_written_as_each_language_writes_them(app: Flask) -> None:
    written = {}
    with app.app_context():
        for lang in LANGUAGES:
            with force_locale(lang):
                written[lang] = (
                    labels.number(2.5),
                    labels.number(0.7, 2),
                    labels.percent(2 / 3),
                    labels.percent(0.15, 0),
                    labels.count(1234),
                    labels.number(None),
                )
    assert written["en"] == ("2.5", "0.70", "66.7%", "15%", "1,234", "–")
    assert written["fr"] == ("2,5", "0,70", "66,7\u00a0%", "15\u00a0%", "1\u202f234", "–")


def test_fields_values_and_countries_read_in_the_current_language(app: Flask) -> None:
    with app.app_context():
        with force_locale("fr"):
            french = (
                labels.field_name("size_band"),
                labels.value_label("country", "DE"),
                labels.value_label("sector", "health"),
                labels.value_label("size_band", "1-49"),
                labels.value_label("country", None),
                labels.level_label(3),
                labels.language_name("en"),
            )
        with force_locale("en"):
            english = labels.value_label("country", "DE"), labels.language_name("fr")
    assert french == (
        "Taille (effectifs)", "Allemagne", "Santé", "1-49 agents", "Tous", "3 – Structuré",
        "anglais",
    )  # fmt: skip
    assert english == ("Germany", "French")


def test_every_query_problem_has_its_own_sentence(app: Flask) -> None:
    from pathlib import Path

    import assessment.benchmarks.services as services

    raised = set(re.findall(r'QueryError\("([a-z_]+)"', Path(services.__file__).read_text()))
    assert raised == set(reasons.QUERY_PROBLEMS)
    with app.app_context(), force_locale("fr"):
        sentences = {reasons.query_problem(code) for code in raised}
    assert len(sentences) == len(raised) and not sentences & raised


def test_the_rules_sentence_leaves_out_the_dominance_rule_when_it_is_off(app: Flask) -> None:
    with app.app_context(), force_locale("en"):
        with_share = reasons.rules_text(DisclosureRules())
        without = reasons.rules_text(DisclosureRules(dominance_share=None, score_decimals=2))
    assert "no country above 66.7%" in with_share and "1 decimal;" in with_share
    assert "no country above" not in without and "2 decimals;" in without
