"""What an API token may read: derived from its user's roles at the time of each request.

- benchmark tables of every country: analysts and administrators;
- benchmark tables of one country (the query must filter on it): that country's
  national coordinators;
- an organisation's own results and its rounds' positions among peers: that
  organisation's coordinators (and administrators);
- every token: its own user (``/me``) and the list of questionnaires.

Organisation leaders read their organisation's results on its pages, not through the
API: they hold no tokens (``token_auth.TOKEN_ROLES``), and leading an organisation
adds nothing to the scope of a token its holder has for another role.

An organisation coordinator's token never reads benchmark tables: read before and
after a change of its own (a consent withdrawal), they would tell about the others.
The token page lists each token's scope in words; ``/me`` gives it as codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
    User,
)

# Scope codes, as /me gives them (a country or organisation follows after a colon).
BENCHMARKS_ALL = "benchmarks"
BENCHMARKS_COUNTRY = "benchmarks:country"
ORGANISATION = "organisation"


@dataclass(frozen=True)
class TokenScope:
    """What the tokens of one user may read now."""

    all_countries: bool
    countries: frozenset[str]
    organisations: tuple[str, ...]  # slugs; ("*",) for an administrator

    @property
    def codes(self) -> list[str]:
        """The scope as codes: "benchmarks", "benchmarks:country:FR", "organisation:slug"."""
        codes = [BENCHMARKS_ALL] if self.all_countries else []
        codes += [f"{BENCHMARKS_COUNTRY}:{country}" for country in sorted(self.countries)]
        codes += [f"{ORGANISATION}:{slug}" for slug in self.organisations]
        return codes


def token_scope(user: User) -> TokenScope:
    """What ``user``'s tokens may read, from the roles the user holds now."""
    admin = user.has_role(ADMIN)
    countries = frozenset(c.upper() for c in user.countries_with_role(NATIONAL_COORDINATOR))
    slugs = sorted(o.slug for o in user.organisations_with_role(ORGANISATION_COORDINATOR))
    return TokenScope(
        all_countries=admin or user.has_role(ANALYST),
        countries=countries,
        organisations=("*",) if admin else tuple(slugs),
    )
