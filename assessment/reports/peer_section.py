"""The capability report's "Position among peers": one line per questionnaire.

Read from the peer placement the benchmarks feature gives (``CapabilityData.peers``),
worded in the language in force. A questionnaire whose peer groups are all too small
says so instead of a percentile; when none has a position, the section is one note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from assessment.results import wording as w
from assessment.results.capability import CapabilityData


@dataclass(frozen=True)
class PeerLine:
    """One questionnaire's position among its most specific peer group with one shown."""

    questionnaire: str
    shown: bool
    group: str
    percentile: str  # "62 (interval 48–75)", or why it is not shown
    band: str  # the peers' middle half of the overall score, or a dash


@dataclass(frozen=True)
class PeerSection:
    """Every questionnaire's line, and the note printed when no position can be shown."""

    lines: tuple[PeerLine, ...]
    note: str

    @property
    def shown(self) -> bool:
        """Whether at least one questionnaire has a position among peers."""
        return any(line.shown for line in self.lines)


def _band(placement: dict[str, Any]) -> str:
    band = placement.get("band") or {}
    if band.get("p25") is None or band.get("p75") is None:
        return w.NO_VALUE
    return f"{w.score(band['p25'])} – {w.score(band['p75'])}"


def _line(title: str, placement: dict[str, Any]) -> PeerLine:
    headline = placement.get("headline") or {}
    if not headline or headline.get("withheld", True):
        return PeerLine(title, False, w.NO_VALUE, _("Not shown: too few comparable organisations"),
                        _band(placement))  # fmt: skip
    low, high = headline.get("interval") or (None, None)
    percentile = _(
        "%(percentile)s (interval %(low)s–%(high)s)",
        percentile=w.number(headline.get("percentile"), 0),
        low=w.number(low, 0),
        high=w.number(high, 0),
    )
    return PeerLine(title, True, headline.get("group_label", ""), percentile, _band(placement))


def peer_section(data: CapabilityData) -> PeerSection:
    """Where the organisation stands among peers, per questionnaire, in the language in force."""
    placements = (data.peers or {}).get("placement") or {}
    lines = tuple(_line(i.title, placements.get(i.questionnaire) or {}) for i in data.instruments)
    note = _(
        "The peer group is too small to show a position: a percentile appears once at"
        " least %(minimum)d comparable organisations have a result, so that no"
        " organisation can be identified.",
        minimum=data.min_group_size,
    )
    return PeerSection(lines, note)
