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
    band: str  # the band among peers (1 = lowest fifth), or why it is not shown
    interval: str  # the bands it could be in, or a dash


@dataclass(frozen=True)
class PeerSection:
    """Every questionnaire's line, and the note printed when no position can be shown."""

    lines: tuple[PeerLine, ...]
    note: str

    @property
    def shown(self) -> bool:
        """Whether at least one questionnaire has a position among peers."""
        return any(line.shown for line in self.lines)


def _line(title: str, placement: dict[str, Any]) -> PeerLine:
    headline = placement.get("headline") or {}
    if not headline or headline.get("withheld", True):
        return PeerLine(title, False, w.NO_VALUE, _("Not shown: too few comparable organisations"),
                        w.NO_VALUE)  # fmt: skip
    # A band among the peers, never an exact percentile (docs/benchmarks.md).
    low, high = headline.get("band_interval") or (None, None)
    band = w.number(headline.get("band"), 0)
    return PeerLine(title, True, headline.get("group_label", ""), band,
                    f"{w.number(low, 0)}–{w.number(high, 0)}")  # fmt: skip


def peer_section(data: CapabilityData) -> PeerSection:
    """Where the organisation stands among peers, per questionnaire, in the language in force."""
    placements = (data.peers or {}).get("placement") or {}
    lines = tuple(_line(i.title, placements.get(i.questionnaire) or {}) for i in data.instruments)
    # A round that is not placed at all (private, superseded, not yet published) says
    # why in the peer data's own note; a small group has the report's sentence.
    first = next((placements[q].get("headline") or {} for q in sorted(placements)), {})
    if first.get("reason") not in (None, "too_few_peers"):
        return PeerSection(lines, first.get("note", ""))
    note = _(
        "The peer group is too small to show a position: a band appears once at"
        " least %(minimum)d comparable organisations have a result, so that no"
        " organisation can be identified.",
        minimum=data.min_group_size,
    )
    return PeerSection(lines, note)
