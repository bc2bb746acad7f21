"""The one clock: the only place in csm-desk that reads the wall clock.

Everything that needs "today" or "now" gets it from a :class:`Clock` owned by the
run's context (the app and every command). ``--today D`` moves the day: every
stamp written in that run falls on day D, at the real time of day, so a day
replayed with ``--today`` writes the same history a real day would. Tests freeze
both the day and the time of day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True, slots=True)
class Clock:
    """Today and now, as this run sees them.

    ``day`` fixes the date (``--today``); ``at`` also fixes the time of day (tests).
    Both unset: the wall clock. ``now()`` is always timezone-aware UTC; ``today()``
    is the local calendar day, the one the CSM lives in.
    """

    day: date | None = None
    at: time | None = None

    @classmethod
    def frozen(cls, day: date, at: time = time(9, 30)) -> Clock:
        """A clock that never moves: ``day`` at ``at`` local time."""
        return cls(day=day, at=at)

    @property
    def is_fixed(self) -> bool:
        return self.day is not None

    def today(self) -> date:
        if self.day is not None:
            return self.day
        return datetime.now().astimezone().date()

    def now(self) -> datetime:
        """The current instant in UTC, on ``today()`` (the time of day is real unless frozen)."""
        if self.day is None and self.at is None:
            return datetime.now(UTC)
        local = datetime.now().astimezone()
        day = self.day if self.day is not None else local.date()
        at = self.at if self.at is not None else local.time()
        return datetime.combine(day, at).astimezone().astimezone(UTC)

    def start_of_tomorrow(self) -> datetime:
        """The first instant after today (local), in UTC: the bound of "as of today" for timestamps."""
        return end_of_day(self.today())


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in local time, as UTC: timestamps before it are "on or before" ``day``."""
    return datetime.combine(day + timedelta(days=1), time()).astimezone().astimezone(UTC)
