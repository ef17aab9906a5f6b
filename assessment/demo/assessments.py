"""Demo assessments: completed rounds with answers and scores, and one round in progress.

Answers are drawn around a per-organisation maturity profile so that results and
benchmarks show believable variation. Deterministic: a seeded generator per
organisation, so re-running changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.demo import bulk as demo_bulk
from assessment.demo.bulk import CompletedRound
from assessment.demo.seeding import DEMO_RESPONDENT, DEMO_SLUG
from assessment.survey import links as tokens
from assessment.survey import scoring as results
from assessment.survey.models import (
    CONSENT_ANONYMOUS,
    CONSENT_NAMED,
    CONSENT_PRIVATE,
    AssessmentRound,
    Invitation,
    RoundInstrument,
)
from assessment.survey.responding import new_reference
from assessment.survey.responses import IN_PROGRESS, SUBMITTED, Answer, Response
from questionnaires.model import DONT_KNOW, NOT_APPLICABLE, Item, Questionnaire

COMPLETED_TITLE = "Demo assessment 2025"
EARLIER_TITLE = "Demo assessment 2024"
IN_PROGRESS_TITLE = "Demo assessment 2026 (in progress)"
ALL_INSTRUMENTS = (
    "leadership-mindsets",
    "innovation-skills",
    "ecosystem-partners",
    "innovation-portfolio",
)
# Organisations after the first ones answer one instrument with three people, so that a
# large benchmark data set stays quick to build.
FULL_DEMO_ORGANISATIONS = 60
DEMO_AGENCY_ROLES = ("leader",) * 3 + ("staff",) * 4 + ("partner",) * 3
# Organisations written per transaction: large enough that per-statement costs vanish,
# small enough to keep a batch's answers (about 45,000 rows) comfortably in memory.
BATCH_SIZE = 500


# The demo agency's profile: each dimension centred on its own level, from Emerging to
# Embedded, so that a first report shows strengths and priorities; leaders see the
# organisation more favourably than staff do, as they often do.
AGENCY_DIMENSION_LEVELS = (2.3, 4.4, 3.1, 4.8, 2.6, 3.7, 3.3, 2.1, 4.1)
AGENCY_ROLE_OFFSETS = {"leader": 0.6, "staff": -0.4, "partner": 0.0}
AGENCY_SPREAD = 0.5


def _code(item: Item, profile: float, rng: random.Random, spread: float = 0.8) -> str:
    if rng.random() < 0.07:
        return DONT_KNOW
    if item.allow_not_applicable and rng.random() < 0.03:
        return NOT_APPLICABLE
    if item.answer_type == "facet-choice":
        return rng.choice(item.options).code
    level = min(5, max(1, round(profile + rng.gauss(0, spread))))
    option = item.option_for_level(level)
    assert option is not None  # validated definitions anchor every level
    return option.code


def _answers(
    definition: Questionnaire, role: str, profile: float, rng: random.Random
) -> dict[str, str]:
    return {item.id: _code(item, profile, rng) for item in definition.items_for_role(role)}


def _agency_answers(
    definition: Questionnaire, role: str, rng: random.Random, progress: float = 0.0
) -> dict[str, str]:
    """The demo agency's answers: per-dimension levels, shifted by the person's role.

    ``progress``: added to every level (negative for the year before).
    """
    centres = {
        dimension.id: AGENCY_DIMENSION_LEVELS[n % len(AGENCY_DIMENSION_LEVELS)]
        for n, dimension in enumerate(definition.dimensions)
    }
    offset = AGENCY_ROLE_OFFSETS.get(role, 0.0) + progress
    return {
        item.id: _code(item, centres.get(item.dimension, 3.0) + offset, rng, AGENCY_SPREAD)
        for item in definition.items_for_role(role)
    }


def _round(
    organisation: Organisation,
    title: str,
    instruments: tuple[str, ...],
    opens_at: datetime,
    closes_at: datetime,
    consent: str,
) -> AssessmentRound:
    assessment_round = AssessmentRound(
        organisation_id=organisation.id,
        title=title,
        unit_assessed="Whole organisation",
        opens_at=opens_at,
        closes_at=closes_at,
        time_zone="UTC",
        consent=consent,
    )
    for position, questionnaire_id in enumerate(instruments):
        definition = library().get(questionnaire_id)
        assessment_round.instruments.append(
            RoundInstrument(
                questionnaire_id=definition.id,
                questionnaire_version=definition.version,
                position=position,
            )
        )
    db.session.add(assessment_round)
    db.session.flush()
    return assessment_round


def _respondent(
    assessment_round: AssessmentRound,
    number: int,
    role: str,
    answers_by_questionnaire: dict[str, dict[str, str]],
    status: str,
    email: str | None = None,
) -> None:
    invitation = Invitation(
        round_id=assessment_round.id,
        email=email or f"person{number}.{assessment_round.organisation_id}@demo.example",
        respondent_role=role,
        link_nonce=tokens.new_nonce(),
        token_hash=tokens.new_nonce(),
    )
    db.session.add(invitation)
    db.session.flush()
    invitation.token_hash = tokens.token_hash(
        tokens.link_token(invitation.id, invitation.link_nonce)
    )
    response = Response(
        round_id=assessment_round.id,
        invitation_id=invitation.id,
        respondent_role=role,
        status=status,
        submitted_at=assessment_round.closes_at - timedelta(days=1)
        if status == SUBMITTED
        else None,
        reference=new_reference() if status == SUBMITTED else None,
    )
    db.session.add(response)
    db.session.flush()
    rows = [
        {
            "response_id": response.id,
            "questionnaire_id": questionnaire_id,
            "item_id": item_id,
            "code": code,
            "comment": "",
            "revision": 1,
            "updated_at": utcnow(),
        }
        for questionnaire_id, answers in answers_by_questionnaire.items()
        for item_id, code in answers.items()
    ]
    if rows:
        db.session.execute(insert(Answer), rows)


def _profile(government_level: str, rng: random.Random) -> float:
    # Larger and national bodies lean slightly more mature, so benchmarks have shape.
    base = {"national": 3.0, "regional": 2.7, "local": 2.5}[government_level]
    return min(4.6, max(1.4, base + rng.gauss(0, 0.7)))


def completed_round(
    organisation_id: int, slug: str, government_level: str, index: int
) -> CompletedRound:
    """The completed round of the ``index``-th demo organisation (same every time)."""
    rng = random.Random(f"demo-{slug}")  # noqa: S311 - demo data
    full = index < FULL_DEMO_ORGANISATIONS
    instruments = ALL_INSTRUMENTS if full else ALL_INSTRUMENTS[:1]
    roles = (
        DEMO_AGENCY_ROLES
        if slug == DEMO_SLUG
        else ("leader", "staff", "staff", "staff", "leader")[: 5 if full else 3]
    )
    consent = rng.choices([CONSENT_ANONYMOUS, CONSENT_NAMED, CONSENT_PRIVATE], [7, 2, 1])[0]
    closes_at = datetime(2025, 11, 28, 17, tzinfo=UTC)
    profile = _profile(government_level, rng)
    definitions = [library().get(q) for q in instruments]
    if slug == DEMO_SLUG:
        respondents = tuple(
            (role, {d.id: _agency_answers(d, role, rng) for d in definitions}) for role in roles
        )
    else:
        respondents = tuple(
            (role, {d.id: _answers(d, role, profile, rng) for d in definitions}) for role in roles
        )
    return CompletedRound(
        organisation_id=organisation_id,
        title=COMPLETED_TITLE,
        opens_at=closes_at - timedelta(days=30),
        closes_at=closes_at,
        consent=consent,
        instruments=instruments,
        respondents=respondents,
    )


# What some of the demo agency's people wrote with their first answers, and whether
# they agreed to be quoted: the report then has shared comments, and one person's
# stay private.
DEMO_COMMENTS = (
    (
        (
            "The permits pilot got a go-ahead within a month.",
            "Leaders ask what we learnt, not only what we delivered.",
        ),
        True,
    ),
    (
        (
            "Budget rules still make small experiments slow.",
            "We reuse a test-and-learn template from the health ministry.",
        ),
        True,
    ),
    (
        (
            "Most ideas come from frontline staff, but they rarely hear back.",
            "See <https://intranet.example/ideas> for our idea box.",
        ),
        True,
    ),
    (
        (
            "Private remark: my team does not feel safe to fail.",
            "Not sure who decides on scaling.",
        ),
        False,
    ),
)


def seed_comments(organisation_id: int) -> None:
    """Add the demo agency's comments to its completed round (once)."""
    completed = db.session.execute(
        db.select(AssessmentRound.id).filter_by(
            organisation_id=organisation_id, title=COMPLETED_TITLE
        )
    ).scalar_one()
    responses = (
        db.session.execute(db.select(Response).filter_by(round_id=completed).order_by(Response.id))
        .scalars()
        .all()
    )
    commented = db.select(Answer.id).filter(
        Answer.response_id.in_([r.id for r in responses]), Answer.comment != ""
    )
    if db.session.execute(commented.limit(1)).first():
        return
    for response, (comments, quotable) in zip(responses, DEMO_COMMENTS, strict=False):
        answers = db.session.execute(
            db.select(Answer)
            .filter_by(response_id=response.id, questionnaire_id=ALL_INSTRUMENTS[0])
            .order_by(Answer.id)
            .limit(len(comments))
        ).scalars()
        for answer, comment in zip(answers, comments, strict=False):
            answer.comment = comment
        response.comments_quotable = quotable
    db.session.commit()


