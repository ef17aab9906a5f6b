"""What the technical annex holds, as one typed view model: the PDF and the workbook lay it out.

The annex is the capability report's reference part: every chart's data table, the
answers per question, the shared comments, the results per role, the agreement
statistics, the whole action plan with its owners, and the method. It is built from
``CapabilityData`` gathered with ``with_answer_counts`` (never from ORM objects),
inside the report's language (``flask_babel.force_locale``): every word and number is
already written in it, so the PDF (``templates/reports/annex.html``) and the workbook
(``reports.annex_xlsx``) print the same cells. The same privacy rules hold as on the
results page: what an instrument that is not ``detailed`` withholds is not gathered.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _

from assessment.charting import Chart
from assessment.core.levels import level_label
from assessment.core.vocabulary import role_name
from assessment.reports.annex_table import AnnexTable
from assessment.reports.questions import question_tables
from assessment.results import wording as w
from assessment.results.capability import CapabilityData, InstrumentResult

# The parts of the annex, in order; each is a sheet of the workbook, named by its code.
PARTS = ("charts", "questions", "comments", "roles", "agreement", "actions", "method")


@dataclass(frozen=True)
class AnnexPart:
    """A part of the annex: a chapter of the PDF, a sheet of the workbook.

    ``notes``: sentences that stand for tables left out (too few respondents, nothing
    to show yet).
    """

    code: str
    title: str
    intro: str
    tables: tuple[AnnexTable, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Annex:
    """Everything the annex prints, in ``lang``."""

    lang: str
    title: str
    organisation: str
    round_title: str
    period: str
    produced_on: str
    respondents: int
    parts: tuple[AnnexPart, ...]

    def template_context(self) -> dict[str, Any]:
        """The annex's parts by name, as the template reads them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def part(self, code: str) -> AnnexPart:
        """The part named ``code`` (one of ``PARTS``)."""
        return next(part for part in self.parts if part.code == code)


def _named(level: int | None) -> str:
    """A level always with its name ("3 – Defined"), or a dash."""
    return w.NO_VALUE if level is None else level_label(level)


def _charts(data: CapabilityData) -> AnnexPart:
    from assessment.results.charts import chart_plan
    from assessment.results.charts.respondents import AGREEMENT_CHART_PREFIX

    tables, notes, agreement_elsewhere = [], [], False
    for planned in chart_plan(data):
        entry = planned.entry
        if isinstance(entry, Chart) and entry.id.startswith(AGREEMENT_CHART_PREFIX):
            # Its numbers open the agreement part's fuller table: printed once, there.
            agreement_elsewhere = True
        elif isinstance(entry, Chart):
            note = " ".join(part for part in (entry.caption, entry.summary) if part)
            tables.append(
                AnnexTable(entry.id, entry.title, entry.table_headers, entry.table_rows, note)
            )
        else:
            notes.append(f"{entry.title}: {entry.reason}")
    return AnnexPart(
        "charts",
        _("Data of every chart"),
        _("Every number the report's and the results page's charts show, chart by chart."),
        tuple(tables),
        (_agreement_elsewhere(), *notes) if agreement_elsewhere else tuple(notes),
    )


def _agreement_elsewhere() -> str:
    return _(
        "The numbers of the charts of agreement among respondents are in “Agreement and"
        " data quality”, beside the data quality of each dimension."
    )


def _withheld() -> str:
    return _("Withheld: too few people were asked this question.")


def _questions(data: CapabilityData) -> AnnexPart:
    tables, notes = [], []
    for instrument in data.instruments:
        qid = instrument.questionnaire
        if not instrument.detailed or qid not in data.answer_counts:
            notes.append(_not_detailed(instrument, data.min_group_size))
            continue
        found = question_tables(instrument, data.answer_counts[qid], data.min_group_size)
        if found.scale:
            tables.append(AnnexTable(
                f"questions-{qid}", _("%(title)s: answers per question", title=instrument.title),
                (_("Question"), _("Answers (level: how many people)"), _("Median")),
                tuple((r.prompt, r.answers, r.median) if r.shown else (r.prompt, _withheld(), "")
                      for r in found.scale),
            ))  # fmt: skip
        if found.facets:
            tables.append(AnnexTable(
                f"facets-{qid}", _("%(title)s: kinds of innovation chosen", title=instrument.title),
                (_("Question"), _("Choices (kind: how many people)")),
                tuple((r.prompt, r.answers if r.shown else _withheld()) for r in found.facets),
            ))  # fmt: skip
    return AnnexPart(
        "questions",
        _("Answers per question"),
        _(
            "How many people chose each answer, per question: totals over everyone who"
            " answered, never who answered what."
        ),
        tuple(tables),
        tuple(notes),
    )


