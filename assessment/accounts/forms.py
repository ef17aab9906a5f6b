"""Sign-in and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from assessment.core.forms import Form


class SignInForm(Form):
    email = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter your password")),
            Length(max=1024, message=_l("Password must be 1024 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ChangePasswordForm(Form):
    current = PasswordField(
        _l("Current password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your current password"))],
    )
    new = PasswordField(
        _l("New password"),
        description=_l(
            "At least 12 characters. Three or four unrelated words are long and easy to remember."
        ),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter a new password")),
            Length(max=1024, message=_l("Password must be 1024 characters or fewer")),
        ],
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter the new password again")),
            EqualTo("new", message=_l("The two new passwords do not match")),
        ],
    )
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())
