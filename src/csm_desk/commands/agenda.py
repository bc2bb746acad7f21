"""``csm-desk agenda``: the day's follow-ups for a shell prompt or a morning cron."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from rich.console import Console
from rich.text import Text

from csm_desk.context import Context
from csm_desk.errors import UsageError
from csm_desk.store.agenda import Agenda, load_agenda

TIER_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
HEADINGS = {"overdue": "Overdue", "today": "Today", "upcoming": "Upcoming"}


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
    if days < 0:
        raise UsageError(f"--days: expected a whole number ≥ 0, got {days}")
    return days


def run_agenda(ctx: Context, args: argparse.Namespace) -> int:
    """Print the three sections (or JSON) for ``--date`` (default: today)."""
    from csm_desk.store.lifecycle import daily_check

    day, days = _day(args.date, ctx), upcoming_days(args.days, ctx)
    store = ctx.open_store()
    s = ctx.settings
    daily_check(store, ctx.today, s.cadence)
    with store.read() as session:
        agenda = load_agenda(session, day, days, s.triage, s.score, s.cadence, owner=ctx.owner_for(args.owner))
    if args.json:
        sys.stdout.write(json.dumps(agenda.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return 0
    print_agenda(agenda, Console(highlight=False, width=None if sys.stdout.isatty() else 160))
    return 0


def print_agenda(agenda: Agenda, console: Console) -> None:
    counts = " · ".join(f"{len(items)} {name}" for name, items in agenda.sections())
    console.print(Text(f"Agenda for {agenda.today.strftime('%a %d %b %Y')} — {counts} (next {agenda.days} days)",
                       style="bold"))
    if not len(agenda):
        console.print("Nothing due. Add follow-ups with f in the TUI.")
    for name, items in agenda.sections():
        if not items:
            continue
        console.print(Text(f"\n{HEADINGS[name].upper()}", style="bold red" if name == "overdue" else "bold"))
        for day, group in agenda.by_day(items):
            late = (agenda.today - day).days
            note = f" ({late} days late)" if late > 1 else " (1 day late)" if late == 1 else ""
            console.print(Text(f"  {day.strftime('%a %d %b')}{note}", style="dim"))
            for item in group:
                console.print(_line(item))


def _line(item) -> Text:
    line = Text("    ")
    line.append(item.time.strftime("%H:%M") if item.time else "     ")
    line.append(f"  {item.channel:<8} ")
    line.append(item.title)  # user text: never markup
    line.append(" — ", style="dim")
    line.append(item.account_name)
    if item.tier:
        line.append(f"  {item.tier.upper()}", style=TIER_STYLE.get(item.tier, ""))
    line.append(f"  {item.owner or '—'} · {item.source_label}", style="dim")
    return line
