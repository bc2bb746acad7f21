"""Measures of at-risk work (DOMAIN §8): the dashboard's and ``csm-desk report``'s figures.

Pure: the store turns risk cases and accounts into the small facts below, and every
figure is computed here as of an explicit ``today``. Definitions, where DOMAIN §8
leaves room:

- Save rate: saved / cases closed (saved, churned, let go) in the window.
- Time to detect: ``opened_on`` (identified) − ``at_risk_since``, in days, for cases
  opened in the window; good under 14 days, excellent under 7.
- Time to engage: ``engaged_on`` − ``opened_on`` for cases opened in the window;
  dates carry no hour, so "within 48 h" is 2 days or less. A case not engaged after
  more than 2 days (closed or still open) counts as a miss; one younger than that is
  not counted yet. The median is over engaged cases.
- Save durability: each saved case is *renewed* when the account's ``last_renewal``
  falls after the save; *lost* when the account later churned or was let go, or when
  its ``renewal_date`` came (on or before today) with no renewal recorded after the
  save; otherwise *pending* (its next renewal is still ahead) and left out of the rate.
- The month: the cohort of cases opened in the month, by where they stand today
  (saved, churned, let go, still working), as shares of that cohort.
- At-risk ARR at a month end: the ARR (when the case opened) of the accounts with a
  case running that day (from ``at_risk_since``, else ``opened_on``, until
  ``closed_on``); the current month is taken as of today.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from csm_desk.domain.dates import in_range, out_of_range
from csm_desk.domain.vocab import CLOSE_REASONS, TIERS

SAVE_RATE_BENCHMARKS: dict[str, tuple[float, float]] = {"enterprise": (0.45, 0.65), "smb": (0.25, 0.40)}
"""Typical save rates by segment (DOMAIN §8)."""
DETECT_GOOD_DAYS = 14
DETECT_EXCELLENT_DAYS = 7
ENGAGE_TARGET_DAYS = 2
IDENTIFIED_TARGET_DAYS = 2
ENGAGED_TARGET_DAYS = 14
DURABILITY_TARGET = 0.70
DURABILITY_FLOOR = 0.50
SEGMENT_ORDER = ("enterprise", "mid-market", "smb")
CLOSED_OUTCOMES = ("saved", "churned", "let_go")
NO_REASON = "not_given"


@dataclass(frozen=True, slots=True)
class CaseFact:
    """One at-risk case as the measures see it."""

    account_id: int
    opened_on: date
    at_risk_since: date | None = None
    engaged_on: date | None = None
    closed_on: date | None = None
    outcome: str = ""
    reason: str = ""
    arr: float | None = None
    segment: str = ""
    executive_involved: bool = False


@dataclass(frozen=True, slots=True)
class RenewalFact:
    """What durability needs to know about an account now."""

    last_renewal: date | None = None
    renewal_date: date | None = None
    stage: str = ""


@dataclass(frozen=True, slots=True)
class AtRiskAccount:
    """An account at risk today, with its triage tier."""

    tier: str
    arr: float | None
    stage: str
    identified_on: date | None = None
    engaged_on: date | None = None


# --- Periods ------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month, the dashboard's period."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        m = _MONTH.match(text.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"expected a month as YYYY-MM, got {text!r}")
        month = cls(int(m.group(1)), int(m.group(2)))
        if not in_range(month.start):
            raise ValueError(out_of_range(month.start))
        return month

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return self.shift(1).start - timedelta(days=1)

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return self.start.strftime("%b %Y")


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (no data is not 0%)."""
    return None if whole == 0 else part / whole


# --- Outcomes over a window ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rate:
    saved: int
    closed: int

    @property
    def rate(self) -> float | None:
        return share(self.saved, self.closed)


@dataclass(frozen=True, slots=True)
class SegmentRate:
    segment: str
    rate: Rate
    benchmark: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class Timing:
    """Days from one step to the next: how many cases, the median, shares within targets."""

    cases: int
    median_days: float | None
    within: tuple[tuple[int, float | None], ...]
    """(target days, share of counted cases under it)"""


@dataclass(frozen=True, slots=True)
class Outcomes:
    start: date
    end: date
    counts: dict[str, int]
    save_rate: Rate
    by_segment: tuple[SegmentRate, ...]
    with_executive: Rate
    without_executive: Rate
    reasons: tuple[tuple[str, int, float], ...]
    detect: Timing
    engage: Timing


def _closed_in(cases: Iterable[CaseFact], start: date, end: date) -> list[CaseFact]:
    return [
        c for c in cases if c.outcome in CLOSED_OUTCOMES and c.closed_on is not None and start <= c.closed_on <= end
    ]


def _opened_in(cases: Iterable[CaseFact], start: date, end: date) -> list[CaseFact]:
    return [c for c in cases if start <= c.opened_on <= end]