def seed_in_progress(organisation: Organisation) -> None:
    """A round still open for the demo agency: some people done, some halfway, some not started."""
    exists = db.session.execute(
        db.select(AssessmentRound.id).filter_by(
            organisation_id=organisation.id, title=IN_PROGRESS_TITLE
        )
    ).first()
    if exists:
        return
    rng = random.Random("demo-in-progress")  # noqa: S311 - demo data
    now = utcnow()
    assessment_round = _round(
        organisation,
        IN_PROGRESS_TITLE,
        ALL_INSTRUMENTS[:2],
        now - timedelta(days=7),
        now + timedelta(days=60),
        CONSENT_ANONYMOUS,
    )
    definitions = [library().get(q) for q in ALL_INSTRUMENTS[:2]]
    plan = [("leader", SUBMITTED, 1.0), ("staff", IN_PROGRESS, 0.5), ("staff", IN_PROGRESS, 0.0)]
    for number, (role, status, share) in enumerate(plan):
        answers = {}
        for definition in definitions:
            full = _answers(definition, role, 3.2, rng)
            keep = int(len(full) * share)
            answers[definition.id] = dict(list(full.items())[:keep])
        # The demo respondent account is the staff member halfway through: signing in,
        # they find this round on their dashboard, with their own link to carry on.
        email = DEMO_RESPONDENT if number == 1 else None
        _respondent(assessment_round, 100 + number, role, answers, status, email)
    results.refresh_round_results(assessment_round)


