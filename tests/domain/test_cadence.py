"""The lifecycle cadence and the re-engagement rule (DOMAIN §7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from csm_desk.domain.cadence import (
    CadenceRules,
    CadenceStep,
    cadence_plan,
    last_login_seen,
    last_possible_login,
    needs_reengagement,
    reengagement_key,
)
from csm_desk.domain.facts import MetricPoint

T = date(2026, 11, 23)
START = date(2026, 1, 5)
RULES = CadenceRules()


def ago(days: int) -> date:
    return T - timedelta(days=days)


def test_default_plan_days_from_contract_start():
    plan = cadence_plan(START, 30_000.0, None, RULES)
    assert [(p.due - START).days for p in plan] == [3, 10, 30, 60, 90, 180]
    assert [p.key for p in plan] == [
        "cadence:welcome",
        "cadence:setup_check",
        "cadence:usage_check",
        "cadence:value_review",
        "cadence:results_review",
        "cadence:expansion",
    ]
    assert all(p.title and p.script for p in plan)
    assert plan[4].title == "Results review with NPS"


@pytest.mark.parametrize(
    ("arr", "channel"), [(25_000.0, "call"), (250_000.0, "call"), (24_999.0, "email"), (None, "email")]
)
def test_larger_accounts_get_calls_smaller_ones_emails(arr, channel):
    plan = cadence_plan(START, arr, None, RULES)
    assert plan[0].channel == "email"  # the welcome is a written message for everybody
    assert {p.channel for p in plan[1:]} == {channel}


def test_call_threshold_is_configurable():
    plan = cadence_plan(START, 30_000.0, None, replace(RULES, call_min_arr=50_000.0))
    assert {p.channel for p in plan} == {"email"}


def test_per_segment_step_table_replaces_the_default():
    smb = (CadenceStep(45, "check", "Check-in", "s2"), CadenceStep(7, "hello", "Hello", "s1"))
    rules = replace(RULES, segments={"smb": smb})
    plan = cadence_plan(START, 1_000.0, "smb", rules)
    assert [(p.key, (p.due - START).days) for p in plan] == [("cadence:hello", 7), ("cadence:check", 45)]
    assert len(cadence_plan(START, 1_000.0, "enterprise", rules)) == 6
    assert len(cadence_plan(START, 1_000.0, None, rules)) == 6


def test_plan_keys_are_stable_so_regeneration_is_idempotent():
    assert cadence_plan(START, 1.0, None, RULES) == cadence_plan(START, 1.0, None, RULES)


# --- re-engagement -------------------------------------------------------------------


def logins(*pairs: tuple[int, int | None]) -> list[MetricPoint]:
    return [MetricPoint(ago(d), logins=n) for d, n in pairs]


def test_a_snapshot_dated_today_with_no_login_starts_reengagement_today():
    # Its 30-day count of 0 proves 30 days without a login: more than the 15 days asked, at once.
    assert last_possible_login(logins((0, 0)), T) == ago(30)
    assert needs_reengagement(logins((0, 0)), T, RULES)
    assert needs_reengagement(logins((1, 12), (0, 0)), T, RULES)  # logins yesterday's count saw, none today's


@pytest.mark.parametrize(("after_days", "expected"), [(30, True), (31, False)])
def test_one_zero_snapshot_proves_exactly_30_days(after_days, expected):
    assert needs_reengagement(logins((0, 0)), T, replace(RULES, reengage_after_days=after_days)) is expected


@pytest.mark.parametrize(("zero_days_ago", "after_days", "expected"), [(1, 31, True), (1, 32, False), (15, 45, True)])
def test_the_silence_goes_on_after_the_latest_snapshot(zero_days_ago, after_days, expected):
    rules = replace(RULES, reengage_after_days=after_days)
    assert needs_reengagement(logins((zero_days_ago, 0)), T, rules) is expected


@pytest.mark.parametrize(("earlier", "proven_from"), [(30, 60), (31, 30), (10, 40), (80, 30)])
def test_earlier_zeros_extend_the_silence_while_their_30_days_join_up(earlier, proven_from):
    # A zero 30 days before the latest one joins it (60 days proven); 31 days leaves a day unseen.
    assert last_possible_login(logins((earlier, 0), (0, 0)), T) == ago(proven_from)


def test_a_count_with_logins_ends_the_proven_stretch():
    assert last_possible_login(logins((40, 0), (20, 5), (0, 0)), T) == ago(30)
    assert last_possible_login(logins((40, 0), (0, 3)), T) is None


def test_recent_logins_do_not_need_reengagement():
    assert not needs_reengagement(logins((40, 0), (0, 3)), T, RULES)
    assert not needs_reengagement([], T, RULES)
    assert not needs_reengagement(logins((20, None)), T, RULES)


def test_the_key_still_names_the_spell_after_the_last_snapshot_with_logins():
    assert reengagement_key(logins((14, 12), (1, 0)), T, RULES) == f"reengage:{ago(14).isoformat()}"
    assert reengagement_key(logins((3, 0), (0, 0)), T, RULES) == f"reengage:{ago(3).isoformat()}"
    assert reengagement_key(logins((0, 4)), T, RULES) is None


def test_unknown_login_counts_and_future_snapshots_are_ignored():
    history = [*logins((20, 5), (3, 0), (2, None)), MetricPoint(T + timedelta(days=1), logins=9)]
    assert needs_reengagement(history, T, RULES)
    assert last_login_seen(history) == T + timedelta(days=1)


def test_reengagement_days_are_configurable():
    history = logins((10, 4), (5, 0))
    assert needs_reengagement(history, T, RULES)
    assert needs_reengagement(history, T, replace(RULES, reengage_after_days=35))
    assert not needs_reengagement(history, T, replace(RULES, reengage_after_days=36))
