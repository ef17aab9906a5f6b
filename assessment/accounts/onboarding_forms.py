"""Forms of invitations, password resets, two-step verification and account settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from assessment.accounts.forms import (
    confirm_password_field,
    email_field,
    new_password_field,
    password_field,
)
from assessment.accounts.organisations import GOVERNMENT_LEVELS, SECTORS, SIZE_BANDS
from assessment.accounts.vocabulary import (
    GOVERNMENT_LEVEL_NAMES,
    SECTOR_NAMES,
    language_choices,
)
from assessment.core.forms import Form


class ForgotPasswordForm(Form):
    email = email_field(_l("Email address"), _l("Enter your email address"))


class NewPasswordForm(Form):
    new = new_password_field()
    confirm = confirm_password_field()


class NewAccountForm(NewPasswordForm):
    name = StringField(
        _l("Your name"),
        validators=[
            InputRequired(message=_l("Enter your name")),
            Length(max=200, message=_l("Your name must be 200 characters or fewer")),
        ],
    )


class CurrentPasswordForm(Form):
    password = password_field(_l("Password"), _l("Enter your password"))


class CodeForm(Form):
    code = StringField(
        _l("Code"),
        validators=[
            InputRequired(message=_l("Enter the code")),
            Length(max=20, message=_l("Enter the code (6 digits) or a recovery code")),
        ],
    )


class ChangeEmailForm(CurrentPasswordForm):
    new_email = email_field(_l("New email address"), _l("Enter the new email address"))


class LanguageForm(Form):
    language = SelectField(_l("Language of your emails and reports"), choices=language_choices)


class InvitePersonForm(Form):
    """An agency coordinator invites a co-coordinator or a leader."""

    email = email_field(_l("Email address"), _l("Enter their email address"))
    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"))
    language = SelectField(_l("Language of the invitation"), choices=language_choices)


class InviteAnyoneForm(InvitePersonForm):
    """The administrator's invitation: analysts, national coordinators, administrators."""

    country = StringField(
        _l("Country (national coordinators only)"),
        description=_l("Two-letter code, for example FR or CA."),
        validators=[Optional(), Length(max=2)],
    )


class AgencyForm(Form):
    name = StringField(
        _l("Name of the organisation"),
        validators=[InputRequired(message=_l("Enter the organisation's name")), Length(max=200)],
    )
    parent_body = StringField(
        _l("Parent body (optional)"),
        description=_l("The ministry or body it reports to."),
        validators=[Optional(), Length(max=200)],
    )
    government_level = SelectField(
        _l("Level of government"),
        choices=[(level, GOVERNMENT_LEVEL_NAMES[level]) for level in GOVERNMENT_LEVELS],
    )
    sector = SelectField(
        _l("Sector"), choices=[(sector, SECTOR_NAMES[sector]) for sector in SECTORS]
    )
    size_band = SelectField(
        _l("Size (staff)"), choices=[(band, band) for band in SIZE_BANDS], default="250-999"
    )
    coordinator_email = StringField(
        _l("Coordinator's email address (optional)"),
        description=_l("They will get an invitation to coordinate the organisation."),
        validators=[Optional(), Length(max=254)],
    )
    language = SelectField(_l("Language of the invitation"), choices=language_choices)
