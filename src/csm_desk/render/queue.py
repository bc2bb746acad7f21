"""``csm-desk queue``'s table: the at-risk queue in triage order, one reason per account."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from csm_desk.config import Settings
from csm_desk.domain.triage import explain, stage_text
from csm_desk.render.format import TIER_STYLE, money

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; printing only reads the entries it is given
    from csm_desk.store.queries import QueueEntry


def print_queue(entries: list[QueueEntry], today: date, settings: Settings, console: Console | None = None) -> None:
    # Piped output has no width of its own: give the reasons room instead of 80 columns.
    console = console or Console(width=None if sys.stdout.isatty() else 200)
    if not entries:
        console.print("No account is at risk. (csm-desk queue --all lists the whole book.)")
        return
    table = Table(
        title=f"At-risk queue — {today.isoformat()}",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
    )
    for col, kw in (
        ("Tier", {}),
        ("Account", {"max_width": 24}),
        ("ARR", {"justify": "right"}),
        ("Hlth", {"justify": "right"}),
        ("Renew", {"justify": "right"}),
        ("⚑", {"justify": "right"}),
        ("Stage", {}),
        ("Why", {"min_width": 16}),
    ):
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
            money(f.arr, exact=True),
            "—" if f.health is None else str(f.health),
            renewal,
            str(len(f.red_flags)),
            stage_text(f),
            why,
        )
    console.print(table)
