"""Forgotten passwords and changes of e-mail address, both proven by a link sent by e-mail.

Asking for a reset answers the same way whether or not the address has an account,
and does the same work either way: a secret is drawn and hashed, the e-mail is
rendered, and a row is written; only the delivery of the e-mail differs (see
docs/security.md on its timing). The reset itself does not sign anyone in: the person
signs in afterwards, through the second step when their account has one.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from assessment.accounts import links, sessions
from assessment.accounts import mail as account_mail
from assessment.accounts import services as accounts
from assessment.accounts.links import EMAIL_CHANGE, PASSWORD_RESET, AccountLink
from assessment.accounts.models import User
from assessment.accounts.passwords import verify_password
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.types import utcnow


def _revoke_earlier(purpose: str, user: User) -> None:
    # Only the newest link works: an older e-mail found later opens nothing.
    now = utcnow()
    for link in db.session.execute(
        db.select(AccountLink).filter_by(purpose=purpose, user_id=user.id, used_at=None)
    ).scalars():
        link.revoked_at = link.revoked_at or now


def request_reset(email: str, language: str) -> None:
    """Send a reset link when ``email`` has an enabled account; otherwise do the same work."""
    email = accounts.normalise_email(email)
    user = accounts.find_user(email)
    # The account's own language when there is one; the page's otherwise.
    if user is not None and user.preferred_language:
        language = user.preferred_language
    link = AccountLink(purpose=PASSWORD_RESET, email=email, language=language)
    secret = links.issue(link)
    message = account_mail.render(
        "password_reset",
        language,
        recipient=email,
        link=url_for("onboarding.reset_password", token=secret, _external=True),
        link_row=link,
    )
    if user is None or not user.is_enabled:
        audit.record("password_reset.requested", subject=email, known=False)
        return
    _revoke_earlier(PASSWORD_RESET, user)
    link.user_id = user.id
    db.session.add(link)
    audit.record("password_reset.requested", actor_id=user.id, subject=email, known=True)
    account_mail.send(message)


def reset(link: AccountLink, password: str) -> User:
    """Set the new password, spend the link and end every session of the account.

    Raises AccountError (with the policy's message) for a refused password; the link
    then still works, so the person can try another.
    """
    user = link.user
    if user is None or not user.is_enabled:
        raise accounts.AccountError("disabled")
    accounts.set_password(user, password)
    links.use(link)
    # Whoever knew the old password is out, and the owner is no longer paused.
    ended = sessions.end_all(user, sessions.PASSWORD_CHANGED)
    user.failed_sign_ins = 0
    user.sign_ins_paused_until = None
    audit.record("password_reset.done", actor_id=user.id, subject=user.email, ended=ended)
    return user


def request_email_change(user: User, new_email: str, password: str) -> AccountLink:
    """Send a link to ``new_email``; the address changes only once that link is used.

    Raises AccountError for a wrong password, an invalid address or one already in use.
    The old address is told, so a takeover does not go unnoticed.
    """
    if not verify_password(user.password_hash, password):
        raise accounts.AccountError(_("Your current password is not correct"))
    new_email = accounts.normalise_email(new_email)
    local, at, domain = new_email.partition("@")
    if not at or not local or "." not in domain or " " in new_email or len(new_email) > 254:
        raise accounts.AccountError(_("%(email)s is not an email address.", email=new_email))
    if new_email == user.email or accounts.find_user(new_email) is not None:
        raise accounts.AccountError(_("Another account uses this email address, or it is yours."))
    _revoke_earlier(EMAIL_CHANGE, user)
    link = AccountLink(
        purpose=EMAIL_CHANGE, email=new_email, user_id=user.id, language=user.preferred_language
    )
    secret = links.issue(link)
    db.session.add(link)
    db.session.flush()
    account_mail.send_rendered(
        "email_check",
        user.preferred_language,
        recipient=new_email,
        link=url_for("onboarding.verify_email", token=secret, _external=True),
        link_row=link,
    )
    account_mail.send_rendered(
        "email_change_notice", user.preferred_language, recipient=user.email, new_email=new_email
    )
    audit.record("user.email_change_requested", actor_id=user.id, subject=user.email)
    return link


def change_email(link: AccountLink) -> User:
    """Move the account to the address the link was sent to (now proven)."""
    user = link.user
    if user is None or not user.is_enabled:
        raise accounts.AccountError("disabled")
    if accounts.find_user(link.email) is not None:
        raise accounts.AccountError(_("Another account uses this email address, or it is yours."))
    old = user.email
    user.email = link.email
    links.use(link)
    audit.record("user.email_changed", actor_id=user.id, subject=link.email, previous=old)
    return user
