"""Natural dates as a CSM types them: ``tomorrow``, ``fri 14:00``, ``+3d``, ``eom``…

Everything resolves against an explicit ``today`` (no clock here) to a calendar date
plus an optional wall-clock time: no timezone arithmetic, so nothing shifts across a
daylight-saving change."""

from __future__ import annotations

import calendar
import re
from datetime import date, time, timedelta

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$|^(\d{1,2})h(\d{2})?$", re.I)
_OFFSET = re.compile(r"^([+-])\s*(\d+)\s*([dwm])$", re.I)

HELP = "today, tomorrow, fri, next week, +3d, +2w, eow, eom, 2026-12-04 — optionally with a time such as 14:00"


class DateError(ValueError):
    """Text that is not a date csm-desk understands; the message lists what is."""


EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
"""The days csm-desk works in: "today" and every typed date fall between these, so the arithmetic on
them (a year of history back, a renewal window ahead) never leaves the calendar."""
MAX_DAYS_AHEAD = 3660
"""The longest look ahead a command takes (``--days``): ten years."""


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def out_of_range(day: date) -> str:
    return f"{day.isoformat()} is outside the years csm-desk works in ({EARLIEST.year}-{LATEST.year})"


def _parse_time(text: str) -> time | None:
    m = _TIME.match(text.strip())
    if not m:
        return None
    if m.group(4):
        hour, minute = int(m.group(4)), int(m.group(5) or 0)
    else:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        suffix = (m.group(3) or "").lower()
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        if not suffix and not m.group(2):
            return None  # a bare number is not a time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _parse_day(text: str, today: date) -> date | None:
    t = text.strip().lower()
    if t in ("today", "tod", "hoje"):
        return today
    if t in ("tomorrow", "tmr", "tom", "amanhã", "amanha"):
        return today + timedelta(days=1)
    if t in ("yesterday", "ontem"):
        return today - timedelta(days=1)
    if t in ("next week", "nw"):
        return today + timedelta(days=7 - today.weekday())
    if t == "eow":
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if t == "eom":
        return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    if t.startswith("next "):
        wd = WEEKDAYS.get(t[5:])
        if wd is not None:
            return today + timedelta(days=(wd - today.weekday()) % 7 or 7)
    if t in WEEKDAYS:
        # "fri" on a Friday means next Friday: a day typed is always ahead.
        return today + timedelta(days=(WEEKDAYS[t] - today.weekday()) % 7 or 7)
    m = _OFFSET.match(t)
    if m:
        n = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
        unit = m.group(3).lower()
        if unit == "d":
            return today + timedelta(days=n)
        if unit == "w":
            return today + timedelta(weeks=n)
        return _add_months(today, n)
    try:
        return date.fromisoformat(t)
    except ValueError:
        return None


def parse_when(text: str, today: date) -> tuple[date, time | None]:
    """A typed date (and optional time) resolved against ``today``, within ``EARLIEST``..``LATEST``."""
    try:
        day, at = _parse_when(text, today)
    except (OverflowError, ValueError) as exc:  # +99999999d, a month past the calendar
        if isinstance(exc, DateError):
            raise
        raise DateError(f"{' '.join(text.split())!r} is too far from today") from None
    if not in_range(day):
        raise DateError(out_of_range(day))
    return day, at


def _parse_when(text: str, today: date) -> tuple[date, time | None]:
    raw = " ".join(text.split())
    if not raw:
        raise DateError(f"empty date; try {HELP}")
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2:
        at = _parse_time(parts[1])
        if at is not None:
            day = _parse_day(parts[0], today)
            if day is None:
                raise DateError(f"{parts[0]!r} is not a date; try {HELP}")
            return day, at
    at = _parse_time(raw)
    if at is not None:
        return today, at
    day = _parse_day(raw, today)
    if day is None:
        raise DateError(f"{raw!r} is not a date; try {HELP}")
    return day, None


def describe(day: date, at: time | None, today: date) -> str:
    """How a resolved date reads back before saving: ``Fri 27 Nov 2026, 14:00 (in 4 days)``."""
    delta = (day - today).days
    rel = (
        "today"
        if delta == 0
        else "tomorrow"
        if delta == 1
        else "yesterday"
        if delta == -1
        else (f"in {delta} days" if delta > 0 else f"{-delta} days ago")
    )
    clock = f", {at.strftime('%H:%M')}" if at else ""
    return f"{day.strftime('%a %d %b %Y')}{clock} ({rel})"
