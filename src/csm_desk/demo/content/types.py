"""The shapes of the demo book's data: story accounts and what they are made of.

Every day is relative to the book's today (negative: in the past).
"""

from __future__ import annotations

from dataclasses import dataclass

Curve = tuple[tuple[int, float], ...]
"""Keyframes (day, value); values between keyframes are interpolated."""


@dataclass(frozen=True)
class Person:
    """A customer contact."""

    name: str
    title: str
    role: str
    status: str = "active"


@dataclass(frozen=True)
class Sig:
    """A logged signal: raised on ``day``, resolved on ``resolved`` (None: still active)."""

    kind: str
    day: int
    quote: str = ""
    resolved: int | None = None


@dataclass(frozen=True)
class Touch:
    """A timeline entry; ``quotes`` are the speaker's exact words, in order."""

    day: int
    channel: str
    summary: str
    quotes: tuple[str, ...] = ()
    speaker: str = ""
    minutes: int | None = None
    script: str = ""
    hour: int = 14


@dataclass(frozen=True)
class Todo:
    """A follow-up; done ones are done on their due day."""

    day: int
    title: str
    channel: str = "email"
    status: str = "open"
    hour: int | None = None
    outcome: str = ""
    snoozed: int | None = None


@dataclass(frozen=True)
class Move:
    """A move along the pipeline on ``day``; closing moves carry a reason."""

    stage: str
    day: int
    reason: str = ""
    note: str = ""


@dataclass(frozen=True)
class Plan:
    """A save plan; each action becomes a follow-up, and so does the next check-in."""

    created: int
    situation: str
    category: str
    root_cause: str
    success: str
    strategies: str
    team: tuple[tuple[str, str, str], ...]
    actions: tuple[tuple[str, str, int], ...]
    checkin: int
    outcome: str = ""
    closed: int | None = None


@dataclass(frozen=True)
class Story:
    """A hand-written account and what its history is meant to show as of today."""

    name: str
    language: str
    segment: str
    industry: str
    arr: float
    owner: str
    contract: int
    renewal: int
    health: Curve
    logins: Curve
    users: Curve
    adoption: Curve
    flags: tuple[str, ...]
    tier: str | None
    playbook: str | None
    renewed: int | None = None
    expanded: int | None = None
    strategic: bool = False
    sla: Curve = ((-400, 0),)
    nps: tuple[tuple[int, int], ...] = ()
    benchmark: int | None = None
    last: int = -1
    contacts: tuple[Person, ...] = ()
    signals: tuple[Sig, ...] = ()
    touches: tuple[Touch, ...] = ()
    moves: tuple[Move, ...] = ()
    todos: tuple[Todo, ...] = ()
    plan: Plan | None = None
