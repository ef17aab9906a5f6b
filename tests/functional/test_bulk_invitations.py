"""One invitation per address, from a pasted list or a CSV file, or none if a line is wrong."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient

from assessment.core.extensions import db
from assessment.core.mail import OutboxMessage
from assessment.survey.models import Invitation
from tests.fixtures import journeys
from tests.fixtures.web import csrf_token

SECTION = "leadership-mindsets"


def _post(client: FlaskClient, round_path: str, **data: object) -> object:
    page = client.get(round_path).text
    return client.post(
        round_path + "invitations",
        data={
            "csrf_token": csrf_token(page),
            "respondent_role": "staff",
            "language": "en",
            **data,
        },  # fmt: skip
        content_type="multipart/form-data",
    )


def _invited(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.execute(db.select(Invitation.email)).scalars())


def _messages(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.execute(db.select(OutboxMessage.recipient)).scalars())


def test_two_addresses_on_one_line_are_two_invitations_with_their_own_links(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    pasted = (
        "a@x.example, b@x.example\nC@x.example; Dee Dee <d@x.example>\n\ne@x.example f@x.example"
    )
    response = _post(coordinator, round_path, emails=pasted)
    assert response.status_code == 302  # type: ignore[attr-defined]
    expected = [f"{letter}@x.example" for letter in "abcdef"]
    assert _invited(app) == expected
    assert _messages(app) == expected
    links = journeys.links_by_email(coordinator)
    assert len(set(links.values())) == 6


def test_invalid_and_repeated_addresses_are_reported_by_line_and_nothing_is_sent(
    app: Flask,
) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["old@x.example"], "staff")
    pasted = "ok@x.example\nnot-an-address, ok@x.example\nold@x.example\nbad@nodot"
    response = _post(coordinator, round_path, emails=pasted)
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "Line 2: “not-an-address” is not an email address." in text
    assert "Line 2: ok@x.example is already on line 1." in text
    assert "Line 3: old@x.example is already invited to this round." in text
    assert "Line 4: “bad@nodot” is not an email address." in text
    assert "Nothing was sent" in text
    assert pasted.replace("\n", "&#10;") in text or "not-an-address, ok@x.example" in text
    assert _invited(app) == ["old@x.example"]
    assert _messages(app) == ["old@x.example"]


def test_a_csv_file_invites_every_address_in_it(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    csv_file = "Name;Email;Team\nAna;ana@x.example;Policy\nBen;ben@x.example;Digital\n"
    response = _post(
        coordinator,
        round_path,
        emails="",
        address_file=(io.BytesIO(csv_file.encode("utf-8-sig")), "people.csv"),
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert _invited(app) == ["ana@x.example", "ben@x.example"]


def test_a_wrong_csv_file_is_refused_with_the_line_or_the_reason(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    wrong = _post(
        coordinator,
        round_path,
        address_file=(io.BytesIO(b"email\nana@x.example\nben@x,example\n"), "people.csv"),
    )
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "Line 3: “ben@x” is not an email address." in wrong.text  # type: ignore[attr-defined]
    too_big = _post(
        coordinator,
        round_path,
        address_file=(io.BytesIO(b"a@x.example\n" * 20_000), "people.csv"),
    )
    assert too_big.status_code == 400  # type: ignore[attr-defined]
    assert "The file is larger than 100 KB" in too_big.text  # type: ignore[attr-defined]
    not_text = _post(
        coordinator, round_path, address_file=(io.BytesIO(b"\xff\xfe\x00\x01"), "people.xlsx")
    )
    assert "save it as CSV (UTF-8)" in not_text.text  # type: ignore[attr-defined]
    assert _invited(app) == []