def save_rate(cases: Iterable[CaseFact], start: date, end: date) -> Rate:
    closed = _closed_in(cases, start, end)
    return Rate(sum(c.outcome == "saved" for c in closed), len(closed))


def rates_by_segment(cases: Iterable[CaseFact], start: date, end: date) -> tuple[SegmentRate, ...]:
    closed = _closed_in(cases, start, end)
    segments = {c.segment or "unknown" for c in closed}
    ordered = [s for s in SEGMENT_ORDER if s in segments] + sorted(segments - set(SEGMENT_ORDER))
    out = []
    for seg in ordered:
        mine = [c for c in closed if (c.segment or "unknown") == seg]
        out.append(
            SegmentRate(seg, Rate(sum(c.outcome == "saved" for c in mine), len(mine)), SAVE_RATE_BENCHMARKS.get(seg))
        )
    return tuple(out)


def rates_by_executive(cases: Iterable[CaseFact], start: date, end: date) -> tuple[Rate, Rate]:
    """(with an executive involved, without)."""
    closed = _closed_in(cases, start, end)
    yes = [c for c in closed if c.executive_involved]
    no = [c for c in closed if not c.executive_involved]
    return (
        Rate(sum(c.outcome == "saved" for c in yes), len(yes)),
        Rate(sum(c.outcome == "saved" for c in no), len(no)),
    )


def reasons_mix(cases: Iterable[CaseFact], start: date, end: date) -> tuple[tuple[str, int, float], ...]:
    """(reason id, cases, share) of the cases closed in the window, biggest first."""
    closed = _closed_in(cases, start, end)
    counts: dict[str, int] = {}
    for c in closed:
        key = c.reason if c.reason in CLOSE_REASONS else NO_REASON
        counts[key] = counts.get(key, 0) + 1
    order = [*CLOSE_REASONS, NO_REASON]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    return tuple((reason, n, n / len(closed)) for reason, n in ranked)


def time_to_detect(cases: Iterable[CaseFact], start: date, end: date) -> Timing:
    days = [
        max(0, (c.opened_on - c.at_risk_since).days)
        for c in _opened_in(cases, start, end)
        if c.at_risk_since is not None
    ]
    return Timing(
        len(days),
        statistics.median(days) if days else None,
        (
            (DETECT_GOOD_DAYS, share(sum(d < DETECT_GOOD_DAYS for d in days), len(days))),
            (DETECT_EXCELLENT_DAYS, share(sum(d < DETECT_EXCELLENT_DAYS for d in days), len(days))),
        ),
    )


def time_to_engage(cases: Iterable[CaseFact], start: date, end: date, today: date) -> Timing:
    engaged, missed = [], 0
    for c in _opened_in(cases, start, end):
        if c.engaged_on is not None:
            engaged.append(max(0, (c.engaged_on - c.opened_on).days))
        elif ((c.closed_on or today) - c.opened_on).days > ENGAGE_TARGET_DAYS:
            missed += 1
    counted = len(engaged) + missed
    hits = sum(d <= ENGAGE_TARGET_DAYS for d in engaged)
    return Timing(
        counted, statistics.median(engaged) if engaged else None, ((ENGAGE_TARGET_DAYS, share(hits, counted)),)
    )


def outcomes(cases: Sequence[CaseFact], start: date, end: date, today: date) -> Outcomes:
    """Everything measured over the cases of one window."""
    closed = _closed_in(cases, start, end)
    counts = {o: sum(c.outcome == o for c in closed) for o in CLOSED_OUTCOMES}
    with_exec, without_exec = rates_by_executive(cases, start, end)
    return Outcomes(
        start,
        end,
        counts,
        save_rate(cases, start, end),
        rates_by_segment(cases, start, end),
        with_exec,
        without_exec,
        reasons_mix(cases, start, end),
        time_to_detect(cases, start, end),
        time_to_engage(cases, start, end, today),
    )


# --- Durability ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Durability:
    renewed: int
    lost: int
    pending: int

    @property
    def rate(self) -> float | None:
        return share(self.renewed, self.renewed + self.lost)


def durability(
    cases: Sequence[CaseFact], accounts: dict[int, RenewalFact], today: date, until: date | None = None
) -> Durability:
    """Saved cases (closed on or before ``until``) by whether the account renewed at its next renewal."""
    renewed = lost = pending = 0
    last_loss: dict[int, date] = {}
    for o in cases:
        if o.outcome in ("churned", "let_go") and o.closed_on is not None:
            last_loss[o.account_id] = max(o.closed_on, last_loss.get(o.account_id, o.closed_on))
    for c in cases:
        if c.outcome != "saved" or c.closed_on is None or (until is not None and c.closed_on > until):
            continue
        acct = accounts.get(c.account_id, RenewalFact())
        later_loss = last_loss.get(c.account_id, c.closed_on) > c.closed_on
        if acct.last_renewal is not None and acct.last_renewal > c.closed_on:
            renewed += 1
        elif (
            later_loss
            or acct.stage in ("churned", "let_go")
            or (acct.renewal_date is not None and c.closed_on < acct.renewal_date <= today)
        ):
            lost += 1
        else:
            pending += 1
    return Durability(renewed, lost, pending)


