"""Re-deriving flags and at-risk on accounts, and the queue the screens and CLI share."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from csm_desk.cli import main
from csm_desk.domain.signals import FlagRules
from csm_desk.domain.triage import ScoreWeights, TriageRules
from csm_desk.store.evaluate import evaluate_accounts, refresh_if_stale
from csm_desk.store.queries import queue_entries
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Signal, StageChange

from .conftest import add_account, two_flag_metrics

T = date(2026, 11, 23)


def ago(days: int) -> date:
    return T - timedelta(days=days)


def ahead(days: int) -> date:
    return T + timedelta(days=days)


def book(session) -> dict[str, int]:
    """A small book covering every tier and the ways in and out of the pipeline."""
    ids = {}
    ids["big"] = add_account(
        session,
        "big",
        name="Big Co",
        arr=80_000.0,
        owner="ana",
        renewal_date=ahead(60),
        contract_start=ago(400),
        metrics=two_flag_metrics(T),
        followups=[
            FollowUp(due=ago(3), title="call back", status="open"),
            FollowUp(due=ago(30), title="old", status="done"),
            FollowUp(due=ago(10), title="snoozed", status="open", snoozed_until=ahead(2)),
        ],
        interactions=[Interaction(at=datetime(2026, 11, 13, 15, 0, tzinfo=UTC), channel="call")],
    )
    ids["champ"] = add_account(
        session,
        "champ",
        name="Champ Ltd",
        arr=30_000.0,
        owner="bo",
        renewal_date=ahead(400),
        metrics=[Metric(date=ago(2), health=70)],
        signals=[Signal(date=ago(6), kind="champion_left"), Signal(date=ago(4), kind="competitor_mentioned")],
        contacts=[Contact(name="Jo", role="champion", status="left")],
    )
    ids["mid"] = add_account(
        session,
        "mid",
        name="Mid Inc",
        arr=20_000.0,
        owner="ana",
        renewal_date=ahead(120),
        metrics=[Metric(date=ago(12), health=55, sla_misses_30d=3, nps=4)],
    )
    ids["small"] = add_account(
        session,
        "small",
        name="Small [b]Shop[/b]",
        arr=5_000.0,
        owner="ana",
        renewal_date=ahead(300),
        metrics=[Metric(date=ago(5), health=30, sla_misses_30d=3)],
    )
    ids["hand"] = add_account(
        session,
        "hand",
        name="Hand Picked",
        arr=15_000.0,
        owner="bo",
        stage="engaged",
        identified_on=ago(10),
        engaged_on=ago(9),
        renewal_date=ahead(200),
        metrics=[Metric(date=ago(1), health=90)],
    )
    ids["one_flag"] = add_account(
        session,
        "one_flag",
        name="One Flag",
        arr=100_000.0,
        metrics=[Metric(date=ago(1), health=45)],
    )
    ids["churned"] = add_account(
        session,
        "churned",
        name="Gone",
        arr=40_000.0,
        stage="churned",
        metrics=two_flag_metrics(T),
    )
    return ids


@pytest.fixture
def ids(build) -> dict[str, int]:
    return build(book)


def _account(store, account_id: int) -> Account:
    with store.read() as session:
        return session.get(Account, account_id)


# --- evaluate_accounts -------------------------------------------------------------------------


def test_evaluate_derives_flags_health_and_at_risk(store, ids):
    big = _account(store, ids["big"])
    assert big.red_flags == "health_low,sla_misses"
    assert big.health == 45 and big.health_delta == 0  # 45 a month before too
    assert big.at_risk and big.at_risk_since == ago(40)
    assert big.evaluated_on == T
    one = _account(store, ids["one_flag"])
    assert one.red_flags == "health_low" and not one.at_risk and one.stage == "" and one.at_risk_since is None


def test_newly_at_risk_accounts_enter_the_pipeline_as_identified(store, ids):
    big = _account(store, ids["big"])
    assert big.stage == "identified" and big.identified_on == T
    with store.read() as session:
        changes = session.exec(select(StageChange).where(StageChange.account_id == ids["big"])).all()
    [change] = changes
    assert (change.from_stage, change.to_stage) == ("", "identified")
    assert change.note == "red flags: health_low, sla_misses"
    assert change.at.tzinfo == UTC


def test_evaluating_again_does_not_identify_twice(store, ids):
    with store.write() as session:
        evaluate_accounts(session, None, ahead(1), FlagRules())
    with store.read() as session:
        assert len(session.exec(select(StageChange)).all()) == 4  # big, champ, mid, small
    assert _account(store, ids["big"]).identified_on == T


def test_identified_accounts(store, ids):
    with store.read() as session:
        identified = {c.account_id for c in session.exec(select(StageChange)).all()}
    assert identified == {ids["big"], ids["champ"], ids["mid"], ids["small"]}


def test_a_stage_set_by_hand_keeps_the_account_at_risk(store, ids):
    hand = _account(store, ids["hand"])
    assert hand.stage == "engaged" and hand.at_risk and hand.at_risk_since == ago(10)
    assert hand.red_flags == ""


def test_a_closed_account_is_not_at_risk(store, ids):
    gone = _account(store, ids["churned"])
    assert gone.stage == "churned" and not gone.at_risk
    assert gone.red_flags == "health_low,sla_misses"


def test_at_risk_since_after_recovering_is_the_current_run(store, build):
    def bouncing(session):
        return add_account(
            session,
            "bounce",
            arr=1_000.0,
            metrics=[
                Metric(date=ago(100), health=80, sla_misses_30d=0),
                Metric(date=ago(80), health=45, sla_misses_30d=3),
                Metric(date=ago(60), health=75, sla_misses_30d=0),
                Metric(date=ago(40), health=45, sla_misses_30d=3),
                Metric(date=ago(0), health=41, sla_misses_30d=3),
            ],
        )

    aid = build(bouncing)
    assert _account(store, aid).at_risk_since == ago(40)


def test_evaluate_only_the_given_accounts(store, ids):
    with store.write() as session:
        session.add(Metric(account_id=ids["one_flag"], date=T, health=45, sla_misses_30d=5))
        session.add(Metric(account_id=ids["hand"], date=T, health=10, sla_misses_30d=5))
        assert evaluate_accounts(session, [ids["one_flag"]], T, FlagRules()) == 1
    assert _account(store, ids["one_flag"]).at_risk
    assert _account(store, ids["hand"]).red_flags == ""


def test_refresh_if_stale_re_evaluates_on_a_new_day(store, ids):
    assert refresh_if_stale(store, T, FlagRules()) == 0
    assert refresh_if_stale(store, ahead(1), FlagRules()) == len(ids)
    assert _account(store, ids["big"]).evaluated_on == ahead(1)


def test_signal_resolved_leaves_the_flags(store, ids):
    with store.write() as session:
        sig = session.exec(select(Signal).where(Signal.kind == "competitor_mentioned")).one()
        sig.resolved_on = T
        session.add(sig)
        session.flush()
        evaluate_accounts(session, [ids["champ"]], T, FlagRules())
    champ = _account(store, ids["champ"])
    assert champ.red_flags == "champion_left"
    # Already in the pipeline: it stays at risk there until the CSM closes it.
    assert champ.stage == "identified" and champ.at_risk


# --- queue_entries -------------------------------------------------------------------------------


def _queue(store, **kw):
    with store.read() as session:
        return queue_entries(session, T, TriageRules(), ScoreWeights(), **kw)


def test_queue_holds_the_at_risk_accounts_in_triage_order(store, ids):
    entries = _queue(store)
    names = [e.facts.name for e in entries]
    assert set(names) == {"Big Co", "Champ Ltd", "Mid Inc", "Small [b]Shop[/b]", "Hand Picked"}
    tiers = [e.triaged.tier for e in entries]
    assert tiers == ["high", "high", "medium", "low", "low"]
    assert entries == sorted(entries, key=lambda e: e.triaged.sort_key)
    assert [e.facts.name for e in entries if e.triaged.tier == "high"] == ["Big Co", "Champ Ltd"]


def test_queue_facts_come_from_the_history(store, ids):
    big = next(e for e in _queue(store) if e.facts.id == ids["big"])
    assert big.next_due == ago(3)  # the done one is ignored, the snoozed one counts from its new day
    assert big.facts.last_contact == datetime(2026, 11, 13, 15, 0, tzinfo=UTC).astimezone().date()
    assert big.facts.red_flags == ("health_low", "sla_misses")
    champ = next(e for e in _queue(store) if e.facts.id == ids["champ"])
    assert champ.facts.champion_left and not champ.facts.has_active_champion
    assert "champion_gone" in champ.triaged.rules


def test_a_new_active_champion_replaces_the_one_who_left(store, ids):
    with store.write() as session:
        session.add(Contact(account_id=ids["champ"], name="Kim", role="champion", status="active"))
    champ = next(e for e in _queue(store) if e.facts.id == ids["champ"])
    assert champ.facts.has_active_champion and "champion_gone" not in champ.triaged.rules


def test_queue_all_and_owner(store, ids):
    assert len(_queue(store, include_all=True)) == len(ids)
    assert {e.facts.name for e in _queue(store, owner="bo")} == {"Champ Ltd", "Hand Picked"}


# --- queue --json ----------------------------------------------------------------------------------

FIELDS = {
    "id",
    "external_id",
    "name",
    "arr",
    "health",
    "tier",
    "score",
    "reasons",
    "points",
    "red_flags",
    "renewal_date",
    "days_to_renewal",
    "stage",
    "suggested_playbook",
    "next_follow_up",
}


def _json_queue(capsys, db_path, *extra) -> list[dict]:
    assert main(["--db", str(db_path), "--today", T.isoformat(), "queue", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_queue_json_fields(ids, db_path, capsys):
    rows = _json_queue(capsys, db_path)
    assert [r["name"] for r in rows[:3]] == ["Big Co", "Champ Ltd", "Mid Inc"]
    assert {r["name"] for r in rows[3:]} == {"Small [b]Shop[/b]", "Hand Picked"}
    for row in rows:
        assert set(row) >= FIELDS
        assert all(set(r) == {"rule", "text"} and r["text"] for r in row["reasons"])
        assert [p["term"] for p in row["points"]] == [
            "arr",
            "renewal",
            "health",
            "flags",
            "not_engaged",
            "overdue",
            "no_contact",
        ]
        assert all(set(p) == {"term", "value", "coefficient", "points"} for p in row["points"])
        assert sum(p["points"] for p in row["points"]) == pytest.approx(row["score"], abs=1e-3)
    big = rows[0]
    assert big["id"] == ids["big"] and big["external_id"] == "big"
    assert (big["arr"], big["health"], big["tier"]) == (80_000.0, 45, "high")
    assert [r["rule"] for r in big["reasons"]] == ["renewal_90", "big_or_strategic", "trend"]
    assert big["reasons"][0]["text"] == "Renews in 60 days (2027-01-22): inside the 90-day window."
    assert big["red_flags"] == ["health_low", "sla_misses"]
    assert (big["renewal_date"], big["days_to_renewal"]) == ("2027-01-22", 60)
    assert big["stage"] == "identified"
    assert big["suggested_playbook"] == "listening_tour"
    assert big["next_follow_up"] == ago(3).isoformat()
    champ = rows[1]
    assert champ["suggested_playbook"] == "champion_left"
    assert champ["next_follow_up"] is None and champ["health"] == 70
    low = rows[-1]
    assert low["tier"] == "low" and low["reasons"][0]["rule"] == "low"


def test_queue_table_prints_names_as_text(ids, db_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")
    assert main(["--db", str(db_path), "--today", T.isoformat(), "queue"]) == 0
    out = capsys.readouterr().out
    assert "Small [b]Shop[/b]" in out and "Big Co" in out


def test_queue_json_empty_book(db_path, capsys):
    assert _json_queue(capsys, db_path) == []


def test_a_saved_account_comes_back_when_new_trouble_starts_after_saving(store):
    from datetime import UTC, datetime, timedelta

    from csm_desk.store.tables import Account, Metric

    with store.write() as session:
        a = Account(
            external_id="S1",
            name="Saved once",
            arr=20_000.0,
            stage="saved",
            identified_on=T - timedelta(days=200),
            engaged_on=T - timedelta(days=199),
        )
        session.add(a)
        session.flush()
        session.add(
            StageChange(
                account_id=a.id,
                from_stage="monitoring",
                to_stage="saved",
                reason="pricing",
                at=datetime.combine(T - timedelta(days=100), datetime.min.time(), tzinfo=UTC),
            )
        )
        # Healthy until 20 days ago, then low health and SLA misses.
        session.add(Metric(account_id=a.id, date=T - timedelta(days=60), health=80, sla_misses_30d=0))
        session.add(Metric(account_id=a.id, date=T - timedelta(days=20), health=40, sla_misses_30d=5))
        session.flush()
        evaluate_accounts(session, [a.id], T, FlagRules())
        account_id = a.id
    back = _account(store, account_id)
    assert back.stage == "identified" and back.at_risk and back.identified_on == T and back.engaged_on is None
    assert back.at_risk_since == T - timedelta(days=20)
    with store.read() as session:
        last = session.exec(
            select(StageChange).where(StageChange.account_id == account_id).order_by(StageChange.id.desc())
        ).first()
    assert (last.from_stage, last.to_stage) == ("saved", "identified")


def test_a_saved_account_with_the_same_old_trouble_stays_saved(store):
    from datetime import UTC, datetime, timedelta

    from csm_desk.store.tables import Account, Metric

    with store.write() as session:
        a = Account(external_id="S2", name="Saved, flags linger", arr=20_000.0, stage="saved")
        session.add(a)
        session.flush()
        session.add(
            StageChange(
                account_id=a.id,
                from_stage="monitoring",
                to_stage="saved",
                reason="pricing",
                at=datetime.combine(T - timedelta(days=10), datetime.min.time(), tzinfo=UTC),
            )
        )
        session.add(Metric(account_id=a.id, date=T - timedelta(days=60), health=40, sla_misses_30d=5))
        session.flush()
        evaluate_accounts(session, [a.id], T, FlagRules())
        account_id = a.id
    assert _account(store, account_id).stage == "saved"
