"""A save plan as data: what it must hold before it is saved, its Markdown export in
the SAVE PLAN shape, and the 30-minute save-team meeting built from it (DOMAIN §6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from csm_desk.domain.saving import (
    ANTI_PATTERNS,
    PRICING_CONDITIONS,
    ROLES,
    STRATEGIES,
    TeamMember,
    anti_pattern_hits,
    strategy_problems,
    walk_away_check,
)
from csm_desk.domain.sentence import Sentence, Words, plain
from csm_desk.domain.text import visible
from csm_desk.domain.vocab import CLOSE_REASONS, FLAG_LABELS

ROADMAP_MILESTONES: dict[str, str] = {"dev": "Development starts", "beta": "Beta", "ga": "General availability"}
HORIZONS: tuple[tuple[int, str], ...] = ((7, "Next 7 days"), (14, "Days 8-14"), (30, "Days 15-30"))


@dataclass(frozen=True, slots=True)
class PlanAction:
    """One action: what, who, by when; ``key`` is its number in the plan (stable once saved)."""

    action: str
    owner: str
    due: date | None
    key: int | None = None
    done: bool = False


@dataclass(frozen=True)
class PlanDraft:
    """Everything a save plan holds, as the screen edits it and the store saves it."""

    situation: str = ""
    root_cause_category: str = ""
    root_cause: str = ""
    actions: tuple[PlanAction, ...] = ()
    success_criteria: str = ""
    checkin: date | None = None
    checkin_time: time | None = None
    strategies: tuple[str, ...] = ()
    team: tuple[TeamMember, ...] = ()
    pricing_condition: str = ""
    pricing_blockers: tuple[str, ...] = ()
    roadmap_feature: str = ""
    roadmap_dates: dict[str, date | None] = field(default_factory=dict)
    walk_away: tuple[str, ...] = ()
    escalation_asked: bool = False
    contract_negotiation: bool = False
    expansion: bool = False


@dataclass(frozen=True, slots=True)
class PlanHeader:
    """The account facts a plan is shown and exported with."""

    name: str
    owner: str = ""
    arr: float | None = None
    health: int | None = None
    red_flags: tuple[str, ...] = ()
    renewal_date: date | None = None
    stage: str = ""


def problems(draft: PlanDraft) -> list[str]:
    """What keeps the draft from being a plan (empty: it can be saved)."""
    out = []
    if not draft.situation.strip():
        out.append("Describe the situation in two or three lines.")
    if draft.root_cause_category not in CLOSE_REASONS:
        out.append("Pick a root-cause category.")
    if not draft.actions:
        out.append("Add at least one action with an owner and a due date.")
    for n, a in enumerate(draft.actions, 1):
        if not a.action.strip():
            out.append(f"Action {n}: say what is to be done.")
        if not a.owner.strip():
            out.append(f"Action {n}: give it an owner.")
        if a.due is None:
            out.append(f"Action {n}: give it a due date.")
    if not draft.success_criteria.strip():
        out.append("Say how you will know the save worked (success criteria).")
    if draft.checkin is None:
        out.append("Set the next check-in.")
    out.extend(
        strategy_problems(
            draft.strategies,
            draft.pricing_condition,
            draft.pricing_blockers,
            draft.roadmap_feature,
            draft.roadmap_dates,
        )
    )
    return out


def warning_sentences(draft: PlanDraft) -> list[Sentence]:
    """Anti-patterns the plan's words give away, each with its typical save rate and the words."""
    texts = [a.action for a in draft.actions] + [draft.situation, draft.root_cause, draft.success_criteria]
    out: list[Sentence] = []
    for anti, text in anti_pattern_hits(t for t in texts if t.strip()):
        a = ANTI_PATTERNS[anti]
        out.append((f"{a.label} (saves {a.rate}): “", Words(_line(text)), f"” — {a.note}"))
    return out


def warnings(draft: PlanDraft) -> list[str]:
    """Anti-patterns the plan's words give away, each with its typical save rate."""
    return [plain(s) for s in warning_sentences(draft)]


def _line(text: str) -> str:
    """One line of user text: a newline inside an action would break the numbered list."""
    return " ".join(text.split())


def when_text(day: date | None, at: time | None = None) -> str:
    if day is None:
        return "not set"
    return day.isoformat() + (f" {at.strftime('%H:%M')}" if at else "")


def _category(draft: PlanDraft) -> str:
    return CLOSE_REASONS.get(draft.root_cause_category, draft.root_cause_category or "not set")


