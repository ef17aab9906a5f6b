"""The app offers the languages the definitions declare, names them from Babel, writes
dates the way each writes them, and sends each person's e-mail in that person's language."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from flask_babel import force_locale

from assessment import create_app
from assessment.core.config import ConfigurationError
from assessment.core.i18n import LANGUAGE_NAMES, language_name, local_time
from assessment.core.vocabulary import facet_name, principle_name, role_name, tag_value_name
from questionnaires import DEFINITIONS_DIR
from tests.fixtures.journeys import coordinator, open_round, seed_demo, send_invitations
from tests.fixtures.web import csrf_token


def bare_app(**settings: object) -> Flask:
    """An app that never opens its database: configuration and rendering only."""
    return create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://", **settings})


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, folder)
    return folder


def test_the_languages_offered_are_those_the_definitions_declare_default_first() -> None:
    app = bare_app()

    assert app.config["LANGUAGES"] == ("en", "fr")
    assert app.config["BABEL_DEFAULT_LOCALE"] == "en"


def test_another_definitions_folder_brings_its_own_languages_and_default(
    definitions: Path,
) -> None:
    (definitions / "languages.yaml").write_text("languages: [fr, en]\n", encoding="utf-8")

    app = bare_app(QUESTIONNAIRE_DEFINITIONS=str(definitions))

    assert app.config["LANGUAGES"] == ("fr", "en")
    assert app.config["BABEL_DEFAULT_LOCALE"] == "fr"
    with app.test_request_context("/"):
        assert render_template_string('{{ _("Back") }}') == "Retour"


def test_an_installation_may_offer_fewer_languages_but_never_an_undeclared_one() -> None:
    assert bare_app(LANGUAGES=("fr",)).config["LANGUAGES"] == ("fr",)
    with pytest.raises(ConfigurationError, match="LANGUAGES names de, which the questionnaire"):
        bare_app(LANGUAGES=("fr", "de"))


def test_languages_are_named_in_themselves_from_babel() -> None:
    app = bare_app()

    assert [language_name(code) for code in ("en", "fr", "pt_BR")] == [
        "English",
        "Français",
        "Português (Brasil)",
    ]
    with app.app_context():
        assert dict(LANGUAGE_NAMES) == {"en": "English", "fr": "Français"}
        assert (len(LANGUAGE_NAMES), "de" in LANGUAGE_NAMES) == (2, False)


def test_the_language_switch_offers_every_other_language_marked_as_such() -> None:
    app = bare_app()
    client = app.test_client()

    french = client.get("/?lang=fr").text
    english = client.get("/?lang=en").text

    assert 'lang="en" hreflang="en">English</a>' in french
    assert 'hreflang="fr"' not in french.split("<main")[0].split("<nav")[-1]
    assert 'lang="fr" hreflang="fr">Français</a>' in english


def test_times_are_written_by_babel_in_the_current_language_with_their_zone() -> None:
    moment = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    app = bare_app()

    with app.test_request_context("/?lang=en"):
        english = local_time(moment, "Europe/Paris")
        with force_locale("fr"):
            french = local_time(moment, "Europe/Paris")

    assert english == "December 1, 2026, 5:00\u202fPM (Europe/Paris)"
    assert french == "1 décembre 2026, 17:00 (Europe/Paris)"


def test_vocabulary_codes_are_named_through_the_catalogue() -> None:
    app = bare_app()

    with app.test_request_context("/?lang=fr"):
        names = (
            role_name("staff"),
            tag_value_name("stage", "generating-ideas"),
            facet_name("mission"),
            principle_name(4),
        )

    assert names == ("Membre du personnel", "Générer des idées", "Orientée mission",
                     "Explorer, itérer et tester")  # fmt: skip


def test_the_invitation_form_offers_each_language_and_starts_on_the_page_s(app: Flask) -> None:
    seed_demo(app)
    client = coordinator(app)
    round_page = open_round(client, ("leadership-mindsets",))

    page = client.get(round_page + "?lang=fr").text
    select = page.split('name="language"')[1].split("</select>")[0]

    assert '<option value="en" lang="en">English</option>' in select
    assert '<option value="fr" lang="fr" selected>Français</option>' in select


def test_an_invitation_and_its_reminder_are_written_in_the_person_s_language(
    app: Flask,
) -> None:
    from assessment.core.extensions import db
    from assessment.core.mail import OutboxMessage

    seed_demo(app)
    client = coordinator(app)
    round_page = open_round(client, ("leadership-mindsets",))
    page = client.get(round_page + "?lang=en")  # the coordinator works in English
    for address, role, language in (
        ("ana@example.org", "partner", "fr"),
        ("ben@example.org", "leader", "en"),
    ):
        response = send_invitations(
            client, round_page,
            {"emails": address, "respondent_role": role, "language": language},
        )  # fmt: skip
        assert response.status_code == 302
    client.post(round_page + "remind", data={"csrf_token": csrf_token(page.text)})

    with app.app_context():
        mails = {
            (m.recipient, m.subject.split(" ")[0]): m.body
            for m in db.session.execute(db.select(OutboxMessage)).scalars()
        }

    french = mails["ana@example.org", "Vous"]
    assert "Bonjour," in french and "en tant que partenaire" in french
    assert "Votre lien personnel (ne le communiquez à personne) :" in french
    assert " 2026" in french or " 2027" in french  # a date written out, by Babel
    assert "Nous vous rappelons que" in mails["ana@example.org", "Rappel"]
    english = mails["ben@example.org", "You"]
    assert "Hello," in english and "as one of its leaders." in english
    assert "Reminder:" in "".join(subject for _, subject in mails)


def test_a_comment_limit_is_written_as_the_form_s_language_writes_numbers() -> None:
    from flask_wtf.csrf import generate_csrf
    from werkzeug.datastructures import MultiDict

    from assessment.survey.answer_forms import answer_form_class
    from questionnaires import bundled_library

    item = bundled_library().get("leadership-mindsets").items[0]
    app = bare_app()
    # The page is in English; the form was built for a French reader.
    with app.test_request_context("/?lang=en", method="POST"):
        data = {"csrf_token": generate_csrf(), "answer": "l3", "comment": "x" * 1201}
        form = answer_form_class(item, "fr", 1200)(formdata=MultiDict(data))
        assert not form.validate()

    assert form.errors["comment"] == ["Le commentaire doit compter 1\u202f200 caractères au plus"]
