"""The call prep sheet: an account's facts and its call script, filled, as Markdown to print or
paste into a meeting doc (``csm-desk callsheet``). What the account cannot fill stays marked
``⟨competitor⟩``, and is listed again at the end, to fill on the call."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from csm_desk.domain.text import visible
from csm_desk.domain.triage import TriageRules, explain
from csm_desk.domain.vocab import FLAG_LABELS, STAGE_LABELS
from csm_desk.render.format import TIER_LABELS, money
from csm_desk.scripts.loader import cue_label, fill, when_label
from csm_desk.scripts.values import long_date
from csm_desk.store.views import AccountDetail, ContactView

if TYPE_CHECKING:
    from csm_desk.desk import CallSheet

QUOTES_SHOWN = 5
"""The latest customer quotes printed at the end of the sheet."""


def _line(text: str) -> str:
    """User text on one line: a newline inside a name or a quote would break the Markdown list."""
    return " ".join(text.split())


def _person(contact: ContactView | None) -> str:
    if contact is None:
        return "none on record"
    title = f" ({_line(contact.title)})" if contact.title.strip() else ""
    return f"{_line(contact.name)}{title}"


def _role(detail: AccountDetail, role: str, status: str = "active") -> list[ContactView]:
    return [c for c in detail.contacts if c.role == role and c.status == status]


def _renewal(day: date | None, today: date) -> str:
    if day is None:
        return "not set"
    days = (day - today).days
    if days > 0:
        return f"{day.isoformat()} (in {days} days)"
    if days == 0:
        return f"{day.isoformat()} (today)"
    return f"{day.isoformat()} (passed {-days} days ago)"


def _health(detail: AccountDetail) -> str:
    a = detail.account
    if a.health is None:
        return "unknown"
    if a.health_delta:
        return f"{a.health} ({a.health_delta:+d} over about a month)"
    return str(a.health)


def _facts(detail: AccountDetail, today: date) -> list[str]:
    a = detail.account
    lines = [
        f"- **ARR**: {money(a.arr, exact=True)}" + (" · strategic" if a.strategic else ""),
        f"- **Renewal**: {_renewal(a.renewal_date, today)}",
        f"- **Stage**: {STAGE_LABELS.get(a.stage, a.stage) or 'not in pipeline'}",
    ]
    if detail.entry is not None:
        lines.append(f"- **Tier**: {TIER_LABELS.get(detail.entry.triaged.tier, detail.entry.triaged.tier)}")
    lines.append(f"- **Health**: {_health(detail)}")
    lines.append(f"- **Owner**: {_line(a.owner) or '—'}")
    champions = _role(detail, "champion")
    lines.append(f"- **Champion**: {', '.join(_person(c) for c in champions) or _person(None)}")
    for gone in _role(detail, "champion", "left"):
        lines.append(f"- **Champion who left**: {_person(gone)}")
    sponsors = _role(detail, "sponsor")
    lines.append(f"- **Executive sponsor**: {', '.join(_person(c) for c in sponsors) or _person(None)}")
    return lines


def _flags(detail: AccountDetail) -> list[str]:
    flags = detail.entry.facts.red_flags if detail.entry is not None else ()
    if not flags:
        return ["No active red flag."]
    by_kind = {s.kind: s for s in detail.active_signals}
    lines = []
    for flag in flags:
        label = FLAG_LABELS.get(flag, flag)
        signal = by_kind.get(flag)
        if signal is None:
            lines.append(f"- **{label}**: from the metrics")
            continue
        said = f": “{_line(signal.quote)}”" if signal.quote.strip() else ""
        lines.append(f"- **{label}**: logged {signal.date.isoformat()}{said}")
    return lines


def _filled(text: str, values: dict[str, str | None], missing: dict[str, None]) -> str:
    """``text`` filled; each placeholder left ``⟨marked⟩`` is remembered in ``missing``."""
    out = []
    for segment, is_missing in fill(text, values):
        if is_missing:
            missing.setdefault(segment, None)
        out.append(segment)
    return "".join(out)


def callsheet_markdown(sheet: CallSheet, today: date, rules: TriageRules) -> str:
    """The sheet for a ``CallSheet`` (``Desk.call_sheet``): facts, red flags, why it is a priority, the script, quotes."""
    d, script, values = sheet.detail, sheet.script, sheet.values
    a = d.account
    lang = script.language
    missing: dict[str, None] = {}
    lines = [f"# Call sheet: {_line(a.name)} ({_line(a.external_id)})", "", *_facts(d, today), ""]
    lines += ["## Red flags", "", *_flags(d), ""]
    if d.entry is not None:
        lines += ["## Why this priority", ""]
        lines += [f"- {sentence}" for _rule, sentence in explain(d.entry.triaged, today, rules)]
        lines.append("")
    chosen = "suggested for this account" if script.id == sheet.suggested else f"suggested: {sheet.suggested}"
    lines += [f"## Script: {_filled(script.title, values, missing)}", ""]
    lines += [f"`{script.id}` · {script.language} · {chosen}", ""]
    lines += [_filled(script.summary, values, missing), ""]
    if script.first_moves:
        lines += ["### First moves", ""]
        lines += [f"- **{when_label(m.when, lang)}**: {_filled(m.text, values, missing)}" for m in script.first_moves]
        lines.append("")
    lines += ["### Steps", ""]
    for n, step in enumerate(script.steps, 1):
        lines += [f"#### {n}. {_filled(step.title, values, missing)}", ""]
        lines += [f"> {_filled(step.say, values, missing)}", ""]
        if step.ask:
            lines += [f"**Ask**: {_filled(step.ask, values, missing)}", ""]
        lines += [f"*{cue_label(step.cue, lang)}*: {_filled(step.cue_text, values, missing)}", ""]
    if script.escalate_when:
        lines += ["### Escalate when", ""]
        lines += [f"- {_filled(e, values, missing)}" for e in script.escalate_when]
        lines.append("")
    lines += ["## Latest customer quotes", ""]
    if d.said:
        for said in d.said[:QUOTES_SHOWN]:
            who = f"{_line(said.speaker)}, " if said.speaker.strip() else ""
            lines.append(f"- “{_line(said.text)}” — {who}{long_date(said.at.date(), 'en')} ({said.source})")
    else:
        lines.append("None on record yet.")
    lines.append("")
    if missing:
        lines += ["## To fill on the call", ""]
        lines.append(" ".join(missing) + " — the account does not tell these; fill them in as you go.")
        lines.append("")
    # Names, quotes, a user's own script and the config's product go into the file: no control character
    # from any of them reaches a reader's terminal.
    return visible("\n".join(lines).rstrip("\n"), multiline=True) + "\n"
