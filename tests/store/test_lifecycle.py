"""Lifecycle follow-ups: generated from the contract start, idempotent, re-dated on edit;
one re-engagement per silent spell. Through the store and through ``csm-desk import``."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from csm_desk.cli import main
from csm_desk.domain.cadence import CadenceRules, cadence_plan, reengagement_key, script_for_key, steps_to_create
from csm_desk.domain.facts import MetricPoint
from csm_desk.store.lifecycle import daily_check, sync_cadence, sync_reengagement
from csm_desk.store.tables import Account, FollowUp, Metric

from .conftest import add_account

RULES = CadenceRules()


def _cadence(store, account_id=None):
    with store.read() as s:
        q = select(FollowUp).where(FollowUp.source == "cadence").order_by(FollowUp.due)
        return list(s.scalars(q if account_id is None else q.where(FollowUp.account_id == account_id)))


def test_steps_long_past_are_left_out(today):
    plan = cadence_plan(today - timedelta(days=40), 50_000, None, RULES)
    kept = steps_to_create(plan, today, RULES)
    assert [p.key for p in kept] == [
        "cadence:usage_check",
        "cadence:value_review",
        "cadence:results_review",
        "cadence:expansion",
    ]


def test_script_of_a_cadence_key():
    assert script_for_key("cadence:setup_check", None, RULES) == "lifecycle_day10"
    assert script_for_key("reengage:2026-11-01", None, RULES) == script_for_key("cadence:nope", None, RULES) == ""


def test_reengagement_key_names_the_silent_spell(today):
    points = [
        MetricPoint(today - timedelta(days=30), None, 12),
        MetricPoint(today - timedelta(days=20), None, 0),
        MetricPoint(today - timedelta(days=1), None, 0),
    ]
    assert reengagement_key(points, today, RULES) == f"reengage:{(today - timedelta(days=30)).isoformat()}"
    assert reengagement_key(points[:1], today, RULES) is None


def test_cadence_is_generated_once_and_follows_a_moved_contract_start(store, build, today):
    aid = build(lambda s: add_account(s, "A-1", arr=40_000, owner="Ana", contract_start=today - timedelta(days=5)))
    for _ in range(2):
        with store.write() as s:
            sync_cadence(s, [aid], today, RULES)
    rows = _cadence(store, aid)
    assert [(r.source_key, r.due, r.channel, r.owner) for r in rows[:2]] == [
        ("cadence:welcome", today - timedelta(days=2), "email", "Ana"),
        ("cadence:setup_check", today + timedelta(days=5), "call", "Ana"),
    ]
    assert len(rows) == 6
    with store.write() as s:
        s.get(FollowUp, rows[0].id).status = "done"
        s.get(Account, aid).contract_start = today
        s.flush()
        sync_cadence(s, [aid], today, RULES)
    moved = {r.source_key: r for r in _cadence(store, aid)}
    assert len(moved) == 6
    assert moved["cadence:welcome"].due == today - timedelta(days=2)  # done stays as it was
    assert moved["cadence:setup_check"].due == today + timedelta(days=10)


def test_one_reengagement_per_silent_spell(store, build, today):
    metrics = [
        Metric(date=today - timedelta(days=25), logins=9),
        Metric(date=today - timedelta(days=10), logins=0),
        Metric(date=today - timedelta(days=1), logins=0),
    ]
    aid = build(lambda s: add_account(s, "A-1", owner="Ben", metrics=metrics))
    for _ in range(2):
        with store.write() as s:
            sync_reengagement(s, [aid], today, RULES)
    rows = _cadence(store, aid)
    assert [(r.source_key, r.due, r.owner, r.channel) for r in rows] == [
        (f"reengage:{(today - timedelta(days=25)).isoformat()}", today, "Ben", "call")
    ]
    assert daily_check(store, today, RULES) == 0  # already there; and the day is marked checked
    assert daily_check(store, today, RULES) == 0


def _accounts_csv(path, start: date, arr="30000"):
    path.write_text(
        f"external_id,name,arr,contract_start,owner\nN-1,Newco,{arr},{start.isoformat()},Ana\nN-2,Nodate,5000,,Ben\n",
        encoding="utf-8",
    )
    return str(path)


def test_import_generates_cadence_and_reimport_never_duplicates(tmp_path, db_path, today, store, capsys):
    csv = _accounts_csv(tmp_path / "accounts.csv", today - timedelta(days=1))
    args = ["import", csv, "--db", str(db_path), "--today", today.isoformat()]
    assert main(args) == 0
    assert "lifecycle follow-ups" in capsys.readouterr().out
    first = [(r.source_key, r.due) for r in _cadence(store)]
    assert len(first) == 6 and first[0] == ("cadence:welcome", today + timedelta(days=2))
    assert main(args) == 0
    _accounts_csv(tmp_path / "accounts.csv", today - timedelta(days=1), arr="31000")  # an edit, same start
    assert main(args) == 0
    assert [(r.source_key, r.due) for r in _cadence(store)] == first
    _accounts_csv(tmp_path / "accounts.csv", today + timedelta(days=6))  # the start moved
    assert main(args) == 0
    assert next((r.source_key, r.due) for r in _cadence(store)) == ("cadence:welcome", today + timedelta(days=9))
    assert len(_cadence(store)) == 6
