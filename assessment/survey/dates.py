"""Round dates as coordinators enter them and as everyone reads them.

A round "closing on 6 January" closes at the end of that day in the round's time zone,
stored as 00:00 on 7 January. Shown as a moment, that reads "7 January, 00:00", a day
late to most readers; so a closing date is always shown as the day it was entered.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask_babel import gettext as _

from assessment.core.i18n import current_language, local_time


def start_of_day(day: date, zone: str) -> datetime:
    """The first moment of ``day`` in ``zone``."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def end_of_day(day: date, zone: str) -> datetime:
    """The moment a round "closing on ``day``" closes: the end of that day in ``zone``."""
    return start_of_day(day + timedelta(days=1), zone)


def closing_date(closes_at: datetime, zone: str) -> date:
    """The day a round closing at ``closes_at`` was entered as (its last day)."""
    local = closes_at.astimezone(ZoneInfo(zone))
    if local.timetz().replace(tzinfo=None) == time.min:
        return (local - timedelta(days=1)).date()
    return local.date()


def closing_day(closes_at: datetime, zone: str) -> str:
    """A closing date as people entered it: "6 January 2027, end of the day (zone)"."""
    local = closes_at.astimezone(ZoneInfo(zone))
    if local.timetz().replace(tzinfo=None) != time.min:
        return local_time(closes_at, zone)  # closed early, at a moment of the day
    day = format_date(closing_date(closes_at, zone), "long", locale=current_language())
    return _("%(day)s, at the end of the day (%(zone)s)", day=day, zone=zone)
