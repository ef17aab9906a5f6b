"""Why a level is what it is, as codes with parameters: the app puts them into words.

The engine never writes a sentence. An explanation is a list of ``Reason`` values, each a
``ReasonCode`` and the numbers it needs (scores, percentages, counts, level numbers), so
every language, export and report words them its own way from the same facts.

Parameters by code (levels are numbers 1-5; scores on the 1-5 scale; percentages 0-100):

- ``score``: ``score``, ``percent``, ``band`` (the level of the score's band), ``low`` and
  ``high`` (that band's bounds).
- ``level``: ``level``.
- ``item_gate`` / ``dimension_gate``: ``weakest`` (the weakest question's or dimension's
  level), ``gate`` (how many levels above it the level may be), ``level``.
- ``insufficient``: ``answered`` of ``applicable`` questions, ``share`` (percent) and
  ``needed`` (the coverage rule, percent).
- ``lacking``, ``all_not_applicable``, ``not_asked``, ``top``, ``complete_dimensions``:
  none.
- ``next``: ``next`` (level) and ``floor`` (its lowest score).
- ``next_with_item_gate`` / ``next_with_dimension_gate``: ``next``, ``floor`` and
  ``minimum`` (the lowest level a question or dimension may have).
- ``more_answers``: ``count`` (questions that still need an answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

Param = int | float | str


class ReasonCode(StrEnum):
    """Every reason the engine gives; the value is the stable code written in JSON."""

    SCORE = "score"
    LEVEL = "level"
    ITEM_GATE = "item_gate"
    DIMENSION_GATE = "dimension_gate"
    INSUFFICIENT = "insufficient"
    LACKING = "lacking"
    ALL_NOT_APPLICABLE = "all_not_applicable"
    NOT_ASKED = "not_asked"
    TOP = "top"
    NEXT = "next"
    NEXT_WITH_ITEM_GATE = "next_with_item_gate"
    NEXT_WITH_DIMENSION_GATE = "next_with_dimension_gate"
    MORE_ANSWERS = "more_answers"
    COMPLETE_DIMENSIONS = "complete_dimensions"


@dataclass(frozen=True)
class Reason:
    """One reason: its ``code`` and the ``params`` that its wording fills in.

    Build it with :func:`reason`, which freezes the parameters.
    """

    code: ReasonCode
    params: Mapping[str, Param]

    def __hash__(self) -> int:
        # The parameters are a read-only mapping, which does not hash by itself.
        return hash((self.code, tuple(sorted(self.params.items()))))


def reason(code: ReasonCode, **params: Param) -> Reason:
    """Return the reason ``code`` with ``params``, held in a read-only mapping."""
    return Reason(code, MappingProxyType(params))
