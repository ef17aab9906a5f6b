"""One invitation per address, from a pasted list or a CSV file, sent only once confirmed.

The first submit shows who will be invited and which lines are skipped or refused, and
sends nothing; "Send N invitations" posts the list back, which is read again and sent
only if it is still a list of valid, new addresses within the limit.
"""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient

from assessment.core.extensions import db
from assessment.core.mail import OutboxMessage
from assessment.survey.address_lists import MAX_ADDRESSES
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


def _confirm(client: FlaskClient, round_path: str, preview: object, **changes: str) -> object:
    """Press "Send N invitations" on the preview page, with ``changes`` made to its fields."""
    fields = journeys.confirm_form(preview.text)  # type: ignore[attr-defined]
    return client.post(round_path + "invitations/confirm", data={**fields, **changes})


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
    preview = _post(coordinator, round_path, emails=pasted)
    assert preview.status_code == 200  # type: ignore[attr-defined]
    assert "6 invitations will be sent in English" in preview.text  # type: ignore[attr-defined]
    assert _invited(app) == [] and _messages(app) == []
    response = _confirm(coordinator, round_path, preview)
    assert response.status_code == 302  # type: ignore[attr-defined]
    expected = [f"{letter}@x.example" for letter in "abcdef"]
    assert _invited(app) == expected
    assert _messages(app) == expected
    links = journeys.links_by_email(coordinator)
    assert len(set(links.values())) == 6


def test_invalid_and_repeated_addresses_are_shown_by_line_before_anything_is_sent(
    app: Flask,
) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["old@x.example"], "staff")
    pasted = "ok@x.example\nnot-an-address, ok@x.example\nold@x.example\nbad@nodot"
    preview = _post(coordinator, round_path, emails=pasted, language="fr")
    assert preview.status_code == 200  # type: ignore[attr-defined]
    text = preview.text  # type: ignore[attr-defined]
    assert "1 invitation will be sent in French:" in text
    assert "Role of everyone invited: Staff member." in text
    assert "2 repeated addresses skipped:" in text
    assert "Line 2: ok@x.example is already on line 1." in text
    assert "Line 3: old@x.example is already invited to this round." in text
    assert "2 entries are not email addresses and are left out:" in text
    assert "Line 2: “not-an-address” is not an email address." in text
    assert "Line 4: “bad@nodot” is not an email address." in text
    assert "Send 1 invitation" in text
    assert _invited(app) == ["old@x.example"]
    assert _messages(app) == ["old@x.example"]
    # "Change the list" gives back the text as typed, with its language, and sends nothing.
    back = coordinator.post(
        round_path + "invitations/change",
        data={"csrf_token": csrf_token(text), "emails": pasted, "respondent_role": "staff",
              "language": "fr"},
    )  # fmt: skip
    assert back.status_code == 200
    assert "not-an-address, ok@x.example&#10;old@x.example" in back.text or (
        "not-an-address, ok@x.example\nold@x.example" in back.text
    )
    assert '<option value="fr" lang="fr" selected>' in back.text
    assert _invited(app) == ["old@x.example"]
    sent = _confirm(coordinator, round_path, preview)
    assert sent.status_code == 302  # type: ignore[attr-defined]
    assert _invited(app) == ["ok@x.example", "old@x.example"]
    assert _messages(app) == ["ok@x.example", "old@x.example"]


def test_a_list_with_nothing_left_to_send_goes_back_to_the_form_with_every_reason(
    app: Flask,
) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["old@x.example"], "staff")
    response = _post(coordinator, round_path, emails="old@x.example\nbad@nodot")
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "Line 1: old@x.example is already invited to this round." in text
    assert "Line 2: “bad@nodot” is not an email address." in text
    assert "Nothing was sent" in text
    assert "/invitations/confirm" not in text
    assert _invited(app) == ["old@x.example"]


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
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert _invited(app) == []
    assert _confirm(coordinator, round_path, response).status_code == 302  # type: ignore[attr-defined]
    assert _invited(app) == ["ana@x.example", "ben@x.example"]


def test_a_wrong_csv_file_is_refused_with_the_line_or_the_reason(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    wrong = _post(
        coordinator,
        round_path,
        address_file=(io.BytesIO(b"email\nben@x,example\n"), "people.csv"),
    )
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "Line 2: “ben@x” is not an email address." in wrong.text  # type: ignore[attr-defined]
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


def test_a_confirmed_list_that_was_altered_sends_nothing(app: Flask) -> None:
    """The list comes back from the browser: whatever was added to it is read again."""
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    preview = _post(coordinator, round_path, emails="ana@x.example\nben@x.example")
    fields = journeys.confirm_form(preview.text)  # type: ignore[attr-defined]
    assert fields["addresses"].splitlines() == ["ana@x.example", "ben@x.example"]
    over_limit = "\n".join(f"p{n}@x.example" for n in range(MAX_ADDRESSES + 1))
    for tampered, reason in (
        (fields["addresses"] + "\nx@", "Line 3: “x@” is not an email address."),
        (fields["addresses"] + "\nana@x.example", "Line 3: ana@x.example is already on line 1."),
        ("ana@x.example, eve@x.example", "is not an email address."),
        ("ana@x.example\nEve <eve@x.example>", "Line 2: “Eve &lt;eve@x.example&gt;”"),
        (over_limit, f"At most {MAX_ADDRESSES} addresses can be invited at once."),
        ("", "Nothing was sent"),
    ):
        refused = _confirm(coordinator, round_path, preview, addresses=tampered)
        assert refused.status_code == 400, tampered[:80]  # type: ignore[attr-defined]
        text = refused.text  # type: ignore[attr-defined]
        assert "The list to send is not the one that was checked." in text or not tampered
        assert reason in text, (tampered[:80], reason)
        assert "Nothing was sent" in text
        assert _invited(app) == [] and _messages(app) == []
    # A role or language not offered is refused too.
    for change in ({"respondent_role": "admin"}, {"language": "xx"}):
        refused = _confirm(coordinator, round_path, preview, **change)
        assert refused.status_code == 400  # type: ignore[attr-defined]
        assert _invited(app) == []
    # The list as shown is sent, exactly.
    assert _confirm(coordinator, round_path, preview).status_code == 302  # type: ignore[attr-defined]
    assert _invited(app) == ["ana@x.example", "ben@x.example"]
    assert _messages(app) == ["ana@x.example", "ben@x.example"]
    # Pressing "Send" again (a second tab, a double click) sends nothing more.
    again = _confirm(coordinator, round_path, preview)
    assert again.status_code == 400  # type: ignore[attr-defined]
    assert "ana@x.example is already invited to this round" in again.text  # type: ignore[attr-defined]
    assert _messages(app) == ["ana@x.example", "ben@x.example"]


def test_confirming_needs_the_pages_csrf_token(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    preview = _post(coordinator, round_path, emails="ana@x.example")
    fields = journeys.confirm_form(preview.text)  # type: ignore[attr-defined]
    fields.pop("csrf_token")
    refused = coordinator.post(round_path + "invitations/confirm", data=fields)
    assert refused.status_code == 400
    assert _invited(app) == []
