"""What a reader sees of an HTML page: its text nodes and the attributes read aloud or shown."""

from __future__ import annotations

from html.parser import HTMLParser

# Never shown: code and data for scripts (the chart JSON is shown again as a table).
_HIDDEN = {"script", "style", "template"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
# Read by screen readers or shown on hover; placeholders are shown in empty fields.
_READ_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder"}


def _shown_attribute(name: str) -> bool:
    # Messages scripts show (govuk-frontend's character count, the timeout dialog).
    return (
        name in _READ_ATTRIBUTES
        or name.startswith("data-i18n")
        or name.endswith(("-message", "-label"))
    )


class _Reader(HTMLParser):
    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        # (tag, hidden, in another language) of each open element.
        self.open: list[tuple[str, bool, bool]] = []
        self.texts: list[str] = []

    def _state(self) -> tuple[bool, bool]:
        if not self.open:
            return False, False
        _tag, hidden, foreign = self.open[-1]
        return hidden, foreign

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden, foreign = self._state()
        values = dict(attrs)
        lang = values.get("lang")
        # Text marked as another language is meant to be in it (WCAG 3.1.2): the names
        # of the other languages in the language switch, say.
        foreign = foreign or (lang is not None and lang != self.language)
        hidden = hidden or tag in _HIDDEN
        if not hidden and not foreign:
            self.texts.extend(value for name, value in attrs if value and _shown_attribute(name))
        if tag not in _VOID:
            self.open.append((tag, hidden, foreign))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden, foreign = self._state()
        if not hidden and not foreign:
            self.texts.extend(value for name, value in attrs if value and _shown_attribute(name))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        hidden, foreign = self._state()
        if not hidden and not foreign and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str, language: str) -> list[str]:
    """The text nodes and shown attributes of ``html``, as a reader of ``language`` meets
    them; text inside script and style, and text marked as another language, left out."""
    reader = _Reader(language)
    reader.feed(html)
    reader.close()
    return reader.texts
