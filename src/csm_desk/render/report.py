"""The dashboard's figures as Rich renderables and as JSON: the TUI's dashboard and
``csm-desk report`` draw the very same panels (and import no textual).

Charts are bars of block characters with the number beside them, so they read the
same in monochrome, over ssh and when piped."""

from __future__ import annotations

import json
import sys

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from csm_desk.domain.measures import (
    DURABILITY_FLOOR,
    DURABILITY_TARGET,
    NO_REASON,
    SAVE_RATE_BENCHMARKS,
    Rate,
    Report,
    Timing,
)
from csm_desk.domain.vocab import CLOSE_REASONS, STAGE_LABELS
from csm_desk.render.format import TIER_LABELS, TIER_STYLE, money

BAR_WIDTH = 20
_EIGHTHS = " ▏▎▍▌▋▊▉"
REASON_LABELS = {**CLOSE_REASONS, NO_REASON: "Not given"}
PIPELINE_BOX = {"identified": "< 48 h", "engaged": "< 14 d"}


def bar(value: float, maximum: float, width: int = BAR_WIDTH, style: str = "") -> Text:
    """A horizontal bar in eighths of a cell; an empty value draws nothing."""
    if maximum <= 0 or value <= 0:
        return Text(" " * width)
    eighths = max(1, round(value / maximum * width * 8))
    full, part = divmod(min(eighths, width * 8), 8)
    drawn = "█" * full + (_EIGHTHS[part] if part else "")
    return Text(drawn.ljust(width), style=style)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def rate_text(r: Rate) -> str:
    return f"{pct(r.rate)} ({r.saved} of {r.closed})" if r.closed else "— (none closed)"


def days_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} days" if value != int(value) else f"{int(value)} day" + ("" if value == 1 else "s")


def _grid(*widths: int | None) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=False)
    for w in widths:
        table.add_column(no_wrap=True, min_width=w) if w else table.add_column(no_wrap=True)
    return table


def _panel(body: RenderableType, title: str) -> Panel:
    return Panel(body, title=Text(title, style="bold"), title_align="left", box=box.ROUNDED, padding=(0, 1))


def at_risk_panel(r: Report, private: bool = False) -> Panel:
    total_n = sum(n for _t, n, _a in r.at_risk)
    total_arr = sum(a for _t, _n, a in r.at_risk)
    top = max((a for _t, _n, a in r.at_risk), default=0.0)
    grid = _grid(8, 4, 7, None)
    for tier, n, arr in r.at_risk:
        grid.add_row(
            Text(TIER_LABELS.get(tier, tier), style=TIER_STYLE.get(tier, "")),
            str(n),
            money(arr, private=private),
            bar(arr, top, 14),
        )
    grid.add_row(
        Text("Total", style="bold"),
        Text(str(total_n), style="bold"),
        Text(money(total_arr, private=private), style="bold"),
        "",
    )
    return _panel(grid, "At risk now, by tier")


def pipeline_panel(r: Report) -> Panel:
    top = max((s.accounts for s in r.pipeline), default=0)
    grid = _grid(10, 3, 8, None)
    for s in r.pipeline:
        label = STAGE_LABELS.get(s.stage, s.stage)
        within = "" if s.within_target is None else f"{s.within_target} {PIPELINE_BOX[s.stage]}"
        grid.add_row(label, str(s.accounts), bar(s.accounts, top, 8), Text(within, style="dim"))
    return _panel(grid, "Pipeline, today")


def month_panel(r: Report) -> Panel:
    m = r.month
    grid = _grid(16, 3, 4, None)
    grid.add_row(Text("Moved to at risk", style="bold"), Text(str(m.moved), style="bold"), "", "")
    for label, n in (("Saved", m.saved), ("Churned", m.churned), ("Let go", m.let_go), ("Still working", m.working)):
        grid.add_row(label, str(n), pct(m.part(n)), bar(n, m.moved, 6))
    saved = Text("Month's save rate: ", style="dim")  # of the cases closed in the month, whenever opened
    saved.append(rate_text(m.closed_in_month))
    return _panel(Group(grid, saved), f"Cases opened in {m.month.label}")


def _benchmark(seg: str) -> str:
    lo, hi = SAVE_RATE_BENCHMARKS[seg]
    return f"{seg} {lo * 100:.0f}-{hi * 100:.0f}%"


def _timing_line(label: str, t: Timing, targets: str) -> Text:
    line = Text(f"{label}: ", style="bold")
    line.append(f"median {days_text(t.median_days)}")
    for days, part in t.within:
        line.append(f" · {pct(part)} {targets.format(days=days)}")
    line.append(f"  ({t.cases} cases)", style="dim")
    return line


