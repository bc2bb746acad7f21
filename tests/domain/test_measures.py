"""Measures (DOMAIN §8) against examples computed by hand, at their boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.measures import (
    AtRiskAccount,
    CaseFact,
    Month,
    RenewalFact,
    arr_trend,
    build_report,
    durability,
    month_summary,
    overview,
    pipeline,
    rates_by_executive,
    rates_by_segment,
    reasons_mix,
    save_rate,
    time_to_detect,
    time_to_engage,
)

T = date(2026, 11, 23)
NOV = (date(2026, 11, 1), date(2026, 11, 30))


def d(text: str) -> date:
    return date.fromisoformat(text)


def case(n: int, opened: str, outcome: str = "", closed: str | None = None, **kw) -> CaseFact:
    return CaseFact(account_id=n, opened_on=d(opened), outcome=outcome, closed_on=d(closed) if closed else None, **kw)


def test_save_rate_counts_cases_closed_inside_the_window_only():
    cases = [
        case(1, "2026-10-01", "saved", "2026-11-01"),  # first day: in
        case(2, "2026-10-01", "churned", "2026-11-30"),  # last day: in
        case(3, "2026-10-01", "saved", "2026-10-31"),  # the day before: out
        case(4, "2026-10-01", "let_go", "2026-11-15"),  # let go counts as closed, not saved
        case(5, "2026-11-02"),  # open: not closed
    ]
    r = save_rate(cases, *NOV)
    assert (r.saved, r.closed) == (1, 3)
    assert r.rate == pytest.approx(1 / 3)
    assert save_rate([], *NOV).rate is None  # nothing closed is no rate, not 0%


def test_save_rate_by_segment_carries_the_benchmarks_and_executive_split():
    cases = [
        case(1, "2026-10-01", "saved", "2026-11-02", segment="enterprise", executive_involved=True),
        case(2, "2026-10-01", "churned", "2026-11-03", segment="enterprise"),
        case(3, "2026-10-01", "saved", "2026-11-04", segment="smb"),
        case(4, "2026-10-01", "saved", "2026-11-05", segment="", executive_involved=True),
    ]
    rows = {s.segment: s for s in rates_by_segment(cases, *NOV)}
    assert list(rows) == ["enterprise", "smb", "unknown"]
    assert (rows["enterprise"].rate.saved, rows["enterprise"].rate.closed) == (1, 2)
    assert rows["enterprise"].benchmark == (0.45, 0.65) and rows["smb"].benchmark == (0.25, 0.40)
    assert rows["unknown"].benchmark is None
    with_exec, without = rates_by_executive(cases, *NOV)
    assert (with_exec.saved, with_exec.closed, without.saved, without.closed) == (2, 2, 1, 2)


def test_reasons_mix_biggest_first_with_missing_reasons_named():
    cases = [
        case(i, "2026-10-01", "churned", "2026-11-10", reason=r)
        for i, r in enumerate(["pricing", "usage_drop", "pricing", "", "usage_drop", "pricing"])
    ]
    assert reasons_mix(cases, *NOV) == (("pricing", 3, 0.5), ("usage_drop", 2, 1 / 3), ("not_given", 1, 1 / 6))


def test_time_to_detect_median_and_the_7_and_14_day_lines():
    # 0, 6, 7, 13, 14 days from at risk to identified: median 7; under 14: 4 of 5; under 7: 2 of 5.
    cases = [
        case(i, "2026-11-20", at_risk_since=d("2026-11-20") - timedelta(days=k))
        for i, k in enumerate((0, 6, 7, 13, 14))
    ]
    cases.append(case(9, "2026-10-31", at_risk_since=d("2026-10-01")))  # opened before the window
    t = time_to_detect(cases, *NOV)
    assert t.cases == 5 and t.median_days == 7
    assert t.within == ((14, 0.8), (7, 0.4))


def test_time_to_engage_48_hours_is_two_days_and_late_open_cases_miss():
    cases = [
        case(1, "2026-11-01", engaged_on=d("2026-11-01")),  # 0 days: in
        case(2, "2026-11-01", engaged_on=d("2026-11-03")),  # 2 days: in (48 h)
        case(3, "2026-11-01", engaged_on=d("2026-11-04")),  # 3 days: out
        case(4, "2026-11-19"),  # 4 days waiting on the 23rd: a miss
        case(5, "2026-11-21"),  # 2 days waiting: not counted yet
        case(6, "2026-11-02", "churned", "2026-11-03"),  # closed after 1 day, never engaged: not counted
    ]
    t = time_to_engage(cases, *NOV, T)
    assert t.cases == 4 and t.median_days == 2
    assert t.within == ((2, 0.5),)


def test_durability_renewed_lost_and_pending():
    cases = [
        case(1, "2026-01-01", "saved", "2026-03-01"),  # renewed 2026-06-01: renewed
        case(2, "2026-01-01", "saved", "2026-03-01"),  # renewal passed on 2026-09-01, none after: lost
        case(3, "2026-01-01", "saved", "2026-03-01"),  # churned later: lost
        case(3, "2026-08-01", "churned", "2026-10-01"),
        case(4, "2026-01-01", "saved", "2026-03-01"),  # renewal still ahead: pending
        case(5, "2026-01-01", "saved", "2026-03-01"),  # renewed the very day of the save: not after it, renewal ahead
    ]
    renewals = {
        1: RenewalFact(last_renewal=d("2026-06-01"), renewal_date=d("2027-06-01")),
        2: RenewalFact(last_renewal=d("2025-09-01"), renewal_date=d("2026-09-01")),
        3: RenewalFact(stage="churned"),
        4: RenewalFact(renewal_date=d("2027-01-15")),
        5: RenewalFact(last_renewal=d("2026-03-01"), renewal_date=d("2027-03-01")),
    }
    result = durability(cases, renewals, T)
    assert (result.renewed, result.lost, result.pending) == (1, 2, 2)
    assert result.rate == pytest.approx(1 / 3)
    assert durability(cases, renewals, T, until=d("2026-02-28")).rate is None


def test_overview_pipeline_and_their_time_boxes():
    accounts = [
        AtRiskAccount("high", 100_000.0, "identified", T - timedelta(days=2)),  # 48 h: inside the box
        AtRiskAccount("high", 50_000.0, "identified", T - timedelta(days=3)),  # outside
        AtRiskAccount("medium", None, "engaged", T - timedelta(days=20), T - timedelta(days=13)),  # 13 d: inside
        AtRiskAccount("low", 5_000.0, "engaged", T - timedelta(days=20), T - timedelta(days=14)),  # 14 d: outside
        AtRiskAccount("low", 1_000.0, "save_plan"),
    ]
    assert overview(accounts) == (("high", 2, 150_000.0), ("medium", 1, 0.0), ("low", 2, 6_000.0))
    stages = {s.stage: (s.accounts, s.within_target) for s in pipeline(accounts, T)}
    assert stages == {"identified": (2, 1), "engaged": (2, 1), "save_plan": (1, None), "monitoring": (0, None)}


def test_the_month_is_the_cohort_opened_in_it():
    cases = [
        case(1, "2026-11-01", "saved", "2026-11-10"),
        case(2, "2026-11-30", "churned", "2026-11-30"),
        case(3, "2026-11-05"),
        case(4, "2026-11-06"),
        case(5, "2026-10-31", "saved", "2026-11-02"),  # opened in October: not in the cohort, in the month's save rate
    ]
    m = month_summary(cases, Month(2026, 11), T)
    assert (m.moved, m.saved, m.churned, m.let_go, m.working) == (4, 1, 1, 0, 2)
    assert (m.part(m.saved), m.part(m.working)) == (0.25, 0.5)
    assert (m.closed_in_month.saved, m.closed_in_month.closed) == (2, 3)


def test_arr_trend_counts_cases_running_at_each_month_end():
    cases = [
        case(1, "2026-09-10", "saved", "2026-10-31", arr=10_000.0, at_risk_since=d("2026-08-31")),
        case(2, "2026-10-31", arr=5_000.0),
        case(3, "2026-11-20", arr=1_000.0),
    ]
    points = arr_trend(cases, Month(2026, 11), T, months=4)
    assert [str(p.month) for p in points] == ["2026-08", "2026-09", "2026-10", "2026-11"]
    # Aug 31: case 1 at risk from that day. Oct 31: case 1 closed that day (not running), case 2 opened.
    assert [(p.as_of, p.accounts, p.arr) for p in points] == [
        (d("2026-08-31"), 1, 10_000.0),
        (d("2026-09-30"), 1, 10_000.0),
        (d("2026-10-31"), 1, 5_000.0),
        (T, 2, 6_000.0),
    ]


def test_months_parse_shift_and_refuse_nonsense():
    assert Month.parse("2026-01").shift(-1) == Month(2025, 12)
    assert Month(2024, 2).end == d("2024-02-29")
    assert str(Month(2026, 3)) == "2026-03"
    for bad in ("2026-13", "2026-1", "26-01", "nov"):
        with pytest.raises(ValueError):
            Month.parse(bad)


def test_the_report_uses_the_twelve_months_ending_with_the_period():
    cases = [case(1, "2025-11-01", "saved", "2025-11-30"), case(2, "2025-12-01", "churned", "2025-12-01")]
    r = build_report(cases, {}, [], Month(2026, 11), T)
    assert (r.year.start, r.year.end) == (d("2025-12-01"), T)
    assert (r.year.save_rate.saved, r.year.save_rate.closed) == (0, 1)


@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 60), st.sampled_from(["", "saved", "churned", "let_go"])),
        max_size=30,
    )
)
def test_the_month_shares_and_every_split_add_up(rows):
    cases = [
        case(
            i,
            (T - timedelta(days=o)).isoformat(),
            out,
            (T - timedelta(days=max(0, o - c))).isoformat() if out else None,
        )
        for i, (o, c, out) in enumerate(rows)
    ]
    for k in range(14):
        m = month_summary(cases, Month.of(T).shift(-k), T)
        assert m.saved + m.churned + m.let_go + m.working == m.moved
        r = save_rate(cases, m.month.start, m.month.end)
        assert r.rate is None or 0 <= r.rate <= 1
        # Every split of the closed cases adds back up to the whole.
        segments = rates_by_segment(cases, m.month.start, m.month.end)
        assert sum(x.rate.closed for x in segments) == r.closed and sum(x.rate.saved for x in segments) == r.saved
        yes, no = rates_by_executive(cases, m.month.start, m.month.end)
        assert (yes.closed + no.closed, yes.saved + no.saved) == (r.closed, r.saved)
        assert sum(n for _k, n, _s in reasons_mix(cases, m.month.start, m.month.end)) == r.closed
