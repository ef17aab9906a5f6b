"""THE PROOF that every word a user meets is translatable: nothing English is left in the
pseudo-locale on any page of the route table, in the capability PDF, in any export or in
any e-mail. A failure lists the English words left, per page or file.

The pseudo-locale (tests/i18n/pseudo.py) turns every msgid and every questionnaire text
into accented, bracketed text; what stays plain ASCII was never translated, unless it is
data (names, titles, addresses, comments), a code, a number or Babel's own locale data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.functional.test_access_matrix import (
    ADMIN,
    ANALYST,
    ANONYMOUS,
    COORDINATOR_A,
    COORDINATOR_B,
    MATRIX,
    NATIONAL_A,
    RESPONDENT,
    client_for,
    url_of,
)
from tests.i18n.conftest import PseudoWorld
from tests.i18n.pages import visible_texts
from tests.i18n.pseudo import PSEUDO, babel_words, untranslated

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only

# Each page is read by each kind of user it serves (a coordinator of another
# organisation, refused, would only see the error page, read below as well).
READERS = (ANONYMOUS, RESPONDENT, COORDINATOR_A, NATIONAL_A, ANALYST, ADMIN)
# The blueprints of the route table. A new one fails the guard test below until it is
# listed here (or, for a JSON-only one, in NOT_PAGES).
BLUEPRINTS = (
    "main", "auth", "dashboard", "rounds", "results", "reports", "respond", "benchmarks",
    "benchmark_reports", "api_tokens", "privacy", "mfa", "onboarding", "people", "settings",
    "annex", "round_dates",
)  # fmt: skip
# Blueprints whose pages answer a form (POST only), each read by a test of its own below.
FORM_PAGES = ("round_invitations",)
# Routes that only send the browser on to a page read elsewhere (they have no words).
REDIRECTS = {"people.go_to_country"}
# JSON for programs (token authentication, codes): not pages a person reads.
NOT_PAGES = ("api", "static")
# Files, checked by the export tests below rather than as pages. The privacy export is
# the organisation's stored data as JSON, in no language: codes, numbers and what people
# typed (its stored score snapshots still hold the engine's English sentences until the
# engine returns codes), so it is not read here.
EXPORTS = {"results.export", "benchmarks.export", "privacy.organisation_export"}


def allowed_words() -> set[str]:
    return babel_words(PSEUDO)


def english_left(texts: Iterable[str], world: PseudoWorld) -> list[str]:
    """The English words of ``texts``, each with the text it was found in."""
    allowed = allowed_words()
    found = []
    for text in texts:
        words = untranslated(text, world.data, allowed)
        if words:
            found.append(f"{' '.join(words)!s:40}  in: {text[:140]!r}")
    return found


def report(failures: dict[str, list[str]]) -> str:
    lines = [f"{len(failures)} places show English in the pseudo-locale:"]
    for where, found in failures.items():
        lines.append(f"\n{where}")
        lines.extend(f"    {line}" for line in found[:25])
        if len(found) > 25:
            lines.append(f"    … and {len(found) - 25} more")
    return "\n".join(lines)


# ---------------------------------------------------------------- pages


# Pages only a session half-way through signing in reaches (password given, code asked).
SECOND_STEP = "signing in with two steps"


def _readers(endpoint: str) -> tuple[str, ...]:
    if endpoint.startswith("respond."):
        return ("link",)
    if endpoint == "mfa.challenge":
        return (SECOND_STEP,)
    expected = MATRIX[endpoint]
    if expected == "link":  # a single-use link from an e-mail, opened by its addressee
        return ("link",)
    if expected == "public":
        return (ANONYMOUS, COORDINATOR_A)
    return tuple(reader for reader in READERS if reader in expected)


def _values(world: PseudoWorld, rule: Rule) -> dict[str, object]:
    values = dict(world.values)
    if rule.endpoint.startswith("respond."):
        values["questionnaire_id"] = values["respond_questionnaire_id"]
        if rule.endpoint == "respond.confirmation":
            values["token"] = values["submitted_token"]
    account_links = {
        "onboarding.accept_invitation": "invitation_token",
        "onboarding.reset_password": "password_reset_token",
        "onboarding.verify_email": "email_change_token",
    }
    if rule.endpoint in account_links:
        values["token"] = values[account_links[rule.endpoint]]
    if rule.endpoint == "round_dates.close":  # a closed round's page only says so
        values["round_id"] = values["open_round_id"]
    return values


def _with_language(url: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}lang={PSEUDO}"


def _clients(app: Flask) -> Iterator[tuple[str, FlaskClient]]:
    for reader in ("link", *READERS):
        client, _token = (app.test_client(), None) if reader == "link" else client_for(app, reader)
        yield reader, client
    yield SECOND_STEP, _half_signed_in(app)


def _half_signed_in(app: Flask) -> FlaskClient:
    """A client whose password matched for an account with an authenticator app."""
    import pyotp

    from assessment.accounts import services as accounts
    from assessment.accounts import two_factor
    from assessment.core.extensions import db
    from tests.fixtures.web import post_form

    email, password = "two-steps@agency.example", "correct horse battery staple"
    with app.app_context():
        if accounts.find_user(email) is None:  # one account for every page test
            user = accounts.create_user(email, password)
            secret = two_factor.pending_secret(user)
            two_factor.confirm(user, pyotp.TOTP(secret).now())
            db.session.commit()
    client = app.test_client()
    answer = post_form(client, "/account/sign-in", {"email": email, "password": password})
    assert answer.status_code == 302 and "/two-step/" in answer.location
    return client


def _page_rules(app: Flask, blueprint: str) -> list[Rule]:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ())
            and rule.endpoint.partition(".")[0] == blueprint
            and rule.endpoint not in EXPORTS
        ),
        key=lambda rule: rule.rule,
    )


def test_the_pages_read_below_cover_every_blueprint_of_the_route_table(
    pseudo_world: PseudoWorld,
) -> None:
    blueprints = {
        rule.endpoint.partition(".")[0] if "." in rule.endpoint else rule.endpoint
        for rule in pseudo_world.app.url_map.iter_rules()
    }
    assert sorted(blueprints - set(NOT_PAGES)) == sorted(BLUEPRINTS + FORM_PAGES)


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_every_page_is_fully_translated(pseudo_world: PseudoWorld, blueprint: str) -> None:
    app = pseudo_world.app
    clients = dict(_clients(app))
    rules = _page_rules(app, blueprint)
    assert rules, f"no GET route in blueprint {blueprint}"
    failures: dict[str, list[str]] = {}
    unread: list[str] = []
    for rule in rules:
        url = _with_language(url_of(app, rule, _values(pseudo_world, rule)))
        read = False
        for reader in _readers(rule.endpoint):
            response = clients[reader].get(url)
            where = f"{rule.endpoint} as {reader}: GET {url} -> {response.status_code}"
            if response.status_code >= 500:
                failures[where] = ["server error"]
            elif response.status_code < 300 or response.status_code == 404:
                # 404: an object the world lacks (MISSING_OBJECTS); its page is read too.
                read = True
                if response.content_type.startswith("text/html"):
                    found = english_left(visible_texts(response.text, PSEUDO), pseudo_world)
                    if found:
                        failures[where] = found
        if not read:
            unread.append(f"{rule.endpoint}: GET {url}")
    # A page that only redirects was never read: the world must reach every route.
    unread = [page for page in unread if page.partition(":")[0] not in REDIRECTS]
    assert unread == [], "pages not read: " + ", ".join(unread)
    assert not failures, report(failures)


def test_error_pages_are_fully_translated(pseudo_world: PseudoWorld) -> None:
    client = pseudo_world.app.test_client()
    response = client.get(_with_language("/no-such-page"))

    assert response.status_code == 404
    found = english_left(visible_texts(response.text, PSEUDO), pseudo_world)
    assert not found, report({"404 page": found})


# ---------------------------------------------------------------- the capability PDF


def test_the_capability_report_pdf_is_fully_translated(pseudo_world: PseudoWorld) -> None:
    from pypdf import PdfReader

    from assessment.accounts.organisations import Organisation
    from assessment.core.extensions import db
    from assessment.reports.pipeline import capability_pdf
    from assessment.survey.models import AssessmentRound

    app = pseudo_world.app
    # As the ``report`` command renders it: an app context, no request.
    with app.app_context():
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug=pseudo_world.values["slug"])
        ).scalar_one()
        assessment_round = db.session.get(AssessmentRound, pseudo_world.values["round_id"])
        pdf = capability_pdf(organisation, assessment_round, PSEUDO)

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 1
    failures = {
        f"capability PDF, page {number}": found
        for number, page in enumerate(pages, start=1)
        if (found := english_left(page.extract_text().splitlines(), pseudo_world))
    }
    assert not failures, report(failures)


# ---------------------------------------------------------------- exports


def _coordinator(app: Flask) -> FlaskClient:
    return client_for(app, COORDINATOR_A)[0]


def _get_file(client: FlaskClient, url: str) -> bytes:
    response = client.get(_with_language(url))
    assert response.status_code == 200, f"GET {url} -> {response.status_code}"
    return response.data


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# The columns and keys that hold words (the others hold codes, numbers and data).
RESULT_WORDED = ("label", "level_name", "questionnaire_title")
BENCHMARK_WORDED = ("group_label",)
BENCHMARK_METHOD_WORDED = ("title", "questionnaire_title", "rules_text", "records_rule", "reasons")


def _results_url(world: PseudoWorld, fmt: str) -> str:
    slug, round_id = world.values["slug"], world.values["round_id"]
    return f"/organisations/{slug}/rounds/{round_id}/results/export.{fmt}"


def _table_words(header: list[str], rows: list[list[Any]], worded: tuple[str, ...]) -> list[str]:
    columns = [header.index(name) for name in worded if name in header]
    assert columns, f"none of the worded columns {worded} in {header}"
    texts = [str(row[c]) for row in rows for c in columns if row[c] not in (None, "")]
    assert texts, "the worded columns are empty"
    return texts


def test_the_results_exports_are_fully_translated(pseudo_world: PseudoWorld) -> None:
    from openpyxl import load_workbook

    client = _coordinator(pseudo_world.app)
    failures: dict[str, list[str]] = {}

    text = _get_file(client, _results_url(pseudo_world, "csv")).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    words = _table_words(table[0], table[1:], RESULT_WORDED)
    failures["results CSV"] = english_left(words, pseudo_world)

    workbook = load_workbook(io.BytesIO(_get_file(client, _results_url(pseudo_world, "xlsx"))))
    results = [list(row) for row in workbook["results"].iter_rows(values_only=True)]
    columns = [list(row) for row in workbook["columns"].iter_rows(values_only=True)]
    words = _table_words(results[0], results[1:], RESULT_WORDED)
    words += _table_words(columns[0], columns[1:], ("label",))
    failures["results XLSX"] = english_left(words, pseudo_world)

    document = json.loads(_get_file(client, _results_url(pseudo_world, "json")))
    texts = [column["label"] for column in document["columns"]]
    texts += [row[key] for row in document["rows"] for key in RESULT_WORDED if row.get(key)]
    failures["results JSON"] = english_left(texts, pseudo_world)

    failures = {where: found for where, found in failures.items() if found}
    assert not failures, report(failures)


def test_the_benchmark_exports_are_fully_translated(pseudo_world: PseudoWorld) -> None:
    from openpyxl import load_workbook

    client = client_for(pseudo_world.app, ANALYST)[0]
    base = "/analyst/explorer/export."
    failures: dict[str, list[str]] = {}

    table = list(csv.reader(io.StringIO(_get_file(client, base + "csv").decode("utf-8-sig"))))
    header = next(row for row in table if "group_label" in row)
    body = table[table.index(header) + 1 :]
    failures["benchmark CSV"] = english_left(
        _table_words(header, body, BENCHMARK_WORDED), pseudo_world
    )

    workbook = load_workbook(io.BytesIO(_get_file(client, base + "xlsx")))
    texts = []
    for sheet in workbook:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        header = next((row for row in rows if "group_label" in row), None)
        if header is not None:
            texts += _table_words(header, rows[rows.index(header) + 1 :], BENCHMARK_WORDED)
        else:  # the sheet describing the method: a label, then its value
            texts += [str(cell) for row in rows for cell in row[:1] if isinstance(cell, str)]
    failures["benchmark XLSX"] = english_left(texts, pseudo_world)

    document = json.loads(_get_file(client, base + "json"))
    method = document["method"]
    texts = [text for key in BENCHMARK_METHOD_WORDED for text in _strings(method.get(key))]
    texts += [cell["note"] for cell in document["cells"] if cell.get("note")]
    assert texts
    failures["benchmark JSON"] = english_left(texts, pseudo_world)

    failures = {where: found for where, found in failures.items() if found}
    assert not failures, report(failures)


def test_the_invitation_check_page_is_fully_translated(pseudo_world: PseudoWorld) -> None:
    from assessment.accounts.organisations import Organisation
    from assessment.core.extensions import db
    from tests.fixtures.journeys import open_round
    from tests.fixtures.web import csrf_token

    app = pseudo_world.app
    with app.app_context():
        slug = db.session.get_one(Organisation, pseudo_world.values["organisation_id"]).slug
    client = client_for(app, COORDINATOR_B)[0]
    client.get(_with_language("/"))
    round_page = open_round(client, ("leadership-mindsets",), slug=slug)
    page = client.get(round_page)
    # One address to send, one repeated, one that is not an address: every part is worded.
    listed = "check-one@example.org\ncheck-one@example.org\nnot-an-address"
    response = client.post(round_page + "invitations", data={
        "csrf_token": csrf_token(page.text), "emails": listed, "respondent_role": "staff",
        "language": PSEUDO,
    })  # fmt: skip
    assert response.status_code == 200 and "/invitations/confirm" in response.text
    # The round's title is what the coordinator typed (open_round), not the platform's words.
    texts = [t for t in visible_texts(response.text, PSEUDO) if t != "Spring assessment"]
    found = english_left(texts, pseudo_world)
    assert not found, report({"invitation check page": found})


# ---------------------------------------------------------------- e-mails


def test_invitations_and_reminders_are_written_in_the_invitations_language(
    pseudo_world: PseudoWorld,
) -> None:
    from assessment.accounts.organisations import Organisation
    from assessment.core.extensions import db
    from assessment.core.mail import OutboxMessage
    from tests.fixtures.journeys import open_round, send_invitations
    from tests.fixtures.web import csrf_token

    app = pseudo_world.app
    # Organisation B's own round, so that the pages read above keep their outbox.
    with app.app_context():
        slug = db.session.get_one(Organisation, pseudo_world.values["organisation_id"]).slug
    client = client_for(app, COORDINATOR_B)[0]
    # The coordinator works in English; the people are invited in the pseudo-locale.
    client.get("/?lang=en")
    round_page = open_round(client, ("leadership-mindsets",), slug=slug)
    page = client.get(round_page)
    addresses = {role: f"pseudo-{role}@example.org" for role in ("leader", "staff", "partner")}
    for role, address in addresses.items():
        response = send_invitations(
            client, round_page,
            {"emails": address, "respondent_role": role, "language": PSEUDO},
        )  # fmt: skip
        assert response.status_code == 302
    response = client.post(round_page + "remind", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302

    with app.app_context():
        messages = (
            db.session.execute(
                db.select(OutboxMessage).filter(OutboxMessage.recipient.in_(addresses.values()))
            )
            .scalars()
            .all()
        )
    # An invitation, then a reminder, to each person.
    assert sorted(m.recipient for m in messages) == sorted([*addresses.values()] * 2)
    failures = {
        f"e-mail to {message.recipient} #{message.id}": found
        for message in messages
        if (found := english_left([message.subject, *message.body.splitlines()], pseudo_world))
    }
    assert not failures, report(failures)
