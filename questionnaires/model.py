"""Frozen dataclasses for loaded questionnaire definitions.

The rest of the platform never touches the raw YAML: the loader turns a validated
definition into these objects, and the scoring engine, the forms and the reports read
them. Everything is immutable so a loaded questionnaire can be shared between requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
RESERVED_CODES: frozenset[str] = frozenset({DONT_KNOW, NOT_APPLICABLE})

# Answer types. Each dimension kind accepts exactly one answer type.
MATURITY = "maturity"  # five behaviourally anchored options, one per maturity level
FACET_CHOICE = "facet-choice"  # four statements, one per innovation facet
EMPHASIS = "emphasis"  # a 1-5 scale of intended emphasis on one facet

# Dimension kinds.
MATURITY_KIND = "maturity"  # scored on the five-level maturity scale
ORIENTATION_KIND = "orientation"  # facet orientation (innovation-portfolio)
INTENT_KIND = "intent"  # intended portfolio (innovation-portfolio)

ANSWER_TYPE_BY_KIND: Mapping[str, str] = MappingProxyType(
    {MATURITY_KIND: MATURITY, ORIENTATION_KIND: FACET_CHOICE, INTENT_KIND: EMPHASIS}
)


class Text(Mapping[str, str]):
    """A user-visible text in each language of its definition: language code -> text.

    Immutable and hashable, so questionnaires can be shared between requests and used in
    cache keys. Built from a mapping or from (language, text) pairs, default language
    first: the loader orders every text as the languages file declares them, so the
    first language is the platform's default. ``text[lang]`` is strict; ``get(lang)``
    falls back to the first language.
    """

    __slots__ = ("_pairs", "_texts")

    _pairs: tuple[tuple[str, str], ...]
    _texts: Mapping[str, str]

    def __init__(
        self, texts: Mapping[str, str] | Iterable[tuple[str, str]] = (), /, **by_language: str
    ) -> None:
        pairs = (*(texts.items() if isinstance(texts, Mapping) else texts), *by_language.items())
        if not pairs:
            raise ValueError("a Text needs a text in at least one language")
        by_code = dict(pairs)
        if len(by_code) != len(pairs):
            raise ValueError(f"a Text gives one language twice: {[code for code, _ in pairs]}")
        for code, text in pairs:
            if not isinstance(code, str) or not isinstance(text, str):
                raise TypeError(f"a Text maps language codes to strings, not {code!r}: {text!r}")
        object.__setattr__(self, "_pairs", tuple(pairs))
        object.__setattr__(self, "_texts", MappingProxyType(by_code))

    def get(self, lang: str) -> str:  # type: ignore[override]
        """Return the text in ``lang``, or in the first (default) language if it has none."""
        # Mapping.get returns None for a missing key; a page must always have a text, so
        # this one falls back to the default language instead, and takes no default.
        return self._texts.get(lang, self._pairs[0][1])

    @property
    def languages(self) -> tuple[str, ...]:
        """The language codes of the text, default first."""
        return tuple(code for code, _ in self._pairs)

    def __getitem__(self, lang: str) -> str:
        """Return the text in ``lang``; KeyError when it has none."""
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        """Iterate over the language codes, default first."""
        return iter(self._texts)

    def __len__(self) -> int:
        """Return the number of languages."""
        return len(self._pairs)

    def __hash__(self) -> int:
        """Hash the texts, whatever their order, as equality (Mapping's) ignores it too."""
        return hash(frozenset(self._pairs))

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse any change: a Text is immutable."""
        raise AttributeError(f"a Text is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        """Refuse any change: a Text is immutable."""
        raise AttributeError(f"a Text is immutable; cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Text], tuple[tuple[tuple[str, str], ...]]]:
        """Pickle and copy through the constructor (slots and no setters otherwise)."""
        return Text, (self._pairs,)

    def __repr__(self) -> str:
        """Show the texts as the mapping they are."""
        return f"Text({dict(self._pairs)!r})"


@dataclass(frozen=True)
class Option:
    """One answer option of an item.

    ``code`` is what is stored; labels are only ever shown. ``level`` is the maturity
    level (maturity items) or the scale point (emphasis items); ``facet`` is set on
    facet-choice options.
    """

    code: str
    label: Text
    level: int | None = None
    facet: str | None = None


@dataclass(frozen=True)
class Item:
    """One question."""

    id: str
    dimension: str
    answer_type: str
    prompt: Text
    options: tuple[Option, ...]
    roles: frozenset[str]
    principles: tuple[int, ...]
    tags: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    help: Text | None = None
    weight: float = 1.0
    allow_not_applicable: bool = False

    def option(self, code: str) -> Option | None:
        """Return the option with ``code``, or None when the item has no such option."""
        return next((o for o in self.options if o.code == code), None)

    def option_for_level(self, level: int) -> Option | None:
        """Return the option anchored at ``level``, or None."""
        return next((o for o in self.options if o.level == level), None)

    def accepts(self, code: str) -> bool:
        """Tell whether ``code`` is a valid stored answer for this item."""
        if code == DONT_KNOW:
            return True
        if code == NOT_APPLICABLE:
            return self.allow_not_applicable
        return self.option(code) is not None


@dataclass(frozen=True)
class Dimension:
    """A group of items scored together."""

    id: str
    kind: str
    title: Text
    description: Text
    weight: float = 1.0


@dataclass(frozen=True)
class Questionnaire:
    """A validated, versioned questionnaire definition."""

    id: str
    version: str
    title: Text
    description: Text
    minutes: int
    sources: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    previous_version: str | None = None
    crosswalk: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def item(self, item_id: str) -> Item | None:
        """Return the item with ``item_id``, or None."""
        return self._items_by_id.get(item_id)

    def dimension(self, dimension_id: str) -> Dimension | None:
        """Return the dimension with ``dimension_id``, or None."""
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def items_in(self, dimension_id: str) -> tuple[Item, ...]:
        """Return the items of one dimension, in definition order."""
        return tuple(i for i in self.items if i.dimension == dimension_id)

    def items_for_role(self, role: str) -> tuple[Item, ...]:
        """Return the items a respondent with ``role`` is asked."""
        return tuple(i for i in self.items if role in i.roles)

    @property
    def _items_by_id(self) -> Mapping[str, Item]:
        # Cached on first use; object.__setattr__ because the dataclass is frozen.
        cache: Mapping[str, Item] | None = self.__dict__.get("_item_index")
        if cache is None:
            cache = MappingProxyType({i.id: i for i in self.items})
            object.__setattr__(self, "_item_index", cache)
        return cache
