"""Filling placeholders: ``{contact_name}`` becomes a value, or stays visibly marked.

A value that is missing never turns into an empty string: reading a script aloud
with a silent gap ("Hi , I noticed that ") is worse than seeing ``⟨contact_name⟩``.
``{{`` and ``}}`` stand for literal braces, as in ``str.format``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from csm_desk.scripts.model import Script

MISSING_OPEN = "⟨"
MISSING_CLOSE = "⟩"

# A doubled brace is a literal; anything else between braces is a placeholder name.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


class Segment(NamedTuple):
    """A run of filled text; ``missing`` when it is the marker of an unfilled placeholder."""

    text: str
    missing: bool


def missing_marker(name: str) -> str:
    return f"{MISSING_OPEN}{name}{MISSING_CLOSE}"


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in ``text``, in order of first use, without repeats."""
    seen: dict[str, None] = {}
    for match in _TOKEN.finditer(text):
        if match.group(1) is not None:
            seen.setdefault(match.group(1), None)
    return list(seen)


def placeholders(script: Script) -> set[str]:
    """Every placeholder name the script uses anywhere."""
    return {name for _, text in script.texts() for name in placeholders_in(text)}


def fill(text: str, values: Mapping[str, str | None]) -> list[Segment]:
    """``text`` cut into segments: literal or filled text, and markers for what is missing.

    A value that is ``None``, blank or absent from ``values`` is missing. Values are
    inserted as they are: braces inside a value are never read as placeholders.
    """
    segments: list[Segment] = []
    buffer: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        buffer.append(text[pos : match.start()])
        pos = match.end()
        token, name = match.group(0), match.group(1)
        if name is None:
            buffer.append(token[0])  # "{{" -> "{", "}}" -> "}"
            continue
        value = values.get(name)
        if value is None or not str(value).strip():
            if buffer:
                segments.append(Segment("".join(buffer), False))
                buffer = []
            segments.append(Segment(missing_marker(name), True))
        else:
            buffer.append(str(value))
    buffer.append(text[pos:])
    tail = "".join(buffer)
    if tail or not segments:
        segments.append(Segment(tail, False))
    return [s for s in segments if s.text or s.missing] or [Segment("", False)]


def fill_text(text: str, values: Mapping[str, str | None]) -> str:
    """``text`` with its placeholders filled; unfilled ones read ``⟨name⟩``."""
    return "".join(segment.text for segment in fill(text, values))


def missing_in(text: str, values: Mapping[str, str | None]) -> list[str]:
    """The placeholder names of ``text`` that ``values`` cannot fill."""
    return [name for name in placeholders_in(text) if not (values.get(name) or "").strip()]
