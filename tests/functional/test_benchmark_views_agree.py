"""A group shown in two views is decided once: the national page and the explorer agree.

A country's "All organisations" row on its national page (the margin of the table by
level of government) and that country's row in the analyst's explorer (the table by
country) are the same group of organisations. Read as their users read them, through
the pages, each is shown with the same figures or withheld for the same reason.
"""

from __future__ import annotations

import pytest
from flask import Flask

from assessment.core.extensions import db
from tests.fixtures.attacker import page_tables
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
    signed_in_client,
    user_with_role,
)

# Large and small countries; Canada's levels of government are too small to show on
# their own while the country is not; Estonia is too small altogether; nine of Malta's
# ten agencies are named, which leaves too few unknown ones to show.
COUNTRIES = {"FR": 15, "CA": 6, "PT": 11, "EE": 2}
NAMES = {"FR": "France", "CA": "Canada", "PT": "Portugal", "EE": "Estonia", "MT": "Malta"}
EVERYONE = "All organisations"


@pytest.fixture
def published_countries(app: Flask) -> None:
    """The countries above and Malta's agencies, published, with an analyst and each
    country's national coordinator to read them."""
    with app.app_context():
        seed_countries(COUNTRIES)
        for number in range(10):
            agency = add_organisation(f"mt-{number:03d}", "MT", name=f"Maltese Agency {number}")
            add_result(agency, 2.0 + number / 10, consent="named" if number else "anonymous")
        publish()
        user_with_role("analyst@example.org", "analyst")
        for code in NAMES:
            user_with_role(f"national.{code.lower()}@example.org", "national_coordinator",
                           country=code)  # fmt: skip
        db.session.commit()


def _row(rows: list[list[str]], label: str) -> list[str]:
    found = [row[1:] for row in rows if row and row[0] == label]
    assert len(found) == 1, (label, rows)
    return found[0]


def _explorer_by_country(app: Flask) -> list[list[str]]:
    """The analyst's explorer table by country, as its page shows it."""
    explorer = signed_in_client(app, "analyst@example.org").get(
        f"/analyst/explorer?questionnaire={QUESTIONNAIRE}&group_by=country"
    )
    assert explorer.status_code == 200
    return page_tables(explorer.text)["benchmark-table"]


def _national_tables(app: Flask, code: str) -> dict[str, list[list[str]]]:
    """The tables of a country's national page, read by its national coordinator."""
    page = signed_in_client(app, f"national.{code.lower()}@example.org").get(f"/national/{code}/")
    assert page.status_code == 200
    return page_tables(page.text)


@pytest.mark.usefixtures("published_countries")
def test_a_countrys_row_is_decided_the_same_on_its_national_page_and_in_the_explorer(
    app: Flask,
) -> None:
    by_country = _explorer_by_country(app)

    decisions = set()
    for code, name in NAMES.items():
        by_level = _national_tables(app, code)[f"by-level-{QUESTIONNAIRE}"]
        in_explorer = _row(by_country, name)
        on_national_page = _row(by_level, EVERYONE)
        assert on_national_page == in_explorer, code
        decisions.add(in_explorer[0].startswith("Withheld"))
    # Both decisions occur, so the comparison covers a shown row and a withheld one.
    assert decisions == {True, False}


def _decision(text: str) -> str:
    # "Withheld: <reason>" whole, or the published median (the first figure of the cell).
    return text if text.startswith("Withheld") else text.split()[0]


@pytest.mark.usefixtures("published_countries")
def test_the_country_against_the_world_is_decided_as_the_explorer_decides_each_cell(
    app: Flask,
) -> None:
    by_country = _explorer_by_country(app)
    everyone = _row(by_country, EVERYONE)

    decisions = set()
    for code, name in NAMES.items():
        rows = _national_tables(app, code)[f"compare-{QUESTIONNAIRE}"][1:]  # below the header
        in_explorer = _row(by_country, name)
        assert rows[0][0] == "Overall" and len(rows) == len(everyone) - 2
        for measure, (_title, mine, world) in enumerate(rows):
            # The explorer's row: counts, overall (with its band), then each dimension;
            # a withheld group is one cell that says why.
            explorer_mine = in_explorer[0] if len(in_explorer) == 1 else in_explorer[2 + measure]
            explorer_world = everyone[2 + measure]
            if explorer_mine.startswith("Withheld") and len(in_explorer) > 1:
                explorer_mine = "Withheld"  # a measure alone withheld reads "Withheld" there
            assert _decision(mine).startswith(_decision(explorer_mine)), (code, measure)
            assert _decision(world) == _decision(explorer_world), (code, measure)
            decisions.add(mine.startswith("Withheld"))
        # The overall band (middle half) is the explorer's, or withheld in both.
        overall = in_explorer[2] if len(in_explorer) > 1 else "Withheld"
        band = overall.partition("(")[2].rstrip(")")
        if band:
            assert f"middle half {band}" in rows[0][1]
        elif not overall.startswith("Withheld"):
            assert "middle half withheld" in rows[0][1]
    assert decisions == {True, False}
