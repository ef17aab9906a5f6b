"""Onboarding through the web: invitations down the chain, their links, and who may do what.

E-mails go through a real local SMTP server (tests/fixtures/mail.py); links are taken
from the messages as they arrived. The second sign-in step is off here (the shared
fixture's MFA_REQUIRED_ROLES); tests/functional/test_two_step.py covers it.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from assessment.accounts import agencies, onboarding
from assessment.accounts import services as accounts
from assessment.accounts.links import AccountLink
from assessment.accounts.organisations import Organisation
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.core.types import utcnow
from tests.fixtures.mail import Mailbox
from tests.fixtures.web import csrf_token, post_form, sign_in

PASSWORD = "correct horse battery staple"
ADMIN = "admin@opsi.example"


def _admin(app: Flask) -> FlaskClient:
    result = app.test_cli_runner().invoke(
        args=["create-user", ADMIN, "--role", "admin", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    sign_in(client, ADMIN, PASSWORD)
    return client


def _accept(app: Flask, link: str, name: str = "New Person") -> FlaskClient:
    client = app.test_client()
    response = post_form(client, link, {"name": name, "new": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302, response.text
    return client


def _agency(app: Flask, country: str, name: str) -> Organisation:
    with app.app_context():
        organisation = agencies.create(
            agencies.AgencyDraft(name, country, "national", "health", "50-249"), actor=None
        )
        db.session.commit()
        db.session.refresh(organisation)
        db.session.expunge(organisation)
        return organisation


def _user_with(
    app: Flask, email: str, role: str, slug: str | None = None, country: str | None = None
) -> None:
    with app.app_context():
        organisation = (
            db.session.execute(db.select(Organisation).filter_by(slug=slug)).scalar_one()
            if slug
            else None
        )
        accounts.create_user(email, PASSWORD, role=role, organisation=organisation, country=country)
        db.session.commit()


def _audited(app: Flask) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.execute(db.select(AuditEvent)).scalars()]


def test_the_chain_from_admin_to_an_agencys_leader_works_through_the_web(
    app: Flask, mailbox: Mailbox
) -> None:
    admin = _admin(app)
    response = post_form(
        admin,
        "/admin/people",
        {"email": "nc@gov.fr", "name": "", "role": "national_coordinator", "country": "fr",
         "language": "fr"},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    invitation = mailbox.last_to("nc@gov.fr")
    assert (
        invitation["Subject"] == "Votre invitation à l'auto-évaluation de la maturité en innovation"
    )
    national = _accept(app, mailbox.link_to("nc@gov.fr", "/account/invitation/"), "Nadia")

    response = post_form(
        national,
        "/national/FR/agencies",
        {"name": "Agence du numérique", "parent_body": "Ministère de l'intérieur",
         "government_level": "national", "sector": "general-public-services",
         "size_band": "250-999", "coordinator_email": "coord@numerique.gouv.fr",
         "language": "en"},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(name="Agence du numérique")
        ).scalar_one()
        assert (agency.country, agency.parent_body) == ("FR", "Ministère de l'intérieur")
        slug = agency.slug
    assert "coord@numerique.gouv.fr" in national.get("/national/FR/agencies").text

    coordinator = _accept(app, mailbox.link_to("coord@numerique.gouv.fr", "/invitation/"))
    assert coordinator.get(f"/organisations/{slug}/").status_code == 200
    response = post_form(
        coordinator,
        f"/organisations/{slug}/people",
        {"email": "head@numerique.gouv.fr", "name": "Head", "role": "organisation_leader",
         "language": "en"},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    leader = _accept(app, mailbox.link_to("head@numerique.gouv.fr", "/invitation/"))
    page = coordinator.get(f"/organisations/{slug}/people").text
    assert "head@numerique.gouv.fr" in page and "Leader (reads results and reports)" in page
    # A leader reads the dashboard but opens no round.
    assert leader.get(f"/organisations/{slug}/").status_code == 200
    assert leader.get(f"/organisations/{slug}/rounds/new").status_code == 403

    audited = _audited(app)
    assert audited.count("account_invitation.sent") == 3
    assert audited.count("account_invitation.accepted") == 3
    assert "organisation.created" in audited


def test_an_invitation_link_works_once(app: Flask, mailbox: Mailbox) -> None:
    admin = _admin(app)
    post_form(admin, "/admin/people", {"email": "a@opsi.example", "role": "analyst",
                                       "language": "en"})  # fmt: skip
    link = mailbox.link_to("a@opsi.example", "/invitation/")
    opened = app.test_client()
    token = csrf_token(opened.get(link).text)  # a second tab, opened before the first use
    _accept(app, link)
    again = opened.post(
        link, data={"csrf_token": token, "name": "X", "new": PASSWORD, "confirm": PASSWORD}
    )
    assert again.status_code == 404
    assert "This link does not work" in again.text


def test_an_expired_invitation_link_does_not_work(app: Flask, mailbox: Mailbox) -> None:
    admin = _admin(app)
    post_form(admin, "/admin/people", {"email": "a@opsi.example", "role": "analyst",
                                       "language": "en"})  # fmt: skip
    link = mailbox.link_to("a@opsi.example", "/invitation/")
    with app.app_context():
        row = db.session.execute(db.select(AccountLink)).scalar_one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert app.test_client().get(link).status_code == 404
    with app.app_context():
        assert accounts.find_user("a@opsi.example") is None


def test_resending_replaces_the_link_and_revoking_stops_it(app: Flask, mailbox: Mailbox) -> None:
    admin = _admin(app)
    post_form(admin, "/admin/people", {"email": "a@opsi.example", "role": "analyst",
                                       "language": "en"})  # fmt: skip
    first = mailbox.link_to("a@opsi.example", "/invitation/")
    with app.app_context():
        link_id = db.session.execute(db.select(AccountLink.id)).scalar_one()
    token = csrf_token(admin.get("/admin/people").text)
    assert admin.post(f"/account-invitations/{link_id}/resend",
                      data={"csrf_token": token}).status_code == 302  # fmt: skip
    second = mailbox.link_to("a@opsi.example", "/invitation/")
    assert first != second
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
    assert admin.post(f"/account-invitations/{link_id}/revoke",
                      data={"csrf_token": token}).status_code == 302  # fmt: skip
    assert app.test_client().get(second).status_code == 404
    assert {"account_invitation.resent", "account_invitation.revoked"} <= set(_audited(app))


def test_a_coordinator_of_one_agency_cannot_invite_into_or_see_another(
    app: Flask, mailbox: Mailbox
) -> None:
    a = _agency(app, "CA", "Agency A")
    b = _agency(app, "CA", "Agency B")
    _user_with(app, "coord-a@a.example", "organisation_coordinator", slug=a.slug)
    client = app.test_client()
    sign_in(client, "coord-a@a.example", PASSWORD)
    assert client.get(f"/organisations/{b.slug}/people").status_code == 404
    token = csrf_token(client.get(f"/organisations/{a.slug}/people").text)
    response = client.post(
        f"/organisations/{b.slug}/people",
        data={"csrf_token": token, "email": "x@b.example", "role": "organisation_coordinator",
              "language": "en"},
    )  # fmt: skip
    assert response.status_code == 404
    assert mailbox.messages == []
    with app.app_context():
        coordinator = accounts.find_user("coord-a@a.example")
        other = db.session.get(Organisation, b.id)
        assert not onboarding.may_invite(coordinator, "organisation_leader", other, None)
        assert not onboarding.may_invite(coordinator, "analyst", None, None)


def test_a_national_coordinator_cannot_add_agencies_outside_their_country(
    app: Flask, mailbox: Mailbox
) -> None:
    _user_with(app, "nc@gov.ca", "national_coordinator", country="CA")
    client = app.test_client()
    sign_in(client, "nc@gov.ca", PASSWORD)
    token = csrf_token(client.get("/national/CA/agencies").text)
    form = {"csrf_token": token, "name": "Intruder", "government_level": "national",
            "sector": "health", "size_band": "50-249", "language": "en"}  # fmt: skip
    assert client.post("/national/FR/agencies", data=form).status_code == 404
    assert client.get("/national/FR/agencies").status_code == 404
    with app.app_context():
        assert (
            db.session.execute(db.select(Organisation).filter_by(name="Intruder")).first() is None
        )
        actor = accounts.find_user("nc@gov.ca")
        draft = agencies.AgencyDraft("Intruder", "FR", "national", "health", "50-249")
        try:
            agencies.create(draft, actor=actor)
        except agencies.AgencyError:
            pass
        else:
            raise AssertionError("a national coordinator added an agency in another country")
    assert client.post("/national/CA/agencies", data=form).status_code == 302


def test_removing_someone_takes_their_access_away_but_the_last_coordinator_stays(
    app: Flask, mailbox: Mailbox
) -> None:
    a = _agency(app, "CA", "Agency A")
    _user_with(app, "one@a.example", "organisation_coordinator", slug=a.slug)
    _user_with(app, "two@a.example", "organisation_coordinator", slug=a.slug)
    one, two = app.test_client(), app.test_client()
    sign_in(one, "one@a.example", PASSWORD)
    sign_in(two, "two@a.example", PASSWORD)
    with app.app_context():
        user_two = accounts.find_user("two@a.example")
        assignment_two = user_two.role_assignments[0].id
        assignment_one = accounts.find_user("one@a.example").role_assignments[0].id
    token = csrf_token(one.get(f"/organisations/{a.slug}/people").text)
    response = one.post(f"/organisations/{a.slug}/people/{assignment_two}/remove",
                        data={"csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert two.get(f"/organisations/{a.slug}/").status_code == 403
    # The last coordinator cannot leave: nobody could invite the next one.
    token = csrf_token(one.get("/account/").text)
    one.post(f"/account/roles/{assignment_one}/leave", data={"csrf_token": token})
    assert one.get(f"/organisations/{a.slug}/").status_code == 200
    assert "role.removed" in _audited(app)


def test_a_disabled_accounts_session_is_refused_on_its_next_request(
    app: Flask, mailbox: Mailbox
) -> None:
    admin = _admin(app)
    _user_with(app, "someone@a.example", "analyst")
    victim = app.test_client()
    sign_in(victim, "someone@a.example", PASSWORD)
    assert victim.get("/account/").status_code == 200
    with app.app_context():
        user_id = accounts.find_user("someone@a.example").id
    token = csrf_token(admin.get("/admin/people").text)
    response = admin.post(f"/admin/people/{user_id}/disable", data={"csrf_token": token})
    assert response.status_code == 302
    refused = victim.get("/account/")
    assert refused.status_code == 302 and refused.location.startswith("/account/sign-in")
    assert "user.disabled" in _audited(app)


def test_the_admin_reads_the_audit_trail_of_one_person_or_one_agency(
    app: Flask, mailbox: Mailbox
) -> None:
    admin = _admin(app)
    a = _agency(app, "CA", "Agency A")
    post_form(admin, "/admin/people", {"email": "a@opsi.example", "role": "analyst",
                                       "language": "en"})  # fmt: skip
    by_person = admin.get("/admin/audit?person=a@opsi.example").text
    assert "account_invitation.sent" in by_person and "organisation.created" not in by_person
    by_agency = admin.get(f"/admin/audit?organisation={a.slug}").text
    assert "organisation.created" in by_agency and "account_invitation.sent" not in by_agency


def test_accepting_for_an_existing_account_needs_its_password_and_counts_failures(
    app: Flask, mailbox: Mailbox
) -> None:
    admin = _admin(app)
    _user_with(app, "analyst@opsi.example", "analyst")
    post_form(admin, "/admin/people", {"email": "analyst@opsi.example", "role": "admin",
                                       "language": "en"})  # fmt: skip
    link = mailbox.link_to("analyst@opsi.example", "/invitation/")
    client = app.test_client()
    wrong = post_form(client, link, {"password": "not the password at all"})
    assert wrong.status_code == 400
    with app.app_context():
        user = accounts.find_user("analyst@opsi.example")
        assert user.failed_sign_ins == 1 and not user.has_role("admin")
    right = post_form(client, link, {"password": PASSWORD})
    assert right.status_code == 302
    with app.app_context():
        assert accounts.find_user("analyst@opsi.example").has_role("admin")


def test_a_mail_server_that_refuses_keeps_the_invitation_for_a_retry(app: Flask) -> None:
    from assessment.core.mail import OutboxMessage
    from tests.fixtures.mail import free_port, run_queued, send_mail_to

    admin = _admin(app)
    saved = send_mail_to(app, free_port())  # nothing listens there
    try:
        response = post_form(
            admin, "/admin/people", {"email": "a@opsi.example", "role": "analyst", "language": "en"}
        )
        assert response.status_code == 302
        run_queued(app)  # the worker's attempt fails: the message waits for its retry
        with app.app_context():
            assert db.session.execute(db.select(AccountLink)).first() is not None
            message = db.session.execute(
                db.select(OutboxMessage).filter_by(recipient="a@opsi.example")
            ).scalar_one()
            assert message.sent_at is None and message.attempts == 1 and message.last_error
        # A reset asked for a known address answers as for any other.
        reset = post_form(app.test_client(), "/account/forgot-password", {"email": ADMIN})
        assert reset.status_code == 200 and "Check your email" in reset.text
    finally:
        app.config.update(saved)
