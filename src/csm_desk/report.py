"""Rich output for the command line: the queue table and the effective config."""

from __future__ import annotations

import sys
from datetime import date

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from csm_desk.config import Settings, describe, toml_value
from csm_desk.domain.triage import explain
from csm_desk.domain.vocab import STAGE_LABELS
from csm_desk.store.queries import QueueEntry

TIER_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}


def money(value: float | None) -> str:
    return "—" if value is None else f"${value:,.0f}"


def print_queue(entries: list[QueueEntry], today: date, settings: Settings, console: Console | None = None) -> None:
    # Piped output has no width of its own: give the reasons room instead of 80 columns.
    console = console or Console(width=None if sys.stdout.isatty() else 200)
    if not entries:
        console.print("No account is at risk. (csm-desk queue --all lists the whole book.)")
        return
    table = Table(title=f"At-risk queue — {today.isoformat()}", header_style="bold", box=box.SIMPLE_HEAD,
                  padding=(0, 1), pad_edge=False)
    for col, kw in (("Tier", {}), ("Account", {"max_width": 24}), ("ARR", {"justify": "right"}),
                    ("Hlth", {"justify": "right"}), ("Renew", {"justify": "right"}), ("⚑", {"justify": "right"}),
                    ("Stage", {}), ("Why", {"min_width": 16})):
        # Every column but the reasons keeps its line; the reasons wrap.
        table.add_column(col, no_wrap=col != "Why", overflow="fold" if col == "Why" else "ellipsis", **kw)
    for e in entries:
        f = e.facts
        reasons = explain(e.triaged, today, settings.triage)
        renewal = "—" if f.renewal_date is None else f"{(f.renewal_date - today).days}d"
        why = Text(reasons[0][1] + (f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""))
        table.add_row(
            Text(e.triaged.tier.upper(), style=TIER_STYLE[e.triaged.tier]),
            Text(f.name),  # user text: never markup
            money(f.arr),
            "—" if f.health is None else str(f.health),
            renewal,
            str(len(f.red_flags)),
            STAGE_LABELS.get(f.stage, f.stage),
            why,
        )
    console.print(table)


def print_config(settings: Settings, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    where = settings.path or "no config file"
    console.print(Text(f"# effective configuration (file: {where})", style="dim"))
    section = None
    for name, key, value, source, doc in describe(settings):
        if name != section:
            console.print(Text(f"\n[{name}]", style="bold"))
            section = name
        line = Text(f"{key} = {toml_value(value)}")
        line.append(f"  # {source}: {doc}", style="dim")
        console.print(line)
    if settings.keys:
        console.print(Text("\n[keys]", style="bold"))
        for key, value in settings.keys.items():
            console.print(Text(f"{key} = {toml_value(value)}  # {settings.source('keys.' + key)}"))
