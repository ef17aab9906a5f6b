"""Organisations (agencies) made on the web or the command line, with the benchmark fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from flask_babel import gettext as _

from assessment.accounts.models import ADMIN, NATIONAL_COORDINATOR, User
from assessment.accounts.organisations import GOVERNMENT_LEVELS, SECTORS, SIZE_BANDS, Organisation
from assessment.core import audit
from assessment.core.extensions import db

NAME_LENGTH = 200
SLUG_LENGTH = 60


class AgencyError(ValueError):
    """An organisation that cannot be made as asked, with a message for people."""


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes Babel knows (its territories without the numeric regions)."""
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


def normalise_country(code: str) -> str:
    """``code`` upper-cased if it is a country code; raise AgencyError otherwise."""
    code = (code or "").strip().upper()
    if code not in country_codes():
        raise AgencyError(_("%(code)s is not a two-letter country code (ISO 3166-1).", code=code))
    return code


def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (its code if Babel does not know it)."""
    return str(Locale.parse(language).territories.get(code, code))


def may_add_agency(actor: User | None, country: str) -> bool:
    """Administrators anywhere; national coordinators in their own countries; the CLI always."""
    if actor is None or actor.has_role(ADMIN):
        return True
    return country in actor.countries_with_role(NATIONAL_COORDINATOR)


def slug_for(name: str) -> str:
    """A free short name for the URL, made from ``name`` ("Ministry of X" -> "ministry-of-x")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:SLUG_LENGTH] or "agency"
    slug, number = base, 1
    while db.session.execute(db.select(Organisation.id).filter_by(slug=slug)).first():
        number += 1
        slug = f"{base}-{number}"
    return slug


@dataclass(frozen=True)
class AgencyDraft:
    name: str
    country: str
    government_level: str
    sector: str
    size_band: str
    parent_body: str = ""
    slug: str = ""


def create(draft: AgencyDraft, *, actor: User | None) -> Organisation:
    """Create an organisation after checking every field and the actor's country."""
    name = " ".join(draft.name.split())
    if not name or len(name) > NAME_LENGTH:
        raise AgencyError(_("Enter the organisation's name (200 characters or fewer)."))
    country = normalise_country(draft.country)
    if not may_add_agency(actor, country):
        raise AgencyError(_("You may add organisations only in your own country."))
    if draft.government_level not in GOVERNMENT_LEVELS:
        raise AgencyError(_("Choose a level of government."))
    if draft.sector not in SECTORS:
        raise AgencyError(_("Choose a sector."))
    if draft.size_band not in SIZE_BANDS:
        raise AgencyError(_("Choose a size band."))
    parent_body = " ".join(draft.parent_body.split())
    if len(parent_body) > NAME_LENGTH:
        raise AgencyError(_("The parent body must be 200 characters or fewer."))
    if draft.slug:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", draft.slug) or len(draft.slug) > 80:
            raise AgencyError(_("A short name has lower-case letters, digits and hyphens only."))
        if db.session.execute(db.select(Organisation.id).filter_by(slug=draft.slug)).first():
            raise AgencyError(_("The short name %(slug)s is taken.", slug=draft.slug))
    organisation = Organisation(
        name=name,
        slug=draft.slug or slug_for(name),
        country=country,
        government_level=draft.government_level,
        sector=draft.sector,
        size_band=draft.size_band,
        parent_body=parent_body,
    )
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        "organisation.created",
        actor_id=actor.id if actor else None,
        organisation_id=organisation.id,
        subject=organisation.slug,
        country=country,
    )
    return organisation


def agencies_in(country: str) -> list[Organisation]:
    """The organisations of a country, by name."""
    return list(
        db.session.execute(
            db.select(Organisation).filter_by(country=country).order_by(Organisation.name)
        ).scalars()
    )
