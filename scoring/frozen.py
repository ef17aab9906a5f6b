"""A faster ``__init__`` for the frozen result dataclasses.

A frozen dataclass's generated ``__init__`` sets every field through
``object.__setattr__``, which costs about 0.3 us a field; an organisation's result has
dozens of such objects, and bulk scoring builds thousands of results. ``quick`` swaps in
an ``__init__`` with the same signature that writes the instance dictionary directly
(about four times faster). Equality, hashing, ``repr`` and immutability stay the
dataclass's own, and type checkers still see the dataclass signature.
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def quick(cls: type[T]) -> type[T]:
    """Give the frozen dataclass ``cls`` the faster ``__init__`` (see the module doc).

    Only for classes without defaults, ``__post_init__`` or ``__slots__``: raises
    TypeError otherwise, so a later change cannot silently skip them.
    """
    if not is_dataclass(cls) or "__slots__" in vars(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} must be a plain dataclass without __post_init__")
    declared = fields(cls)
    if any(f.default is not MISSING or f.default_factory is not MISSING for f in declared):
        raise TypeError(f"{cls.__name__} has field defaults, which quick() does not apply")
    names = [f.name for f in declared]
    lines = [f"def __init__(self, {', '.join(names)}):", "    state = self.__dict__"]
    lines += [f"    state[{name!r}] = {name}" for name in names]
    namespace: dict[str, Any] = {}
    # The source is made only of the dataclass's own field names, as dataclasses does.
    exec("\n".join(lines), namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    type.__setattr__(cls, "__init__", init)
    return cls
