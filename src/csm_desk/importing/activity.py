"""Activity (usage events, subscriptions, tickets, churn events) summed up per account.

Pure: rows in, native rows and case records out. What each number means:
- ARR: the ``arr`` (else ``mrr`` × 12) of the subscriptions active today; trials count 0;
- renewal date: the next renewal of the largest active paid subscription (annual: the
  anniversary of its start; monthly: the same day next month);
- last expansion: the latest start of an upgraded subscription;
- a metric snapshot every ``snapshot_days`` back from today: logins = usage counts in
  the window, feature adoption = distinct features used / ``features_total``, SLA
  misses = tickets over their priority's SLA, health by ``domain.health``;
- ``escalations_rising`` while escalations in the window reach the minimum;
- every churn event a closed case (outcome churned, reason mapped).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from csm_desk.domain.health import HealthFormula, health_score, usual_level
from csm_desk.importing.activity_rules import AggregateRules
from csm_desk.importing.native import Batch, Problem, Row


@dataclass
class Derived:
    """What the activity files of one import amount to."""

    accounts: dict[str, Row] = field(default_factory=dict)
    metrics: list[Row] = field(default_factory=list)
    signals: list[Row] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    signal_kinds: set[str] = field(default_factory=set)
    """kinds of signal this import decides on: its older ones no longer supported get resolved"""


@dataclass
class _Sub:
    account: str
    start: date
    end: date | None
    arr: float
    trial: bool
    upgrade: bool
    monthly: bool


@dataclass
class _Book:
    """Activity grouped by account external_id."""

    subs: dict[str, list[_Sub]] = field(default_factory=lambda: defaultdict(list))
    usage: dict[str, list[tuple[date, str, float]]] = field(default_factory=lambda: defaultdict(list))
    tickets: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    churn: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    where: dict[str, str] = field(default_factory=dict)
    kinds: set[str] = field(default_factory=set)


def aggregate(
    batches: list[Batch],
    today: date,
    rules: AggregateRules,
    formula: HealthFormula,
    source: str,
    problems: list[Problem],
) -> Derived:
    """The accounts' ARR/renewal/expansion, snapshots, signals and closed cases from activity batches."""
    book = _group(batches, problems)
    out = Derived()
    for ext in sorted(book.where):
        where = book.where[ext]
        subs = book.subs.get(ext, [])
        if "subscriptions" in book.kinds and subs:
            out.accounts[ext] = Row(where, {"external_id": ext, **_contract(subs, today)})
        out.metrics.extend(_snapshots(ext, where, book, today, rules, formula, subs))
        signal = _escalations(ext, where, book.tickets.get(ext, []), today, rules, source)
        if signal is not None:
            out.signals.append(signal)
        churns = [r for r in book.churn.get(ext, []) if r.values["date"] <= today]
        out.cases.extend(_case(ext, r, subs, rules, source) for r in churns)
        if churns and rules.churned_stage and not any(s.start > max(r.values["date"] for r in churns) for s in subs):
            out.accounts.setdefault(ext, Row(where, {"external_id": ext})).values["stage"] = "churned"
    if "tickets" in book.kinds and rules.escalations_signal_min:
        out.signal_kinds.add("escalations_rising")
    return out


def _group(batches: list[Batch], problems: list[Problem]) -> _Book:
    book = _Book()
    sub_account: dict[str, str] = {}
    for batch in (b for b in batches if b.kind == "subscriptions"):
        book.kinds.add("subscriptions")
        for row in batch.rows:
            v = row.values
            sub_account[v["id"]] = v["account"]
            book.where.setdefault(v["account"], row.where)
            arr = v.get("arr")
            if arr is None and v.get("mrr") is not None:
                arr = v["mrr"] * 12
            billing = str(v.get("billing") or "annual").casefold()
            if not billing.startswith(("month", "annual", "year")):
                problems.append(Problem(row.where, "billing", f"expected monthly or annual, got {v['billing']!r}"))
                continue
            book.subs[v["account"]].append(
                _Sub(
                    v["account"],
                    v["start"],
                    v.get("end"),
                    arr or 0.0,
                    bool(v.get("trial")),
                    bool(v.get("upgrade")),
                    billing.startswith("month"),
                )
            )
    for batch in batches:
        if batch.kind == "usage":
            book.kinds.add("usage")
            _group_usage(batch, sub_account, book, problems)
        elif batch.kind in ("tickets", "churn"):
            book.kinds.add(batch.kind)
            target = book.tickets if batch.kind == "tickets" else book.churn
            for row in batch.rows:
                target[row.values["account"]].append(row)
                book.where.setdefault(row.values["account"], row.where)
    for events in book.usage.values():
        events.sort()
    return book