def outcomes_panel(r: Report) -> Panel:
    y = r.year
    lines = []
    head = Text("Save rate: ", style="bold")
    head.append(rate_text(y.save_rate))
    head.append("   benchmarks: " + ", ".join(_benchmark(s) for s in SAVE_RATE_BENCHMARKS), style="dim")
    lines.append(head)
    closed = Text(f"Closed: {y.counts['saved']} saved, {y.counts['churned']} churned, {y.counts['let_go']} let go")
    lines.append(closed)
    lines.append(_timing_line("Time to detect", y.detect, "under {days} days"))
    lines.append(_timing_line("Time to engage", y.engage, "within 48 h"))
    d = r.durability
    dur = Text("Save durability: ", style="bold")
    dur.append(f"{pct(d.rate)} renewed ({d.renewed} renewed, {d.lost} lost, {d.pending} still to renew)")
    dur.append(
        f"  target {DURABILITY_TARGET * 100:.0f}%+, under {DURABILITY_FLOOR * 100:.0f}% churn was only delayed",
        style="dim",
    )
    lines.append(dur)
    grid = _grid(18, 16, None)
    for s in y.by_segment:
        bench = "" if s.benchmark is None else f"benchmark {s.benchmark[0] * 100:.0f}-{s.benchmark[1] * 100:.0f}%"
        grid.add_row(s.segment, rate_text(s.rate), Text(bench, style="dim"))
    grid.add_row("executive involved", rate_text(y.with_executive), "")
    grid.add_row("no executive", rate_text(y.without_executive), "")
    period = f"{y.start.strftime('%b %Y')} – {y.end.strftime('%b %Y')}"
    return _panel(
        Group(*lines, Text("Save rate by segment and by executive involvement:", style="dim"), grid),
        f"Outcomes, 12 months ({period})",
    )


def reasons_panel(r: Report) -> Panel:
    reasons = r.year.reasons
    if not reasons:
        return _panel(Text("No case closed in these 12 months.", style="dim"), "Reasons")
    grid = _grid(16, 4, 3, None)
    top = max(n for _k, n, _s in reasons)
    for key, n, part in reasons:
        grid.add_row(REASON_LABELS.get(key, key), pct(part), str(n), bar(n, top, 14))
    return _panel(grid, "Reasons, 12 months")


def trend_panel(r: Report, private: bool = False) -> Panel:
    top = max((p.arr for p in r.trend), default=0.0)
    grid = _grid(8, 7, 3, None)
    for p in r.trend:
        label = p.month.start.strftime("%b %y")
        grid.add_row(
            label,
            money(p.arr, private=private) if p.accounts else "—",
            str(p.accounts),
            bar(p.arr, top, 16, style="bold" if p.month == r.period else ""),
        )
    return _panel(grid, "At-risk ARR at month end")


def panels(r: Report, private: bool = False) -> dict[str, Panel]:
    """Every panel by name, in reading order."""
    return {
        "at-risk": at_risk_panel(r, private),
        "pipeline": pipeline_panel(r),
        "month": month_panel(r),
        "outcomes": outcomes_panel(r),
        "reasons": reasons_panel(r),
        "trend": trend_panel(r, private),
    }


def print_report(r: Report, console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else 120, highlight=False)
    console.print(Text(f"At-risk report — {r.period.label} (as of {r.today.isoformat()})", style="bold"))
    p = panels(r)
    top = Table.grid(padding=(0, 1))
    top.add_row(p["at-risk"], p["pipeline"], p["month"])
    console.print(top)
    console.print(p["outcomes"])
    bottom = Table.grid(padding=(0, 1))
    bottom.add_row(p["reasons"], p["trend"])
    console.print(bottom)


def print_json(r: Report) -> None:
    sys.stdout.write(json.dumps(report_dict(r), indent=2, ensure_ascii=False) + "\n")


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _rate(r: Rate) -> dict:
    return {"saved": r.saved, "closed": r.closed, "rate": _pct(r.rate)}


def _timing(t: Timing) -> dict:
    return {
        "cases": t.cases,
        "median_days": t.median_days,
        "within": [{"days": d, "share": _pct(v)} for d, v in t.within],
    }


def report_dict(r: Report) -> dict:
    """The report as plain JSON-ready data (``csm-desk report --json``)."""
    m, y = r.month, r.year
    return {
        "today": r.today.isoformat(),
        "period": str(r.period),
        "at_risk": {
            "accounts": sum(n for _t, n, _a in r.at_risk),
            "arr": sum(a for _t, _n, a in r.at_risk),
            "by_tier": [{"tier": t, "accounts": n, "arr": a} for t, n, a in r.at_risk],
        },
        "pipeline": [{"stage": s.stage, "accounts": s.accounts, "within_target": s.within_target} for s in r.pipeline],
        "month": {
            "moved_to_at_risk": m.moved,
            **{
                k: {"count": v, "share": _pct(m.part(v))}
                for k, v in (
                    ("saved", m.saved),
                    ("churned", m.churned),
                    ("let_go", m.let_go),
                    ("still_working", m.working),
                )
            },
            "save_rate": _rate(m.closed_in_month),
        },
        "outcomes": {
            "from": y.start.isoformat(),
            "to": y.end.isoformat(),
            "closed": y.counts,
            "save_rate": _rate(y.save_rate),
            "benchmarks": {seg: list(b) for seg, b in SAVE_RATE_BENCHMARKS.items()},
            "by_segment": [
                {"segment": s.segment, **_rate(s.rate), "benchmark": list(s.benchmark) if s.benchmark else None}
                for s in y.by_segment
            ],
            "executive_involved": {"with": _rate(y.with_executive), "without": _rate(y.without_executive)},
            "reasons": [{"reason": k, "cases": n, "share": _pct(v)} for k, n, v in y.reasons],
            "time_to_detect": _timing(y.detect),
            "time_to_engage": _timing(y.engage),
        },
        "durability": {
            "renewed": r.durability.renewed,
            "lost": r.durability.lost,
            "pending": r.durability.pending,
            "rate": _pct(r.durability.rate),
            "target": DURABILITY_TARGET,
        },
        "at_risk_arr_trend": [
            {"month": str(p.month), "as_of": p.as_of.isoformat(), "accounts": p.accounts, "arr": p.arr} for p in r.trend
        ],
    }
