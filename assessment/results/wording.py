"""Every word and number of a capability result, in the language in force.

The scoring engine gives numbers and codes (levels 1-5, evidence states, reason codes with
parameters); this module puts them into words through the gettext catalogue, and writes
numbers the way the language does, through Babel ("2.60" / "2,60", "42%" / "42 %"). The
language is the request's, or the one a PDF is rendered in: the report pipeline works
inside ``flask_babel.force_locale``. Questionnaire content (titles, prompts, option
labels) comes from the definition in the same language through :func:`local`. Level
names come from ``assessment.core.levels``, the one place they are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from babel import Locale, numbers
from flask_babel import format_date, format_decimal, format_percent, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessment.core.i18n import current_language
from assessment.core.levels import level_label, level_name
from questionnaires.model import Text
from scoring import Explanation, Reason, ReasonCode
from scoring.rules import ALL_NOT_APPLICABLE, INSUFFICIENT, NOT_ASKED

NO_VALUE = "–"


def local(text: Text) -> str:
    """Questionnaire content (a title, prompt or option label) in the language in force."""
    return text.get(current_language())


def day(value: date | None) -> str:
    """A date as day, month name and year in the language ("30 June 2027", "30 juin 2027")."""
    return NO_VALUE if value is None else format_date(value, "d MMMM y")


def owned(owner: str, due_on: date | None) -> str:
    """Who carries a dimension's actions and by when, in a sentence (empty when neither)."""
    if owner and due_on is not None:
        return _("Owner: %(owner)s. Due by %(day)s.", owner=owner, day=day(due_on))
    if owner:
        return _("Owner: %(owner)s.", owner=owner)
    if due_on is not None:
        return _("Due by %(day)s.", day=day(due_on))
    return ""


# --- Numbers -----------------------------------------------------------------------


def score(value: float | None) -> str:
    """A 1-5 score with two decimals ("2.60", "2,60"), or a dash when there is none."""
    return NO_VALUE if value is None else format_decimal(value, "0.00")