def _not_detailed(instrument: InstrumentResult, minimum: int) -> str:
    return _(
        "%(title)s: details per question appear when at least %(k)d people have submitted.",
        title=instrument.title,
        k=minimum,
    )


def _comments(data: CapabilityData) -> AnnexPart:
    from assessment.results.capability import quoted_comments

    tables = []
    for instrument in data.instruments:
        qid = instrument.questionnaire
        if not instrument.detailed or qid not in data.shared_comments:
            continue
        quoted = quoted_comments(instrument, data.shared_comments[qid], data.min_group_size)
        rows = tuple((q.prompt, comment) for q in quoted for comment in q.comments)
        if rows:
            tables.append(AnnexTable(
                f"comments-{qid}", _("%(title)s: shared comments", title=instrument.title),
                (_("Question"), _("Comment")), rows,
            ))  # fmt: skip
    return AnnexPart(
        "comments",
        _("Shared comments"),
        _(
            "Comments whose authors agreed they may be quoted, without names, in alphabetical"
            " order under each question."
        ),
        tuple(tables),
        () if tables else (_("No one has shared a comment for quoting."),),
    )


def _roles(data: CapabilityData) -> AnnexPart:
    tables, notes = [], []
    for instrument in data.instruments:
        if not instrument.detailed:
            notes.append(_not_detailed(instrument, data.min_group_size))
            continue
        rows = []
        for group in instrument.result.role_groups:
            if group.shown and group.overall is not None:
                overall = group.overall
                rows.append((
                    role_name(group.role), str(group.respondents or 0),
                    w.level_or_evidence(overall.level, overall.evidence), w.score(overall.score),
                ))  # fmt: skip
            else:
                withheld = w.withheld_group(group.reason, data.min_group_size)
                rows.append((role_name(group.role), w.NO_VALUE, withheld, w.NO_VALUE))
        if rows:
            tables.append(AnnexTable(
                f"roles-{instrument.questionnaire}",
                _("%(title)s: overall level per group of respondents", title=instrument.title),
                (_("Group"), _("Respondents"), _("Level"), _("Score (1 to 5)")), tuple(rows),
            ))  # fmt: skip
    return AnnexPart(
        "roles",
        _("Results per group of respondents"),
        _(
            "Leaders, staff and partners separately. A group smaller than %(k)d people is"
            " withheld, and so is a group whose numbers would reveal another's.",
            k=data.min_group_size,
        ),
        tuple(tables),
        tuple(notes),
    )


def _agreement(data: CapabilityData) -> AnnexPart:
    tables = []
    for instrument in data.instruments:
        rows = tuple(
            (
                w.local(d.title), w.number(d.agreement.rwg), w.agreement(d.agreement.label)
                or w.NO_VALUE, w.number(d.agreement.sd), w.number(d.agreement.iqr),
                str(d.agreement.items), str(d.agreement.answers),
                w.percent(d.coverage), w.percent(d.shares.dont_know_share),
            )
            for d in instrument.dimensions
        )  # fmt: skip
        tables.append(AnnexTable(
            f"agreement-{instrument.questionnaire}",
            _("%(title)s: agreement and data quality per dimension", title=instrument.title),
            (_("Dimension"), _("Agreement r_wg (0 to 1)"), _("Agreement"),
             _("Standard deviation"), _("Interquartile range"), _("Questions compared"),
             _("Values compared"), _("Coverage"), _("Share “I do not know”")),
            rows,
        ))  # fmt: skip
    return AnnexPart(
        "agreement",
        _("Agreement and data quality"),
        _(
            "How closely respondents agree in each dimension (r_wg: 0 no agreement, 1 full"
            " agreement), and how much of each dimension was answered."
        ),
        tuple(tables),
    )


