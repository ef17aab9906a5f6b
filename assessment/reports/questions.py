"""The appendix of the capability report: how many people chose each answer, per question.

Counts are totals over everyone who answered a questionnaire, never who answered what.
They are printed only for ``detailed`` instruments (enough people submitted), and a
question asked of fewer people than the minimum group size shows no counts at all,
since its counts could then be read as someone's answers.
"""

from __future__ import annotations

from typing import Any

from assessment.reports.wording import labelled, number, word
from assessment.results.capability import quoted_comments
from questionnaires.model import DONT_KNOW, FACET_CHOICE, NOT_APPLICABLE, Questionnaire
from questionnaires.vocabulary import FACETS

Json = dict[str, Any]
LEVELS = (1, 2, 3, 4, 5)


def _scale_row(item: Any, result: Json, counts: dict[str, int], lang: str) -> Json:
    by_level = {option.level: counts.get(option.code, 0) for option in item.options}
    pairs = [(str(level), by_level.get(level, 0)) for level in LEVELS]
    pairs.append((word("dont_know", lang), counts.get(DONT_KNOW, 0)))
    if item.allow_not_applicable:
        pairs.append((word("not_applicable", lang), counts.get(NOT_APPLICABLE, 0)))
    return {
        "prompt": item.prompt.get(lang),
        "shown": True,
        "answers": labelled(pairs),
        "median": number(result["value"], lang),
    }


def _facet_row(item: Any, counts: dict[str, int], lang: str) -> Json:
    by_facet = {option.facet: counts.get(option.code, 0) for option in item.options}
    pairs = [(label.get(lang), by_facet.get(facet, 0)) for facet, label in FACETS.items()]
    pairs.append((word("dont_know", lang), counts.get(DONT_KNOW, 0)))
    return {"prompt": item.prompt.get(lang), "shown": True, "answers": labelled(pairs)}


def question_tables(
    instrument: Json,
    definition: Questionnaire,
    counts: dict[str, dict[str, int]],
    min_group_size: int,
    lang: str,
    comments: dict[str, list[str]] | None = None,
) -> Json:
    """The appendix rows of one ``detailed`` instrument, in the questionnaire's order.

    Returns ``{"scale": rows, "facets": rows, "comments": quoted}``: questions answered
    on the five-point scale, questions answered by choosing a kind of innovation, and
    the comments people agreed to share (``{"prompt", "comments"}`` per question). A row
    is ``{"prompt", "shown", "answers"}`` (scale rows add their "median"); a withheld
    row has neither, and its question's comments are left out too.
    """
    results = {item["item_id"]: item for item in instrument["items"]}
    scale: list[Json] = []
    facets: list[Json] = []
    for item in definition.items:
        result = results.get(item.id)
        if result is None or result["status"] == "not_asked":
            continue
        rows = facets if item.answer_type == FACET_CHOICE else scale
        if result["asked"] < min_group_size:
            rows.append({"prompt": item.prompt.get(lang), "shown": False})
        elif item.answer_type == FACET_CHOICE:
            rows.append(_facet_row(item, counts.get(item.id, {}), lang))
        else:
            rows.append(_scale_row(item, result, counts.get(item.id, {}), lang))
    quoted = quoted_comments(instrument, definition, comments or {}, min_group_size, lang)
    return {"scale": scale, "facets": facets, "comments": quoted}
