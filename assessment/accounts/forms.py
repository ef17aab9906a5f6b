"""Sign-in and password forms, and the fields every account form builds on."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from assessment.core.forms import Form

PASSWORD_HINT = _l(
    "At least 12 characters. Three or four unrelated words are long and easy to remember."
)


def email_field(label: object, message: object, **options: object) -> StringField:
    """A required e-mail address field, as long as an address may be."""
    return StringField(
        label,
        validators=[
            InputRequired(message=message),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
        **options,
    )


def password_field(label: object, message: object, **options: object) -> PasswordField:
    """A required password field with the show/hide button; long inputs are refused early."""
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=message),
            Length(max=1024, message=_l("Password must be 1024 characters or fewer")),
        ],
        **options,
    )


def new_password_field() -> PasswordField:
    """The new password, with the policy's hint."""
    return password_field(_l("New password"), _l("Enter a new password"), description=PASSWORD_HINT)


def confirm_password_field() -> PasswordField:
    """The new password typed again; it must match the ``new`` field."""
    return PasswordField(
        _l("Confirm new password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter the new password again")),
            EqualTo("new", message=_l("The two new passwords do not match")),
        ],
    )


class SignInForm(Form):
    email = email_field(_l("Email address"), _l("Enter your email address"), widget=GovTextInput())
    password = password_field(_l("Password"), _l("Enter your password"))
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ChangePasswordForm(Form):
    current = password_field(_l("Current password"), _l("Enter your current password"))
    new = new_password_field()
    confirm = confirm_password_field()
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())
