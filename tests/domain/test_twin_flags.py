"""One problem, two flags: twin red flags count once toward at-risk (DOMAIN §3, docs/rules.md)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.facts import MetricPoint
from csm_desk.domain.signals import (
    ONE_PROBLEM,
    FlagRules,
    at_risk_since,
    flagged_at_risk,
    problems,
    red_flags,
)
from csm_desk.domain.vocab import FLAG_LABELS, METRIC_FLAGS

T = date(2026, 11, 23)
RULES = FlagRules()
TWIN_PAIRS = [pair for twins in ONE_PROBLEM.values() for pair in combinations(sorted(twins), 2)]
TWINS = {flag for twins in ONE_PROBLEM.values() for flag in twins}
LONE = sorted(set(FLAG_LABELS) - TWINS)


def mp(days_ago: int, **values) -> MetricPoint:
    return MetricPoint(T - timedelta(days=days_ago), **values)


def test_the_twins_are_the_health_pair_and_the_usage_trio():
    decided = {
        "health": {"health_low", "health_crash"},
        "usage": {"logins_drop", "active_users_drop", "logins_below_benchmark"},
    }
    assert decided == ONE_PROBLEM
    # Only metric flags are twins: a logged signal is something a person saw, and counts on its own.
    assert TWINS.issubset(METRIC_FLAGS)
    # No flag is in two problems, and no problem is named like a flag.
    assert sum(len(t) for t in ONE_PROBLEM.values()) == len(TWINS)
    assert not set(ONE_PROBLEM) & set(FLAG_LABELS)


@pytest.mark.parametrize("pair", TWIN_PAIRS, ids="+".join)
def test_a_twin_pair_alone_is_one_problem_and_not_at_risk(pair):
    assert len(problems(pair)) == 1
    assert not flagged_at_risk(pair, RULES)
    # At the boundary: one more problem, of any other kind, makes two.
    assert flagged_at_risk((*pair, "sla_misses"), RULES)
    assert flagged_at_risk((*pair, "champion_unresponsive"), RULES)


@pytest.mark.parametrize("pair", TWIN_PAIRS, ids="+".join)
def test_each_twin_counts_fully_next_to_another_problem(pair):
    for flag in pair:
        assert flagged_at_risk((flag, "nps_low"), RULES)


def test_a_whole_group_is_still_one_problem():
    for twins in ONE_PROBLEM.values():
        assert not flagged_at_risk(tuple(sorted(twins)), RULES)


def test_twins_of_two_different_problems_are_two():
    assert flagged_at_risk(("health_low", "logins_drop"), RULES)
    assert flagged_at_risk(("health_crash", "active_users_drop"), RULES)
    assert flagged_at_risk(("health_crash", "logins_below_benchmark"), RULES)


def test_the_threshold_counts_problems():
    assert flagged_at_risk(("health_low", "health_crash"), FlagRules(at_risk_min_flags=1))
    assert not flagged_at_risk(("health_low", "health_crash", "sla_misses"), FlagRules(at_risk_min_flags=3))
    assert flagged_at_risk(("health_low", "health_crash", "sla_misses", "nps_low"), FlagRules(at_risk_min_flags=3))


def test_one_outage_fires_both_usage_flags_and_both_still_show():
    history = [mp(30, logins=1_000, active_users=80), mp(0, logins=100, active_users=10)]
    got = red_flags(history, [], T, None, RULES)
    assert got == ("logins_drop", "active_users_drop")
    assert not flagged_at_risk(got, RULES)
    assert at_risk_since(history, [], T, None, "", None, RULES) is None


def test_one_health_fall_fires_both_health_flags_and_both_still_show():
    history = [mp(10, health=80), mp(0, health=45)]
    got = red_flags(history, [], T, None, RULES)
    assert got == ("health_low", "health_crash")
    assert not flagged_at_risk(got, RULES)
    assert at_risk_since(history, [], T, None, "", None, RULES) is None
    # A second, different problem on the same day: at risk from that day.
    with_sla = [mp(10, health=80), mp(0, health=45, sla_misses_30d=3)]
    assert at_risk_since(with_sla, [], T, None, "", None, RULES) == T


flag_sets = st.lists(st.sampled_from(sorted(FLAG_LABELS)), max_size=8, unique=True)


@given(flag_sets, st.sampled_from(sorted(TWINS)), st.integers(1, 4))
def test_adding_the_twin_of_a_present_flag_never_changes_at_risk(flags, twin, threshold):
    rules = FlagRules(at_risk_min_flags=threshold)
    family = next(t for t in ONE_PROBLEM.values() if twin in t)
    present = [f for f in flags if f not in family] + [sorted(family - {twin})[0]]
    assert flagged_at_risk((*present, twin), rules) == flagged_at_risk(present, rules)


@given(flag_sets, st.sampled_from(sorted(FLAG_LABELS)), st.integers(1, 4))
def test_adding_a_flag_never_takes_an_account_out_of_risk(flags, extra, threshold):
    rules = FlagRules(at_risk_min_flags=threshold)
    if flagged_at_risk(flags, rules):
        assert flagged_at_risk([*flags, extra], rules)


@given(flag_sets)
def test_flags_without_twins_count_one_each(flags):
    lone = [f for f in flags if f in LONE]
    assert len(problems(lone)) == len(lone)
    assert len(problems(flags)) <= len(flags)
