"""GOV.UK's date input: a date typed as day, month and year, in three boxes.

Browsers' own date pickers show "mm/dd/yyyy" or "dd/mm/yyyy" as the browser's language
decides, whatever the page's, and are hard to use with a screen reader; three labelled
boxes are unambiguous in every language (GOV.UK Design System, "Dates").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.utils import unset_value

PARTS = ("day", "month", "year")


class DateInputField(Field):
    """A date sent as ``<name>-day``, ``<name>-month`` and ``<name>-year``.

    ``data`` is the date, or None when nothing was typed; a date typed in part, or one
    that does not exist (31 February), is a processing error named after the field.
    """

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.parts: dict[str, str] = dict.fromkeys(PARTS, "")

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        self.raw_data = []
        if isinstance(data, date):
            self.parts = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        if formdata is None:
            return
        self.parts = {p: (formdata.get(f"{self.name}-{p}") or "").strip()[:8] for p in PARTS}
        self.data = None
        typed = [p for p in PARTS if self.parts[p]]
        if not typed:
            return
        self.raw_data = ["-".join(self.parts[p] for p in reversed(PARTS))]
        missing = [p for p in PARTS if not self.parts[p]]
        if missing:
            self.process_errors.append(_MISSING[missing[0]])
            return
        try:
            day, month, year = (int(self.parts[p]) for p in PARTS)
            if not 1000 <= year <= 9999:
                raise ValueError(year)
            self.data = date(year, month, day)
        except ValueError:
            self.process_errors.append(_l("Enter a real date, for example 6 1 2027"))

    def _value(self) -> str:
        return self.data.isoformat() if isinstance(self.data, date) else ""


_MISSING = {
    "day": _l("The date must include a day"),
    "month": _l("The date must include a month"),
    "year": _l("The date must include a year"),
}
