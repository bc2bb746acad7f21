"""Red flags from metric history and logged signals (DOMAIN §2), and at-risk (§3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from csm_desk.domain.facts import MetricPoint, SignalFact
from csm_desk.domain.setting import setting as _doc
from csm_desk.domain.vocab import METRIC_FLAGS, OPEN_STAGES


@dataclass(frozen=True)
class FlagRules:
    """Thresholds of the red flags and of the at-risk condition."""

    health_low_below: int = _doc("health_low fires when the latest health is below this", 50)
    health_crash_points: int = _doc("health_crash fires when health fell by at least this many points…", 30)
    health_crash_days: int = _doc("…within this many days before the latest snapshot", 14)
    logins_drop_pct: float = _doc("logins_drop fires when logins fell by at least this % month over month", 40.0)
    active_users_drop_pct: float = _doc(
        "active_users_drop fires when active users fell by at least this % month over month", 25.0
    )
    benchmark_days: int = _doc("logins_below_benchmark fires after this many days under the benchmark", 30)
    sla_misses_above: int = _doc("sla_misses fires when SLA misses in the last 30 days are above this", 2)
    nps_low_below: int = _doc("nps_low fires when the latest NPS is below this…", 6)
    nps_fall_points: int = _doc("…or when NPS fell by at least this many points since the previous answer", 3)
    adoption_low_below: float = _doc("low_adoption fires when feature adoption % is below this…", 40.0)
    adoption_contract_days: int = _doc("…and the contract is older than this many days", 90)
    month_days: int = _doc(
        "'month over month' compares with the snapshot closest to this many days before the latest…", 30
    )
    month_max_days: int = _doc(
        "…among those at most this many days before it (at least month_days); with none, no comparison", 60
    )
    at_risk_min_flags: int = _doc(
        "an account is at risk with at least this many problems among its red flags (twin flags count once)", 2
    )


def _latest_with(history: Sequence[MetricPoint], attr: str) -> MetricPoint | None:
    for point in reversed(history):
        if getattr(point, attr) is not None:
            return point
    return None


def _month_before(
    history: Sequence[MetricPoint], latest: MetricPoint, attr: str, rules: FlagRules
) -> MetricPoint | None:
    """The earlier snapshot with a known ``attr`` closest to a month before ``latest`` (DOMAIN §2), at most
    ``month_max_days`` before it (never less than a month); of two as close, the later one."""
    target = latest.date - timedelta(days=rules.month_days)
    oldest = latest.date - timedelta(days=max(rules.month_max_days, rules.month_days))
    best: MetricPoint | None = None
    best_gap = 0
    for point in history:
        if point.date >= latest.date:
            break
        if point.date < oldest or getattr(point, attr) is None:
            continue
        gap = abs((point.date - target).days)
        if best is None or gap <= best_gap:  # dates ascend: on a tie the later snapshot wins
            best, best_gap = point, gap
    return best


def _fell_by_pct(before: float | None, after: float | None, pct: float) -> bool:
    if before is None or after is None or before <= 0:
        return False
    return (before - after) * 100.0 >= pct * before


def metric_flags(
    history: Sequence[MetricPoint],
    as_of: date,
    contract_start: date | None,
    rules: FlagRules,
) -> list[str]:
    """Ids of the metric red flags firing as of ``as_of``; ``history`` sorted by date."""
    points = [p for p in history if p.date <= as_of] if history and history[-1].date > as_of else list(history)
    if not points:
        return []
    flags: list[str] = []
    # _latest_with returns a point whose value is known; the `is not None` tests below only say so to mypy.
    latest_h = _latest_with(points, "health")
    if latest_h is not None and latest_h.health is not None:
        if latest_h.health < rules.health_low_below:
            flags.append("health_low")
        window_start = latest_h.date - timedelta(days=rules.health_crash_days)
        peak = max(
            (p.health for p in points if p.health is not None and window_start <= p.date < latest_h.date),
            default=None,
        )
        if peak is not None and peak - latest_h.health >= rules.health_crash_points:
            flags.append("health_crash")
    latest_l = _latest_with(points, "logins")
    if latest_l is not None:
        ref = _month_before(points, latest_l, "logins", rules)
        if ref is not None and _fell_by_pct(ref.logins, latest_l.logins, rules.logins_drop_pct):
            flags.append("logins_drop")
        if _below_benchmark_since(points, rules) is not None:
            flags.append("logins_below_benchmark")
    latest_u = _latest_with(points, "active_users")
    if latest_u is not None:
        ref = _month_before(points, latest_u, "active_users", rules)
        if ref is not None and _fell_by_pct(ref.active_users, latest_u.active_users, rules.active_users_drop_pct):
            flags.append("active_users_drop")
    latest_s = _latest_with(points, "sla_misses_30d")
    if (
        latest_s is not None
        and latest_s.sla_misses_30d is not None
        and latest_s.sla_misses_30d > rules.sla_misses_above
    ):
        flags.append("sla_misses")
    if _nps_low(points, rules):
        flags.append("nps_low")
    latest_a = _latest_with(points, "feature_adoption")
    if (
        latest_a is not None
        and latest_a.feature_adoption is not None
        and latest_a.feature_adoption < rules.adoption_low_below
        and contract_start is not None
        and (as_of - contract_start).days > rules.adoption_contract_days
    ):
        flags.append("low_adoption")
    return flags


def _below_benchmark_since(points: Sequence[MetricPoint], rules: FlagRules) -> date | None:
    """Start of the current run of snapshots under the benchmark, if it lasts long enough."""
    start: date | None = None
    last: date | None = None
    for point in reversed(points):
        if point.logins is None or point.login_benchmark is None:
            continue
        if point.logins >= point.login_benchmark:
            break
        start = point.date
        last = last or point.date
    if start is None or last is None or (last - start).days < rules.benchmark_days:
        return None
    return start


def _nps_low(points: Sequence[MetricPoint], rules: FlagRules) -> bool:
    answers = [p.nps for p in points if p.nps is not None]
    if not answers:
        return False
    if answers[-1] < rules.nps_low_below:
        return True
    return len(answers) >= 2 and answers[-2] - answers[-1] >= rules.nps_fall_points


def active_signals(signals: Iterable[SignalFact], as_of: date) -> list[str]:
    """Kinds of the logged signals active on ``as_of``, first raised first, no repeats."""
    seen: dict[str, date] = {}
    for s in signals:
        if s.active_on(as_of) and (s.kind not in seen or s.date < seen[s.kind]):
            seen[s.kind] = s.date
    return sorted(seen, key=lambda k: (seen[k], k))


def red_flags(
    history: Sequence[MetricPoint],
    signals: Iterable[SignalFact],
    as_of: date,
    contract_start: date | None,
    rules: FlagRules,
) -> tuple[str, ...]:
    """Every active red flag as of ``as_of``: metric flags first, then logged signals."""
    return tuple(metric_flags(history, as_of, contract_start, rules)) + tuple(active_signals(signals, as_of))


# Metric flags that read one measure twice (its level and its fall), or two measures that one event
# moves together (logins and active users): one problem, however many of them fire (docs/rules.md).
ONE_PROBLEM: dict[str, frozenset[str]] = {
    "health": frozenset({"health_low", "health_crash"}),
    "usage": frozenset({"logins_drop", "active_users_drop", "logins_below_benchmark"}),
}
_PROBLEM_OF: dict[str, str] = {flag: problem for problem, twins in ONE_PROBLEM.items() for flag in twins}


def problems(flags: Iterable[str]) -> frozenset[str]:
    """The distinct problems behind ``flags``: twins give their problem's name, any other flag its own id."""
    return frozenset(_PROBLEM_OF.get(flag, flag) for flag in flags)


