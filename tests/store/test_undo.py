"""Undo restores the database exactly: full table dumps before the action and after undo."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from csm_desk.desk import Desk
from csm_desk.domain.signals import FlagRules
from csm_desk.store import actions, followups
from csm_desk.store.tables import FollowUp, SaveAction, SavePlan
from csm_desk.store.undo import UndoError, UndoStack, UndoStep

from .conftest import add_account, two_flag_metrics
from .dbdump import dump as dump_any

RULES = FlagRules()


def dump(db_path) -> dict[str, list[tuple]]:
    """Every row of every table, in key order (SQLite or PostgreSQL)."""
    return dump_any(db_path)


@pytest.fixture
def book(store, build, today):
    def make(s):
        a = add_account(
            s,
            "A-1",
            name="Acme",
            owner="Ana",
            metrics=two_flag_metrics(today),
            followups=[
                FollowUp(due=today - timedelta(days=2), title="Send the roadmap", owner="Ana"),
                FollowUp(due=today, due_time=time(14), title="Call Maria", channel="call"),
            ],
        )
        b = add_account(s, "B-1", name="Other", followups=[FollowUp(due=today, title="Untouched")])
        plan = SavePlan(account_id=a, situation="slipping")
        s.add(plan)
        s.flush()
        fu = s.scalars(select(FollowUp).where(FollowUp.title == "Send the roadmap")).one()
        plan.next_checkin_id = fu.id
        s.add(SaveAction(plan_id=plan.id, action="roadmap", followup_id=fu.id))
        return {
            "a": a,
            "b": b,
            "fu": fu.id,
            "call": s.scalars(select(FollowUp.id).where(FollowUp.title == "Call Maria")).one(),
        }

    return build(make)


def _actions(book, today):
    """Each action as a change for ``Desk.write`` (it runs them in one transaction)."""
    fu, a = book["fu"], book["a"]
    return {
        "done": lambda s: followups.complete(s, a, fu, outcome="They agreed [bold]x[/]"),
        "skip": lambda s: followups.complete(s, a, fu, skipped=True),
        "snooze": lambda s: followups.snooze(s, a, fu, today, until=today + timedelta(days=3)),
        "reschedule": lambda s: followups.reschedule(s, a, fu, due=today + timedelta(days=9), due_time=time(9)),
        "delete": lambda s: followups.remove(s, a, fu),
        "stage": lambda s: actions.set_stage(s, a, "engaged", today, note="first call"),
        "close": lambda s: actions.set_stage(s, a, "churned", today, reason="pricing"),
    }


@pytest.mark.parametrize("name", ["done", "skip", "snooze", "reschedule", "delete", "stage", "close"])
def test_undo_of_each_action_restores_every_table_exactly(desk, book, today, db_path, name):
    before = dump(db_path)
    desk.write(name, [book["a"]], _actions(book, today)[name])
    assert dump(db_path) != before
    step = desk.undo_last()
    assert step.label == name and len(desk.undo) == 0
    assert dump(db_path) == before


WRITES = {
    "note": lambda d, b, t: d.add_note(b["a"], channel="call", summary="They said [/]", quotes=["We may leave"]),
    "signal": lambda d, b, t: d.log_signal(b["a"], kind="competitor_mentioned", day=t, quote="Pivotly [bold]"),
    "followup": lambda d, b, t: d.add_followup(b["a"], due=t + timedelta(days=2), title="Send the deck"),
    "stage": lambda d, b, t: d.set_stage(b["a"], "engaged", note="first call"),
    "done": lambda d, b, t: d.complete_followup(b["a"], b["fu"], "done", outcome="ok"),
    "snooze": lambda d, b, t: d.snooze_followup(b["a"], b["fu"], "snooze", until=t + timedelta(days=3)),
    "reschedule": lambda d, b, t: d.reschedule_followup(
        b["a"], b["fu"], "resched", due=t + timedelta(days=5), due_time=None
    ),
    "delete": lambda d, b, t: d.delete_followup(b["a"], b["fu"], "delete"),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_of_the_desk_is_one_undo_step(desk, book, today, db_path, name):
    before = dump(db_path)
    WRITES[name](desk, book, today)
    assert dump(db_path) != before and len(desk.undo) == 1
    desk.undo_last()
    assert dump(db_path) == before


def test_resolving_a_signal_is_undone_too(desk, book, today, db_path):
    desk.log_signal(book["a"], kind="emails_ignored", day=today)
    (signal,) = [s for s in desk.active_signals(book["a"]) if s.kind == "emails_ignored"]
    before = dump(db_path)
    desk.resolve_signal(book["a"], signal.id)
    assert all(s.id != signal.id for s in desk.active_signals(book["a"]))
    desk.undo_last()
    assert dump(db_path) == before


def test_a_change_outside_the_named_account_is_refused(desk, book, today, db_path):
    before = dump(db_path)
    with pytest.raises(actions.ActionError):
        desk.complete_followup(book["b"], book["fu"], "done on the wrong account")
    assert dump(db_path) == before and len(desk.undo) == 0


def test_several_levels_one_action_each(desk, book, today, db_path):
    acts = _actions(book, today)
    images = [dump(db_path)]
    for name in ("stage", "snooze", "done"):
        desk.write(name, [book["a"]], acts[name])
        images.append(dump(db_path))
    assert len(desk.undo) == 3
    for expected in reversed(images[:-1]):
        desk.undo_last()
        assert dump(db_path) == expected
    with pytest.raises(UndoError, match="Nothing to undo"):
        desk.undo_last()


def test_a_failed_action_leaves_no_step_and_writes_nothing(desk, book, today, db_path):
    before = dump(db_path)
    with pytest.raises(actions.ActionError):
        desk.write("bad", [book["a"]], lambda s: followups.snooze(s, book["a"], book["fu"], today, until=today))
    assert len(desk.undo) == 0 and dump(db_path) == before


def test_undo_refuses_when_the_account_changed_since(desk, store, settings, book, today, db_path):
    desk.write("done", [book["a"]], _actions(book, today)["done"])
    Desk(store, settings).add_note(book["a"], channel="call", summary="later note")  # another process, say
    after = dump(db_path)
    with pytest.raises(UndoError, match="changed since"):
        desk.undo_last()
    assert dump(db_path) == after and len(desk.undo) == 0


def test_depth_is_bounded(store, settings, book, today):
    desk = Desk(store, settings)
    desk.undo = UndoStack(depth=2)
    acts = _actions(book, today)
    for name in ("stage", "snooze", "reschedule"):
        desk.write(name, [book["a"]], acts[name])
    assert len(desk.undo) == 2 and desk.undo.peek().label == "reschedule"


def test_the_rows_kept_are_bounded_and_the_newest_step_always_stays():
    def step(label: str, rows: int) -> UndoStep:
        image = {"account": {n: {"id": n} for n in range(rows)}}
        return UndoStep(label, (1,), image, image)

    stack = UndoStack(max_rows=100)
    stack.push(step("small", 10))  # 20 rows: two images of 10
    stack.push(step("medium", 30))  # 80 in all
    assert len(stack) == 2
    stack.push(step("another", 10))  # 100: still within
    assert len(stack) == 3
    stack.push(step("big import", 200))  # alone it is over: the older steps go, it stays
    assert len(stack) == 1 and stack.peek().label == "big import"
