"""Invitations to an account: the chain from the platform admin down to an agency's leaders.

The admin invites analysts, national coordinators (per country) and other admins; a
national coordinator invites the coordinators of their country's agencies; an agency
coordinator invites co-coordinators and leaders. An invitation is a link
(accounts/links.py) that sets a password, or, for an existing account, adds the role
once its owner signs in with their password. Every step is audited.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from assessment.accounts import links
from assessment.accounts import mail as account_mail
from assessment.accounts import services as accounts
from assessment.accounts.agencies import AgencyError, normalise_country
from assessment.accounts.links import INVITATION, AccountLink
from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
    ORGANISATION_LEADER,
    User,
)
from assessment.accounts.organisations import Organisation
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.i18n import languages
from assessment.core.types import utcnow

# Roles given by invitation; respondents answer through their round link, without one.
INVITABLE_ROLES = (
    ORGANISATION_COORDINATOR,
    ORGANISATION_LEADER,
    NATIONAL_COORDINATOR,
    ANALYST,
    ADMIN,
)
EMAIL_LENGTH = 254


class InvitationError(ValueError):
    """An invitation that cannot be made or used, with a message for people."""


def _coordinates(actor: User, organisation: Organisation) -> bool:
    return organisation.id in {
        o.id for o in actor.organisations_with_role(ORGANISATION_COORDINATOR)
    }


def may_invite(
    actor: User | None, role: str, organisation: Organisation | None, country: str | None
) -> bool:
    """Whether ``actor`` may invite someone into ``role`` in that scope (None: the CLI)."""
    if actor is None or actor.has_role(ADMIN):
        return True
    if organisation is None:
        return False
    if role == ORGANISATION_COORDINATOR and organisation.country in actor.countries_with_role(
        NATIONAL_COORDINATOR
    ):
        return True
    return role in (ORGANISATION_COORDINATOR, ORGANISATION_LEADER) and _coordinates(
        actor, organisation
    )


def valid_email(email: str) -> str:
    """``email`` normalised, or InvitationError when it cannot be an address."""
    email = accounts.normalise_email(email)
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or " " in email or len(email) > EMAIL_LENGTH:
        raise InvitationError(_("%(email)s is not an email address.", email=email))
    return email


def _scope(
    role: str, organisation: Organisation | None, country: str | None
) -> tuple[Organisation | None, str | None]:
    if role not in INVITABLE_ROLES:
        raise InvitationError(_("Choose a role."))
    if role in (ORGANISATION_COORDINATOR, ORGANISATION_LEADER):
        if organisation is None:
            raise InvitationError(_("Choose the organisation."))
        return organisation, None
    if role == NATIONAL_COORDINATOR:
        try:
            return None, normalise_country(country or "")
        except AgencyError as error:
            raise InvitationError(str(error)) from error
    return None, None


def _holds(user: User, role: str, organisation: Organisation | None, country: str | None) -> bool:
    organisation_id = organisation.id if organisation else None
    return any(
        (a.role, a.organisation_id, a.country) == (role, organisation_id, country)
        for a in user.role_assignments
    )


def pending(
    *,
    organisation: Organisation | None = None,
    country: str | None = None,
    coordinators_in: str | None = None,
) -> list[AccountLink]:
    """Invitations not yet used nor revoked (expired ones included, to resend), newest first.

    ``organisation`` keeps one agency's; ``country`` the national coordinators' of a
    country; ``coordinators_in`` the agency coordinators' of a country's agencies.
    """
    query = (
        db.select(AccountLink)
        .filter_by(purpose=INVITATION, used_at=None, revoked_at=None)
        .order_by(AccountLink.id.desc())
    )
    if organisation is not None:
        query = query.filter_by(organisation_id=organisation.id)
    if country is not None:
        query = query.filter_by(country=country)
    if coordinators_in is not None:
        query = query.join(Organisation, AccountLink.organisation_id == Organisation.id).filter(
            Organisation.country == coordinators_in,
            AccountLink.role == ORGANISATION_COORDINATOR,
        )
    return list(db.session.execute(query).scalars())


def _send(link: AccountLink, secret: str, actor: User | None) -> None:
    account_mail.send_rendered(
        "invitation",
        link.language,
        recipient=link.email,
        link=url_for("onboarding.accept_invitation", token=secret, _external=True),
        invitation=link,
        inviter=actor.name or actor.email if actor else "",
        organisation_id=link.organisation_id,
        has_account=accounts.find_user(link.email) is not None,
    )


def invite(
    actor: User | None,
    email: str,
    role: str,
    *,
    organisation: Organisation | None = None,
    country: str | None = None,
    language: str = "",
    name: str = "",
) -> AccountLink:
    """Invite ``email`` into ``role``; raise InvitationError when not allowed or not needed.

    ``language`` is that of the e-mail and of the pages it leads to: the platform's
    default language when it is not one the platform offers.
    """
    email = valid_email(email)
    organisation, country = _scope(role, organisation, country)
    if not may_invite(actor, role, organisation, country):
        raise InvitationError(_("You may not invite people into this role here."))
    existing = accounts.find_user(email)
    if existing is not None and _holds(existing, role, organisation, country):
        raise InvitationError(_("%(email)s already has this role.", email=email))
    for link in pending(organisation=organisation, country=country):
        if link.email == email and link.role == role:
            raise InvitationError(
                _("%(email)s is already invited: resend the invitation instead.", email=email)
            )
    link = AccountLink(
        purpose=INVITATION,
        email=email,
        name=" ".join(name.split())[:200],
        role=role,
        organisation_id=organisation.id if organisation else None,
        country=country,
        language=language if language in languages() else languages()[0],
        created_by_id=actor.id if actor else None,
    )
    secret = links.issue(link)
    db.session.add(link)
    db.session.flush()
    _send(link, secret, actor)
    audit.record(
        "account_invitation.sent",
        actor_id=actor.id if actor else None,
        organisation_id=link.organisation_id,
        subject=email,
        role=role,
        country=country,
        invitation=link.id,
    )
    return link


def manageable(actor: User, link_id: int) -> AccountLink | None:
    """The invitation ``link_id`` if ``actor`` may resend or revoke it, else None."""
    link = db.session.get(AccountLink, link_id)
    if link is None or link.purpose != INVITATION or link.role is None:
        return None
    if not may_invite(actor, link.role, link.organisation, link.country):
        return None
    return link


def resend(link: AccountLink, *, actor: User | None) -> None:
    """Send a new link (the old one stops working) with a fresh lifetime."""
    if link.used_at is not None:
        raise InvitationError(_("This invitation was already accepted."))
    secret = links.issue(link)
    _send(link, secret, actor)
    audit.record(
        "account_invitation.resent",
        actor_id=actor.id if actor else None,
        organisation_id=link.organisation_id,
        subject=link.email,
        invitation=link.id,
    )


def revoke(link: AccountLink, *, actor: User | None) -> None:
    """Make the invitation's link stop working."""
    if link.used_at is not None:
        raise InvitationError(_("This invitation was already accepted."))
    link.revoked_at = utcnow()
    audit.record(
        "account_invitation.revoked",
        actor_id=actor.id if actor else None,
        organisation_id=link.organisation_id,
        subject=link.email,
        invitation=link.id,
    )


