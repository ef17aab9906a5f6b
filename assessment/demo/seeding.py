"""Demo data: clearly marked organisations and accounts for trying the platform.

Generation is deterministic (a seeded random generator), so running it twice gives
the same data and changes nothing the second time.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assessment.accounts import services as accounts
from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
    ORGANISATION_LEADER,
    RESPONDENT,
)
from assessment.accounts.organisations import SECTORS, SIZE_BANDS, Organisation
from assessment.core.extensions import db

DEMO_PASSWORD = "innovate-demo-2026"  # noqa: S105 - published on purpose: demo only
DEMO_SLUG = "demo-agency"
DEMO_COUNTRY = "CA"
DEFAULT_ORGANISATIONS = 60

# Larger shares for a few countries so that demo benchmarks have cells to publish.
COUNTRY_WEIGHTS = {
    "CA": 8, "FR": 8, "PT": 6, "NZ": 4, "AU": 4, "CL": 4, "KR": 4,
    "FI": 4, "EE": 4, "IE": 4, "NL": 4, "DK": 3, "MX": 3,
}  # fmt: skip

KINDS = (
    "Ministry of {}", "Department of {}", "{} Agency", "Office for {}", "{} Service",
)  # fmt: skip
TOPICS = (
    "Digital Services", "Health", "Education", "Transport", "Environment",
    "Social Affairs", "Finance", "Housing", "Employment", "Justice", "Culture",
    "Public Safety", "Agriculture", "Statistics", "Regional Development",
)  # fmt: skip
LEVELS = ("national", "regional", "local")


DEMO_RESPONDENT = "respondent@demo.example"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    scope: str


DEMO_ACCOUNTS = (
    DemoAccount("coordinator@demo.example", ORGANISATION_COORDINATOR, DEMO_SLUG),
    DemoAccount(DEMO_RESPONDENT, RESPONDENT, DEMO_SLUG),
    DemoAccount("leader@demo.example", ORGANISATION_LEADER, DEMO_SLUG),
    DemoAccount("national@demo.example", NATIONAL_COORDINATOR, DEMO_COUNTRY),
    DemoAccount("analyst@demo.example", ANALYST, ""),
    DemoAccount("admin@demo.example", ADMIN, ""),
)


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    country: str
    government_level: str
    sector: str
    size_band: str


def organisation_specs(count: int) -> Iterator[OrganisationSpec]:
    """Yield ``count`` demo organisations; the first is always the demo agency."""
    rng = random.Random(20261126)  # noqa: S311 - demo data, not security
    yield OrganisationSpec(
        DEMO_SLUG, "Demo Agency for Public Innovation (demo)", DEMO_COUNTRY,
        "national", "general-public-services", "250-999",
    )  # fmt: skip
    countries = list(COUNTRY_WEIGHTS)
    weights = list(COUNTRY_WEIGHTS.values())
    for number in range(1, count):
        # Cycle through every country first so that all of them appear even in a
        # small demo, then draw by weight.
        country = (
            countries[number - 1]
            if number <= len(countries)
            else rng.choices(countries, weights)[0]
        )
        level = LEVELS[number % 3]
        topic = rng.choice(TOPICS)
        name = rng.choice(KINDS).format(topic)
        yield OrganisationSpec(
            slug=f"demo-{country.lower()}-{number:05d}",
            name=f"{name} {number} ({country}, demo)",
            country=country,
            government_level=level,
            sector=rng.choice(SECTORS),
            size_band=rng.choice(SIZE_BANDS),
        )


def seed_organisations(
    count: int = DEFAULT_ORGANISATIONS,
    progress: Callable[[int], None] = lambda _n: None,
    batch_size: int = 500,
) -> int:
    """Create the demo organisations that do not exist yet; return how many were added."""
    existing = set(
        db.session.execute(db.select(Organisation.slug).filter_by(is_demo=True)).scalars()
    )
    added = 0
    batch: list[Organisation] = []
    for spec in organisation_specs(count):
        if spec.slug not in existing:
            batch.append(Organisation(is_demo=True, **spec.__dict__))
        if len(batch) >= batch_size:
            db.session.add_all(batch)
            db.session.commit()
            added += len(batch)
            progress(len(batch))
            batch = []
    db.session.add_all(batch)
    db.session.commit()
    progress(len(batch))
    return added + len(batch)


def seed_accounts() -> tuple[DemoAccount, ...]:
    """Create the demo sign-ins, one per role, with the published demo password."""
    agency = db.session.execute(db.select(Organisation).filter_by(slug=DEMO_SLUG)).scalar_one()
    for account in DEMO_ACCOUNTS:
        user = accounts.find_user(account.email)
        if user is None:
            user = accounts.create_user(
                account.email, DEMO_PASSWORD, name=account.email.split("@")[0].title()
            )
        accounts.grant_role(
            user,
            account.role,
            organisation=agency if account.scope == DEMO_SLUG else None,
            country=account.scope if account.role == NATIONAL_COORDINATOR else None,
        )
    db.session.commit()
    return DEMO_ACCOUNTS
