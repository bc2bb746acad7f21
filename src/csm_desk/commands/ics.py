"""``csm-desk ics``: open follow-ups as an iCalendar file a calendar app subscribes to.

Times are floating (wall-clock, no zone): a follow-up at 14:00 stays at 14:00 on
either side of a daylight-saving change, as it was typed. Each event's UID is fixed
per follow-up and per book, so importing the file again updates events in place."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from csm_desk.commands.agenda import upcoming_days
from csm_desk.context import Context
from csm_desk.errors import UsageError
from csm_desk.files import FileWriteError, write_private

DEFAULT_DAYS = 60  # two months ahead: what a calendar subscription is looked at for
TIMED_MINUTES = 30  # a timed follow-up blocks half an hour: a call, a check-in


def event_uid(followup_id: int, book: str) -> str:
    return f"followup-{followup_id}-{book}@csm-desk"


def build_calendar(rows, book: str, stamp: datetime) -> bytes:
    """One VEVENT per (follow-up, account name): all-day without a time, 30 minutes with one."""
    cal = Calendar()
    cal.add("prodid", "-//csm-desk//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "csm-desk follow-ups")
    for followup, account_name in rows:
        day: date = followup.snoozed_until or followup.due
        event = Event()
        event.add("uid", event_uid(followup.id, book))
        event.add("dtstamp", stamp)
        event.add("summary", f"{followup.title} — {account_name}")
        if followup.due_time is None:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        else:
            start = datetime.combine(day, followup.due_time)  # floating: no tzinfo on purpose
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=TIMED_MINUTES))
        event.add("description", _description(followup))
        event.add("categories", [followup.source])
        cal.add_component(event)
    return cal.to_ical()


def _description(followup) -> str:
    parts = [f"Channel: {followup.channel}", f"Owner: {followup.owner or '—'}", f"Source: {followup.source}"]
    if followup.snoozed_until:
        parts.append(f"Snoozed; first due {followup.due.isoformat()}")
    return "\n".join(parts)


def run_ics(ctx: Context, args: argparse.Namespace) -> int:
    """Write open follow-ups (overdue and the next ``--days``) as an iCalendar file, 0600."""
    days = DEFAULT_DAYS if args.days is None else upcoming_days(args.days, ctx)
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UsageError(f"--out: {out} is a folder; give a file name such as followups.ics")
    if not out.parent.exists():
        raise UsageError(f"--out: folder {out.parent} does not exist")
    book, rows = ctx.desk().calendar(days)
    data = build_calendar(rows, book, ctx.clock.now())
    try:
        write_private(out, data)
    except FileWriteError as exc:
        raise UsageError(f"--out: {exc}") from None
    print(f"Wrote {len(rows)} follow-ups to {out}")
    return 0