def flagged_at_risk(flags: Sequence[str], rules: FlagRules) -> bool:
    """At risk by red flags alone: a combination of problems, never one (twin flags count once)."""
    return len(problems(flags)) >= rules.at_risk_min_flags


def is_at_risk(flags: Sequence[str], stage: str, rules: FlagRules) -> bool:
    """At risk: enough red flags, or put in an open pipeline stage by hand."""
    return stage in OPEN_STAGES or flagged_at_risk(flags, rules)


def at_risk_since(
    history: Sequence[MetricPoint],
    signals: Sequence[SignalFact],
    as_of: date,
    contract_start: date | None,
    stage: str,
    identified_on: date | None,
    rules: FlagRules,
) -> date | None:
    """First day of the current unbroken run in which the account was at risk.

    Red flags only change on a day something happened (a snapshot, a signal raised or
    resolved, the contract passing its adoption age), so checking those days is exact.
    """
    flags_now = red_flags(history, signals, as_of, contract_start, rules)
    by_flags: date | None = None
    if flagged_at_risk(flags_now, rules):
        days = {p.date for p in history if p.date <= as_of}
        for s in signals:
            days.add(s.date)
            if s.resolved_on is not None:
                days.add(s.resolved_on)
        if contract_start is not None:
            days.add(contract_start + timedelta(days=rules.adoption_contract_days + 1))
        by_flags = as_of
        for day in sorted((d for d in days if d < as_of), reverse=True):
            if not flagged_at_risk(red_flags(history, signals, day, contract_start, rules), rules):
                break
            by_flags = day
        # The run started on the first event day at risk; before any event nothing is known.
    by_stage = (identified_on or as_of) if stage in OPEN_STAGES else None
    candidates = [d for d in (by_flags, by_stage) if d is not None]
    return min(candidates) if candidates else None


__all__ = [
    "METRIC_FLAGS",
    "ONE_PROBLEM",
    "FlagRules",
    "active_signals",
    "at_risk_since",
    "flagged_at_risk",
    "is_at_risk",
    "metric_flags",
    "problems",
    "red_flags",
]


def health_change(history: Sequence[MetricPoint], rules: FlagRules) -> int | None:
    """Latest health minus the health about a month before it (None when unknown)."""
    latest = _latest_with(history, "health")
    if latest is None or latest.health is None:
        return None
    ref = _month_before(history, latest, "health", rules)
    return None if ref is None or ref.health is None else latest.health - ref.health


def latest_health(history: Sequence[MetricPoint]) -> int | None:
    latest = _latest_with(history, "health")
    return None if latest is None else latest.health


def latest_logins(history: Sequence[MetricPoint]) -> int | None:
    """The latest known 30-day login count (None when no snapshot has one)."""
    latest = _latest_with(history, "logins")
    return None if latest is None else latest.logins
