"""Role-group views (leaders, staff, partners), protected by a minimum group size.

A group's view is shown only when it has at least ``ScoringRules.min_group_size``
respondents. Because the organisation result covers everyone, showing every group but
one small one would let a reader work out the small group's answers from the
difference; so when the withheld groups together hold between 1 and k-1 respondents,
the smallest shown group is withheld too, until they hold k or more (complementary
suppression, as in statistical disclosure control).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter

from scoring.columns import Columns, Memos
from scoring.core import dimension_grades, overall_result
from scoring.decoding import Decoded
from scoring.index import QuestionnaireIndex
from scoring.results import RoleGroupView
from scoring.rules import ScoringRules

_VIEW = itemgetter(1)  # the group view of a dimension grade (see scoring.core)

TOO_FEW = "too_few"
PROTECTS_OTHER_GROUP = "protects_other_group"


def shown_groups(
    counts: Counter[str], roles: Sequence[str], minimum: int
) -> tuple[set[str], set[str]]:
    """Return the roles whose view is shown and those withheld to protect another group."""
    order = {role: position for position, role in enumerate(roles)}
    shown = {role for role in roles if counts[role] >= minimum}
    withheld = sum(counts[role] for role in roles if role not in shown)
    protecting: set[str] = set()
    while 0 < withheld < minimum and shown:
        smallest = min(shown, key=lambda role: (counts[role], order[role]))
        shown.discard(smallest)
        protecting.add(smallest)
        withheld += counts[smallest]
    return shown, protecting


def role_groups(
    index: QuestionnaireIndex, decoded: Decoded, memos: Memos, rules: ScoringRules
) -> tuple[RoleGroupView, ...]:
    """Return one view per role the questionnaire asks, in the vocabulary's order."""
    roles = index.roles
    counts = tuple(map(decoded.role_counts.get, roles, repeat(0)))
    plan = memos.groups.get((roles, counts))
    if plan is None:
        plan = memos.groups[(roles, counts)] = _plan(roles, counts, rules.min_group_size)
    views = []
    for role, withheld in plan:
        if withheld is not None:
            views.append(withheld)
            continue
        columns = Columns(decoded.role_keys[role], decoded.codec, memos, rules)
        graded = dimension_grades(index, columns, rules)
        overall = overall_result(index, graded, rules)
        shown = tuple(map(_VIEW, graded))
        count = decoded.role_counts[role]
        views.append(RoleGroupView(role, True, count, None, shown, overall))
    return tuple(views)


def _plan(
    roles: tuple[str, ...], counts: tuple[int, ...], minimum: int
) -> tuple[tuple[str, RoleGroupView | None], ...]:
    """Each role with its withheld view, or None when its view is shown."""
    shown, protecting = shown_groups(Counter(dict(zip(roles, counts, strict=True))), roles, minimum)
    plan: list[tuple[str, RoleGroupView | None]] = []
    for role in roles:
        if role in shown:
            plan.append((role, None))
        else:
            # A withheld view carries no numbers: the same object serves every result.
            reason = PROTECTS_OTHER_GROUP if role in protecting else TOO_FEW
            plan.append((role, RoleGroupView(role, False, None, reason, (), None)))
    return tuple(plan)
