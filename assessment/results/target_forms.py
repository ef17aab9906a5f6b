"""The coordinator's targets: one level per maturity dimension of one questionnaire.

The form is built from the plain result of the questionnaire (its dimensions and
current levels), never from the database: a target can be the current level up to 5.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from assessment.core.forms import Form
from scoring.rules import LEVEL_NAMES, LEVELS, MAX_LEVEL

Json = dict[str, Any]


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


def level_choices(level: int | None, lang: str) -> list[tuple[str, str]]:
    """Levels from the current one up to 5 (all five when there is no level yet)."""
    lowest = level or LEVELS[0]
    return [(str(n), f"{n} – {LEVEL_NAMES[n].get(lang)}") for n in LEVELS if n >= lowest]


def targets_form(
    instrument: Json, stored: Mapping[str, int], lang: str, **kwargs: Any
) -> TargetsForm:
    """A form for the dimensions of ``instrument`` (a ``report_to_dict`` result).

    Each select starts at the stored target when it is still among the choices, else at
    the default. ``kwargs`` go to the form (``formdata=None`` to ignore the request).
    """

    class Form(TargetsForm):
        pass

    fields = []
    for dimension in instrument["dimensions"]:
        name = field_name(dimension["id"])
        choices = level_choices(dimension["level"], lang)
        wanted = stored.get(dimension["id"], default_target(dimension["level"]))
        if str(wanted) not in {value for value, _ in choices}:
            wanted = default_target(dimension["level"])
        field = TargetField(
            dimension["title"],
            choices=choices,
            default=str(wanted),
            validators=[InputRequired(message=_l("Choose a target level"))],
        )
        setattr(Form, name, field)
        fields.append((dimension["id"], name))
    Form.dimension_fields = tuple(fields)
    return Form(prefix=instrument["questionnaire"], **kwargs)
