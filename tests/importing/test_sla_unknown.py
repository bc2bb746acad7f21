"""A ticket's unknown response or resolution time is unknown: it neither misses nor meets its SLA, and a
measure whose every input is unknown is unknown (None), never 0."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from csm_desk.domain.health import HealthFormula
from csm_desk.importing.activity import aggregate, sla_verdict
from csm_desk.importing.activity_rules import AggregateRules
from csm_desk.importing.native import Batch, Row

TODAY = date(2026, 11, 23)
RULES = AggregateRules(
    snapshots=1,
    sla_first_response_minutes={"high": 60.0},
    sla_resolution_hours={"high": 24.0},
    escalations_signal_min=0,
)


def ticket(first: float | None, resolved: float | None = 5.0, priority: str = "high", **more) -> dict:
    return {"priority": priority, "first_response_minutes": first, "resolution_hours": resolved, **more}


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        (ticket(60), False),  # on the limit is on time
        (ticket(61), True),  # a minute over is a miss
        (ticket(None), None),  # unknown: neither
        (ticket(0), False),
        (ticket(None, 25), True),  # a known time over its limit is a miss, whatever else is unknown
        (ticket(None, 24), None),  # the known one is met, the other unknown: neither
        (ticket(30, None), None),
        (ticket(61, None), True),
        (ticket(None, None, priority="low"), False),  # no SLA for its priority: nothing to miss
        (ticket(None, None, priority=""), False),
    ],
)
def test_a_ticket_misses_meets_or_cannot_be_told(values, verdict):
    assert sla_verdict(values, RULES) is verdict


def snapshot(tickets: list[dict], rules: AggregateRules = RULES) -> dict:
    """The one metric snapshot of account X-1 built from these tickets (each opened two days ago)."""
    rows = [
        Row(f"t.csv:{i}", {"account": "X-1", "date": TODAY - timedelta(days=2), **t}) for i, t in enumerate(tickets)
    ]
    problems: list = []
    derived = aggregate([Batch("tickets", "t.csv", rows)], TODAY, rules, HealthFormula(), "desk", problems)
    assert problems == []
    [metric] = derived.metrics
    return metric.values


@pytest.mark.parametrize(
    ("tickets", "misses"),
    [
        ([ticket(None), ticket(None)], None),  # every ticket unknown: the count is unknown, not 0
        ([ticket(None), ticket(60)], 0),  # the one that can be told met its SLA
        ([ticket(None), ticket(61)], 1),
        ([ticket(61), ticket(120), ticket(None)], 2),
        ([ticket(None, priority="low")], 0),  # no SLA applies to it: no miss, and nothing unknown
    ],
)
def test_sla_misses_count_only_what_is_known(tickets, misses):
    assert snapshot(tickets)["sla_misses_30d"] == misses


def test_unknown_support_leaves_health_to_what_is_known():
    # Tickets whose times and escalation are unknown say nothing about support: no health can be made
    # from them (usage and adoption are unknown too), where an unknown read as "on time" gave 100.
    assert snapshot([ticket(None)])["health"] is None
    # Known escalations still count while the SLA misses are unknown: 1 of 3 support events lost.
    assert snapshot([ticket(None, escalated=True), ticket(None, escalated=False)])["health"] == round(100 * 2 / 3)
    # Every time known and met, nothing escalated: full support.
    assert snapshot([ticket(30, escalated=False)])["health"] == 100
