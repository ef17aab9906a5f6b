"""The time zone a round's dates are in, defaulting to the organisation's country's.

Babel's CLDR data lists each country's zones (``territory_zones``), but not which one
most people live in. Countries with one zone need nothing more; for those with several,
the table below names the zone of the capital or the largest population (as CLDR's
"primary zone" and each country's own government sites do). A country missing from it
takes the first of its CLDR zones in alphabetical order, which is always a real one.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from babel.core import get_global

PRIMARY_ZONES = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "FM": "Pacific/Pohnpei",
    "GL": "America/Nuuk",
    "ID": "Asia/Jakarta",
    "KI": "Pacific/Tarawa",
    "KZ": "Asia/Almaty",
    "MN": "Asia/Ulaanbaatar",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "PF": "Pacific/Tahiti",
    "PG": "Pacific/Port_Moresby",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UM": "Pacific/Wake",
    "US": "America/New_York",
    "UZ": "Asia/Tashkent",
}
FALLBACK_ZONE = "UTC"
# Zones offered to everyone, whatever their country: those of the countries using the
# service most, and UTC.
COMMON_TIME_ZONES = (
    "UTC", "Europe/London", "Europe/Paris", "Europe/Lisbon", "Europe/Helsinki",
    "Europe/Tallinn", "Europe/Amsterdam", "Europe/Copenhagen", "Europe/Dublin",
    "America/Toronto", "America/Vancouver", "America/Santiago", "America/Mexico_City",
    "Asia/Seoul", "Australia/Sydney", "Pacific/Auckland",
)  # fmt: skip


@lru_cache(maxsize=256)
def country_zones(country: str) -> tuple[str, ...]:
    """The zones of ``country`` (ISO 3166 alpha-2) that this system knows, primary first."""
    known = available_timezones()
    zones = sorted(z for z in get_global("territory_zones").get(country.upper(), ()) if z in known)
    primary = PRIMARY_ZONES.get(country.upper())
    if primary in known:
        zones = [primary, *(z for z in zones if z != primary)]
    return tuple(zones)


def default_zone(country: str) -> str:
    """The zone a new round of an organisation in ``country`` starts with."""
    zones = country_zones(country)
    return zones[0] if zones else FALLBACK_ZONE


def zone_choices(country: str) -> list[str]:
    """The zones offered: the country's own first, then the common ones."""
    own = country_zones(country)
    return [*own, *(z for z in COMMON_TIME_ZONES if z not in own)]
