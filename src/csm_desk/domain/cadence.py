"""Lifecycle cadence (DOMAIN §7): follow-ups counted from the contract start."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from csm_desk.domain.facts import MetricPoint
from csm_desk.domain.setting import setting as _doc


@dataclass(frozen=True)
class CadenceStep:
    """One step of the lifecycle: on ``day`` after contract start, with its script."""

    day: int
    key: str
    title: str
    script: str


DEFAULT_STEPS: tuple[CadenceStep, ...] = (
    CadenceStep(3, "welcome", "Welcome message", "lifecycle_day3"),
    CadenceStep(10, "setup_check", "Setup check (10 minutes)", "lifecycle_day10"),
    CadenceStep(30, "usage_check", "Usage check and education", "lifecycle_day30"),
    CadenceStep(60, "value_review", "Value review", "lifecycle_day60"),
    CadenceStep(90, "results_review", "Results review with NPS", "lifecycle_day90"),
    CadenceStep(180, "expansion", "Expansion conversation", "lifecycle_day180"),
)


@dataclass(frozen=True)
class CadenceRules:
    """How the lifecycle cadence is laid out."""

    steps: tuple[CadenceStep, ...] = _doc(
        "the lifecycle steps (day after contract start, key, title, script)", DEFAULT_STEPS
    )
    call_min_arr: float = _doc("accounts with ARR at or above this get calls; smaller ones get emails", 25_000.0)
    segments: dict[str, tuple[CadenceStep, ...]] = field(
        default_factory=dict, metadata={"doc": "per-segment step tables replacing the default one"}
    )
    reengage_after_days: int = _doc("no login for this many days brings one re-engagement follow-up", 15)
    catch_up_days: int = _doc("steps already past by more than this many days when they are planned are left out", 14)


@dataclass(frozen=True, slots=True)
class PlannedFollowUp:
    """A follow-up the cadence asks for; ``key`` makes re-generation idempotent."""

    key: str
    due: date
    title: str
    channel: str
    script: str


def cadence_plan(
    contract_start: date, arr: float | None, segment: str | None, rules: CadenceRules
) -> list[PlannedFollowUp]:
    """The lifecycle follow-ups of an account, in date order."""
    steps = rules.segments.get(segment or "", rules.steps)
    channel = "call" if arr is not None and arr >= rules.call_min_arr else "email"
    # The welcome is always written: a first message is an email whatever the size.
    return [
        PlannedFollowUp(
            key=f"cadence:{step.key}",
            due=contract_start + timedelta(days=step.day),
            title=step.title,
            channel="email" if step.day <= 3 else channel,
            script=step.script,
        )
        for step in sorted(steps, key=lambda s: s.day)
    ]


LOGIN_WINDOW_DAYS = 30
"""A snapshot's ``logins`` count the 30 days up to its date (DOMAIN §1): a 0 proves 30 days without a login."""


def last_login_seen(history: Sequence[MetricPoint]) -> date | None:
    """Date of the latest snapshot that still showed logins."""
    for point in reversed(history):
        if point.logins:
            return point.date
    return None


def last_possible_login(history: Sequence[MetricPoint], today: date) -> date | None:
    """The latest day a login may have happened, when the snapshots up to ``today`` prove none since.

    None unless the latest known login count is 0. That snapshot proves no login in the 30 days up to
    its date; each earlier 0 whose 30 days reach the proven stretch (gaps of at most 30 days) extends it
    back. Nothing is known after the latest snapshot: the silence is taken to go on until a snapshot
    shows logins again.
    """
    known = [p for p in history if p.logins is not None and p.date <= today]
    if not known or known[-1].logins != 0:
        return None
    window = timedelta(days=LOGIN_WINDOW_DAYS)
    before = known[-1].date - window
    for point in reversed(known[:-1]):
        if point.logins != 0 or point.date < before:
            break
        before = point.date - window
    return before


def needs_reengagement(history: Sequence[MetricPoint], today: date, rules: CadenceRules) -> bool:
    """No login for ``reengage_after_days`` (DOMAIN §7), as soon as the snapshots prove it: a snapshot
    dated today with a 30-day login count of 0 already proves 30 days."""
    before = last_possible_login(history, today)
    return before is not None and (today - before).days >= rules.reengage_after_days


def steps_to_create(plan: Sequence[PlannedFollowUp], today: date, rules: CadenceRules) -> list[PlannedFollowUp]:
    """The planned steps still worth doing: a day-3 welcome for a two-year-old account is noise."""
    oldest = today - timedelta(days=rules.catch_up_days)
    return [step for step in plan if step.due >= oldest]


def reengagement_key(history: Sequence[MetricPoint], today: date, rules: CadenceRules) -> str | None:
    """The key of the re-engagement follow-up owed now, or None: one per silent spell, named after the
    last snapshot with logins (or the first snapshot, when none had any), as it always was."""
    if not needs_reengagement(history, today, rules):
        return None
    known = [p for p in history if p.logins is not None and p.date <= today]
    seen = last_login_seen(known)
    return f"reengage:{(known[0].date if seen is None else seen).isoformat()}"


REENGAGE_TITLE = "Re-engage: no login for {days}+ days"


def script_for_key(source_key: str, segment: str | None, rules: CadenceRules) -> str:
    """The lifecycle script a cadence follow-up links to (its step's), or empty."""
    if not source_key.startswith("cadence:"):
        return ""
    key = source_key.removeprefix("cadence:")
    for step in (*rules.segments.get(segment or "", ()), *rules.steps):
        if step.key == key:
            return step.script
    return ""
