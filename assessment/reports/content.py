"""What the capability report says, as plain data: the template only lays it out.

Built from ``CapabilityData`` (never from ORM objects). Where an instrument is not
``detailed`` — too few people answered for their answers to stay unreadable — nothing
at the level of questions or people is kept: no role groups and no action plan (which
names questions), so no template change can print them by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

from assessment.reports.charts import PrintedEntry
from assessment.reports.questions import question_tables
from assessment.reports.wording import number, percent, word
from assessment.results.capability import CapabilityData
from questionnaires.model import Questionnaire

Json = dict[str, Any]

# The PDF lists the first actions of each plan; the results page lists them all.
ACTIONS_PER_PLAN = 3
WEAKEST_SHOWN = 3


def _date(day: date, lang: str) -> str:
    # "29 October 2025" rather than the American "October 29, 2025".
    return format_date(day, format="long", locale="en_GB" if lang == "en" else lang)


def _day(iso: str, zone: str, lang: str) -> str:
    return _date(datetime.fromisoformat(iso).astimezone(ZoneInfo(zone)).date(), lang)


def _level(level: int | None, name: str | None, evidence: str | None, lang: str) -> str:
    if level is not None:
        return f"{level} – {name}"
    if evidence in ("insufficient", "not_applicable", "not_asked"):
        return f"{word('no_level', lang)} ({word(evidence, lang).lower()})"
    return word("no_level", lang)


def _bare(level: int | None) -> str:
    return "–" if level is None else str(level)


def _citations(entries: Sequence[Json], lang: str) -> list[Json]:
    return [{"title": c["title"], "value": number(c["value"], lang)} for c in entries]


def _dimension(dimension: Json, lang: str) -> Json:
    agreement = dimension["agreement"]
    return {
        "title": dimension["title"],
        "level": _level(dimension["level"], dimension["level_name"], dimension["evidence"], lang),
        "score": number(dimension["score"], lang),
        "agreement": agreement.get("label_text") or "–",
        "answers": _answers(dimension["answers"], lang),
        "raw_score": dimension["score"],
    }


def _answers(shares: Json, lang: str) -> Json:
    return {
        "slots": shares["slots"],
        "answered": shares["answered"],
        "dont_know": shares["dont_know"],
        "not_applicable": shares["not_applicable"],
        "missing": shares["missing"],
        "answered_share": percent(shares["answered_share"], lang),
        "answered_of": word("count_of", lang, count=shares["answered"], total=shares["slots"]),
    }


def _role_groups(groups: Sequence[Json], lang: str) -> list[Json]:
    return [
        {"title": g["title"], "shown": g["shown"],
         "level": _level(g["overall"]["level"], g["overall"]["level_name"],
                         g["overall"]["evidence"], lang) if g["shown"] else None,
         "score": number(g["overall"]["score"], lang) if g["shown"] else None,
         "reason": None if g["shown"] else g["reason_text"]}
        for g in groups
    ]  # fmt: skip


def _plan(plan: Json, lang: str) -> Json:
    actions = plan["actions"]
    return {
        "targets": [
            {"title": t["title"], "current": _bare(t["current_level"]),
             "target": _bare(t["target_level"])}
            for t in plan["targets"]
        ],
        "actions": [
            {"rank": a["rank"], "prompt": a["prompt"], "value": number(a["value"], lang),
             "next_level": _level(a["next_level"], a["next_level_name"], None, lang),
             "descriptor": a["descriptor"]}
            for a in actions[:ACTIONS_PER_PLAN]
        ],
        "more": max(0, len(actions) - ACTIONS_PER_PLAN),
    }  # fmt: skip


def _instrument(
    instrument: Json, charts: list[PrintedEntry], questions: Json | None, lang: str
) -> Json:
    detailed = bool(instrument["detailed"])
    overall = instrument["overall"]
    explanation = overall["explanation"]
    return {
        "id": instrument["questionnaire"],
        "title": instrument["title"],
        "respondents": instrument["respondents"],
        "detailed": detailed,
        "level": _level(overall["level"], overall["level_name"], overall["evidence"], lang),
        "score": number(overall["score"], lang),
        "summary": explanation["summary"],
        "requirement": explanation["requirement"],
        # The overall result is held down by dimensions, which every reader sees anyway.
        "held_down_by": _citations(explanation["held_down_by"], lang),
        "dimensions": [_dimension(d, lang) for d in instrument["dimensions"]],
        "answers": _answers(instrument["answers"], lang),
        "role_groups": _role_groups(instrument["role_groups"], lang) if detailed else [],
        "plan": _plan(instrument["action_plan"], lang) if detailed else None,
        "charts": charts,
        "questions": questions if detailed else None,
    }


def _weakest(instruments: Sequence[Json]) -> list[Json]:
    scored = [
        {"instrument": i["title"], "title": d["title"], "level": d["level"], "score": d["score"],
         "raw": d["raw_score"]}
        for i in instruments
        for d in i["dimensions"]
        if d["raw_score"] is not None
    ]  # fmt: skip
    return sorted(scored, key=lambda d: d["raw"])[:WEAKEST_SHOWN]


def _peers(peers: Json | None, minimum: int, lang: str) -> Json:
    # The most specific peer group that disclosure control lets us show, for the first
    # questionnaire (in id order) that has one.
    placements = (peers or {}).get("placement") or {}
    headline = next(
        (
            placements[q]["headline"]
            for q in sorted(placements)
            if not placements[q]["headline"].get("withheld", True)
        ),
        None,
    )
    if headline is None:
        # A round that is not placed at all (private, superseded, not yet published)
        # says why in the peer data's own note; a small group has the report's sentence.
        first = next((placements[q]["headline"] for q in sorted(placements)), {})
        if first.get("reason") not in (None, "too_few_peers"):
            return {"shown": False, "note": first.get("note", "")}
        return {"shown": False, "note": word("peers_too_small", lang, minimum=minimum)}
    # A band among the peers, never an exact percentile (docs/benchmarks.md).
    low, high = headline.get("band_interval") or (None, None)
    return {
        "shown": True,
        "group": headline.get("group_label", ""),
        "percentile": number(headline["band"], lang, 0),
        "interval": f"{number(low, lang, 0)}–{number(high, lang, 0)}",
    }


def _method(data: CapabilityData, lang: str) -> list[str]:
    rules = data.instruments[0]["rules"] if data.instruments else None
    if rules is None:
        return []
    floors = rules["band_floors"]
    bands = ", ".join(f"{level}: ≥ {number(floor, lang)}" for level, floor in enumerate(floors, 1))

    def levels(count: int) -> str:
        return word("one_level", lang) if count == 1 else word("levels_count", lang, count=count)

    return [
        word("method_scoring", lang, bands=bands, item_gate=levels(rules["item_gate"]),
             dimension_gate=levels(rules["dimension_gate"])),
        word("method_evidence", lang, coverage=round(rules["min_coverage"] * 100)),
        word("method_privacy", lang, minimum=data.min_group_size),
    ]  # fmt: skip


def report_content(
    data: CapabilityData,
    charts: Sequence[PrintedEntry],
    produced_on: date,
    definitions: dict[str, Questionnaire] | None = None,
) -> Json:
    """Everything the PDF prints, in ``data.lang``.

    ``charts``: the results page's charts and omissions in page order (see
    ``charts.printed_plan``); ``definitions``: each instrument's questionnaire, whose
    questions the appendix lists (with ``data.answer_counts``).
    """
    lang = data.lang
    zone = data.round["time_zone"]
    instruments = []
    for instrument in data.instruments:
        qid = instrument["questionnaire"]
        definition = (definitions or {}).get(qid)
        questions = None
        if definition is not None and qid in data.answer_counts:
            questions = question_tables(instrument, definition, data.answer_counts[qid],
                                        data.min_group_size, lang,
                                        data.shared_comments.get(qid))  # fmt: skip
        own = [entry for entry in charts if entry.questionnaire == qid]
        instruments.append(_instrument(instrument, own, questions, lang))
    titles = {i["id"]: i["title"] for i in instruments}
    return {
        "lang": lang,
        "organisation": {"name": data.organisation["name"]},
        "round": {
            "title": data.round["title"],
            "unit_assessed": data.round["unit_assessed"],
            "period": word(
                "period_value",
                lang,
                opens=_day(data.round["opens_at"], zone, lang),
                closes=_day(data.round["closes_at"], zone, lang),
            ),
        },
        "produced_on": _date(produced_on, lang),
        "respondents": data.respondents,
        "min_group_size": data.min_group_size,
        "instruments": instruments,
        "principles": [
            {
                "title": p["title"],
                "level": _level(p["level"], p["level_name"], p["evidence"], lang),
                "score": number(p["score"], lang),
            }
            for p in data.principles
        ],
        "weakest": _weakest(instruments),
        "trend": [
            {
                "round": t["round_title"],
                "questionnaire": titles.get(t["questionnaire"], t["questionnaire"]),
                "level": _bare(t["level"]),
                "score": number(t["score"], lang),
            }
            for t in data.trend
            if t["round_id"] != data.round["id"]
        ],
        "charts": [entry for entry in charts if entry.questionnaire is None],
        "peers": _peers(data.peers, data.min_group_size, lang),
        "method": _method(data, lang),
    }
