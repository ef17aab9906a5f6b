"""Every action of the account and access pages leaves its event in the audit log.

The table names the event of each state-changing route of those pages, so a new route
fails here until someone says what it records; the journey below performs the actions
that the other account tests do not already check in the log.
"""

from __future__ import annotations

import re
import time

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from assessment.accounts import agencies
from assessment.accounts import services as accounts
from assessment.accounts.sessions import SignInSession
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from tests.fixtures.mail import Mailbox
from tests.fixtures.web import csrf_token, post_form, sign_in

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "lantern orchard velvet compass"
ACCOUNT_BLUEPRINTS = ("mfa.", "onboarding.", "settings.", "people.")

# Route -> the audit events its actions record (checked here or in the test named).
AUDITED = {
    "mfa.enrol": {"mfa.enrolled"},  # test_two_step.py
    "mfa.challenge": {"user.signed_in", "mfa.failed", "mfa.recovery_code_used"},
    "mfa.new_recovery_codes": {"mfa.recovery_codes_renewed"},
    "mfa.turn_off": {"mfa.turned_off"},
    "onboarding.forgot_password": {"password_reset.requested"},
    "onboarding.reset_password": {"password_reset.done"},
    "onboarding.accept_invitation": {"account_invitation.accepted"},  # test_onboarding.py
    "onboarding.verify_email": {"user.email_changed"},
    "settings.change_email": {"user.email_change_requested"},
    "settings.change_language": {"user.language_changed"},
    "settings.end_session": {"user.session_ended"},
    "settings.leave": {"role.left"},
    "people.invite_to_organisation": {"account_invitation.sent"},  # test_onboarding.py
    "people.remove_from_organisation": {"role.removed"},  # test_onboarding.py
    "people.invitation_action": {"account_invitation.resent", "account_invitation.revoked"},
    "people.add_agency": {"organisation.created"},  # test_onboarding.py
    "people.invite_coordinator": {"account_invitation.sent"},
    "people.invite_anyone": {"account_invitation.sent"},  # test_onboarding.py
    "people.set_enabled": {"user.disabled", "user.enabled"},
    "people.reset_two_step": {"mfa.reset_by_admin"},  # test_two_step.py
}


def _actions(app: Flask) -> set[str]:
    with app.app_context():
        return {e.action for e in db.session.execute(db.select(AuditEvent)).scalars()}


def test_every_action_route_of_the_account_pages_names_its_audit_events(app: Flask) -> None:
    posting = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(ACCOUNT_BLUEPRINTS) and "POST" in (rule.methods or set())
    }
    assert posting == set(AUDITED)


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, email, PASSWORD)
    return client


def test_self_service_actions_are_audited(app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        agency = agencies.create(
            agencies.AgencyDraft("Agency", "CA", "national", "health", "50-249"), actor=None
        )
        me = accounts.create_user("me@agency.example", PASSWORD, role="organisation_coordinator",
                                  organisation=agency)  # fmt: skip
        accounts.grant_role(me, "organisation_leader", organisation=agency)
        accounts.create_user("admin@opsi.example", PASSWORD, role="admin")
        accounts.create_user("other@agency.example", PASSWORD)
        db.session.commit()
        leader_role = next(a.id for a in me.role_assignments if a.role == "organisation_leader")
        other_id = accounts.find_user("other@agency.example").id
        slug = agency.slug
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "me@agency.example", PASSWORD)
    sign_in(phone, "me@agency.example", PASSWORD)
    token = csrf_token(laptop.get("/account/").text)

    laptop.post("/account/language", data={"csrf_token": token, "language": "fr"})
    laptop.post(f"/account/roles/{leader_role}/leave", data={"csrf_token": token})
    with app.app_context():
        phone_session = (
            db.session.execute(db.select(SignInSession.id).order_by(SignInSession.id.desc()))
            .scalars()
            .first()
        )
    laptop.post(f"/account/sessions/{phone_session}/end", data={"csrf_token": token})

    # Two-step verification, set up by choice, then renewed (one account) or turned off
    # (another): each needs a fresh code, and one account gets one per 30-second step.
    for client, form_token, follow_up in (
        (laptop, token, "/account/two-step/recovery-codes"),
        (_signed_in(app, "other@agency.example"), None, "/account/two-step/turn-off"),
    ):
        page = client.get("/account/two-step/set-up").text
        form_token = form_token or csrf_token(page)
        secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
        totp = pyotp.TOTP(secret)
        client.post("/account/two-step/set-up", data={"csrf_token": form_token, "code": totp.now()})
        client.post(follow_up, data={"csrf_token": form_token, "code": totp.at(time.time() + 30)})

    # A new address, confirmed; then a forgotten password, reset.
    post_form(laptop, "/account/email", {"new_email": "me2@agency.example", "password": PASSWORD})
    link = mailbox.link_to("me2@agency.example", "/account/verify-email/")
    laptop.post(link, data={"csrf_token": csrf_token(laptop.get(link).text)})
    post_form(app.test_client(), "/account/forgot-password", {"email": "me2@agency.example"})
    reset = mailbox.link_to("me2@agency.example", "/account/reset-password/")
    post_form(app.test_client(), reset, {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    # The administrator disables and enables an account.
    admin = app.test_client()
    sign_in(admin, "admin@opsi.example", PASSWORD)
    admin_token = csrf_token(admin.get("/admin/people").text)
    for action in ("disable", "enable"):
        admin.post(f"/admin/people/{other_id}/{action}", data={"csrf_token": admin_token})
    # A national coordinator's invitation of an agency coordinator, from the agencies page.
    admin.post(f"/national/CA/agencies/{slug}/coordinators",
               data={"csrf_token": admin_token, "email": "c@agency.example",
                     "role": "organisation_coordinator", "language": "en"})  # fmt: skip

    expected = {
        "user.language_changed", "role.left", "user.session_ended", "mfa.enrolled",
        "mfa.recovery_codes_renewed", "mfa.turned_off", "user.email_change_requested",
        "user.email_changed", "password_reset.requested", "password_reset.done",
        "user.disabled", "user.enabled", "account_invitation.sent",
    }  # fmt: skip
    assert expected - _actions(app) == set()
    assert expected <= set().union(*AUDITED.values())
