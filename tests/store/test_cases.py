"""Risk cases follow the pipeline: open, engage, close with a reason, reopen as a new case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from csm_desk.domain.signals import FlagRules
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Metric, RiskCase, SavePlan, Signal

from .conftest import add_account, two_flag_metrics

T = date(2026, 11, 23)
RULES = FlagRules()


def cases(store, account_id: int) -> list[RiskCase]:
    with store.read() as s:
        return list(s.scalars(select(RiskCase).where(RiskCase.account_id == account_id).order_by(RiskCase.id)))


@pytest.fixture
def flagged(build):
    return build(
        lambda s: add_account(
            s,
            "flagged",
            arr=42_000.0,
            segment="smb",
            contract_start=T - timedelta(days=400),
            metrics=two_flag_metrics(T),
        )
    )


def test_auto_identified_account_opens_one_case(store, flagged):
    [case] = cases(store, flagged)
    assert (case.opened_on, case.at_risk_since, case.closed_on, case.outcome) == (T, T - timedelta(days=40), None, "")
    assert (case.arr, case.segment) == (42_000.0, "smb")
    with store.write() as s:  # evaluating again changes nothing
        evaluate_accounts(s, None, T, RULES)
    assert len(cases(store, flagged)) == 1


def test_engage_then_close_saved_with_the_reason_and_executive(desk_on, store, flagged):
    later = T + timedelta(days=3)
    desk_on(later).set_stage(flagged, "engaged")
    assert cases(store, flagged)[0].engaged_on == later
    with store.write() as s:
        s.add(SavePlan(account_id=flagged, team='[{"role": "executive_sponsor", "name": "Dana", "reason": "ARR"}]'))
    desk_on(later + timedelta(days=30)).set_stage(flagged, "saved", reason="usage_drop", note="back up")
    [case] = cases(store, flagged)
    assert (case.outcome, case.reason, case.note, case.closed_on) == (
        "saved",
        "usage_drop",
        "back up",
        later + timedelta(days=30),
    )
    assert case.executive_involved


def test_saved_account_at_risk_again_opens_a_new_case(desk_on, store, build, flagged):
    desk_on(T).set_stage(flagged, "saved", reason="pricing")
    october = T + timedelta(days=200)
    with store.write() as s:  # new trouble after the save
        s.add(Metric(account_id=flagged, date=october - timedelta(days=60), health=85, sla_misses_30d=0))
        s.add(Signal(account_id=flagged, date=october - timedelta(days=2), kind="champion_left"))
        s.add(Signal(account_id=flagged, date=october - timedelta(days=1), kind="competitor_mentioned"))
        s.flush()
        evaluate_accounts(s, [flagged], october, RULES)
    first, second = cases(store, flagged)
    assert (first.outcome, first.closed_on) == ("saved", T)
    assert (second.opened_on, second.closed_on, second.outcome) == (october, None, "")


def test_moved_back_by_hand_after_an_outcome_is_a_new_case(desk_on, store, build):
    hand = build(lambda s: add_account(s, "hand", arr=9_000.0))
    desk_on(T).set_stage(hand, "identified")
    desk_on(T + timedelta(days=5)).set_stage(hand, "churned", reason="competitive")
    desk_on(T + timedelta(days=40)).set_stage(hand, "engaged")
    first, second = cases(store, hand)
    assert (first.outcome, first.reason, first.closed_on) == ("churned", "competitive", T + timedelta(days=5))
    assert (second.opened_on, second.engaged_on, second.outcome) == (T + timedelta(days=40),) * 2 + ("",)


def test_taken_out_of_the_pipeline_by_hand_was_never_a_case(desk_on, store, build):
    hand = build(lambda s: add_account(s, "hand", arr=9_000.0))
    desk_on(T).set_stage(hand, "identified")
    assert len(cases(store, hand)) == 1
    desk_on(T).set_stage(hand, "")
    assert cases(store, hand) == []


def test_a_stage_set_outside_the_actions_gets_its_case(store, build):
    """An import writes the stage columns; the next evaluation opens, then closes, the case."""
    acct = build(
        lambda s: add_account(
            s, "imp", arr=1.0, stage="engaged", identified_on=T - timedelta(days=9), engaged_on=T - timedelta(days=8)
        )
    )
    [case] = cases(store, acct)
    assert (case.opened_on, case.engaged_on) == (T - timedelta(days=9), T - timedelta(days=8))
    with store.write() as s:
        from csm_desk.store.tables import Account

        a = s.get(Account, acct)
        a.stage = "let_go"
        s.add(a)
        s.flush()
        evaluate_accounts(s, [acct], T, RULES)
    [case] = cases(store, acct)
    assert (case.outcome, case.closed_on, case.reason) == ("let_go", T, "")


def test_one_open_case_per_account_across_the_whole_lifecycle(desk_on, store, flagged):
    for stage, reason in (
        ("engaged", ""),
        ("save_plan", ""),
        ("monitoring", ""),
        ("saved", "other"),
        ("identified", ""),
        ("let_go", "pricing"),
        ("engaged", ""),
    ):
        desk_on(T).set_stage(flagged, stage, reason=reason)
        rows = cases(store, flagged)
        assert sum(c.closed_on is None for c in rows) == (1 if stage not in ("saved", "let_go") else 0)
    assert [c.outcome for c in cases(store, flagged)] == ["saved", "let_go", ""]