def seed_earlier(organisation: Organisation) -> None:
    """The demo agency's round of the year before, a little less mature: the trend's start."""
    exists = db.session.execute(
        db.select(AssessmentRound.id).filter_by(
            organisation_id=organisation.id, title=EARLIER_TITLE
        )
    ).first()
    if exists:
        return
    rng = random.Random("demo-earlier")  # noqa: S311 - demo data
    closes_at = datetime(2024, 11, 29, 17, tzinfo=UTC)
    assessment_round = _round(
        organisation, EARLIER_TITLE, ALL_INSTRUMENTS[:2], closes_at - timedelta(days=30),
        closes_at, CONSENT_PRIVATE,
    )  # fmt: skip
    definitions = [library().get(q) for q in ALL_INSTRUMENTS[:2]]
    for number, role in enumerate(DEMO_AGENCY_ROLES):
        answers = {d.id: _agency_answers(d, role, rng, progress=-0.6) for d in definitions}
        _respondent(assessment_round, 200 + number, role, answers, SUBMITTED)
    results.refresh_round_results(assessment_round)


def seed(progress: Callable[[int], None] = lambda _n: None, batch_size: int = BATCH_SIZE) -> int:
    """Seed completed rounds for every demo organisation and the demo agency's open round.

    Organisations that already have their completed round are left alone, so running it
    again adds nothing. Rounds are written ``batch_size`` organisations per transaction,
    in the order of the organisations; the demo agency's open round follows its completed
    one, as the demo's links and tests expect (rounds 1 and 2 of a fresh database), then
    its round of the year before (round 3, private: it stays out of benchmarks).
    """
    organisations = db.session.execute(
        db.select(Organisation.id, Organisation.slug, Organisation.government_level)
        .filter_by(is_demo=True)
        .order_by(Organisation.id)
    ).all()
    done = set(
        db.session.execute(
            db.select(AssessmentRound.organisation_id).filter_by(title=COMPLETED_TITLE)
        ).scalars()
    )
    added = 0
    planned: list[CompletedRound] = []
    seen = 0

    def write() -> None:
        nonlocal added, seen
        demo_bulk.write_completed(planned)
        db.session.commit()
        added += len(planned)
        progress(seen)
        planned.clear()
        seen = 0

    for index, (organisation_id, slug, level) in enumerate(organisations):
        seen += 1
        if organisation_id not in done:
            planned.append(completed_round(organisation_id, slug, level, index))
        if slug == DEMO_SLUG:
            write()
            seed_in_progress(db.session.get_one(Organisation, organisation_id))
            seed_comments(organisation_id)
            seed_earlier(db.session.get_one(Organisation, organisation_id))
        elif seen >= batch_size:
            write()
    write()
    return added