def to_markdown(header: PlanHeader, draft: PlanDraft) -> str:
    """The plan in the SAVE PLAN shape: situation, root cause, numbered actions, criteria, check-in."""
    lines = [
        f"# SAVE PLAN: {_line(header.name)}",
        "",
        "## SITUATION",
        draft.situation.strip() or "-",
        "",
        "## ROOT CAUSE",
        f"{_category(draft)}: {_line(draft.root_cause) or '-'}",
        "",
        "## ACTIONS",
    ]
    for n, a in enumerate(draft.actions, 1):
        lines.append(
            f"{n}. {_line(a.action)} - Owner: {_line(a.owner) or '-'} - Due: {when_text(a.due)}"
            + (" (done)" if a.done else "")
        )
    if not draft.actions:
        lines.append("-")
    lines += [
        "",
        "## SUCCESS CRITERIA",
        draft.success_criteria.strip() or "-",
        "",
        f"## NEXT CHECK-IN: {when_text(draft.checkin, draft.checkin_time)}",
    ]
    if draft.strategies:
        lines += ["", "## STRATEGIES"]
        lines += [
            f"- {STRATEGIES[s].label} (typical save rate {STRATEGIES[s].rate}){_strategy_detail(draft, s)}"
            for s in draft.strategies
            if s in STRATEGIES
        ]
    if draft.team:
        lines += ["", "## SAVE TEAM"]
        lines += [
            f"- {ROLES.get(m.role, m.role)}: {_line(m.name) or '-'} ({_line(m.reason) or '-'})" for m in draft.team
        ]
    # Typed or pasted text goes into the file too: no control character from it reaches a reader's terminal.
    return visible("\n".join(lines), multiline=True) + "\n"


def _strategy_detail(draft: PlanDraft, strategy: str) -> str:
    if strategy == "pricing_restructure" and draft.pricing_condition in PRICING_CONDITIONS:
        return f": {PRICING_CONDITIONS[draft.pricing_condition].lower()}"
    if strategy == "roadmap_sharing":
        dates = ", ".join(
            f"{label.lower()} {day.isoformat()}"
            for k, label in ROADMAP_MILESTONES.items()
            if (day := draft.roadmap_dates.get(k))
        )
        return f": {_line(draft.roadmap_feature)}" + (f" ({dates})" if dates else "")
    return ""


def default_file_name(external_id: str, today: date) -> str:
    """The Markdown file a plan is exported to: the id kept to characters every file system takes."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in external_id) or "account"
    return f"save-plan-{safe}-{today.isoformat()}.md"


@dataclass(frozen=True, slots=True)
class AgendaBlock:
    """A slice of the 30-minute save-team meeting: its minutes, its title and what to cover."""

    minutes: str
    title: str
    lines: tuple[str, ...]


def action_horizons(actions: tuple[PlanAction, ...], today: date) -> list[tuple[str, list[PlanAction]]]:
    """Open actions bucketed for the meeting: overdue, next 7 / 14 / 30 days, later."""
    buckets: dict[str, list[PlanAction]] = {label: [] for label in ("Overdue", *(lbl for _, lbl in HORIZONS), "Later")}
    for a in sorted((a for a in actions if not a.done), key=lambda a: (a.due or date.max, a.action)):
        if a.due is None:
            buckets["Later"].append(a)
            continue
        days = (a.due - today).days
        label = "Overdue" if days < 0 else next((lbl for limit, lbl in HORIZONS if days <= limit), "Later")
        buckets[label].append(a)
    return [(label, items) for label, items in buckets.items() if items]


def _state_of_play(header: PlanHeader, draft: PlanDraft, today: date) -> tuple[str, ...]:
    health = "unknown" if header.health is None else str(header.health)
    flags = ", ".join(FLAG_LABELS.get(f, f) for f in header.red_flags) or "none active"
    renewal = (
        "no renewal date"
        if header.renewal_date is None
        else f"renewal {header.renewal_date.isoformat()} (in {(header.renewal_date - today).days} days)"
    )
    return (
        _line(draft.situation) or "Situation not written yet.",
        f"Health {health}; red flags: {flags}.",
        f"Timeline: {renewal}.",
    )


def meeting_agenda(header: PlanHeader, draft: PlanDraft, today: date) -> list[AgendaBlock]:
    """The save-team meeting: 1-5 state of play, 6-15 root cause, 16-25 actions, 26-30 next steps."""
    cause = [
        f"{_category(draft)}: {_line(draft.root_cause) or 'not written yet'}",
        "What changed? What have we tried so far, and why did it not work?",
    ]
    cause += [
        f"Strategy: {STRATEGIES[s].label} ({STRATEGIES[s].rate}){_strategy_detail(draft, s)}"
        for s in draft.strategies
        if s in STRATEGIES
    ]
    plan_lines = []
    for label, items in action_horizons(draft.actions, today):
        plan_lines.append(f"{label}:")
        plan_lines += [f"  {a.action} — {a.owner or 'no owner'} — due {when_text(a.due)}" for a in items]
    plan_lines = plan_lines or ["No open action: decide what happens in the next 7, 14 and 30 days."]
    held = walk_away_check(draft.walk_away)
    nxt = [
        f"Next meeting: {when_text(draft.checkin, draft.checkin_time)}",
        f"Success criteria: {_line(draft.success_criteria) or 'not agreed yet'}",
        "Escalate if an action is overdue at the check-in, health keeps falling or a new red flag appears.",
        "De-escalate to monitoring once the success criteria hold.",
    ]
    if held:
        nxt.append(
            "Walk-away check holds (" + ", ".join(c.label.lower() for c in held) + "): consider a graceful exit."
        )
    return [
        AgendaBlock("1-5", "State of play", _state_of_play(header, draft, today)),
        AgendaBlock("6-15", "Root cause", tuple(cause)),
        AgendaBlock("16-25", "Actions for the next 7 / 14 / 30 days", tuple(plan_lines)),
        AgendaBlock("26-30", "Next steps", tuple(nxt)),
    ]
