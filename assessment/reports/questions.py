"""The appendix of the capability report: how many people chose each answer, per question.

Counts are totals over everyone who answered a questionnaire, never who answered what.
They are printed only for ``detailed`` instruments (enough people submitted), and a
question asked of fewer people than the minimum group size shows no counts at all,
since its counts could then be read as someone's answers. Worded in the language in
force (the report's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from assessment.core.vocabulary import facet_name
from assessment.reports.charts import labelled
from assessment.results import wording as w
from assessment.results.capability import InstrumentResult, QuotedQuestion, quoted_comments
from questionnaires.model import DONT_KNOW, FACET_CHOICE, NOT_APPLICABLE, Item
from questionnaires.vocabulary import FACETS
from scoring import ItemResult

LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class QuestionRow:
    """A question and its labelled answer counts ("1: 0 · 2: 4 · …"), and its median.

    A withheld row (``shown`` false) has neither counts nor median.
    """

    prompt: str
    shown: bool
    answers: str = ""
    median: str = ""


@dataclass(frozen=True)
class QuestionTables:
    """The appendix of one questionnaire.

    ``scale``: questions answered on the five-point scale; ``facets``: questions answered
    by choosing a kind of innovation; ``comments``: the comments people agreed to share.
    """

    scale: tuple[QuestionRow, ...]
    facets: tuple[QuestionRow, ...]
    comments: tuple[QuotedQuestion, ...]


def _scale_row(item: Item, result: ItemResult, counts: Mapping[str, int]) -> QuestionRow:
    by_level = {option.level: counts.get(option.code, 0) for option in item.options}
    pairs: list[tuple[str, object]] = [(str(level), by_level.get(level, 0)) for level in LEVELS]
    pairs.append((_("I do not know"), counts.get(DONT_KNOW, 0)))
    if item.allow_not_applicable:
        pairs.append((_("Not applicable"), counts.get(NOT_APPLICABLE, 0)))
    return QuestionRow(w.local(item.prompt), True, labelled(pairs), w.score(result.value))


def _facet_row(item: Item, counts: Mapping[str, int]) -> QuestionRow:
    by_facet = {option.facet: counts.get(option.code, 0) for option in item.options}
    pairs: list[tuple[str, object]] = [
        (facet_name(facet), by_facet.get(facet, 0)) for facet in FACETS
    ]
    pairs.append((_("I do not know"), counts.get(DONT_KNOW, 0)))
    return QuestionRow(w.local(item.prompt), True, labelled(pairs))


def question_tables(
    instrument: InstrumentResult,
    counts: Mapping[str, Mapping[str, int]],
    min_group_size: int,
    comments: Mapping[str, list[str]] | None = None,
) -> QuestionTables:
    """The appendix rows of one ``detailed`` instrument, in the questionnaire's order.

    ``counts``: question -> answer code -> how many chose it; ``comments``: question ->
    the comments people agreed to share. A question asked of fewer than
    ``min_group_size`` people is withheld, and its comments are left out too.
    """
    results = {item.item_id: item for item in instrument.result.items}
    scale: list[QuestionRow] = []
    facets: list[QuestionRow] = []
    for item in instrument.definition.items:
        result = results.get(item.id)
        if result is None or result.status == "not_asked":
            continue
        rows = facets if item.answer_type == FACET_CHOICE else scale
        if result.asked < min_group_size:
            rows.append(QuestionRow(w.local(item.prompt), False))
        elif item.answer_type == FACET_CHOICE:
            rows.append(_facet_row(item, counts.get(item.id, {})))
        else:
            rows.append(_scale_row(item, result, counts.get(item.id, {})))
    quoted = quoted_comments(instrument, comments or {}, min_group_size)
    return QuestionTables(tuple(scale), tuple(facets), tuple(quoted))
