"""How values read, on the command line and in the TUI alike: money, days and dates,
health with its trend, tier labels and their colours."""

from __future__ import annotations

from datetime import date

from rich.text import Text

TIER_TEXT = {"high": "HIGH", "medium": "MED", "low": "LOW"}
"""A tier in a narrow cell."""
TIER_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
"""A tier in a sentence or a panel row."""
TIER_STYLE = {"high": "bold red", "medium": "bold yellow", "low": "green"}
HIDDEN = "•••"


def money(value: float | None, *, private: bool = False, exact: bool = False) -> str:
    """``$1.2M``, ``$45k``, ``$9,500``; ``exact`` keeps every dollar (``$45,000``) for printed tables."""
    if value is None:
        return "—"
    if private:
        return HIDDEN
    if exact:
        return f"${value:,.0f}"
    if value >= 1_000_000:
        return f"${value / 1_000_000:.1f}M"
    if value >= 10_000:
        return f"${value / 1000:.0f}k"
    return f"${value:,.0f}"


def health_text(health: int | None, delta: int | None) -> Text:
    """Health with an arrow for its month-over-month change (readable in monochrome)."""
    if health is None:
        return Text("—", style="dim")
    style = "red" if health < 40 else ("yellow" if health <= 60 else "green")
    out = Text(f"{health:>3}", style=style)
    if delta is not None and delta <= -5:
        out.append(f" ↓{-delta}", style="red")
    elif delta is not None and delta >= 5:
        out.append(f" ↑{delta}", style="green")
    elif delta is not None:
        out.append(" →", style="dim")
    return out


def days_until(day: date | None, today: date) -> str:
    if day is None:
        return "—"
    return f"{(day - today).days}d"


def days_since(day: date | None, today: date) -> str:
    if day is None:
        return "never"
    return f"{(today - day).days}d"


def due_text(day: date | None, today: date) -> Text:
    if day is None:
        return Text("—", style="dim")
    delta = (day - today).days
    if delta < 0:
        return Text(f"{-delta}d late", style="bold red")
    if delta == 0:
        return Text("today", style="bold")
    if delta == 1:
        return Text("tomorrow")
    return Text(day.strftime("%a %d") if delta < 7 else day.strftime("%d %b %y"))


def tier_text(tier: str) -> Text:
    return Text(TIER_TEXT[tier], style=TIER_STYLE[tier])
