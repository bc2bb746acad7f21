"""The lifecycle cadence and the re-engagement rule (DOMAIN §7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from csm_desk.domain.cadence import CadenceRules, CadenceStep, cadence_plan, last_login_seen, needs_reengagement
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


@pytest.mark.parametrize(("seen_days_ago", "expected"), [(15, True), (14, False), (40, True)])
def test_no_login_for_15_days_needs_reengagement(seen_days_ago, expected):
    history = logins((seen_days_ago, 12), (1, 0))
    assert needs_reengagement(history, T, RULES) is expected


def test_recent_logins_do_not_need_reengagement():
    assert not needs_reengagement(logins((40, 0), (0, 3)), T, RULES)
    assert not needs_reengagement([], T, RULES)
    assert not needs_reengagement(logins((20, None)), T, RULES)


def test_never_seen_logging_in_counts_from_the_first_snapshot():
    assert needs_reengagement(logins((15, 0), (1, 0)), T, RULES)
    assert not needs_reengagement(logins((14, 0), (1, 0)), T, RULES)


def test_unknown_login_counts_and_future_snapshots_are_ignored():
    history = [*logins((20, 5), (3, 0), (2, None)), MetricPoint(T + timedelta(days=1), logins=9)]
    assert needs_reengagement(history, T, RULES)
    assert last_login_seen(history) == T + timedelta(days=1)


def test_reengagement_days_are_configurable():
    history = logins((10, 4), (0, 0))
    assert not needs_reengagement(history, T, RULES)
    assert needs_reengagement(history, T, replace(RULES, reengage_after_days=10))
