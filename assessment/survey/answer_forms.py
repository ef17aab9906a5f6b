"""Answer forms built from questionnaire definitions through a registry of answer types.

WTForms validates; the radios are rendered by plain template partials (one per answer
type), because rendering many radios through WTForms widgets is the slowest part of a
survey page, and a page nobody has sent yet needs no form at all (answer_display.py).
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import HiddenInput

from assessment.core.forms import Form
from questionnaires.model import (
    DONT_KNOW,
    EMPHASIS,
    FACET_CHOICE,
    MATURITY,
    NOT_APPLICABLE,
    Item,
)

Choices = tuple[tuple[str, str], ...]

# (id of the item, language) -> (the item, its choices); see _FORM_CLASSES below.
_CHOICES: dict[tuple[int, str], tuple[Item, Choices]] = {}


def answer_choices(item: Item, lang: str) -> Choices:
    """The answers offered for ``item`` in ``lang``, as (code, label) pairs.

    Its options, then "I do not know", then "Not applicable" where the item allows it;
    the form validates against them and the page shows them, from one cached tuple.
    """
    key = (id(item), lang)
    cached = _CHOICES.get(key)
    if cached is not None and cached[0] is item:
        return cached[1]
    with force_locale(lang):
        choices = [(o.code, o.label.get(lang)) for o in item.options]
        choices.append((DONT_KNOW, _("I do not know")))
        if item.allow_not_applicable:
            choices.append((NOT_APPLICABLE, _("Not applicable")))
    _CHOICES[key] = (item, tuple(choices))
    return _CHOICES[key][1]


class AnswerField(RadioField):
    """A single choice whose refusal of an unknown code says what to do."""

    def pre_validate(self, form: object) -> None:
        if self.offered_choice is None:
            raise ValidationError(_("Select one of the answers shown"))

    @property
    def offered_choice(self) -> str | None:
        """The chosen code when it is one of the answers offered, else None."""
        codes = {value for value, _label in self.choices}  # type: ignore[union-attr]
        return self.data if self.data in codes else None


def _radio_field(item: Item, lang: str) -> Field:
    return AnswerField(
        item.prompt.get(lang),
        choices=list(answer_choices(item, lang)),
        validators=[InputRequired(message=_("Select an answer, or “I do not know”"))],
        validate_choice=True,
    )


# Answer type -> builder of the field that validates it. All three are single choices
# today; each keeps its own entry so a new type (say, a ranking) slots in here.
FIELD_BUILDERS: dict[str, Callable[[Item, str], Field]] = {
    MATURITY: _radio_field,
    FACET_CHOICE: _radio_field,
    EMPHASIS: _radio_field,
}


class AnswerForm(Form):
    revision = IntegerField(widget=HiddenInput(), default=0, validators=[NumberRange(min=0)])
    return_to = HiddenField()


# (id of the item, language, comment limit) -> (the item, its form class). Items are
# immutable and live as long as the app, and keeping the item next to its class makes
# sure an id is never taken for another object's.
_FORM_CLASSES: dict[tuple[int, str, int], tuple[Item, type[AnswerForm]]] = {}


def answer_form_class(item: Item, lang: str, comment_max_length: int) -> type[AnswerForm]:
    """Return the form class for one item: its answer, an optional comment, the revision.

    Classes are built once per item, language and comment limit, then reused: building
    one is a good share of a question page's work, and nothing in it depends on the
    request. Its texts are translated into ``lang`` whatever the current language.
    """
    key = (id(item), lang, comment_max_length)
    cached = _FORM_CLASSES.get(key)
    if cached is not None and cached[0] is item:
        return cached[1]
    with force_locale(lang):
        form_class = _build_answer_form_class(item, lang, comment_max_length)
    _FORM_CLASSES[key] = (item, form_class)
    return form_class


def _build_answer_form_class(item: Item, lang: str, comment_max_length: int) -> type[AnswerForm]:
    class ItemAnswerForm(AnswerForm):
        pass

    ItemAnswerForm.answer = FIELD_BUILDERS[item.answer_type](item, lang)  # type: ignore[attr-defined]
    ItemAnswerForm.comment = TextAreaField(  # type: ignore[attr-defined]
        _("Comment or evidence (optional)"),
        validators=[
            Length(
                max=comment_max_length,
                # The limit as the language writes numbers: 1,200 or 1 200.
                message=_(
                    "Comment must be %(max)s characters or fewer",
                    max=format_number(comment_max_length),
                ),
            )
        ],
    )
    return ItemAnswerForm


class DeclarationForm(Form):
    declaration = BooleanField(
        validators=[DataRequired(message=_l("Confirm the declaration to submit your answers"))],
    )
    # Offered only to someone who wrote a comment; unticked means never quoted.
    quote_comments = BooleanField()
    # Generated when the page is shown; the UNIQUE constraint on it turns a double
    # submit into one submission.
    submission_key = HiddenField(validators=[InputRequired(), Length(min=16, max=64)])
