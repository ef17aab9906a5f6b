"""Accounts: hashing, signing in, roles and revocation."""

from __future__ import annotations

import pytest
from flask import Flask

from assessment.accounts import passwords, sessions
from assessment.accounts import services as accounts
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db


def make_organisation(slug: str = "agency-a", country: str = "FR") -> Organisation:
    organisation = Organisation(
        name=f"Agency {slug}", slug=slug, country=country,
        government_level="national", sector="health", size_band="50-249",
    )  # fmt: skip
    db.session.add(organisation)
    db.session.flush()
    return organisation


def test_passwords_are_stored_as_argon2id_hashes(app: Flask, app_context: None) -> None:
    user = accounts.create_user("Someone@Example.org", "correct horse battery")
    db.session.commit()
    assert user.email == "someone@example.org"
    assert user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_signing_in_needs_the_right_password_and_an_enabled_account(
    app: Flask, app_context: None
) -> None:
    user = accounts.create_user("a@example.org", "correct horse battery")
    db.session.commit()
    assert accounts.authenticate("A@example.org ", "correct horse battery") == user
    assert accounts.authenticate("a@example.org", "wrong") is None
    assert accounts.authenticate("nobody@example.org", "correct horse battery") is None
    user.is_enabled = False
    assert accounts.authenticate("a@example.org", "correct horse battery") is None


def test_a_weaker_stored_hash_is_replaced_at_sign_in(app: Flask, app_context: None) -> None:
    from argon2 import PasswordHasher

    user = accounts.create_user("b@example.org", "correct horse battery")
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash("correct horse battery")
    assert passwords.needs_rehash(user.password_hash)
    assert accounts.authenticate("b@example.org", "correct horse battery") == user
    assert not passwords.needs_rehash(user.password_hash)


def test_roles_are_scoped_and_granted_once(app: Flask, app_context: None) -> None:
    organisation = make_organisation()
    user = accounts.create_user(
        "c@example.org", "correct horse battery",
        role="organisation_coordinator", organisation=organisation,
    )  # fmt: skip
    accounts.grant_role(user, "organisation_coordinator", organisation=organisation)
    accounts.grant_role(user, "national_coordinator", country="fr")
    db.session.commit()
    assert [o.slug for o in user.organisations_with_role("organisation_coordinator")] == [
        "agency-a"
    ]
    assert user.countries_with_role("national_coordinator") == ["FR"]
    assert len(user.role_assignments) == 2


@pytest.mark.parametrize(
    ("role", "kwargs", "message"),
    [
        ("organisation_coordinator", {}, "needs an organisation"),
        ("national_coordinator", {}, "needs a country"),
        ("emperor", {}, "Unknown role"),
    ],
)
def test_a_role_without_its_scope_is_refused(
    app: Flask, app_context: None, role: str, kwargs: dict, message: str
) -> None:
    user = accounts.create_user("d@example.org", "correct horse battery")
    with pytest.raises(accounts.AccountError, match=message):
        accounts.grant_role(user, role, **kwargs)


def test_an_address_without_at_sign_is_refused(app: Flask, app_context: None) -> None:
    with pytest.raises(accounts.AccountError, match="not an e-mail address"):
        accounts.create_user("not-an-address", "correct horse battery")


def test_a_session_key_signs_in_until_its_session_ends(app: Flask, app_context: None) -> None:
    user = accounts.create_user("e@example.org", "correct horse battery")
    first, second = sessions.start(user), sessions.start(user)
    db.session.commit()
    assert first != second
    assert sessions.user_for(first) is user
    sessions.end(first)
    assert sessions.user_for(first) is None
    assert sessions.user_for(second) is user
    assert sessions.user_for("a key nobody was given") is None
