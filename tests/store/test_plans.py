"""Save plans in the store: one transaction, actions and check-in kept in sync with follow-ups."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from csm_desk.domain.save_plan import PlanAction, PlanDraft
from csm_desk.domain.saving import TeamMember
from csm_desk.domain.signals import FlagRules
from csm_desk.store.actions import ActionError
from csm_desk.store.plans import load_plan, load_plan_by_external_id
from csm_desk.store.tables import Account, FollowUp, SaveAction, SavePlan, StageChange

from .conftest import add_account, two_flag_metrics

RULES = FlagRules()


def draft(today: date, **changes) -> PlanDraft:
    base = dict(
        situation="Usage fell after the ERP cutover.",
        root_cause_category="usage_drop",
        root_cause="The connector rejects the new IDs.",
        actions=(
            PlanAction("Ship the ID fix", "Priya", today + timedelta(days=2)),
            PlanAction("VP call with their COO", "Alex", today + timedelta(days=5)),
        ),
        success_criteria="Sync errors under 1%.",
        checkin=today + timedelta(days=7),
        checkin_time=time(15, 0),
        strategies=("quick_wins",),
        team=(TeamMember("csm", "Maya", "Owns the account and the plan"),),
    )
    base.update(changes)
    return PlanDraft(**base)


@pytest.fixture
def account(build, today) -> int:
    return build(lambda s: add_account(s, "ACME", owner="Maya", metrics=two_flag_metrics(today), arr=120_000.0))


def rows(store, account_id):
    with store.read() as s:
        plans = s.scalars(select(SavePlan).where(SavePlan.account_id == account_id)).all()
        actions = s.scalars(select(SaveAction).order_by(SaveAction.id)).all()
        followups = s.scalars(
            select(FollowUp)
            .where(FollowUp.account_id == account_id, FollowUp.source == "save_plan")
            .order_by(FollowUp.id)
        ).all()
    return plans, actions, followups


def test_a_new_plan_writes_actions_and_checkin_as_followups_and_moves_the_stage(desk, store, account, today):
    with store.read() as s:
        assert s.get(Account, account).stage == "identified"
    plan_id = desk.save_plan(account, draft(today))
    plans, actions, followups = rows(store, account)
    assert [p.id for p in plans] == [plan_id]
    assert [(a.action, a.owner, a.due, a.followup_id) for a in actions] == [
        ("Ship the ID fix", "Priya", today + timedelta(days=2), followups[0].id),
        ("VP call with their COO", "Alex", today + timedelta(days=5), followups[1].id),
    ]
    assert [(f.source_key, f.title, f.owner, f.due, f.due_time, f.status) for f in followups] == [
        (f"save_plan:{plan_id}:action:1", "Ship the ID fix", "Priya", today + timedelta(days=2), None, "open"),
        (f"save_plan:{plan_id}:action:2", "VP call with their COO", "Alex", today + timedelta(days=5), None, "open"),
        (f"save_plan:{plan_id}:checkin", "Save-plan check-in", "Maya", today + timedelta(days=7), time(15, 0), "open"),
    ]
    assert plans[0].next_checkin_id == followups[2].id
    with store.read() as s:
        assert s.get(Account, account).stage == "save_plan"
        change = s.scalars(
            select(StageChange).where(StageChange.account_id == account).order_by(StageChange.id.desc())
        ).first()
    assert (change.from_stage, change.to_stage) == ("identified", "save_plan")


def test_loading_gives_back_what_was_saved(desk, store, account, today):
    d = draft(
        today,
        strategies=("pricing_restructure", "roadmap_sharing"),
        pricing_condition="oversold",
        roadmap_feature="SSO",
        roadmap_dates={"beta": date(2027, 6, 1)},
        walk_away=("no_fit.competitor",),
        expansion=True,
    )
    plan_id = desk.save_plan(account, d)
    with store.read() as s:
        record = load_plan(s, account)
        by_ext = load_plan_by_external_id(s, "ACME")
    assert record.plan_id == by_ext.plan_id == plan_id
    expected = dataclasses.replace(d, actions=tuple(dataclasses.replace(a, key=n) for n, a in enumerate(d.actions, 1)))
    assert record.draft == expected


def test_editing_updates_followups_in_place_and_never_duplicates(desk, store, account, today):
    plan_id = desk.save_plan(account, draft(today))
    with store.read() as s:
        loaded = load_plan(s, account).draft
    _first, second = loaded.actions
    edited = dataclasses.replace(
        loaded,
        actions=(
            dataclasses.replace(second, owner="Sofia", due=today + timedelta(days=9)),  # reordered and changed
            PlanAction("Re-run the rejected orders", "Priya", today + timedelta(days=4)),  # new
        ),
        checkin=today + timedelta(days=10),
        checkin_time=None,
    )  # first removed
    desk.save_plan(account, edited, plan_id=plan_id)
    plans, actions, followups = rows(store, account)
    assert len(plans) == 1
    assert {f.source_key: (f.title, f.owner, f.due) for f in followups} == {
        f"save_plan:{plan_id}:action:2": ("VP call with their COO", "Sofia", today + timedelta(days=9)),
        f"save_plan:{plan_id}:action:3": ("Re-run the rejected orders", "Priya", today + timedelta(days=4)),
        f"save_plan:{plan_id}:checkin": ("Save-plan check-in", "Maya", today + timedelta(days=10)),
    }
    assert sorted(a.action for a in actions) == ["Re-run the rejected orders", "VP call with their COO"]
    desk.save_plan(account, load_plan_from(store, account), plan_id=plan_id)  # saving again: no change
    assert len(rows(store, account)[2]) == 3


def load_plan_from(store, account_id) -> PlanDraft:
    with store.read() as s:
        return load_plan(s, account_id).draft


def test_done_followups_stay_as_history(desk, store, account, today):
    plan_id = desk.save_plan(account, draft(today))
    with store.write() as s:
        for f in s.scalars(select(FollowUp).where(FollowUp.source == "save_plan")).all():
            f.status = "done"
            s.add(f)
    loaded = load_plan_from(store, account)
    assert all(a.done for a in loaded.actions)
    # Removing a done action keeps its follow-up; a new check-in date brings a new check-in.
    desk.save_plan(
        account,
        dataclasses.replace(loaded, actions=loaded.actions[1:], checkin=today + timedelta(days=14)),
        plan_id=plan_id,
    )
    plans, actions, followups = rows(store, account)
    assert len(actions) == 1 and len(followups) == 4
    assert [f.status for f in followups] == ["done", "done", "done", "open"]
    assert plans[0].next_checkin_id == followups[3].id


def test_an_incomplete_plan_writes_nothing(desk, store, account, today):
    with pytest.raises(ActionError, match="Set the next check-in"):
        desk.save_plan(account, draft(today, checkin=None))
    with pytest.raises(ActionError, match="Pricing restructure"):
        desk.save_plan(account, draft(today, strategies=("pricing_restructure",)))
    plans, actions, followups = rows(store, account)
    assert (plans, actions, followups) == ([], [], [])
    with store.read() as s:
        assert s.get(Account, account).stage == "identified"


@pytest.mark.parametrize("stage", ["monitoring", "", "saved"])
def test_only_identified_or_engaged_accounts_move_to_save_plan(desk, store, build, today, stage):
    account = build(lambda s: add_account(s, "CALM", owner="Maya", stage=stage))
    desk.save_plan(account, draft(today))
    with store.read() as s:
        assert s.get(Account, account).stage == stage
        assert s.scalar(select(func.count()).select_from(StageChange).where(StageChange.to_stage == "save_plan")) == 0


def test_a_missing_account_or_a_foreign_plan_is_refused(desk, store, account, build, today):
    other = build(lambda s: add_account(s, "OTHER"))
    plan_id = desk.save_plan(account, draft(today))
    with pytest.raises(ActionError, match="no longer exists"):
        desk.save_plan(other, draft(today), plan_id=plan_id)
    with pytest.raises(ActionError, match="no longer exists"):
        desk.save_plan(9_999, draft(today))


def test_undo_takes_a_saved_plan_back_exactly(desk, account, today, db_path):
    from .dbdump import dump

    before = dump(db_path)
    desk.save_plan(account, draft(today))
    assert dump(db_path) != before
    desk.undo_last()
    assert dump(db_path) == before
