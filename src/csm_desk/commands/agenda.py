"""``csm-desk agenda``: the day's follow-ups for a shell prompt or a morning cron."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from csm_desk.context import Context
from csm_desk.domain.dates import MAX_DAYS_AHEAD
from csm_desk.errors import UsageError, note
from csm_desk.store.engine import NotWritable


def _day(value: str | None, ctx: Context) -> date:
    if not value:
        return ctx.today
    from csm_desk.domain.dates import DateError, parse_when

    try:
        return parse_when(value, ctx.today)[0]
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None


def upcoming_days(value: int | None, ctx: Context) -> int:
    """``--days``, or the config's ``app.upcoming_days``; never negative."""
    days = ctx.settings.app.upcoming_days if value is None else value
    if not 0 <= days <= MAX_DAYS_AHEAD:
        raise UsageError(f"--days: expected a whole number from 0 to {MAX_DAYS_AHEAD}, got {days}")
    return days


def run_agenda(ctx: Context, args: argparse.Namespace) -> int:
    """Print the three sections (or JSON) for ``--date`` (default: today)."""
    day, days = _day(args.date, ctx), upcoming_days(args.days, ctx)
    desk = ctx.desk()
    try:
        desk.daily_check()
    except NotWritable as exc:
        note(f"today's re-engagement nudges were not added ({exc})")
    agenda = desk.agenda(day=day, days=days, owner=args.owner)
    if args.json:
        sys.stdout.write(json.dumps(agenda.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return 0
    from csm_desk.render.agenda import print_agenda

    print_agenda(agenda)
    return 0