def number(value: float | None, digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals, or a dash."""
    if value is None:
        return NO_VALUE
    return format_decimal(value, "0." + "0" * digits if digits else "0")


def percent(share: float | None) -> str:
    """A 0-1 share as a whole percentage ("42%", "42 %" in French), or a dash."""
    return NO_VALUE if share is None else format_percent(share)


def percent_of_100(value: float | None) -> str:
    """A 0-100 percentage with the decimals it has ("60%", "33.33%", "33,33 %"), or a dash."""
    if value is None:
        return NO_VALUE
    # The language's own percent pattern, without rounding away the decimals the
    # engine gave; through Decimal so that 33.33 stays 33.33 on the way.
    share = Decimal(str(value)) / 100
    return numbers.format_percent(share, locale=current_language(), decimal_quantization=False)


def whole(value: float | None) -> str:
    """A 0-100 figure rounded to a whole number, without the sign ("22"), or a dash."""
    return NO_VALUE if value is None else format_decimal(value, "0")


def signed(value: float) -> str:
    """A difference of scores with its sign ("+1.87", "−0,40")."""
    return ("+" if value >= 0 else "−") + score(abs(value))


def points(value: float) -> str:
    """A difference in score points ("1.00 point", "0.50 points", "0,50 point")."""
    # gettext's plural rules take whole numbers; CLDR's (through Babel) also say which
    # form a decimal takes: English "1.5 points" but French "1,5 point".
    form = Locale.parse(current_language()).plural_form(value)
    return ngettext(
        "%(value)s point", "%(value)s points", 1 if form == "one" else 2, value=score(value)
    )


# --- Levels and evidence -----------------------------------------------------------


def level(value: int | None) -> str:
    """A level with its name ("2 – Emerging"), or a dash."""
    return NO_VALUE if value is None else level_label(value)


def level_or_not_enough(value: int | None) -> str:
    """The name of a level ("Emerging"), or "not enough answers"."""
    return _("not enough answers") if value is None else level_name(value)


NO_LEVEL: Mapping[str, object] = {
    INSUFFICIENT: _l("No level yet (insufficient)"),
    ALL_NOT_APPLICABLE: _l("No level yet (not applicable)"),
    NOT_ASKED: _l("No level yet (not asked)"),
}


def level_or_evidence(value: int | None, evidence: str | None) -> str:
    """A level with its name, or "No level yet" with the reason when it is known."""
    if value is not None:
        return level_label(value)
    return str(NO_LEVEL.get(evidence or "", _l("No level yet")))


def gate_margin(levels: int) -> str:
    """How far a gate lets a level rise: "one level", "2 levels"."""
    if levels == 1:
        return _("one level")
    return ngettext("%(num)d level", "%(num)d levels", levels)


# --- Codes of the engine -------------------------------------------------------------

AGREEMENT: Mapping[str, object] = {
    "none": _l("No agreement"),
    "weak": _l("Weak agreement"),
    "moderate": _l("Moderate agreement"),
    "strong": _l("Strong agreement"),
    "very_strong": _l("Very strong agreement"),
}

CHANGE_TYPES: Mapping[str, object] = {
    "none": _l("No dominant facet"),
    "single": _l("One dominant facet"),
    "sustaining": _l("Sustaining change"),
    "optimising": _l("Optimising change"),
    "transformative": _l("Transformative change"),
    "disruptive": _l("Disruptive change"),
    "confusion": _l("Zone of confusion: opposite facets, unclear purpose"),
    "mixed": _l("Mixed: three or more strong facets"),
}

CAPABILITY_BANDS: Mapping[str, object] = {
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
}


def agreement(label: str | None) -> str | None:
    """The reading of an agreement label ("Strong agreement"), None without one."""
    return None if label is None else str(AGREEMENT[label])


def change_type(code: str) -> str:
    """The type of change a facet profile points to."""
    return str(CHANGE_TYPES[code])


def capability_band(code: str) -> str:
    """A portfolio-management capability band ("Medium")."""
    return str(CAPABILITY_BANDS[code])


def withheld_group(reason: str | None, minimum: int) -> str:
    """Why a role group's view is withheld; only the rule's threshold, never a count."""
    if reason == "protects_other_group":
        return _(
            "Withheld: showing it would let a smaller group's answers be worked out from"
            " the organisation result."
        )
    return _(
        "Withheld: fewer than %(minimum)d respondents in this group, so its answers could"
        " be traced to individuals.",
        minimum=minimum,
    )


# --- Reasons of explanations -----------------------------------------------------------


def _score(p: Mapping[str, object]) -> str:
    return _(
        "The score is %(score)s out of 5 (%(percent)s), in the %(band)s band (%(low)s to"
        " %(high)s).",
        score=score(_float(p["score"])),
        percent=percent_of_100(_float(p["percent"])),
        band=level_name(_int(p["band"])),
        low=score(_float(p["low"])),
        high=score(_float(p["high"])),
    )


def _level(p: Mapping[str, object]) -> str:
    return _("The level is %(level)s.", level=level_name(_int(p["level"])))


def _item_gate(p: Mapping[str, object]) -> str:
    return _(
        "Its weakest question is at %(weakest)s, and a dimension can be at most %(margin)s"
        " above its weakest question, so the level is %(level)s.",
        weakest=level_name(_int(p["weakest"])),
        margin=gate_margin(_int(p["gate"])),
        level=level_name(_int(p["level"])),
    )


def _dimension_gate(p: Mapping[str, object]) -> str:
    return _(
        "Its weakest dimension is at %(weakest)s, and the overall level can be at most"
        " %(margin)s above the weakest dimension, so the level is %(level)s.",
        weakest=level_name(_int(p["weakest"])),
        margin=gate_margin(_int(p["gate"])),
        level=level_name(_int(p["level"])),
    )


def _insufficient(p: Mapping[str, object]) -> str:
    return ngettext(
        "Answers for %(answered)d of the %(num)d applicable question (%(share)s); a level"
        " needs at least %(needed)s.",
        "Answers for %(answered)d of the %(num)d applicable questions (%(share)s); a level"
        " needs at least %(needed)s.",
        _int(p["applicable"]),
        answered=_int(p["answered"]),
        share=percent_of_100(_float(p["share"])),
        needed=percent_of_100(_float(p["needed"])),
    )


def _next(p: Mapping[str, object]) -> str:
    return _(
        "To reach %(next)s, the score must be at least %(floor)s.",
        next=level_name(_int(p["next"])),
        floor=score(_float(p["floor"])),
    )


def _next_with_item_gate(p: Mapping[str, object]) -> str:
    return _(
        "To reach %(next)s, the score must be at least %(floor)s and no question may be"
        " below %(minimum)s; the questions listed describe what %(next)s looks like.",
        next=level_name(_int(p["next"])),
        floor=score(_float(p["floor"])),
        minimum=level_name(_int(p["minimum"])),
    )


def _next_with_dimension_gate(p: Mapping[str, object]) -> str:
    return _(
        "To reach %(next)s, the overall score must be at least %(floor)s and no dimension"
        " may be below %(minimum)s.",
        next=level_name(_int(p["next"])),
        floor=score(_float(p["floor"])),
        minimum=level_name(_int(p["minimum"])),
    )


def _more_answers(p: Mapping[str, object]) -> str:
    return ngettext(
        "Answer at least %(num)d more of the applicable questions to get a level.",
        "Answer at least %(num)d more of the applicable questions to get a level.",
        _int(p["count"]),
    )


def _fixed(message: object) -> Callable[[Mapping[str, object]], str]:
    return lambda _params: str(message)


REASONS: Mapping[ReasonCode, Callable[[Mapping[str, object]], str]] = {
    ReasonCode.SCORE: _score,
    ReasonCode.LEVEL: _level,
    ReasonCode.ITEM_GATE: _item_gate,
    ReasonCode.DIMENSION_GATE: _dimension_gate,
    ReasonCode.INSUFFICIENT: _insufficient,
    ReasonCode.LACKING: _fixed(
        _l("Some dimensions have no level yet, so there is no overall level.")
    ),
    ReasonCode.ALL_NOT_APPLICABLE: _fixed(
        _l("Every question was marked not applicable, so there is no level.")
    ),
    ReasonCode.NOT_ASKED: _fixed(
        _l("None of these questions was asked of the respondents' roles, so there is no level.")
    ),
    ReasonCode.TOP: _fixed(_l("This is the highest level of the scale.")),
    ReasonCode.NEXT: _next,
    ReasonCode.NEXT_WITH_ITEM_GATE: _next_with_item_gate,
    ReasonCode.NEXT_WITH_DIMENSION_GATE: _next_with_dimension_gate,
    ReasonCode.MORE_ANSWERS: _more_answers,
    ReasonCode.COMPLETE_DIMENSIONS: _fixed(
        _l("Give every dimension listed enough answers to get a level.")
    ),
}


def reason(found: Reason | None) -> str:
    """One reason of an explanation as a sentence ("" for None)."""
    return "" if found is None else REASONS[found.code](found.params)


def summary(explanation: Explanation) -> str:
    """An explanation's reasons, one sentence after the other."""
    return " ".join(reason(found) for found in explanation.summary)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, not {value!r}")
    return value


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, not {value!r}")
    return float(value)
