"""Red flags from metric history and logged signals, at their thresholds (DOMAIN §2-3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from csm_desk.domain.facts import MetricPoint, SignalFact
from csm_desk.domain.signals import (
    FlagRules,
    active_signals,
    at_risk_since,
    flagged_at_risk,
    health_change,
    is_at_risk,
    latest_health,
    metric_flags,
    red_flags,
)

T = date(2026, 11, 23)
RULES = FlagRules()


def ago(days: int) -> date:
    return T - timedelta(days=days)


def mp(days_ago: int, **values) -> MetricPoint:
    return MetricPoint(ago(days_ago), **values)


def flags(*points: MetricPoint, contract_start: date | None = None, rules: FlagRules = RULES) -> list[str]:
    return metric_flags(sorted(points, key=lambda p: p.date), T, contract_start, rules)


# --- health_low -------------------------------------------------------------------


@pytest.mark.parametrize(("health", "fires"), [(49, True), (50, False), (0, True), (100, False)])
def test_health_low_fires_below_50(health, fires):
    assert ("health_low" in flags(mp(0, health=health))) is fires


def test_health_low_reads_the_latest_known_health():
    # The latest snapshot has no health: the one before it is the latest known.
    assert "health_low" in flags(mp(5, health=30), mp(0, logins=10))
    assert "health_low" not in flags(mp(5, health=30), mp(2, health=70), mp(0, logins=10))


# --- health_crash -----------------------------------------------------------------


@pytest.mark.parametrize(("peak", "fires"), [(80, True), (79, False)])
def test_health_crash_needs_a_30_point_fall(peak, fires):
    assert ("health_crash" in flags(mp(10, health=peak), mp(0, health=50))) is fires


@pytest.mark.parametrize(("days_before", "fires"), [(14, True), (15, False), (1, True)])
def test_health_crash_looks_back_14_days_only(days_before, fires):
    assert ("health_crash" in flags(mp(days_before, health=90), mp(0, health=60))) is fires


def test_health_crash_compares_with_the_highest_health_in_the_window():
    history = (mp(20, health=100), mp(12, health=85), mp(6, health=70), mp(0, health=56))
    # 100 is outside the window; 85 - 56 = 29 is not a crash.
    assert "health_crash" not in flags(*history)
    assert "health_crash" in flags(*history[:-1], mp(0, health=55))


# --- logins_drop and the month-over-month snapshot ----------------------------------


@pytest.mark.parametrize(("now", "fires"), [(60, True), (61, False), (0, True)])
def test_logins_drop_at_40_percent(now, fires):
    assert ("logins_drop" in flags(mp(30, logins=100), mp(0, logins=now))) is fires


def test_logins_drop_compares_with_the_snapshot_closest_to_a_month_before():
    # 31 days back is closer to "a month before" than 20 days back: 60 -> 50 is no drop.
    history = (mp(31, logins=60), mp(20, logins=100), mp(0, logins=50))
    assert "logins_drop" not in flags(*history)
    # Without the 31-day snapshot the 20-day one is the closest, so it is the comparison.
    assert "logins_drop" in flags(mp(20, logins=100), mp(0, logins=50))


def test_logins_drop_compares_with_an_older_snapshot_when_it_is_the_closest():
    # The case: 100 logins 45 days before, 50 now. No snapshot is nearer a month before.
    assert "logins_drop" in flags(mp(45, logins=100), mp(0, logins=50))
    assert "logins_drop" in flags(mp(19, logins=100), mp(0, logins=10))
    # A nearer one still wins: 40 days back is 10 off, 45 is 15 off.
    assert "logins_drop" not in flags(mp(45, logins=100), mp(40, logins=55), mp(0, logins=50))


@pytest.mark.parametrize(("days_before", "compared"), [(60, True), (61, False)])
def test_month_over_month_looks_back_60_days_at_most(days_before, compared):
    assert ("logins_drop" in flags(mp(days_before, logins=100), mp(0, logins=10))) is compared
    assert ("active_users_drop" in flags(mp(days_before, active_users=100), mp(0, active_users=10))) is compared


def test_month_over_month_bound_is_relative_to_the_latest_snapshot():
    # The latest snapshot is 20 days old: the bound counts from it, not from today.
    assert "logins_drop" in flags(mp(80, logins=100), mp(20, logins=10))
    assert "logins_drop" not in flags(mp(81, logins=100), mp(20, logins=10))


def test_month_over_month_bound_is_configurable_and_never_shorter_than_a_month():
    assert "logins_drop" not in flags(mp(45, logins=100), mp(0, logins=10), rules=FlagRules(month_max_days=44))
    assert "logins_drop" in flags(mp(45, logins=100), mp(0, logins=10), rules=FlagRules(month_max_days=45))
    # A bound under month_days would hide the very snapshot a month before: it counts as month_days.
    assert "logins_drop" in flags(mp(30, logins=100), mp(0, logins=10), rules=FlagRules(month_max_days=10))
    assert "logins_drop" not in flags(mp(31, logins=100), mp(0, logins=10), rules=FlagRules(month_max_days=10))


def test_health_change_uses_the_same_comparison():
    assert health_change([mp(45, health=80), mp(0, health=60)], RULES) == -20
    assert health_change([mp(61, health=80), mp(0, health=60)], RULES) is None


def test_logins_drop_on_equal_distance_prefers_the_later_snapshot():
    # 35 and 25 days back are both 5 days off: the later (25) is the comparison.
    assert "logins_drop" in flags(mp(35, logins=60), mp(25, logins=100), mp(0, logins=60))
    assert "logins_drop" not in flags(mp(35, logins=100), mp(25, logins=60), mp(0, logins=60))


def test_logins_drop_from_zero_or_unknown_is_no_drop():
    assert "logins_drop" not in flags(mp(30, logins=0), mp(0, logins=0))
    assert "logins_drop" not in flags(mp(30, health=80), mp(0, logins=0))


# --- active_users_drop --------------------------------------------------------------


@pytest.mark.parametrize(("now", "fires"), [(75, True), (76, False)])
def test_active_users_drop_at_25_percent(now, fires):
    assert ("active_users_drop" in flags(mp(30, active_users=100), mp(0, active_users=now))) is fires


# --- logins_below_benchmark ---------------------------------------------------------


@pytest.mark.parametrize(("start", "fires"), [(30, True), (29, False)])
def test_logins_below_benchmark_after_30_days(start, fires):
    history = (mp(start, logins=10, login_benchmark=50), mp(0, logins=12, login_benchmark=50))
    assert ("logins_below_benchmark" in flags(*history)) is fires


def test_logins_below_benchmark_counts_only_the_current_run():
    history = (
        mp(60, logins=10, login_benchmark=50),
        mp(20, logins=50, login_benchmark=50),  # at the benchmark: the run breaks here
        mp(0, logins=10, login_benchmark=50),
    )
    assert "logins_below_benchmark" not in flags(*history)


def test_logins_below_benchmark_needs_a_benchmark():
    assert "logins_below_benchmark" not in flags(mp(60, logins=1), mp(0, logins=1))


# --- sla_misses, nps_low, low_adoption ----------------------------------------------


@pytest.mark.parametrize(("misses", "fires"), [(2, False), (3, True)])
def test_sla_misses_above_2(misses, fires):
    assert ("sla_misses" in flags(mp(0, sla_misses_30d=misses))) is fires


@pytest.mark.parametrize(("nps", "fires"), [(5, True), (6, False)])
def test_nps_low_below_6(nps, fires):
    assert ("nps_low" in flags(mp(0, nps=nps))) is fires


@pytest.mark.parametrize(("before", "fires"), [(9, True), (8, False)])
def test_nps_fall_of_3_points_since_previous_answer(before, fires):
    # 9 -> 6 is a 3-point fall (fires though 6 is not low); 8 -> 6 is not.
    assert ("nps_low" in flags(mp(90, nps=before), mp(0, nps=6))) is fires


def test_nps_fall_compares_answers_not_snapshots():
    # Snapshots without an NPS answer in between do not hide the fall.
    assert "nps_low" in flags(mp(90, nps=10), mp(40, health=80), mp(0, nps=7))


@pytest.mark.parametrize(
    ("adoption", "contract_days", "fires"),
    [(39.9, 91, True), (40.0, 91, False), (39.9, 90, False), (10.0, 400, True)],
)
def test_low_adoption_needs_a_contract_older_than_90_days(adoption, contract_days, fires):
    result = flags(mp(0, feature_adoption=adoption), contract_start=ago(contract_days))
    assert ("low_adoption" in result) is fires


def test_low_adoption_without_contract_start_does_not_fire():
    assert "low_adoption" not in flags(mp(0, feature_adoption=1.0))


# --- thresholds come from the rules ------------------------------------------------


def test_thresholds_are_configurable():
    strict = FlagRules(health_low_below=80, sla_misses_above=0, nps_low_below=9)
    assert set(flags(mp(0, health=70, sla_misses_30d=1, nps=8), rules=strict)) == {
        "health_low",
        "sla_misses",
        "nps_low",
    }
    assert flags(mp(0, health=70, sla_misses_30d=1, nps=8)) == []


def test_snapshots_after_as_of_are_not_seen():
    history = [mp(10, health=90), MetricPoint(T + timedelta(days=1), health=10)]
    assert metric_flags(history, T, None, RULES) == []


def test_no_history_no_flags():
    assert metric_flags([], T, None, RULES) == []


# --- logged signals ------------------------------------------------------------------


def test_signal_is_active_from_its_date_until_resolved_on():
    s = SignalFact("competitor_mentioned", ago(10), resolved_on=T)
    assert s.active_on(ago(10))
    assert s.active_on(ago(1))
    assert not s.active_on(T)  # resolved today: no longer a red flag
    assert not s.active_on(ago(11))
    assert SignalFact("competitor_mentioned", ago(10), resolved_on=T + timedelta(days=1)).active_on(T)
    assert SignalFact("budget_change", ago(400)).active_on(T)


def test_active_signals_are_unique_and_first_raised_first():
    signals = [
        SignalFact("ticket_tone", ago(3)),
        SignalFact("champion_left", ago(20)),
        SignalFact("ticket_tone", ago(30)),
        SignalFact("budget_change", ago(5), resolved_on=ago(1)),
        SignalFact("restructuring", T + timedelta(days=2)),
    ]
    assert active_signals(signals, T) == ["ticket_tone", "champion_left"]


def test_red_flags_lists_metric_flags_then_signals():
    got = red_flags([mp(0, health=30)], [SignalFact("champion_left", ago(2))], T, None, RULES)
    assert got == ("health_low", "champion_left")


# --- at risk ---------------------------------------------------------------------------


def test_at_risk_needs_two_red_flags():
    assert not flagged_at_risk(("health_low",), RULES)
    assert flagged_at_risk(("health_low", "champion_left"), RULES)
    assert not is_at_risk(("health_low",), "", RULES)
    assert is_at_risk(("health_low", "sla_misses"), "", RULES)


@pytest.mark.parametrize("stage", ["identified", "engaged", "save_plan", "monitoring"])
def test_an_open_stage_set_by_hand_is_at_risk_alone(stage):
    assert is_at_risk((), stage, RULES)


@pytest.mark.parametrize("stage", ["saved", "churned", "let_go", ""])
def test_a_closed_or_no_stage_is_not_at_risk_without_flags(stage):
    assert not is_at_risk(("health_low",), stage, RULES)


def test_at_risk_min_flags_is_configurable():
    assert flagged_at_risk(("health_low",), FlagRules(at_risk_min_flags=1))
    assert not flagged_at_risk(("health_low", "sla_misses"), FlagRules(at_risk_min_flags=3))


# --- at_risk_since ---------------------------------------------------------------------

BOUNCING = [
    mp(100, health=80, sla_misses_30d=0),
    mp(80, health=45, sla_misses_30d=3),  # at risk (health_low + sla_misses)
    mp(70, health=44, sla_misses_30d=4),
    mp(60, health=70, sla_misses_30d=0),  # recovered
    mp(40, health=45, sla_misses_30d=3),  # at risk again: the current run starts here
    mp(20, health=44, sla_misses_30d=4),
    mp(0, health=43, sla_misses_30d=5),
]


def test_at_risk_since_is_the_start_of_the_current_run():
    assert at_risk_since(BOUNCING, [], T, None, "", None, RULES) == ago(40)


def test_at_risk_since_of_the_first_run_when_asked_back_then():
    assert at_risk_since(BOUNCING, [], ago(65), None, "", None, RULES) == ago(80)
    assert at_risk_since(BOUNCING, [], ago(50), None, "", None, RULES) is None


def test_at_risk_since_follows_signals_raised_and_resolved():
    history = [mp(90, health=40), mp(0, health=40)]  # health_low all along: one flag
    signals = [
        SignalFact("competitor_mentioned", ago(60), resolved_on=ago(45)),
        SignalFact("champion_left", ago(25)),
    ]
    assert at_risk_since(history, signals, T, None, "", None, RULES) == ago(25)
    assert at_risk_since(history, signals, ago(50), None, "", None, RULES) == ago(60)


def test_at_risk_since_counts_the_day_the_contract_became_old_enough():
    # low_adoption starts on day 91 of the contract, with health_low already on.
    start = ago(100)
    history = [mp(95, health=30, feature_adoption=10.0), mp(0, health=30, feature_adoption=10.0)]
    assert at_risk_since(history, [], T, start, "", None, RULES) == start + timedelta(days=91)


def test_at_risk_since_for_a_stage_set_by_hand_is_the_day_identified():
    assert at_risk_since([mp(0, health=90)], [], T, None, "engaged", ago(12), RULES) == ago(12)
    assert at_risk_since([mp(0, health=90)], [], T, None, "identified", None, RULES) == T


def test_at_risk_since_takes_the_earlier_of_flags_and_stage():
    assert at_risk_since(BOUNCING, [], T, None, "identified", ago(5), RULES) == ago(40)
    assert at_risk_since(BOUNCING, [], T, None, "identified", ago(50), RULES) == ago(50)


def test_not_at_risk_has_no_since():
    assert at_risk_since([mp(0, health=30)], [], T, None, "", None, RULES) is None
    assert at_risk_since(BOUNCING, [], T, None, "saved", ago(5), RULES) == ago(40)


# --- health summaries -----------------------------------------------------------------


def test_latest_health_and_change_over_a_month():
    history = [mp(30, health=80), mp(10, logins=3), mp(0, health=62)]
    assert latest_health(history) == 62
    assert health_change(history, RULES) == -18
    assert latest_health([mp(0, logins=3)]) is None
    assert health_change([mp(0, health=50)], RULES) is None