# --- Today: overview, pipeline --------------------------------------------------------------


def overview(accounts: Iterable[AtRiskAccount]) -> tuple[tuple[str, int, float], ...]:
    """(tier, accounts, ARR) for every tier, high first."""
    counts = dict.fromkeys(TIERS, 0)
    arrs = dict.fromkeys(TIERS, 0.0)
    for a in accounts:
        counts[a.tier] = counts.get(a.tier, 0) + 1
        arrs[a.tier] = arrs.get(a.tier, 0.0) + (a.arr or 0.0)
    return tuple((t, n, arrs[t]) for t, n in counts.items())


@dataclass(frozen=True, slots=True)
class StageCount:
    stage: str
    accounts: int
    within_target: int | None
    """how many are inside the stage's time box (identified < 48 h, engaged < 14 days); None: no box"""


def pipeline(accounts: Iterable[AtRiskAccount], today: date) -> tuple[StageCount, ...]:
    by: dict[str, list[AtRiskAccount]] = {s: [] for s in ("identified", "engaged", "save_plan", "monitoring")}
    for a in accounts:
        if a.stage in by:
            by[a.stage].append(a)
    ident = sum(
        a.identified_on is not None and (today - a.identified_on).days <= IDENTIFIED_TARGET_DAYS
        for a in by["identified"]
    )
    eng = sum(a.engaged_on is not None and (today - a.engaged_on).days < ENGAGED_TARGET_DAYS for a in by["engaged"])
    return (
        StageCount("identified", len(by["identified"]), ident),
        StageCount("engaged", len(by["engaged"]), eng),
        StageCount("save_plan", len(by["save_plan"]), None),
        StageCount("monitoring", len(by["monitoring"]), None),
    )


# --- The month and the trend --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthSummary:
    month: Month
    moved: int
    saved: int
    churned: int
    let_go: int
    working: int
    closed_in_month: Rate

    def part(self, n: int) -> float | None:
        return share(n, self.moved)


def month_summary(cases: Sequence[CaseFact], month: Month, today: date) -> MonthSummary:
    """The month's cohort (cases opened in it) by where each stands today."""
    cohort = _opened_in(cases, month.start, month.end)
    n = {o: sum(c.outcome == o for c in cohort) for o in CLOSED_OUTCOMES}
    working = sum(c.outcome not in CLOSED_OUTCOMES for c in cohort)
    return MonthSummary(
        month, len(cohort), n["saved"], n["churned"], n["let_go"], working, save_rate(cases, month.start, month.end)
    )


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: Month
    as_of: date
    accounts: int
    arr: float


def arr_trend(cases: Sequence[CaseFact], last: Month, today: date, months: int = 12) -> tuple[TrendPoint, ...]:
    """At-risk accounts and ARR at each month end, oldest first, ending with ``last``."""
    first = min(last.shift(1 - months).end, today)
    spans = [
        (min(c.opened_on, c.at_risk_since or c.opened_on), c.closed_on, c.account_id, c.arr or 0.0)
        for c in cases
        if c.closed_on is None or c.closed_on > first
    ]
    points = []
    for k in range(months - 1, -1, -1):
        m = last.shift(-k)
        day = min(m.end, today)
        by_account: dict[int, float] = {}
        if m.start <= today:
            for start, closed, account_id, arr in spans:
                if start <= day and (closed is None or closed > day):  # running that day
                    by_account[account_id] = max(by_account.get(account_id, 0.0), arr)
        points.append(TrendPoint(m, day, len(by_account), sum(by_account.values())))
    return tuple(points)


# --- The whole report ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report:
    today: date
    period: Month
    at_risk: tuple[tuple[str, int, float], ...]
    pipeline: tuple[StageCount, ...]
    month: MonthSummary
    year: Outcomes
    durability: Durability
    trend: tuple[TrendPoint, ...]


def build_report(
    cases: Sequence[CaseFact],
    renewals: dict[int, RenewalFact],
    at_risk: Sequence[AtRiskAccount],
    period: Month,
    today: date,
) -> Report:
    """Every figure of the dashboard for ``period``; outcomes over the 12 months ending with it."""
    start = period.shift(-11).start
    end = min(period.end, today)
    return Report(
        today,
        period,
        overview(at_risk),
        pipeline(at_risk, today),
        month_summary(cases, period, today),
        outcomes(cases, start, end, today),
        durability(cases, renewals, today, until=end),
        arr_trend(cases, period, today),
    )
