"""Coordinator forms: opening a round, inviting people, extending a round."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from assessment.core.forms import Form
from assessment.core.i18n import current_language, language_name, languages
from assessment.core.vocabulary import ROLE_NAMES
from assessment.survey.address_lists import MAX_FILE_BYTES
from assessment.survey.date_input import DateInputField
from assessment.survey.models import (
    CONSENT_ANONYMOUS,
    CONSENT_NAMED,
    CONSENT_PRIVATE,
    RESPONDENT_ROLES,
)
from assessment.survey.reminder_days import MAX_DAYS, MAX_REMINDERS, parse_days
from assessment.survey.time_zones import default_zone, zone_choices


class RoundForm(Form):
    title = StringField(
        _l("Name of the round"),
        validators=[InputRequired(message=_l("Enter a name for the round")), Length(max=200)],
    )
    unit_assessed = StringField(
        _l("Unit assessed (optional)"),
        description=_l("For example the whole organisation, or one directorate."),
        validators=[Length(max=200)],
    )
    questionnaires = SelectMultipleField(
        _l("Questionnaires"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[InputRequired(message=_l("Choose at least one questionnaire"))],
    )
    opens_on = DateInputField(
        _l("Opens on"),
        description=_l("For example, 6 1 2027"),
        validators=[InputRequired(message=_l("Enter the opening date"))],
    )
    closes_on = DateInputField(
        _l("Closes on"),
        description=_l("The round closes at the end of this day. For example, 27 1 2027"),
        validators=[InputRequired(message=_l("Enter the closing date"))],
    )
    # Choices and default: the organisation's country's zones (see ``for_country``).
    time_zone = SelectField(_l("Time zone of these dates"))
    # Never preselected: the coordinator decides how the results may be compared.
    consent = RadioField(
        _l("Use in benchmarks"),
        choices=[(c, c) for c in (CONSENT_ANONYMOUS, CONSENT_NAMED, CONSENT_PRIVATE)],
        validators=[
            InputRequired(message=_l("Choose how this round's results may be used in benchmarks"))
        ],
    )

    def for_country(self, country: str) -> RoundForm:
        """Offer the country's zones first, and its primary zone until another is chosen."""
        self.time_zone.choices = [(z, z) for z in zone_choices(country)]
        if not self.is_submitted():
            self.time_zone.data = default_zone(country)
        return self

    def validate_time_zone(self, field: SelectField) -> None:
        if field.data not in available_timezones():
            raise ValidationError(_l("Choose a time zone from the list"))

    def validate_closes_on(self, field: DateInputField) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date must be on or after the opening date"))


class InviteForm(Form):
    emails = TextAreaField(
        _l("Email addresses"),
        description=_l(
            "Paste one or more addresses, separated by new lines, commas or semicolons. Each"
            " person gets their own invitation and link, all with the same role."
        ),
        validators=[Length(max=100_000)],
    )
    address_file = FileField(
        _l("Or upload a CSV file"),
        description=_l(
            "A CSV file (UTF-8) of at most 100 KB: every cell with an email address in it"
            " is invited. Save a spreadsheet as CSV to get one."
        ),
    )
    respondent_role = SelectField(
        _l("Role"),
        choices=[(role, ROLE_NAMES[role]) for role in RESPONDENT_ROLES],
        validators=[InputRequired()],
    )
    # Choices are the languages offered (configuration), each named in itself; the
    # coordinator's own language is chosen until they pick another.
    language = SelectField(_l("Language of the invitation"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [(code, language_name(code)) for code in languages()]
        if not self.is_submitted():
            self.language.data = current_language()

    def validate_respondent_role(self, field: SelectField) -> None:
        if field.data not in RESPONDENT_ROLES:
            raise ValidationError(_l("Choose a role from the list"))

    def uploaded(self) -> bytes | None:
        """The uploaded file's bytes (at most one byte over the limit), or None."""
        upload = self.address_file.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        data: bytes = upload.stream.read(MAX_FILE_BYTES + 1)
        return data

    def validate_emails(self, field: TextAreaField) -> None:
        has_file = self.address_file.data is not None and bool(
            getattr(self.address_file.data, "filename", "")
        )
        if has_file and (field.data or "").strip():
            raise ValidationError(_l("Either paste addresses or upload a file, not both"))
        if not has_file and not (field.data or "").strip():
            raise ValidationError(_l("Enter at least one email address, or upload a file"))


class ConfirmInviteForm(Form):
    """The "Send N invitations" button of the preview page: the list shown, one per line.

    The list comes back from the browser, so the view reads it again as strictly as
    the first time (``address_lists.exact``) before anything is sent.
    """

    addresses = HiddenField(validators=[Length(max=300_000)])
    respondent_role = HiddenField(validators=[AnyOf(RESPONDENT_ROLES)])
    language = HiddenField()

    def validate_language(self, field: HiddenField) -> None:
        if field.data not in languages():
            raise ValidationError(_l("Choose a language from the list"))


class VersionedActionForm(Form):
    """A button on a round page; carries the version of the round the page showed."""

    version = IntegerField(widget=HiddenInput(), validators=[NumberRange(min=1)])


class CloseForm(VersionedActionForm):
    """The "are you sure" page's button: only a post from that page closes a round."""

    confirmed = HiddenField(
        validators=[AnyOf(["yes"], message=_l("Confirm that the round should close now"))]
    )


class ExtendForm(VersionedActionForm):
    closes_on = DateInputField(
        _l("New closing date"), validators=[InputRequired(message=_l("Enter the new closing date"))]
    )
    # "yes" once the coordinator has confirmed that a closed round should reopen.
    confirmed = HiddenField()


class RemindersForm(Form):
    """The days before closing on which people who have not submitted are reminded."""

    reminder_days = StringField(
        _l("Days before closing"),
        description=_l(
            "For example 7, 2 to remind people a week and two days before the round"
            " closes. Leave empty to send no automatic reminder."
        ),
        validators=[Length(max=40)],
    )

    def validate_reminder_days(self, field: StringField) -> None:
        words = [w for w in re.split(r"[\s,;]+", field.data or "") if w]
        if any(not w.isdigit() or not 1 <= int(w) <= MAX_DAYS for w in words):
            raise ValidationError(
                _l(
                    "Enter whole numbers of days from 1 to %(max)d, separated by commas",
                    max=MAX_DAYS,
                )  # fmt: skip
            )
        if len(set(words)) > MAX_REMINDERS:
            raise ValidationError(_l("Enter at most %(num)d days", num=MAX_REMINDERS))

    def days(self) -> list[int]:
        """The days entered, largest first."""
        return parse_days(self.reminder_days.data or "")
