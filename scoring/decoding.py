"""Checking answers, and counting each item's answer codes in one integer.

An item's statistics depend only on how many respondents gave each code (see
``scoring.index`` for the codes). Each code owns a digit of ``width`` bits, wide enough
to count every respondent, so a respondent's answer to an item decodes straight to
``1 << (width * slot)`` and an item's counts are the plain sum of its respondents'
values: order-independent, made in C by ``map(sum, zip(*rows))``, and one small int to
look up in the memos (for the usual organisation sizes it even fits a machine word,
which ``sum`` adds fastest).

Sums over several items (a dimension's answer shares) use digits of ``pack`` bits,
wide enough to count every answer slot of the organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from operator import attrgetter, methodcaller
from typing import NamedTuple

from questionnaires.model import DONT_KNOW, FACET_CHOICE, NOT_APPLICABLE, Item
from questionnaires.vocabulary import ROLES
from scoring.answers import RespondentAnswers
from scoring.errors import AnswerError
from scoring.index import NOT_ASKED_DECODER, QuestionnaireIndex, picker
from scoring.index import item_decoder as _decoder
from scoring.results import AnswerShares

_PLAIN_TYPES = frozenset({int, str})

Row = list[int]  # one respondent's encoded answers to the items asked of their role


class RolePlan(NamedTuple):
    """How to encode the answers of one role's respondents.

    ``ids`` and ``decoders``: the items asked of the role, and for each a dict from raw
    answer to the weight of its code. ``expand`` turns the sums of the role's rows, plus
    the role's number of respondents, into counts for every item: an item not asked of
    the role counts each of them as not asked (the lowest code, weight 1).
    """

    ids: tuple[str, ...]
    decoders: tuple[dict[object, int], ...]
    expand: Callable[[Sequence[int]], tuple[int, ...]]


# Each distinct (codes, width, pack) gets a number: memos are kept per number, since
# the same int means the same counts only under the same encoding.
_ENCODINGS: dict[tuple[tuple[int, ...], int, int], int] = {}


class Codec:
    """The count encoding of one questionnaire's codes for given digit widths."""

    __slots__ = ("width", "pack", "mask", "shares_mask", "codes", "plans", "encoding")

    def __init__(self, index: QuestionnaireIndex, width: int, pack: int):
        self.width = width
        self.pack = pack
        self.mask = (1 << pack) - 1
        self.shares_mask = (1 << 4 * pack) - 1  # the four answer-share digits
        self.codes = index.codes
        weights = {code: 1 << (width * slot) for slot, code in enumerate(index.codes)}
        self.plans: dict[str, RolePlan] = {}
        for role, decoders in index.role_decoders.items():
            asked = [p for p, d in enumerate(decoders) if d is not NOT_ASKED_DECODER]
            place = {p: number for number, p in enumerate(asked)}
            self.plans[role] = RolePlan(
                tuple(index.item_ids[p] for p in asked),
                tuple({raw: weights[code] for raw, code in decoders[p].items()} for p in asked),
                picker(tuple(place.get(p, len(asked)) for p in range(len(decoders)))),
            )
        self.encoding = _ENCODINGS.setdefault((index.codes, width, pack), len(_ENCODINGS))

    def counts(self, key: int) -> dict[int, int]:
        """Return how many times ``key`` counts each code."""
        counts = {}
        mask, width = (1 << self.width) - 1, self.width
        for code in self.codes:
            counts[code] = key & mask
            key >>= width
        return counts

    def ordered(self, key: int) -> tuple[int, ...]:
        """Return the sorted codes counted in ``key``."""
        ordered: list[int] = []
        for code, count in self.counts(key).items():
            ordered += [code] * count
        return tuple(ordered)

    def shares(self, packed: int) -> AnswerShares:
        """Answer shares from packed slots asked, values, don't know, not applicable."""
        mask, pack = self.mask, self.pack
        return AnswerShares(
            packed & mask,
            (packed >> pack) & mask,
            (packed >> 2 * pack) & mask,
            (packed >> 3 * pack) & mask,
        )


def codec_for(index: QuestionnaireIndex, respondents: int) -> Codec:
    """Return the codec whose digits can count ``respondents``, and all their answers."""
    width = max(1, respondents.bit_length())
    pack = max(1, (respondents * len(index.items)).bit_length())
    codec = index.codecs.get((width, pack))
    if codec is None:
        codec = index.codecs[(width, pack)] = Codec(index, width, pack)
    return codec


class Decoded:
    """Valid answers, encoded: each item's counts, overall and per role present.

    ``given`` is the number of answers given, which ``check_given`` compares with the
    answers the counts hold: any difference is an answer to an unknown item, or to an
    item not asked of the respondent's role.
    """

    __slots__ = ("keys", "role_keys", "role_counts", "given", "codec")

    def __init__(
        self,
        keys: list[int],
        role_keys: dict[str, tuple[int, ...]],
        role_counts: dict[str, int],
        given: int,
        codec: Codec,
    ):
        self.keys = keys
        self.role_keys = role_keys
        self.role_counts = role_counts
        self.given = given
        self.codec = codec


