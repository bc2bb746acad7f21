"""Triage tiers, reasons, the points table and the order, at their boundaries (DOMAIN §4-5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from csm_desk.domain.facts import TriageFacts
from csm_desk.domain.triage import (
    ScoreWeights,
    TriageRules,
    explain,
    fired_rules,
    points_table,
    tier_of,
    triage,
    triage_one,
)

T = date(2026, 11, 23)
R = TriageRules()
W = ScoreWeights()


def ago(days: int) -> date:
    return T - timedelta(days=days)


def ahead(days: int) -> date:
    return T + timedelta(days=days)


def facts(**kw) -> TriageFacts:
    base = {"id": 1, "name": "Acme", "arr": 5_000.0}
    base.update(kw)
    return TriageFacts(**base)


def fired(**kw) -> tuple[str, ...]:
    return fired_rules(facts(**kw), T, R)


# --- high-tier rules ---------------------------------------------------------------


@pytest.mark.parametrize(("arr", "fires"), [(50_000.0, False), (50_001.0, True), (None, False)])
def test_big_or_strategic_above_50k(arr, fires):
    assert ("big_or_strategic" in fired(arr=arr)) is fires


def test_strategic_is_big_whatever_the_arr():
    assert "big_or_strategic" in fired(arr=1_000.0, strategic=True)
    assert "big_or_strategic" in fired(arr=None, strategic=True)


@pytest.mark.parametrize(
    ("days", "rule"),
    [
        (-30, "renewal_90"),
        (0, "renewal_90"),
        (90, "renewal_90"),
        (91, "renewal_180"),
        (180, "renewal_180"),
        (181, None),
    ],
)
def test_renewal_windows(days, rule):
    got = {r for r in fired(renewal_date=ahead(days)) if r.startswith("renewal_")}
    assert got == ({rule} if rule else set())


@pytest.mark.parametrize(("health", "fires"), [(39, True), (40, False), (None, False)])
def test_low_health_big_below_40(health, fires):
    assert ("low_health_big" in fired(arr=60_000.0, health=health)) is fires


def test_low_health_big_needs_a_big_arr_not_just_strategic():
    assert "low_health_big" not in fired(arr=50_000.0, health=10)
    assert "low_health_big" not in fired(arr=1_000.0, strategic=True, health=10)


@pytest.mark.parametrize(("days_ago", "fires"), [(365, True), (366, False), (0, True), (-1, False)])
def test_expanded_in_the_last_12_months(days_ago, fires):
    assert ("expanded_12m" in fired(last_expansion=ago(days_ago))) is fires


def test_champion_gone_only_without_an_active_replacement():
    assert "champion_gone" in fired(champion_left=True)
    assert "champion_gone" not in fired(champion_left=True, has_active_champion=True)
    assert "champion_gone" not in fired()


# --- medium-tier rules -------------------------------------------------------------


@pytest.mark.parametrize(("days_ago", "fires"), [(365, True), (366, False)])
def test_renewed_in_the_last_12_months(days_ago, fires):
    assert ("renewed_12m" in fired(last_renewal=ago(days_ago))) is fires


@pytest.mark.parametrize(("days", "fires"), [(30, True), (29, False), (0, False)])
def test_trend_after_30_days_at_risk(days, fires):
    assert ("trend" in fired(at_risk_since=ago(days))) is fires


@pytest.mark.parametrize(
    ("arr", "health", "fires"),
    [
        (10_000.0, 40, True),
        (9_999.0, 50, False),
        (50_000.0, 60, True),
        (50_000.0, 61, False),
        (30_000.0, 39, False),
        (30_000.0, None, False),
        (50_001.0, 50, False),
    ],
)
def test_mid_arr_mid_health(arr, health, fires):
    assert ("mid_arr_mid_health" in fired(arr=arr, health=health)) is fires


# --- tiers -----------------------------------------------------------------------------


def test_tier_is_the_highest_among_fired_rules():
    assert tier_of(("renewal_180", "big_or_strategic")) == "high"
    assert tier_of(("renewal_180", "trend")) == "medium"
    assert tier_of(()) == "low"
    t = triage_one(facts(arr=80_000.0, renewal_date=ahead(120)), T, R, W)
    assert t.tier == "high" and t.rules == ("big_or_strategic", "renewal_180")


def test_low_tier_when_nothing_fired_and_why():
    f = facts(arr=5_000.0, renewal_date=ahead(300), at_risk_since=ago(3))
    t = triage_one(f, T, R, W)
    assert t.tier == "low" and t.rules == ()
    [(rule, text)] = explain(t, T, R)
    assert rule == "low"
    assert text == "No priority rule fired (ARR $5,000, renews in 300 days, at risk for 3 days)."
    bare = triage_one(facts(arr=None), T, R, W)
    assert explain(bare, T, R) == [("low", "No priority rule fired.")]


# --- reasons ---------------------------------------------------------------------------


def test_one_reason_per_fired_rule_with_readable_text():
    f = facts(
        arr=80_000.0,
        strategic=True,
        health=35,
        renewal_date=ahead(45),
        last_expansion=ago(100),
        last_renewal=ago(200),
        champion_left=True,
        at_risk_since=ago(31),
    )
    t = triage_one(f, T, R, W)
    reasons = dict(explain(t, T, R))
    assert (
        list(reasons)
        == list(t.rules)
        == [
            "renewal_90",
            "big_or_strategic",
            "expanded_12m",
            "champion_gone",
            "low_health_big",
            "renewed_12m",
            "trend",
        ]
    )
    assert reasons["renewal_90"] == "Renews in 45 days (2027-01-07): inside the 90-day window."
    assert reasons["big_or_strategic"] == "ARR $80,000 is above $50,000 and marked strategic."
    assert reasons["expanded_12m"] == "Expanded 100 days ago (2026-08-15): a recent upsell at risk."
    assert reasons["champion_gone"] == "The champion left and nobody has taken their place."
    assert reasons["low_health_big"] == "Big account (ARR $80,000) with health 35, below 40: save now."
    assert reasons["renewed_12m"] == "Renewed 200 days ago (2026-05-07)."
    assert reasons["trend"] == "At risk for 31 days (since 2026-10-23): a trend, not a blip."


def test_reason_texts_for_the_other_cases():
    def text(rule, **kw):
        return dict(explain(triage_one(facts(**kw), T, R, W), T, R))[rule]

    assert text("renewal_90", renewal_date=ago(1)) == "Renewal date passed 1 day ago (2026-11-22) and it is not closed."
    assert text("renewal_180", renewal_date=ahead(120)) == "Renews in 120 days (2027-03-23): inside the 180-day window."
    assert text("big_or_strategic", arr=1_000.0, strategic=True) == "Marked as a strategic account."
    assert (
        text("mid_arr_mid_health", arr=20_000.0, health=55) == "Mid-size account (ARR $20,000) with middling health 55."
    )


def test_reasons_follow_the_configured_thresholds():
    rules = replace(R, big_arr_above=100_000.0, renewal_high_days=30)
    t = triage_one(facts(arr=80_000.0, renewal_date=ahead(45)), T, rules, W)
    assert t.rules == ("renewal_180",)
    t = triage_one(facts(arr=120_000.0, renewal_date=ahead(20)), T, rules, W)
    assert dict(explain(t, T, rules)) == {
        "renewal_90": "Renews in 20 days (2026-12-13): inside the 30-day window.",
        "big_or_strategic": "ARR $120,000 is above $100,000.",
    }


# --- score and points table ------------------------------------------------------------


def test_score_terms_and_points_table():
    f = facts(
        arr=100_000.0,
        health=30,
        renewal_date=T,
        red_flags=("health_low", "sla_misses"),
        stage="identified",
        identified_on=ago(3),
        next_due=ago(7),
        last_contact=ago(30),
    )
    rows = {r.term: r for r in points_table(f, T, W)}
    assert list(rows) == ["arr", "renewal", "health", "flags", "not_engaged", "overdue", "no_contact"]
    expected = {
        "arr": 0.5,
        "renewal": 1.0,
        "health": 0.7,
        "flags": 0.4,
        "not_engaged": 1.0,
        "overdue": 0.5,
        "no_contact": 0.5,
    }
    assert {t: r.value for t, r in rows.items()} == pytest.approx(expected)
    assert {t: r.coefficient for t, r in rows.items()} == {
        "arr": 3.0,
        "renewal": 3.0,
        "health": 2.0,
        "flags": 2.0,
        "not_engaged": 1.5,
        "overdue": 1.0,
        "no_contact": 1.0,
    }
    assert rows["overdue"].detail == "7 days overdue"
    assert rows["renewal"].detail == "renews today"
    assert triage_one(f, T, R, W).score == pytest.approx(1.5 + 3.0 + 1.4 + 0.8 + 1.5 + 0.5 + 0.5)


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"arr": 12_345.0, "health": 57, "renewal_date": ahead(77), "last_contact": ago(13), "next_due": ago(3)},
        {"arr": 987_654.0, "health": 3, "red_flags": ("a", "b", "c", "d", "e", "f", "g"), "renewal_date": ahead(1)},
        {"arr": 33_333.33, "health": 41, "stage": "identified", "identified_on": ago(9), "last_contact": ago(1)},
    ],
)
def test_points_table_sums_to_the_score(kw):
    f = facts(**kw)
    rows = points_table(f, T, W)
    assert sum(r.points for r in rows) == pytest.approx(triage_one(f, T, R, W).score, abs=1e-6)
    assert all(r.points == pytest.approx(r.value * r.coefficient) for r in rows)


def test_not_engaged_counts_after_48_hours_only():
    def value(**kw):
        return {r.term: r.value for r in points_table(facts(stage="identified", **kw), T, W)}["not_engaged"]

    assert value(identified_on=ago(2)) == 0.0
    assert value(identified_on=ago(3)) == 1.0
    assert value(identified_on=ago(3), engaged_on=ago(1)) == 0.0


def test_never_contacted_counts_full_and_recent_contact_little():
    def value(**kw):
        return {r.term: r.value for r in points_table(facts(**kw), T, W)}["no_contact"]

    assert value() == 1.0
    assert value(last_contact=T) == 0.0
    assert value(last_contact=ago(120)) == 1.0


# --- order -------------------------------------------------------------------------


def test_queue_order_is_tier_then_score():
    high = facts(id=1, name="High", arr=60_000.0)
    medium = facts(id=2, name="Medium", arr=20_000.0, health=50, renewal_date=ahead(100), red_flags=("a",) * 5)
    low = facts(id=3, name="Low", arr=1_000.0)
    assert [t.facts.name for t in triage([low, medium, high], T, R, W)] == ["High", "Medium", "Low"]


def test_ties_break_by_arr_then_name():
    # ARR above arr_full gives the same ARR points, so the scores tie.
    big = facts(id=1, name="Zulu", arr=300_000.0)
    bigger = facts(id=2, name="Yankee", arr=250_000.0)
    a = facts(id=3, name="alpha", arr=250_000.0)
    b = facts(id=4, name="Bravo", arr=250_000.0)
    order = triage([b, bigger, a, big], T, R, W)
    assert len({t.score for t in order}) == 1
    assert [t.facts.name for t in order] == ["Zulu", "alpha", "Bravo", "Yankee"]


def test_bigger_arr_never_ranks_lower_all_else_equal():
    base = facts(health=50, renewal_date=ahead(200))
    arrs = [0.0, 9_999.0, 10_000.0, 25_000.0, 50_000.0, 50_001.0, 199_999.0, 200_000.0, 10_000_000.0]
    rows = [replace(base, id=i, name=f"n{i}", arr=arr) for i, arr in enumerate(arrs)]
    order = triage(rows, T, R, W)
    assert [t.facts.arr for t in order] == sorted(arrs, reverse=True)
