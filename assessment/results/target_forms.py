"""The coordinator's targets: one level per maturity dimension of one questionnaire.

The form is built from the questionnaire's result (its dimensions and current levels),
never from the database: a target can be the current level up to 5.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from assessment.core.forms import Form
from assessment.core.levels import level_label
from assessment.results.wording import local
from scoring.rules import LEVELS, MAX_LEVEL

if TYPE_CHECKING:
    from assessment.results.capability import InstrumentResult


class TargetField(SelectField):
    """A level among the offered ones, with a message people understand."""

    def pre_validate(self, form: Form) -> None:
        if self.data not in {value for value, _label in self.choices}:  # type: ignore[union-attr]
            raise ValidationError(_l("Choose a target level from the list"))


class TargetsForm(Form):
    """Filled in by :func:`targets_form`: one select per dimension."""

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


def field_name(dimension_id: str) -> str:
    """The form field of a dimension (dimension ids are kebab-case codes)."""
    return "target_" + dimension_id.replace("-", "_")


def default_target(level: int | None) -> int:
    """One level up, as the engine's default plan does; level 1 without a level yet."""
    return 1 if level is None else min(level + 1, MAX_LEVEL)


def level_choices(level: int | None) -> list[tuple[str, str]]:
    """Levels from the current one up to 5 (all five when there is no level yet)."""
    lowest = level or LEVELS[0]
    return [(str(n), level_label(n)) for n in LEVELS if n >= lowest]


def targets_form(
    instrument: InstrumentResult, stored: Mapping[str, int], **kwargs: Any
) -> TargetsForm:
    """A form for the maturity dimensions of ``instrument``.

    Each select starts at the stored target when it is still among the choices, else at
    the default. ``kwargs`` go to the form (``formdata=None`` to ignore the request).
    """

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
        fields.append((dimension.dimension_id, name))
    Form.dimension_fields = tuple(fields)
    return Form(prefix=instrument.questionnaire, **kwargs)