def _grant(link: AccountLink, user: User) -> None:
    accounts.grant_role(user, str(link.role), organisation=link.organisation, country=link.country)
    links.use(link)
    audit.record(
        "account_invitation.accepted",
        actor_id=user.id,
        organisation_id=link.organisation_id,
        subject=link.email,
        role=link.role,
        country=link.country,
        invitation=link.id,
    )


def accept_new(link: AccountLink, name: str, password: str) -> User:
    """Create the invited account with the password its owner chose, and grant the role.

    The link reached its reader's mailbox, so the address counts as verified.
    """
    if accounts.find_user(link.email) is not None:
        raise InvitationError(_("An account with this email address exists: sign in to accept."))
    try:
        user = accounts.create_user(link.email, password, name=" ".join(name.split())[:200])
    except accounts.AccountError as error:
        raise InvitationError(str(error)) from error
    user.preferred_language = link.language
    _grant(link, user)
    return user


def accept_existing(link: AccountLink, password: str) -> User:
    """Add the invited role to an existing account, once its password is given.

    The password is checked as at sign-in (accounts.authenticate): a wrong one counts
    against the account and a paused account stays paused, so an invitation link is
    no way around the limits. The caller commits even on failure, to keep the count.
    """
    user = accounts.find_user(link.email)
    if user is not None and not user.is_enabled:
        raise InvitationError(_("This account is disabled. Ask the administrator."))
    if accounts.authenticate(link.email, password) is None:
        raise InvitationError(_("The password is not correct."))
    assert user is not None  # noqa: S101 - authenticate found it
    _grant(link, user)
    return user
