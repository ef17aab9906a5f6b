"""The coordinator's targets: one level per maturity dimension of one questionnaire.

The form is built from the questionnaire's result (its dimensions and current levels),
never from the database: a target can be the current level up to 5. Each dimension's
actions may also name an owner (free text, at most ``OWNER_LENGTH`` characters) and a
due date (typed as day, month and year in GOV.UK's date input, from ``EARLIEST_DUE`` to
``LATEST_DUE``).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectField, StringField
from wtforms.utils import unset_value
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from assessment.core.forms import Form
from assessment.core.levels import level_label
from assessment.results.targets import OWNER_LENGTH
from assessment.results.wording import local
from assessment.survey.date_input import DateInputField
from scoring.rules import LEVELS, MAX_LEVEL

if TYPE_CHECKING:
    from assessment.results.capability import ActionOwner, InstrumentResult

# A plan's horizon: a due date outside it is a typing slip (or a tampered form).
EARLIEST_DUE = date(2000, 1, 1)
LATEST_DUE = date(2100, 12, 31)


class TargetField(SelectField):
    """A level among the offered ones, with a message people understand."""

    def pre_validate(self, form: Form) -> None:
        if self.data not in {value for value, _label in self.choices}:  # type: ignore[union-attr]
            raise ValidationError(_l("Choose a target level from the list"))


class DueDateField(DateInputField):
    """A due date in three boxes; a date that cannot be read says which part is wrong.

    The date input's own messages are generic; here each one names the due date and
    what to change (a month of 13, a 31 June, a two-digit year).
    """

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        if self.process_errors:
            self.process_errors = [_due_problem(self.parts)]


def _due_problem(parts: Mapping[str, str]) -> Any:
    """The message for day, month and year boxes that do not make a date."""
    for part in ("day", "month", "year"):
        if not parts[part]:
            return _MISSING_PART[part]
    if not all(parts[p].isdigit() for p in parts):
        return _l("Enter a real date in numbers, for example 30 6 2027")
    day, month, year = (int(parts[p]) for p in ("day", "month", "year"))
    if len(parts["year"]) != 4 or year < 1000:
        return _l("Enter a real date: the year must have 4 digits, for example 2027")
    if not 1 <= month <= 12:
        return _l("Enter a real date: the month must be a number from 1 to 12")
    days = calendar.monthrange(year, month)[1]
    return _l("Enter a real date: the day must be a number from 1 to %(days)d", days=days)


_MISSING_PART = {
    "day": _l("The due date must include a day"),
    "month": _l("The due date must include a month"),
    "year": _l("The due date must include a year"),
}


def _plain_owner(_form: Form, field: Field) -> None:
    # A name or a team: no line breaks or control characters, which no export can show.
    if field.data and any(ord(c) < 32 or ord(c) == 127 for c in field.data):
        raise ValidationError(_l("Enter the owner's name on one line"))


def _due_in_range(_form: Form, field: Field) -> None:
    if field.data is not None and not EARLIEST_DUE <= field.data <= LATEST_DUE:
        raise ValidationError(_l("Enter a due date between 2000 and 2100"))


class TargetsForm(Form):
    """Filled in by :func:`targets_form`: per dimension a select, an owner and a due date."""

    dimension_fields: tuple[tuple[str, str], ...] = ()  # (dimension id, field name)

    def error_links(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the error summary (ids carry the form's prefix)."""
        return [
            (self[name].id, message)
            for name, messages in self.errors.items()
            if name != "csrf_token"
            for message in messages
        ]

    def chosen(self) -> dict[str, int]:
        """The target level per dimension id, from validated data."""
        return {dimension_id: int(self[name].data) for dimension_id, name in self.dimension_fields}

    def owners(self) -> dict[str, tuple[str, date | None]]:
        """The owner (stripped, maybe empty) and due date per dimension id, from validated data."""
        return {
            dimension_id: (
                (self[owner_name(name)].data or "").strip(),
                self[due_name(name)].data,
            )
            for dimension_id, name in self.dimension_fields
        }

    def field_groups(self) -> list[tuple[Field, Field, Field]]:
        """Per dimension, its target, owner and due date fields (in the page's order)."""
        return [
            (self[name], self[owner_name(name)], self[due_name(name)])
            for _dimension_id, name in self.dimension_fields
        ]


def field_name(dimension_id: str) -> str:
    """The form field of a dimension (dimension ids are kebab-case codes)."""
    return "target_" + dimension_id.replace("-", "_")


def owner_name(target_field: str) -> str:
    """The owner field that goes with a target field."""
    return target_field + "_owner"


def due_name(target_field: str) -> str:
    """The due date field that goes with a target field."""
    return target_field + "_due"


def default_target(level: int | None) -> int:
    """One level up, as the engine's default plan does; level 1 without a level yet."""
    return 1 if level is None else min(level + 1, MAX_LEVEL)


def level_choices(level: int | None) -> list[tuple[str, str]]:
    """Levels from the current one up to 5 (all five when there is no level yet)."""
    lowest = level or LEVELS[0]
    return [(str(n), level_label(n)) for n in LEVELS if n >= lowest]


def targets_form(
    instrument: InstrumentResult,
    stored: Mapping[str, int],
    owners: Mapping[str, ActionOwner] | None = None,
    **kwargs: Any,
) -> TargetsForm:
    """A form for the maturity dimensions of ``instrument``.

    Each select starts at the stored target when it is still among the choices, else at
    the default; owner and due date start at the stored ones (``owners``). ``kwargs`` go
    to the form (``formdata=None`` to ignore the request).
    """
    owners = owners or {}

    class Form(TargetsForm):
        pass

    fields = []
    for dimension in instrument.dimensions:
        name = field_name(dimension.dimension_id)
        choices = level_choices(dimension.level)
        wanted = stored.get(dimension.dimension_id, default_target(dimension.level))
        if str(wanted) not in {value for value, _ in choices}:
            wanted = default_target(dimension.level)
        field = TargetField(
            local(dimension.title),
            choices=choices,
            default=str(wanted),
            validators=[InputRequired(message=_l("Choose a target level"))],
        )
        setattr(Form, name, field)
        owned = owners.get(dimension.dimension_id)
        setattr(Form, owner_name(name), StringField(
            _l("Owner of the actions in %(dimension)s", dimension=local(dimension.title)),
            default=owned.owner if owned else "",
            description=_l("A person or a team. Optional."),
            validators=[Optional(), Length(max=OWNER_LENGTH), _plain_owner],
        ))  # fmt: skip
        setattr(Form, due_name(name), DueDateField(
            _l("Due date of the actions in %(dimension)s", dimension=local(dimension.title)),
            default=owned.due_on if owned else None,
            description=_l("For example, 30 6 2027. Optional."),
            validators=[Optional(), _due_in_range],
        ))  # fmt: skip
        fields.append((dimension.dimension_id, name))
    Form.dimension_fields = tuple(fields)
    return Form(prefix=instrument.questionnaire, **kwargs)
