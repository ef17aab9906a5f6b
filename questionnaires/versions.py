"""Semantic version numbers of questionnaire definitions.

Only plain ``MAJOR.MINOR.PATCH`` is accepted: a questionnaire version is published or
it is not, so pre-release and build suffixes have no use here and would only complicate
ordering.
"""

from __future__ import annotations

import re

_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


def is_semver(version: str) -> bool:
    """Tell whether ``version`` is a plain ``MAJOR.MINOR.PATCH`` version."""
    return _SEMVER.fullmatch(version) is not None


def version_key(version: str) -> tuple[int, int, int]:
    """Return a sort key ordering versions by precedence.

    Raises ValueError when ``version`` is not a plain semantic version.
    """
    match = _SEMVER.fullmatch(version)
    if match is None:
        raise ValueError(f"not a semantic version: {version!r}")
    major, minor, patch = (int(group) for group in match.groups())
    return major, minor, patch
