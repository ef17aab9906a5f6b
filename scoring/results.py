"""The frozen result objects the engine returns.

Scores are on the 1.0-5.0 scale, rounded half up to two decimals; ``percent`` is the
same score on 0-100. A level is None whenever the evidence is not sufficient, and
``evidence`` then says why (see ``scoring.rules`` for the evidence states).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from questionnaires.model import Text
from scoring.frozen import quick
from scoring.rules import ScoringRules


@quick
@dataclass(frozen=True)
class AnswerShares:
    """How respondents used the answer slots (respondent x item asked) of some items."""

    slots: int
    answered: int
    dont_know: int
    not_applicable: int

    @property
    def missing(self) -> int:
        """Slots left without any answer."""
        return self.slots - self.answered - self.dont_know - self.not_applicable

    @property
    def dont_know_share(self) -> float:
        """Share (0-1) of slots answered "I do not know" or left blank.

        A blank scores exactly like "I do not know" (docs/scoring.md), so it counts in
        this share too: 12 "I do not know" and 1 blank among 16 slots give 13/16.
        """
        return (self.dont_know + self.missing) / self.slots if self.slots else 0.0

    @property
    def not_applicable_share(self) -> float:
        """Share (0-1) of slots answered "Not applicable"."""
        return self.not_applicable / self.slots if self.slots else 0.0

    @property
    def answered_share(self) -> float:
        """Share (0-1) of slots with a scored answer."""
        return self.answered / self.slots if self.slots else 0.0


@quick
@dataclass(frozen=True)
class Agreement:
    """How far respondents agree on a dimension's items.

    Computed over the ``items`` that received two or more values (``answers`` values in
    all): ``sd`` is the square root of their mean sample variance, ``iqr`` their mean
    interquartile range, ``rwg`` the r_wg(J) index against a uniform null, 0 (no
    agreement) to 1 (full agreement), and ``label`` its reading: none, weak, moderate,
    strong or very_strong.
    """

    items: int
    answers: int
    sd: float | None
    iqr: float | None
    rwg: float | None
    label: str | None


@quick
@dataclass(frozen=True)
class ItemResult:
    """The organisation's value for one item: the median of the values given.

    ``status`` is ``valued`` (someone gave a value), ``not_applicable`` (no value, and
    someone answered "Not applicable"), ``unanswered`` (only "I do not know" or nothing)
    or ``not_asked`` (no respondent's role is asked this item). Facet-choice items have
    no value or level; their choices feed the facet profile.
    """

    item_id: str
    dimension_id: str
    answer_type: str
    weight: float
    principles: tuple[int, ...]
    status: str
    value: float | None
    level: int | None
    asked: int
    answered: int
    dont_know: int
    not_applicable: int


@quick
@dataclass(frozen=True)
class ItemTable:
    """Item results stored column-wise: one tuple per ``ItemResult`` field, in item order.

    Organisations are scored by the thousand and most uses only need dimension and
    overall figures, so items are kept as a few tuples and turned into ``ItemResult``
    objects only when asked for (``AssessmentResult.items``).
    """

    item_id: tuple[str, ...]
    dimension_id: tuple[str, ...]
    answer_type: tuple[str, ...]
    weight: tuple[float, ...]
    principles: tuple[tuple[int, ...], ...]
    status: tuple[str, ...]
    value: tuple[float | None, ...]
    level: tuple[int | None, ...]
    asked: tuple[int, ...]
    answered: tuple[int, ...]
    dont_know: tuple[int, ...]
    not_applicable: tuple[int, ...]

    def results(self) -> tuple[ItemResult, ...]:
        """Return one ``ItemResult`` per item."""
        return tuple(
            ItemResult(*fields)
            for fields in zip(
                self.item_id,
                self.dimension_id,
                self.answer_type,
                self.weight,
                self.principles,
                self.status,
                self.value,
                self.level,
                self.asked,
                self.answered,
                self.dont_know,
                self.not_applicable,
                strict=True,
            )
        )


@quick
@dataclass(frozen=True)
class DimensionResult:
    """Score, level and evidence of one maturity dimension.

    ``band_level`` is the level of the score's band before gating; ``cap`` is the
    highest level the gate allows (weakest item level + ``ScoringRules.item_gate``), or
    None when no gate applies.
    """

    dimension_id: str
    title: Text
    weight: float
    score: float | None
    percent: float | None
    level: int | None
    evidence: str
    items_asked: int
    items_applicable: int
    items_answered: int
    band_level: int | None
    cap: int | None
    shares: AnswerShares
    agreement: Agreement

    @property
    def coverage(self) -> float | None:
        """Share (0-1) of applicable items with a value, None when none is applicable."""
        if not self.items_applicable:
            return None
        return self.items_answered / self.items_applicable

    @property
    def gated(self) -> bool:
        """Tell whether the gate lowered the level below the score's band."""
        return (
            self.level is not None and self.band_level is not None and self.level < self.band_level
        )


@quick
@dataclass(frozen=True)
class OverallResult:
    """The instrument's overall score and level.

    ``lacking`` lists the dimensions whose missing evidence withholds the level; ``cap``
    is the weakest dimension level + ``ScoringRules.dimension_gate``.
    """

    score: float | None
    percent: float | None
    level: int | None
    evidence: str
    band_level: int | None
    cap: int | None
    lacking: tuple[str, ...]

    @property
    def gated(self) -> bool:
        """Tell whether the gate lowered the level below the score's band."""
        return (
            self.level is not None and self.band_level is not None and self.level < self.band_level
        )


@quick
@dataclass(frozen=True)
class PrincipleResult:
    """Score and level for one principle of the Declaration, from the items citing it."""

    principle: int
    score: float | None
    percent: float | None
    level: int | None
    evidence: str
    items_applicable: int
    items_answered: int
    band_level: int | None
    cap: int | None
    questionnaires: tuple[str, ...]


@quick
@dataclass(frozen=True)
class GroupDimension:
    """One dimension as a role group sees it: score and level from its own answers."""

    dimension_id: str
    title: Text
    score: float | None
    percent: float | None
    level: int | None
    evidence: str


@quick
@dataclass(frozen=True)
class RoleGroupView:
    """The result seen by one role group, or why it is withheld.

    A withheld view carries no numbers at all, not even its respondent count.
    ``reason`` is ``too_few`` or ``protects_other_group``.
    """

    role: str
    shown: bool
    respondents: int | None
    reason: str | None
    dimensions: tuple[GroupDimension, ...]
    overall: OverallResult | None


@quick
@dataclass(frozen=True)
class MatrixCell:
    """Mean organisation item value of the items tagged with one row and one column."""

    row: str
    column: str
    mean: float | None
    items: int
    answers: int


@quick
@dataclass(frozen=True)
class TagMatrix:
    """A heatmap of item values by two tags, e.g. stage x skill."""

    row_tag: str
    column_tag: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[MatrixCell, ...]

    def cell(self, row: str, column: str) -> MatrixCell | None:
        """Return the cell at ``row`` and ``column``, or None."""
        return next((c for c in self.cells if c.row == row and c.column == column), None)


@quick
@dataclass(frozen=True)
class FacetShare:
    """How often one facet was chosen, pooled across respondents and items."""

    facet: str
    count: int
    percent: float


@quick
@dataclass(frozen=True)
class FacetProfile:
    """Facet orientation: shares, strong facets, tendency and type of change.

    ``change_type`` is ``none`` (no dominant facet), ``single``, one of ``sustaining``,
    ``optimising``, ``transformative``, ``disruptive`` (adjacent pairs),
    ``confusion`` (opposite pairs) or ``mixed`` (three or more strong facets).
    """

    answers: int
    shares: tuple[FacetShare, ...]
    strong: tuple[str, ...]
    change_type: str


@quick
@dataclass(frozen=True)
class BalanceEntry:
    """Actual against intended share of one facet, in percent (gap = actual - intended)."""

    facet: str
    actual: float | None
    intended: float | None
    gap: float | None


@quick
@dataclass(frozen=True)
class Capability:
    """Portfolio-management capability band from the maturity dimensions' overall score."""

    score: float | None
    band: str | None


@quick
@dataclass(frozen=True)
class AssessmentResult:
    """Everything the engine computes for one organisation (or one respondent)."""

    questionnaire_id: str
    version: str
    rules: ScoringRules
    respondents: int
    item_table: ItemTable
    dimensions: tuple[DimensionResult, ...]
    overall: OverallResult
    principles: tuple[PrincipleResult, ...]
    shares: AnswerShares
    role_groups: tuple[RoleGroupView, ...]
    matrices: tuple[TagMatrix, ...]
    facet_profile: FacetProfile | None
    balance: tuple[BalanceEntry, ...]
    capability: Capability | None

    @cached_property
    def items(self) -> tuple[ItemResult, ...]:
        """The organisation value of every item, in definition order."""
        return self.item_table.results()

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        """Return the result of one dimension, or None."""
        return next((d for d in self.dimensions if d.dimension_id == dimension_id), None)

    def item(self, item_id: str) -> ItemResult | None:
        """Return the result of one item, or None."""
        return next((i for i in self.items if i.item_id == item_id), None)
