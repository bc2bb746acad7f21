"""The queue's live filter: free text plus ``tier:``, ``stage:``, ``flag:``, ``owner:``,
``segment:`` and comparisons ``renewal<90``, ``health<40``, ``arr>50000``.

Every term must match. Free text looks in name, industry, owner, segment and the
red flags (ids and labels)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from csm_desk.domain.vocab import FLAG_LABELS, STAGE_LABELS
from csm_desk.store.queries import QueueEntry

_COMPARE = re.compile(r"^(renewal|health|arr|flags)\s*(<=|>=|<|>|=)\s*(-?\d+(?:\.\d+)?)k?$", re.I)
_FIELDS = ("tier", "stage", "flag", "owner", "segment", "industry", "lang")

Predicate = Callable[[QueueEntry], bool]


@dataclass(frozen=True)
class ParsedFilter:
    predicates: tuple[Predicate, ...]
    words: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.predicates and not self.words


def _tokens(query: str) -> list[str]:
    try:
        return shlex.split(query)
    except ValueError:  # an unbalanced quote while typing
        return query.split()


def _number(value: str, has_k: bool) -> float:
    n = float(value)
    return n * 1000 if has_k else n


def _compare(field: str, op: str, limit: float, today: date) -> Predicate:
    def value(e: QueueEntry) -> float | None:
        f = e.facts
        if field == "renewal":
            return None if f.renewal_date is None else float((f.renewal_date - today).days)
        if field == "health":
            return None if f.health is None else float(f.health)
        if field == "flags":
            return float(len(f.red_flags))
        return f.arr

    ops = {"<": float.__lt__, ">": float.__gt__, "<=": float.__le__, ">=": float.__ge__, "=": float.__eq__}
    check = ops[op]

    def predicate(e: QueueEntry) -> bool:
        v = value(e)
        return v is not None and check(v, limit)

    return predicate


def _field(name: str, wanted: str) -> Predicate:
    w = wanted.casefold()
    if name == "tier":
        aliases = {"med": "medium", "hi": "high", "lo": "low"}
        w = aliases.get(w, w)
        return lambda e: e.triaged.tier == w
    if name == "stage":
        w = w.replace(" ", "_")
        return lambda e: e.facts.stage == w or (w in ("none", "-") and not e.facts.stage)
    if name == "flag":
        return lambda e: any(w in flag or w in FLAG_LABELS.get(flag, "").casefold() for flag in e.facts.red_flags)
    if name == "owner":
        return lambda e: w in e.owner.casefold()
    if name == "segment":
        return lambda e: w in e.segment.casefold()
    if name == "industry":
        return lambda e: w in e.industry.casefold()
    return lambda e: e.language.casefold() == w


def parse(query: str, today: date) -> ParsedFilter:
    """Turn what was typed into predicates; unknown ``x:`` terms are free text."""
    predicates: list[Predicate] = []
    words: list[str] = []
    for token in _tokens(query):
        m = _COMPARE.match(token)
        if m:
            has_k = token.lower().endswith("k")
            predicates.append(_compare(m.group(1).lower(), m.group(2), _number(m.group(3), has_k), today))
            continue
        name, sep, value = token.partition(":")
        if sep and name.lower() in _FIELDS:
            if value:
                predicates.append(_field(name.lower(), value))
            continue
        words.append(token.casefold())
    return ParsedFilter(tuple(predicates), tuple(words))


def haystack(e: QueueEntry) -> str:
    f = e.facts
    parts = [f.name, e.industry, e.owner, e.segment, e.external_id, STAGE_LABELS.get(f.stage, "")]
    for flag in f.red_flags:
        parts.append(flag)
        parts.append(FLAG_LABELS.get(flag, ""))
    return " ".join(parts).casefold()


class QueueFilter:
    """Filters entries, caching each entry's search text between keystrokes."""

    def __init__(self) -> None:
        self._hay: dict[int, str] = {}

    def reset(self) -> None:
        self._hay.clear()

    def apply(self, entries: Iterable[QueueEntry], query: str, today: date) -> list[QueueEntry]:
        parsed = parse(query, today)
        if parsed.empty:
            return list(entries)
        hay = self._hay
        out = []
        for e in entries:
            if parsed.words:
                text = hay.get(e.facts.id)
                if text is None:
                    text = hay[e.facts.id] = haystack(e)
                if not all(w in text for w in parsed.words):
                    continue
            if all(p(e) for p in parsed.predicates):
                out.append(e)
        return out
