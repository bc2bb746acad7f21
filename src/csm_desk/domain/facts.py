"""Small frozen facts the rules take: built by the store, never by the rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """One metric snapshot of an account; ``None`` is an unknown value, not zero."""

    date: date
    health: int | None = None
    logins: int | None = None
    active_users: int | None = None
    feature_adoption: float | None = None
    sla_misses_30d: int | None = None
    nps: int | None = None
    login_benchmark: int | None = None


@dataclass(frozen=True, slots=True)
class SignalFact:
    """A logged signal: a red flag from ``date`` until ``resolved_on`` (exclusive)."""

    kind: str
    date: date
    # datetime.date: inside this class, ``date`` is the field above, not the type.
    resolved_on: datetime.date | None = None
    quote: str | None = None

    def active_on(self, day: datetime.date) -> bool:
        return self.date <= day and (self.resolved_on is None or self.resolved_on > day)


@dataclass(frozen=True, slots=True)
class TriageFacts:
    """What triage needs to know about one account, as of the evaluation day."""

    id: int
    name: str
    arr: float | None
    strategic: bool = False
    health: int | None = None
    renewal_date: date | None = None
    last_expansion: date | None = None
    last_renewal: date | None = None
    champion_left: bool = False
    has_active_champion: bool = False
    red_flags: tuple[str, ...] = ()
    at_risk_since: date | None = None
    stage: str = ""
    identified_on: date | None = None
    engaged_on: date | None = None
    next_due: date | None = None
    last_contact: date | None = None
    logins_30d: int | None = None
    """The latest known 30-day login count (0: nobody logged in for 30+ days; None: unknown)."""
