"""One helper for every settings dataclass: a field that carries its one-line doc,
so ``csm-desk config`` and the README reference are written from the same place."""

from __future__ import annotations

from dataclasses import field
from typing import TypeVar, cast

T = TypeVar("T")


def setting(text: str, default: T) -> T:
    """A dataclass field with ``default`` (a dict is copied per instance) and its doc."""
    if isinstance(default, dict):
        return cast(T, field(default_factory=lambda: dict(default), metadata={"doc": text}))
    return field(default=default, metadata={"doc": text})
