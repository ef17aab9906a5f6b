"""Questionnaires and answers built in code for the scoring tests.

Kept independent from the bundled definitions so the engine's tests say exactly what
they rely on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from questionnaires.model import (
    EMPHASIS,
    FACET_CHOICE,
    INTENT_KIND,
    MATURITY,
    MATURITY_KIND,
    ORIENTATION_KIND,
    Dimension,
    Item,
    Option,
    Questionnaire,
    Text,
)
from questionnaires.vocabulary import FACETS
from scoring import RespondentAnswers

ALL_ROLES = frozenset({"leader", "staff", "partner"})


def text(value: str) -> Text:
    return Text(en=value, fr=f"{value} (fr)")


def maturity_options(item_id: str) -> tuple[Option, ...]:
    return tuple(
        Option(
            f"l{level}",
            Text(en=f"{item_id} at level {level}", fr=f"{item_id} au niveau {level}"),
            level,
        )
        for level in range(1, 6)
    )


def item(
    item_id: str,
    dimension: str,
    *,
    answer_type: str = MATURITY,
    roles: Iterable[str] = ALL_ROLES,
    principles: Sequence[int] = (1,),
    tags: Mapping[str, str] | None = None,
    weight: float = 1.0,
    not_applicable: bool = False,
) -> Item:
    if answer_type == MATURITY:
        options = maturity_options(item_id)
    elif answer_type == EMPHASIS:
        options = tuple(Option(f"e{n}", text(f"emphasis {n}"), n) for n in range(1, 6))
    else:
        options = tuple(Option(f, text(f"{item_id} {f}"), None, f) for f in FACETS)
    return Item(
        id=item_id,
        dimension=dimension,
        answer_type=answer_type,
        prompt=text(f"Prompt of {item_id}"),
        options=options,
        roles=frozenset(roles),
        principles=tuple(principles),
        tags=MappingProxyType(dict(tags or {})),
        weight=weight,
        allow_not_applicable=not_applicable,
    )


def dimension(dimension_id: str, kind: str = MATURITY_KIND, weight: float = 1.0) -> Dimension:
    return Dimension(dimension_id, kind, text(f"Title {dimension_id}"), text("About"), weight)


def questionnaire(
    dimensions: Sequence[Dimension],
    items: Sequence[Item],
    *,
    questionnaire_id: str = "sample",
    version: str = "1.0.0",
) -> Questionnaire:
    return Questionnaire(
        id=questionnaire_id,
        version=version,
        title=text("Sample"),
        description=text("A questionnaire for tests"),
        minutes=10,
        sources=(),
        dimensions=tuple(dimensions),
        items=tuple(items),
    )


def sample() -> Questionnaire:
    """Three maturity dimensions: a (3 items), b (4 items, one leader-only), c (2 items)."""
    return questionnaire(
        [dimension("a"), dimension("b", weight=2.0), dimension("c")],
        [
            item("a1", "a", principles=(1, 2)),
            item("a2", "a", principles=(2,), not_applicable=True),
            item("a3", "a", principles=(3,), weight=2.0),
            item("b1", "b", principles=(1,)),
            item("b2", "b", principles=(4,), not_applicable=True),
            item("b3", "b", principles=(4,)),
            item("b4", "b", principles=(5,), roles={"leader"}),
            item("c1", "c", principles=(5,), not_applicable=True),
            item("c2", "c", principles=(3,), not_applicable=True),
        ],
    )


SAMPLE = sample()


def skills() -> Questionnaire:
    """Items tagged by stage and skill (and one partner x stage item)."""
    return questionnaire(
        [dimension("skills")],
        [
            item("s1", "skills", tags={"stage": "identifying-problems", "skill": "curiosity"}),
            item("s2", "skills", tags={"stage": "identifying-problems", "skill": "curiosity"}),
            item("s3", "skills", tags={"stage": "generating-ideas", "skill": "iteration"}),
            item("s4", "skills", tags={"partner": "citizens", "stage": "generating-ideas"}),
            item("s5", "skills"),
        ],
        questionnaire_id="skills",
    )


def portfolio() -> Questionnaire:
    """A maturity dimension, four facet-choice items and four emphasis items."""
    return questionnaire(
        [
            dimension("capability"),
            dimension("orientation", ORIENTATION_KIND),
            dimension("intent", INTENT_KIND),
        ],
        [
            item("p1", "capability"),
            item("p2", "capability"),
            *(
                item(f"o{n}", "orientation", answer_type=FACET_CHOICE, principles=())
                for n in range(1, 5)
            ),
            *(
                item(
                    f"i-{facet}",
                    "intent",
                    answer_type=EMPHASIS,
                    principles=(),
                    tags={"facet": facet},
                )
                for facet in FACETS
            ),
        ],
        questionnaire_id="portfolio",
    )


def respondent(role: str = "staff", **answers: int | str) -> RespondentAnswers:
    return RespondentAnswers(role, dict(answers))


def everyone(
    value: int | str, q: Questionnaire = SAMPLE, role: str = "leader"
) -> RespondentAnswers:
    """A respondent answering ``value`` to every item asked of ``role``."""
    return RespondentAnswers(role, {i.id: value for i in q.items_for_role(role)})
