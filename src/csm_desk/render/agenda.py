"""``csm-desk agenda``'s text: overdue, today's and upcoming follow-ups, grouped by day."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from csm_desk.render.format import TIER_STYLE

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; printing only reads the agenda it is given
    from csm_desk.store.agenda import Agenda, AgendaItem

HEADINGS = {"overdue": "Overdue", "today": "Today", "upcoming": "Upcoming"}


def print_agenda(agenda: Agenda, console: Console | None = None) -> None:
    """The three sections, each by day; a title line that counts them."""
    # Piped output has no width of its own: give titles room instead of 80 columns.
    console = console or Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    counts = " · ".join(f"{len(items)} {name}" for name, items in agenda.sections())
    console.print(
        Text(f"Agenda for {agenda.today.strftime('%a %d %b %Y')} — {counts} (next {agenda.days} days)", style="bold")
    )
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


def _line(item: AgendaItem) -> Text:
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