_ROLE = attrgetter("role")
_ANSWERS = attrgetter("answers")
_VALUES = methodcaller("values")


def decode(index: QuestionnaireIndex, respondents: Sequence[RespondentAnswers]) -> Decoded:
    """Check every respondent's role and answers, and count each item's codes.

    Raises ``AnswerError`` for the first invalid role or answer, in respondent order;
    answers to unknown or unasked items are found by ``check_given``.
    """
    codec = codec_for(index, len(respondents))
    plans = codec.plans
    getitem = dict.__getitem__
    answers: list[Mapping[str, object]] = list(map(_ANSWERS, respondents))
    role_keys: dict[str, tuple[int, ...]] = {}
    role_counts: dict[str, int] = {}
    try:
        # bool and float hash like ints (True == 1, 3.0 == 3), so types are checked.
        if not _PLAIN_TYPES.issuperset(map(type, chain.from_iterable(map(_VALUES, answers)))):
            raise first_error(index, respondents)
        by_role: dict[str, list[Mapping[str, object]]] = {}
        for role, given in zip(map(_ROLE, respondents), answers, strict=True):
            if role in by_role:
                by_role[role].append(given)
            else:
                by_role[role] = [given]
        for role, group in by_role.items():
            ids, decoders, expand = plans[role]
            # Each respondent's encoded answers, summed item by item as they are made.
            rows = [map(getitem, decoders, map(given.get, ids)) for given in group]
            role_keys[role] = expand([*map(sum, zip(*rows, strict=True)), len(rows)])
            role_counts[role] = len(rows)
    except (AttributeError, KeyError, TypeError):
        # An unknown or unhashable role, or an answer its item does not accept.
        raise first_error(index, respondents) from None
    if len(role_keys) > 1:
        keys = list(map(sum, zip(*role_keys.values(), strict=True)))
    elif role_keys:
        (keys_of_role,) = role_keys.values()
        keys = list(keys_of_role)
    else:
        keys = [0] * len(index.items)
    return Decoded(keys, role_keys, role_counts, sum(map(len, answers)), codec)


def check_given(
    index: QuestionnaireIndex,
    respondents: Sequence[RespondentAnswers],
    decoded: Decoded,
    shares: AnswerShares,
) -> None:
    """Raise the first error unless ``shares`` (of all items) hold every given answer."""
    if shares.answered + shares.dont_know + shares.not_applicable != decoded.given:
        raise first_error(index, respondents)


def first_error(index: QuestionnaireIndex, respondents: Sequence[RespondentAnswers]) -> AnswerError:
    """Return the error for the first invalid role or answer (there must be one)."""
    for number, respondent in enumerate(respondents, 1):
        role = respondent.role
        decoders = index.role_decoders.get(role)
        if decoders is None:
            expected = ", ".join(ROLES)
            return AnswerError(
                f"respondent {number}: unknown role {role!r} (expected one of {expected})",
                number,
            )
        answers = respondent.answers
        for item_id, raw in answers.items():
            position = index.position.get(item_id)
            if position is None or decoders[position] is NOT_ASKED_DECODER:
                return _unasked(index, number, role, item_id)
            item = index.items[position]
            if type(raw) not in _PLAIN_TYPES or raw not in _decoder(item):
                return _invalid(number, item, raw)
    raise AssertionError("no invalid answer found")  # pragma: no cover


def _unasked(index: QuestionnaireIndex, number: int, role: str, item_id: str) -> AnswerError:
    questionnaire = index.questionnaire
    if item_id in index.position:
        message = f"respondent {number}: item {item_id!r} is not asked of role {role!r}"
    else:
        message = (
            f"respondent {number}: unknown item {item_id!r}"
            f" (not in {questionnaire.id} {questionnaire.version})"
        )
    return AnswerError(message, number, item_id)


def _invalid(number: int, item: Item, raw: object) -> AnswerError:
    where = f"respondent {number}, item {item.id!r}"
    reserved = [DONT_KNOW, NOT_APPLICABLE] if item.allow_not_applicable else [DONT_KNOW]
    codes = ", ".join([o.code for o in item.options] + reserved)
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        message = f"{where}: an answer must be a whole number 1-5 or an option code, not {raw!r}"
    elif isinstance(raw, int):
        if item.answer_type == FACET_CHOICE:
            message = f"{where}: expects one of the codes {codes}, not a number"
        else:
            message = f"{where}: value {raw} is out of range (1 to 5)"
    elif raw == NOT_APPLICABLE:
        message = f"{where}: this item does not offer {NOT_APPLICABLE!r}"
    else:
        message = f"{where}: {raw!r} is not an option of this item (expected one of {codes})"
    return AnswerError(message, number, item.id)
