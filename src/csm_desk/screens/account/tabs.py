"""What the account screen's tabs draw: the searchable timeline, the metrics as
sparklines with their figures, and the contacts table. User text stays ``Text``."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Sparkline, Static

from csm_desk.domain.facts import MetricPoint
from csm_desk.store.detail import ContactView, TimelineEvent
from csm_desk.widgets import account_view as view

METRICS = (
    ("health", "Health"),
    ("logins", "Logins (30 d)"),
    ("active_users", "Active users"),
    ("feature_adoption", "Adoption %"),
    ("nps", "NPS"),
    ("sla_misses_30d", "SLA misses"),
)


def timeline_body(timeline: Sequence[TimelineEvent], search: str, private: bool) -> RenderableType:
    """The events holding every word of ``search`` (all of them when it is blank), with a count when filtered."""
    needle = search.casefold().strip()
    events = [e for e in timeline if not needle or all(w in e.search_text() for w in needle.split())]
    body = view.timeline(events, private)
    if needle:
        body = Text.assemble((f"{len(events)} of {len(timeline)} events match\n\n", "dim"), body)  # type: ignore[arg-type]  # timeline() draws a Text
    return body


def contacts_table(contacts: Sequence[ContactView]) -> RenderableType:
    if not contacts:
        return Text("No contact on file.", style="dim")
    table = Table(header_style="bold", expand=True)
    for col in ("Name", "Role", "Title", "Email", "Phone", "Status"):
        table.add_column(col)
    for c in contacts:
        table.add_row(
            Text(c.name),
            Text(c.role.replace("_", " ")),
            Text(c.title),
            Text(c.email),
            Text(c.phone),
            Text(c.status, style="red" if c.status == "left" else "green"),
        )
    return table


class MetricsTab(VerticalScroll):
    """One row per metric: its name, a sparkline of its history, now and its range."""

    def compose(self) -> ComposeResult:
        for key, label in METRICS:
            with Horizontal(classes="metric", id=f"m-{key}"):
                yield Label(label)
                yield Sparkline([], id=f"spark-{key}")
                yield Static("", classes="figures", id=f"fig-{key}", markup=False)

    def show(self, history: Sequence[MetricPoint]) -> None:
        for key, _ in METRICS:
            values = [(p.date, getattr(p, key)) for p in history if getattr(p, key) is not None]
            spark = self.query_one(f"#spark-{key}", Sparkline)
            spark.data = [float(v) for _, v in values]
            figures = self.query_one(f"#fig-{key}", Static)
            if not values:
                figures.update("no data")
                continue
            first, last = values[0], values[-1]
            low = min(v for _, v in values)
            high = max(v for _, v in values)
            figures.update(f"now {last[1]:g} · {low:g}–{high:g}\n{first[0].isoformat()} → {last[0].isoformat()}")
