"""Rich renderables for one account: header, why this priority, flags, playbook,
follow-ups, contacts, history. Shared by the detail pane and the account screen.

All user text goes in as ``Text`` objects: names, notes and quotes are data. Each part takes
``private`` (privacy mode): sums of money and written words hidden, names kept
(``render/privacy.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from csm_desk.config import Settings
from csm_desk.domain.triage import points_table, reasons
from csm_desk.domain.vocab import FLAG_LABELS, PLAYBOOKS, STAGE_LABELS
from csm_desk.render.format import HIDDEN, due_text, health_text, money, tier_text
from csm_desk.render.privacy import badge, free_text, masked_money, sentence
from csm_desk.render.privacy import title as title_text
from csm_desk.store.detail import AccountDetail, TimelineEvent

FilledPlaybook = tuple[str | None, str | None, list[tuple[str, list[tuple[str, bool]]]]]
"""A playbook as the desk fills it: the suggested playbook's id, its title, and each first move's time
box and segments (text, and whether it is a placeholder the account could not fill)."""


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


def header(d: AccountDetail, today: date, private: bool, *, badge_shown: bool = False) -> RenderableType:
    """Who, ARR, renewal, stage, health, owner, champion; ``badge_shown`` starts the first line with
    ``● PRIVATE`` in privacy mode (a screen of its own, with no top bar to say it)."""
    a = d.account
    title = badge(badge_shown and private)
    if d.entry is not None:
        title.append_text(tier_text(d.entry.triaged.tier))
        title.append("  ")
    title.append(a.name, style="bold")
    title.append(f"  {a.external_id}", style="dim")
    renewal = "no renewal date"
    if a.renewal_date is not None:
        days = (a.renewal_date - today).days
        renewal = (
            f"renews {a.renewal_date.isoformat()} ({days} days)" if days >= 0 else f"renewal passed {-days} days ago"
        )
    champion = d.champion
    facts = Text()
    facts.append(f"ARR {money(a.arr, private=private)}")
    facts.append(f" · {a.segment or 'no segment'} · {renewal}\n")
    facts.append(f"Stage: {STAGE_LABELS.get(a.stage, a.stage) or 'not in pipeline'}")
    facts.append(" · Health ")
    facts.append_text(health_text(a.health, a.health_delta))
    facts.append(f" · Owner: {a.owner or '—'}\n")
    facts.append("Champion: ")
    facts.append(
        (f"{champion.name} ({champion.title})" if champion.title else champion.name) if champion else "no champion",
        style="" if champion else "bold red",
    )
    if a.at_risk_since:
        facts.append(f" · at risk since {a.at_risk_since.isoformat()}")
    return Group(title, facts)


def why(d: AccountDetail, today: date, settings: Settings, private: bool) -> RenderableType:
    """Each fired rule as a sentence, then the points table and the total; in privacy mode the
    sums, and the ARR term's value and points (which give the ARR away), read as the mask."""
    if d.entry is None:
        return Text("Not triaged.")
    lines = Text()
    for reason in reasons(d.entry.triaged, today, settings.triage):
        lines.append("• ", style="bold")
        lines.append(sentence(reason.sentence, private))
        lines.append(f"  [{reason.rule}]\n", style="dim")
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    for col, justify in (
        ("Term", "left"),
        ("Value", "right"),
        ("×", "right"),
        ("Points", "right"),
        ("Because", "left"),
    ):
        table.add_column(col, justify="right" if justify == "right" else "left")
    total = 0.0
    for row in points_table(d.entry.facts, today, settings.score):
        total += row.points
        hide = private and row.from_money
        table.add_row(
            row.label,
            HIDDEN if hide else f"{row.value:.2f}",
            f"{row.coefficient:g}",
            HIDDEN if hide else f"{row.points:.2f}",
            Text(sentence(row.because, private), style="dim"),
        )
    table.add_row(Text("Total", style="bold"), "", "", Text(HIDDEN if private else f"{total:.2f}", style="bold"), "")
    return Group(lines, table)


