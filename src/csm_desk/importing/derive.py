"""Derived fields: templates such as ``"{First Name} {Last Name}"`` filled from a record's cells.

A placeholder may list alternative column names, ``{FirstName|First Name}``: the
first column the file has is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def placeholders(template: str) -> list[tuple[str, ...]]:
    """The alternatives of each placeholder, in order."""
    return [tuple(alt.strip() for alt in m.group(1).split("|")) for m in _PLACEHOLDER.finditer(template)]


def without_placeholders(template: str) -> str:
    """The template's literal text: what is left when every ``{...}`` is taken out."""
    return _PLACEHOLDER.sub("", template)


def compile_template(template: str, index_of: Callable[[str], int | None]) -> Callable[[list[str]], str] | None:
    """A function filling ``template`` from a record; None when a placeholder names no column of the file."""
    parts: list[str | int] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(template[pos : m.start()])
        found = next((i for alt in m.group(1).split("|") if (i := index_of(alt.strip())) is not None), None)
        if found is None:
            return None
        parts.append(found)
        pos = m.end()
    parts.append(template[pos:])

    def fill(record: list[str]) -> str:
        text = "".join(p if isinstance(p, str) else record[p].strip() for p in parts)
        return " ".join(text.split())  # an empty part leaves no double space

    return fill
