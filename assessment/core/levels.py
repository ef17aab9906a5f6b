"""The five maturity levels as people read them, in the current (or forced) language.

The scoring engine knows levels only as numbers 1 to 5; every page, PDF, export and
e-mail names them through these two functions, so a level always reads the same way.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext

NAMES = {
    1: lazy_gettext("Ad hoc"),
    2: lazy_gettext("Emerging"),
    3: lazy_gettext("Structured"),
    4: lazy_gettext("Embedded"),
    5: lazy_gettext("Leading"),
}


def level_name(level: int) -> str:
    """The level's name alone ("Structured"); a ``KeyError`` for a number off the scale."""
    return str(NAMES[level])


def level_label(level: int) -> str:
    """The level as it is always shown beside a number: "3 – Structured"."""
    return _("%(number)d – %(name)s", number=level, name=level_name(level))