def flags(d: AccountDetail, private: bool) -> RenderableType:
    if d.entry is None or not d.entry.facts.red_flags:
        return Text("No active red flag.", style="dim")
    out = Text()
    by_kind = {s.kind: s for s in d.active_signals}
    for flag in d.entry.facts.red_flags:
        out.append("⚑ ", style="red")
        out.append(FLAG_LABELS.get(flag, flag))
        signal = by_kind.get(flag)
        if signal is not None:
            out.append(f"  since {signal.date.isoformat()}", style="dim")
            if signal.quote:
                out.append("\n    ")
                out.append_text(free_text(f"“{signal.quote}”", private, style="italic"))
        else:
            out.append("  from metrics", style="dim")
        out.append("\n")
    return out


def move_text(segments: list[tuple[str, bool]], private: bool) -> Text:
    """A filled first move: unfilled placeholders stand out in reverse; in privacy mode a sum the
    account filled in (its ARR) is masked."""
    text = Text()
    for segment, missing in segments:
        text.append(segment if missing or not private else masked_money(segment), style="reverse" if missing else "")
    return text


def playbook(d: AccountDetail, filled: FilledPlaybook, private: bool) -> RenderableType:
    pid, title, first_moves = filled
    if d.entry is None or pid is None:
        return Text("")
    out = Text()
    out.append(title or PLAYBOOKS.get(pid, pid), style="bold")
    out.append(f"  ({pid})\n", style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    for when, segments in first_moves:
        table.add_row(when, move_text(segments, private))
    return Group(out, table)


def followups(d: AccountDetail, today: date, private: bool) -> RenderableType:
    if not d.open_followups:
        return Text("No open follow-up.", style="dim")
    out = Text()
    for f in d.open_followups:
        out.append_text(due_text(f.snoozed_until or f.due, today))
        if f.due_time:
            out.append(f" {f.due_time.strftime('%H:%M')}")
        out.append("  ")
        out.append_text(title_text(f.title, f.title_written, private))
        out.append(f"  {f.channel}", style="dim")
        if f.owner:
            out.append(f" · {f.owner}", style="dim")
        out.append("\n")
    return out


def contacts(d: AccountDetail) -> RenderableType:
    if not d.contacts:
        return Text("No contact on file.", style="dim")
    table = Table(box=None, show_header=False, pad_edge=False)
    for _ in range(4):
        table.add_column()
    for c in d.contacts:
        style = "dim strike" if c.status == "left" else ""
        table.add_row(
            Text(c.name, style=style),
            Text(c.role.replace("_", " "), style="cyan"),
            Text(c.title),
            Text(c.email or c.phone, style="dim"),
        )
    return table


EVENT_STYLE = {
    "interaction": "bold",
    "signal": "bold red",
    "resolved": "green",
    "stage": "bold magenta",
    "health": "yellow",
    "followup": "cyan",
}


def event_text(e: TimelineEvent, private: bool) -> Text:
    """One event: its title, then its words (a summary, a stage-change note, an outcome) and its
    quotes; in privacy mode the words, the quotes and a title a person wrote are hidden."""
    out = Text()
    out.append(e.day.isoformat(), style="dim")
    out.append("  ")
    style = EVENT_STYLE.get(e.kind, "")
    if private and e.written and e.title.endswith(e.written):
        out.append(e.title[: len(e.title) - len(e.written)], style=style)
        out.append_text(free_text(e.written, True))
    else:
        out.append_text(title_text(e.title, False, private, style=style))
    if e.body:
        out.append("\n    ")
        out.append_text(free_text(e.body, private))
    for quote in e.quotes:
        out.append("\n    ")
        out.append_text(free_text(f"“{quote}”", private, style="italic"))
    return out


def timeline(events: Sequence[TimelineEvent], private: bool, limit: int | None = None) -> RenderableType:
    if not events:
        return Text("Nothing on the timeline yet.", style="dim")
    shown = events if limit is None else events[:limit]
    out = Text()
    for i, e in enumerate(shown):
        if i:
            out.append("\n")
        out.append_text(event_text(e, private))
    if limit is not None and len(events) > limit:
        out.append(f"\n… {len(events) - limit} older events: enter opens the whole history", style="dim")
    return out
