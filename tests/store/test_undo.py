"""Undo restores the database exactly: full table dumps before the action and after undo."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from csm_desk.domain.signals import FlagRules
from csm_desk.store import actions, followups
from csm_desk.store.tables import FollowUp, SaveAction, SavePlan
from csm_desk.store.undo import UndoError, UndoStack

from .conftest import add_account, two_flag_metrics
from .dbdump import dump as dump_any

RULES = FlagRules()


def dump(db_path) -> dict[str, list[tuple]]:
    """Every row of every table, in key order (SQLite or PostgreSQL)."""
    return dump_any(db_path)


@pytest.fixture
def book(store, build, today):
    def make(s):
        a = add_account(s, "A-1", name="Acme", owner="Ana", metrics=two_flag_metrics(today), followups=[
            FollowUp(due=today - timedelta(days=2), title="Send the roadmap", owner="Ana"),
            FollowUp(due=today, due_time=time(14), title="Call Maria", channel="call"),
        ])
        b = add_account(s, "B-1", name="Other", followups=[FollowUp(due=today, title="Untouched")])
        plan = SavePlan(account_id=a, situation="slipping")
        s.add(plan)
        s.flush()
        fu = s.scalars(select(FollowUp).where(FollowUp.title == "Send the roadmap")).one()
        plan.next_checkin_id = fu.id
        s.add(SaveAction(plan_id=plan.id, action="roadmap", followup_id=fu.id))
        return {"a": a, "b": b, "fu": fu.id, "call": s.scalars(select(FollowUp.id).where(FollowUp.title == "Call Maria")).one()}

    return build(make)


def _actions(store, book, today):
    fu, a = book["fu"], book["a"]
    return {
        "done": lambda st: followups.complete(st, fu, today, RULES, outcome="They agreed [bold]x[/]"),
        "skip": lambda st: followups.complete(st, fu, today, RULES, skipped=True),
        "snooze": lambda st: followups.snooze(st, fu, today, RULES, until=today + timedelta(days=3)),
        "reschedule": lambda st: followups.reschedule(st, fu, today, RULES, due=today + timedelta(days=9), due_time=time(9)),
        "delete": lambda st: followups.remove(st, fu, today, RULES),
        "stage": lambda st: actions.set_stage(st, a, "engaged", today, RULES, note="first call"),
        "close": lambda st: actions.set_stage(st, a, "churned", today, RULES, reason="pricing"),
    }


@pytest.mark.parametrize("name", ["done", "skip", "snooze", "reschedule", "delete", "stage", "close"])
def test_undo_of_each_action_restores_every_table_exactly(store, book, today, db_path, name):
    stack = UndoStack()
    before = dump(db_path)
    stack.record(store, [book["a"]], name, _actions(store, book, today)[name])
    assert dump(db_path) != before
    step = stack.undo(store)
    assert step.label == name and len(stack) == 0
    assert dump(db_path) == before


def test_several_levels_one_action_each(store, book, today, db_path):
    stack = UndoStack()
    acts = _actions(store, book, today)
    images = [dump(db_path)]
    for name in ("stage", "snooze", "done"):
        stack.record(store, [book["a"]], name, acts[name])
        images.append(dump(db_path))
    assert len(stack) == 3
    for expected in reversed(images[:-1]):
        stack.undo(store)
        assert dump(db_path) == expected
    with pytest.raises(UndoError, match="Nothing to undo"):
        stack.undo(store)


def test_a_failed_action_leaves_no_step(store, book, today):
    stack = UndoStack()
    with pytest.raises(actions.ActionError):
        stack.record(store, [book["a"]], "bad", lambda st: followups.snooze(st, book["fu"], today, RULES, until=today))
    assert len(stack) == 0


def test_undo_refuses_when_the_account_changed_since(store, book, today, db_path):
    stack = UndoStack()
    stack.record(store, [book["a"]], "done", _actions(store, book, today)["done"])
    actions.add_note(store, book["a"], today, RULES, channel="call", summary="later note")
    after = dump(db_path)
    with pytest.raises(UndoError, match="changed since"):
        stack.undo(store)
    assert dump(db_path) == after and len(stack) == 0


def test_depth_is_bounded(store, book, today):
    stack = UndoStack(depth=2)
    acts = _actions(store, book, today)
    for name in ("stage", "snooze", "reschedule"):
        stack.record(store, [book["a"]], name, acts[name])
    assert len(stack) == 2 and stack.peek().label == "reschedule"
