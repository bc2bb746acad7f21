"""Which playbook an account's situation calls for (DOMAIN §5; the precedence is in docs/rules.md).

The table is not here: it is the script library's ``applies_when`` lists (one per playbook), so the
suggestion and what ``csm-desk scripts`` says a playbook applies to can never disagree. This module
holds the rule that reads the table: what counts as the account's situation, and which playbook wins
when several apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from csm_desk.domain.vocab import CLOSED_STAGES, CONDITIONS, FLAG_LABELS

NO_LOGIN = "no_login_30d"
"""The condition of an account whose latest 30-day login count is 0: nobody logged in for 30+ days."""

CHAMPION_LEFT = "champion_left"
"""The signal id that also stands for a champion contact marked ``left`` whom no active champion replaces."""

PRECEDENCE: tuple[str, ...] = ("champion_left", "competitor", "champion_silent", "usage_drop")
"""When several playbooks apply, the first of these wins; any other playbook (a user's own) comes after
them, by id. The most urgent first move goes first: a champion gone is handled the same day, a
competitor within 24 hours, and a silent account needs someone to answer before a usage drop can be
diagnosed."""

DEFAULT_PLAYBOOK = "listening_tour"
"""The discovery conversation: suggested when no playbook applies, and for a closed case."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The suggested playbook and the parts of the account's situation it answers (empty: the default)."""

    playbook: str
    because: tuple[str, ...] = ()


def situation(flags: Iterable[str], champion_gone: bool = False, logins_30d: int | None = None) -> tuple[str, ...]:
    """What the playbooks' ``applies_when`` are matched against: the active red flags, ``champion_left``
    when the champion contact left and nobody replaces them, and ``no_login_30d`` when the latest 30-day
    login count is 0 (DOMAIN §5: "no login 30+ days")."""
    out = list(dict.fromkeys(flags))
    if champion_gone and CHAMPION_LEFT not in out:
        out.insert(0, CHAMPION_LEFT)
    if logins_30d == 0:
        out.append(NO_LOGIN)
    return tuple(out)


def label(item: str) -> str:
    """A red flag or a condition as a person reads it."""
    return FLAG_LABELS.get(item) or CONDITIONS.get(item) or item


def precedence_key(playbook: str) -> tuple[int, str]:
    """Sort key of a playbook in the precedence: the listed ones in order, then the others by id."""
    return (PRECEDENCE.index(playbook) if playbook in PRECEDENCE else len(PRECEDENCE), playbook)


def applicable(table: Mapping[str, Iterable[str]], active: Iterable[str]) -> list[str]:
    """Every playbook whose ``applies_when`` meets the situation ``active``, in precedence order."""
    now = set(active)
    return sorted((pid for pid, when in table.items() if now.intersection(when)), key=precedence_key)


def suggest(table: Mapping[str, Iterable[str]], active: Iterable[str], stage: str = "") -> Suggestion:
    """The playbook for the situation ``active`` by the ``table`` (playbook id → its ``applies_when``):
    the first that applies in precedence order, else the listening tour. A closed case gets the
    listening tour whatever its flags: the save is decided, what is left is to hear how it is going."""
    active = tuple(active)
    if stage in CLOSED_STAGES:
        return Suggestion(DEFAULT_PLAYBOOK)
    found = applicable(table, active)
    if not found:
        return Suggestion(DEFAULT_PLAYBOOK)
    when = set(table[found[0]])
    return Suggestion(found[0], tuple(x for x in active if x in when))