def _actions(data: CapabilityData) -> AnnexPart:
    tables, notes = [], []
    for instrument in data.instruments:
        qid = instrument.questionnaire
        if not instrument.detailed:
            notes.append(_not_detailed(instrument, data.min_group_size))
            continue
        titles = {d.dimension_id: w.local(d.title) for d in instrument.dimensions}
        plan = instrument.report.plan
        tables.append(AnnexTable(
            f"targets-{qid}", _("%(title)s: targets and owners", title=instrument.title),
            (_("Dimension"), _("Current level"), _("Target level"), _("Owner"), _("Due by")),
            tuple(_target_row(data, qid, t.dimension_id, titles, t.current_level,
                              t.target_level) for t in plan.targets),
        ))  # fmt: skip
        if plan.actions:
            tables.append(AnnexTable(
                f"actions-{qid}", _("%(title)s: prioritised actions", title=instrument.title),
                (_("Question"), _("Priority"), _("Dimension"), _("Score (1 to 5)"),
                 _("Next level"), _("What the next level looks like")),
                tuple((w.local(a.prompt), str(a.rank), titles.get(a.dimension_id, a.dimension_id),
                       w.score(a.value), _named(a.next_level), w.local(a.descriptor))
                      for a in plan.actions),
            ))  # fmt: skip
    return AnnexPart(
        "actions",
        _("Action plan"),
        _(
            "Every action of the plan, highest priority first, with the targets it aims at"
            " and who carries each dimension's actions by when."
        ),
        tuple(tables),
        tuple(notes),
    )


def _target_row(
    data: CapabilityData,
    qid: str,
    dimension_id: str,
    titles: dict[str, str],
    current: int | None,
    target: int | None,
) -> tuple[str, ...]:
    owned = data.owner_of(qid, dimension_id)
    return (
        titles.get(dimension_id, dimension_id),
        _named(current),
        _named(target),
        owned.owner if owned and owned.owner else w.NO_VALUE,
        w.day(owned.due_on) if owned else w.NO_VALUE,
    )


def _method(data: CapabilityData) -> AnnexPart:
    rows: list[tuple[str, ...]] = [
        (_("Smallest group shown"), str(data.min_group_size)),
        (_("Submitted responses"), str(data.respondents)),
    ]
    for instrument in data.instruments:
        rules = instrument.result.rules
        bands = "; ".join(
            f"{level_label(n)}: ≥ {w.score(floor)}" for n, floor in enumerate(rules.band_floors, 1)
        )
        rows += [
            (_("%(title)s: version", title=instrument.title), instrument.version),
            (_("%(title)s: respondents", title=instrument.title),
             str(instrument.result.respondents)),
            (_("%(title)s: score bands", title=instrument.title), bands),
            (_("%(title)s: smallest share of questions answered for a level",
               title=instrument.title), w.percent(rules.min_coverage)),
        ]  # fmt: skip
        if rules.item_gate is not None and rules.dimension_gate is not None:
            rows.append((
                _("%(title)s: gates", title=instrument.title),
                _("A dimension at most %(item)s above its weakest question; the overall level"
                  " at most %(dimension)s above the weakest dimension.",
                  item=w.gate_margin(rules.item_gate),
                  dimension=w.gate_margin(rules.dimension_gate)),
            ))  # fmt: skip
    return AnnexPart(
        "method",
        _("Method"),
        _(
            "Each question's value is the median of the answers given; a dimension's score"
            " is the weighted mean of its questions, and its level the band the score falls"
            " in, within the gates. “I do not know” and “Not applicable” are counted, not"
            " scored."
        ),
        (AnnexTable("method", _("Method details"), (_("Setting"), _("Value")), tuple(rows)),),
    )


def annex_content(data: CapabilityData, produced_on: date) -> Annex:
    """Everything the annex prints, in the language in force.

    ``data``: gathered with ``with_answer_counts`` (else the per-question part holds
    only notes).
    """
    zone = ZoneInfo(data.round.time_zone)

    def zone_day(moment: datetime | date) -> str:
        # Day, month name, year in every language, on the round's calendar.
        day = moment.astimezone(zone).date() if isinstance(moment, datetime) else moment
        return format_date(day, "d MMMM y")

    return Annex(
        lang=w.current_language(),
        title=_("Technical annex to the innovation capability report"),
        organisation=data.organisation.name,
        round_title=data.round.title,
        period=_(
            "%(opens)s to %(closes)s",
            opens=zone_day(data.round.opens_at),
            closes=zone_day(data.round.closes_at),
        ),
        produced_on=zone_day(produced_on),
        respondents=data.respondents,
        parts=(
            _charts(data), _questions(data), _comments(data), _roles(data),
            _agreement(data), _actions(data), _method(data),
        ),
    )  # fmt: skip