def _group_usage(batch: Batch, sub_account: dict[str, str], book: _Book, problems: list[Problem]) -> None:
    """Usage events by account (found through the subscription when the file names no account)."""
    for row in batch.rows:
        v = row.values
        account = v.get("account")
        if not account:
            account = sub_account.get(v["subscription"])
            if account is None:
                problems.append(
                    Problem(
                        row.where,
                        "subscription",
                        f"no subscription {v['subscription']!r} in the subscriptions file of this import",
                    )
                )
                continue
        count = v.get("count")
        book.usage[account].append((v["date"], v.get("feature") or "", 1.0 if count is None else count))
        book.where.setdefault(account, row.where)


def _active(subs: list[_Sub], day: date) -> list[_Sub]:
    return [s for s in subs if s.start <= day and (s.end is None or s.end > day)]


def arr_on(subs: list[_Sub], day: date) -> float:
    """ARR of the paid subscriptions active on ``day``."""
    return sum(s.arr for s in _active(subs, day) if not s.trial)


def _contract(subs: list[_Sub], today: date) -> dict:
    paid = [s for s in _active(subs, today) if not s.trial]
    values: dict[str, Any] = {"arr": round(arr_on(subs, today), 2)}
    if paid:
        main = max(paid, key=lambda s: (s.arr, s.start))
        values["renewal_date"] = next_renewal(main.start, today, main.monthly)
    upgrades = [s.start for s in subs if s.upgrade and s.start <= today]
    if upgrades:
        values["last_expansion"] = max(upgrades)
    return values


def next_renewal(start: date, today: date, monthly: bool) -> date:
    """The first renewal of a subscription started on ``start`` that falls on or after ``today``."""
    step = 1 if monthly else 12
    months = 0
    while True:
        months += step
        year, month = divmod(start.month - 1 + months, 12)
        day = _clamped(start.year + year, month + 1, start.day)
        if day >= today:
            return day


