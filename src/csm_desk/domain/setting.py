"""One helper for every settings dataclass: a field that carries its one-line doc,
so ``csm-desk config`` and the README reference are written from the same place."""

from __future__ import annotations

from dataclasses import field
from typing import TypeVar, cast

T = TypeVar("T")


def setting(text: str, default: T, *, between: tuple[float, float] | None = None, zero_off: bool = False) -> T:
    """A dataclass field with ``default`` (a dict is copied per instance) and its doc; ``between``
    bounds a number (a config value outside it is refused, naming the range), and with ``zero_off``
    0 is allowed too, meaning "off"."""
    meta: dict[str, object] = {"doc": text}
    if between is not None:
        meta["between"] = (0.0, *between) if zero_off else between
    if isinstance(default, dict):
        return cast(T, field(default_factory=lambda: dict(default), metadata=meta))
    return field(default=default, metadata=meta)