def _clamped(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def _window(events: list[tuple[date, str, float]], end: date, days: int) -> list[tuple[date, str, float]]:
    """Events in (end - days, end]."""
    lo = bisect.bisect_right(events, (end - timedelta(days=days), "\uffff"))
    hi = bisect.bisect_right(events, (end, "\uffff"))
    return events[lo:hi]


def _snapshots(
    ext: str, where: str, book: _Book, today: date, rules: AggregateRules, formula: HealthFormula, subs: list[_Sub]
) -> list[Row]:
    """One native metrics row per snapshot day since the account's first activity."""
    usage = book.usage.get(ext, [])
    tickets = book.tickets.get(ext, [])
    firsts = [s.start for s in subs] + [e[0] for e in usage[:1]] + [t.values["date"] for t in tickets]
    if not firsts or not ({"usage", "tickets"} & book.kinds):
        return []
    first = min(firsts)
    days = [today - timedelta(days=k * rules.snapshot_days) for k in range(rules.snapshots)]
    days = sorted(d for d in days if d >= first)
    with_usage = "usage" in book.kinds
    logins = [sum(e[2] for e in _window(usage, d, rules.usage_window_days)) if with_usage else None for d in days]
    usual = usual_level([v for v in logins if v is not None])
    rows = []
    for d, login in zip(days, logins, strict=True):
        adoption = None
        if with_usage and rules.features_total:
            used = {e[1] for e in _window(usage, d, rules.adoption_window_days) if e[1]}
            adoption = round(min(100.0, 100.0 * len(used) / rules.features_total), 1)
        misses, escalated = _support(tickets, d, rules) if "tickets" in book.kinds else (None, None)
        support = None if misses is None and escalated is None else (misses or 0) + (escalated or 0)
        values = {
            "account": ext,
            "date": d,
            "logins": None if login is None else int(login),
            "feature_adoption": adoption,
            "sla_misses_30d": misses,
            "health": health_score(formula, login, usual, adoption, support),
        }
        rows.append(Row(where, values))
    return rows


def sla_verdict(values: dict[str, Any], rules: AggregateRules) -> bool | None:
    """Whether a ticket missed its priority's SLA: True when a time it has is over its limit, False when every
    limit of its priority is met by a time it has (or its priority has none), None when that cannot be told:
    a time is unknown and no known one is over its limit. An unknown time is never taken for on time."""
    priority = str(values.get("priority") or "").casefold()
    limits = (
        (rules.sla_first_response_minutes.get(priority), values.get("first_response_minutes")),
        (rules.sla_resolution_hours.get(priority), values.get("resolution_hours")),
    )
    known = True
    for limit, took in limits:
        if limit is None:
            continue
        if took is None:
            known = False
        elif took > limit:
            return True
    return False if known else None


def _support(tickets: list[Row], end: date, rules: AggregateRules) -> tuple[int | None, int | None]:
    """SLA misses and escalations among the tickets opened in the window; no ticket there: none of either.
    Misses are None without SLAs, and when none of the window's tickets under an SLA can be told to have
    missed or met it; escalations are None when no ticket of the window says whether it was escalated."""
    start = end - timedelta(days=rules.sla_window_days)
    window = [t.values for t in tickets if start < t.values["date"] <= end]
    verdicts = [sla_verdict(v, rules) for v in window if _under_sla(v, rules)]
    told = [v for v in verdicts if v is not None]
    flags = [v["escalated"] for v in window if v.get("escalated") is not None]
    has_sla = bool(rules.sla_first_response_minutes or rules.sla_resolution_hours)
    misses = None if not has_sla or (verdicts and not told) else sum(told)
    escalated = None if window and not flags else sum(map(bool, flags))
    return misses, escalated


def _under_sla(values: dict[str, Any], rules: AggregateRules) -> bool:
    priority = str(values.get("priority") or "").casefold()
    return priority in rules.sla_first_response_minutes or priority in rules.sla_resolution_hours


def _escalations(
    ext: str, where: str, tickets: list[Row], today: date, rules: AggregateRules, source: str
) -> Row | None:
    """``escalations_rising`` when enough tickets were escalated in the window ending today."""
    if not rules.escalations_signal_min:
        return None
    start = today - timedelta(days=rules.escalation_window_days)
    dates = sorted(t.values["date"] for t in tickets if t.values.get("escalated") and start < t.values["date"] <= today)
    if len(dates) < rules.escalations_signal_min:
        return None
    return Row(where, {"account": ext, "date": dates[0], "kind": "escalations_rising", "quote": "", "source": source})


def _case(ext: str, row: Row, subs: list[_Sub], rules: AggregateRules, source: str) -> dict:
    """A churn event as a closed case; its note names the event so re-importing finds it again."""
    v = row.values
    code = str(v.get("reason") or "").strip()
    key = f"{source} churn {v.get('id') or v['date'].isoformat()}"
    feedback = str(v.get("feedback") or "").strip()
    note = key + (f" ({code})" if code else "") + (f": {feedback}" if feedback else "")
    arr = arr_on(subs, v["date"] - timedelta(days=1)) if subs else None
    return {
        "account": ext,
        "where": row.where,
        "key": key,
        "opened_on": v["date"],
        "closed_on": v["date"],
        "outcome": "churned",
        "reason": rules.reasons.get(code.casefold(), "other"),
        "arr": None if arr is None else round(arr, 2),
        "note": note,
    }
