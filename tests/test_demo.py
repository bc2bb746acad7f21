"""The demo book: deterministic, realistic, live relative to today, and cheap to re-run."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from csm_desk import demo
from csm_desk.cli import main
from csm_desk.demo.content import STORIES
from csm_desk.domain.facts import MetricPoint, SignalFact
from csm_desk.domain.signals import red_flags
from csm_desk.store import bulk
from csm_desk.store.engine import open_store
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Quote, SavePlan, Signal, StageChange

TABLES = (
    "account",
    "contact",
    "metric",
    "signal",
    "interaction",
    "quote",
    "followup",
    "stage_change",
    "risk_case",
    "save_plan",
    "save_action",
)


def dump(target) -> dict[str, list[tuple]]:
    """Every row of every table, as stored (a SQLite path, or an open store on any backend)."""
    if hasattr(target, "engine"):
        with target.engine.connect() as conn:
            return {t: [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id")] for t in TABLES}
    con = sqlite3.connect(target)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        con.close()


def run_cli(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.fixture
def book(store, today, settings):
    demo.write_demo_book(store, today, settings)
    return store


@pytest.fixture
def queue(tmp_path, capsys):
    """The default book through the command line: (queue, queue --all)."""
    db = str(tmp_path / "cli.db")
    summary = run_cli(capsys, "--db", db, "--today", "2026-11-23", "demo")
    assert summary.startswith("Wrote a demo book for 2026-11-23 (seed 7): 60 accounts")
    at_risk = json.loads(run_cli(capsys, "--db", db, "--today", "2026-11-23", "queue", "--json"))
    everything = json.loads(run_cli(capsys, "--db", db, "--today", "2026-11-23", "queue", "--all", "--json"))
    return at_risk, everything


# --- Determinism and re-runs --------------------------------------------------------


@pytest.mark.slow
def test_same_seed_and_day_give_the_same_book(tmp_path, today, settings):
    dumps = []
    for name, seed in (("a.db", 7), ("b.db", 7), ("c.db", 8)):
        s = open_store(tmp_path / name)
        demo.write_demo_book(s, today, settings, accounts=120, seed=seed)
        s.dispose()
        dumps.append(dump(tmp_path / name))
    assert dumps[0] == dumps[1]
    assert dumps[0]["metric"] != dumps[2]["metric"]


def test_rerun_replaces_demo_accounts_and_leaves_others_alone(store, today, settings):
    with store.write() as session:
        mine = Account(external_id="ACME-1", name="Acme (mine)", arr=1_000.0)
        session.add(mine)
        session.flush()
        session.add(Contact(account_id=mine.id, name="Pat Doe", role="champion"))
        session.add(Metric(account_id=mine.id, date=today, health=80))
    demo.write_demo_book(store, today, settings, force=True)
    first = dump(store)
    demo.write_demo_book(store, today, settings, force=True)
    second = dump(store)
    assert {t: len(rows) for t, rows in first.items()} == {t: len(rows) for t, rows in second.items()}
    with store.read() as session:
        names = session.exec(select(Account.external_id)).scalars().all()
        assert len([n for n in names if n.startswith("DEMO-")]) == 60
        assert "ACME-1" in names
        acme = session.exec(select(Account).where(Account.external_id == "ACME-1")).scalar_one()
        assert (
            session.exec(select(func.count()).select_from(Contact).where(Contact.account_id == acme.id)).scalar() == 1
        )
        assert session.exec(select(func.count()).select_from(Metric).where(Metric.account_id == acme.id)).scalar() == 1


def test_a_smaller_rerun_leaves_no_orphans(store, today, settings):
    demo.write_demo_book(store, today, settings, accounts=90)
    demo.write_demo_book(store, today, settings, accounts=10)
    rows = dump(store)
    assert len(rows["account"]) == 10
    ids = {r[0] for r in rows["account"]}
    for table in TABLES[1:-1]:
        assert {r[1] for r in rows[table]} <= ids, table


def test_the_fast_sqlite_path_stores_what_core_would(tmp_path, today, settings, monkeypatch):
    for name, fast in (("fast.db", True), ("core.db", False)):
        monkeypatch.setattr(bulk, "FAST_SQLITE", fast)
        s = open_store(tmp_path / name)
        demo.write_demo_book(s, today, settings, accounts=80)
        s.dispose()
    assert dump(tmp_path / "fast.db") == dump(tmp_path / "core.db")


# --- Derived columns ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lean", [False, True], ids=["dense", "lean"])
def test_derived_columns_are_what_evaluate_accounts_writes(store, today, settings, monkeypatch, lean):
    if lean:  # the monthly snapshots of big books, without writing a big book
        monkeypatch.setattr(demo.book, "LEAN_ABOVE", 100)
    demo.write_demo_book(store, today, settings, accounts=400)
    before = dump(store)
    with store.write() as session:
        evaluate_accounts(session, None, today, settings.red_flags)
    assert dump(store) == before  # no column changed and no stage change was added
    with store.read() as session:
        spans = session.exec(
            select(func.min(Metric.date), func.max(Metric.date), func.count()).group_by(Metric.account_id)
        ).all()
    assert len(spans) == 400
    assert all((last - first).days >= 180 and count >= 9 for first, last, count in spans)


def test_stories_fire_the_flags_they_were_written_for(book, today, settings):
    with book.read() as session:
        accounts = {a.name: a for a in session.exec(select(Account)).scalars()}
        for story in STORIES:
            a = accounts[story.name]
            assert set(a.red_flags.split(",") if a.red_flags else ()) == set(story.flags), story.name
            # The same flags straight from the domain, from the stored history.
            history = [
                MetricPoint(
                    m.date,
                    m.health,
                    m.logins,
                    m.active_users,
                    m.feature_adoption,
                    m.sla_misses_30d,
                    m.nps,
                    m.login_benchmark,
                )
                for m in session.exec(select(Metric).where(Metric.account_id == a.id).order_by(Metric.date)).scalars()
            ]
            signals = [
                SignalFact(s.kind, s.date, s.resolved_on, s.quote or None)
                for s in session.exec(select(Signal).where(Signal.account_id == a.id)).scalars()
            ]
            assert set(red_flags(history, signals, today, a.contract_start, settings.red_flags)) == set(story.flags)
            assert a.at_risk == (story.tier is not None), story.name


# --- The queue -------------------------------------------------------------------------


def test_queue_has_every_tier_and_every_playbook(queue):
    at_risk, _ = queue
    assert {e["tier"] for e in at_risk} == {"high", "medium", "low"}
    assert {"champion_silent", "usage_drop", "champion_left", "competitor"} <= {
        e["suggested_playbook"] for e in at_risk
    }
    by_name = {e["name"]: e for e in at_risk}
    for story in STORIES:
        if story.tier is None:
            assert story.name not in by_name
        else:
            assert by_name[story.name]["tier"] == story.tier, story.name
            assert by_name[story.name]["suggested_playbook"] == story.playbook, story.name


def test_reasons_follow_the_triage_rules(queue):
    at_risk, _ = queue
    for e in at_risk:
        rules = {r["rule"] for r in e["reasons"]}
        days = e["days_to_renewal"]
        assert ("renewal_90" in rules) == (days is not None and days <= 90), e["name"]
        assert ("renewal_180" in rules) == (days is not None and 90 < days <= 180), e["name"]
        assert ("big_or_strategic" in rules) == (e["arr"] > 50_000 or e["strategic"]), e["name"]
        if e["tier"] == "low":
            assert rules == {"low"}
    champion_gone = [e for e in at_risk if "champion_gone" in {r["rule"] for r in e["reasons"]}]
    assert any(e["name"] == "Ferrovia Nova Transportes" for e in champion_gone)
    assert all(e["name"] != "Brightwater Retail Group" for e in champion_gone)  # a new champion took over


def test_the_book_is_varied(queue):
    at_risk, everything = queue
    assert len(everything) == 60 and len(at_risk) < len(everything)
    healthy = [e for e in everything if not e["red_flags"] and e["stage"] is None]
    assert len(healthy) >= 15
    days = [e["days_to_renewal"] for e in everything]
    assert any(d < 0 for d in days)
    assert any(0 <= d <= 90 for d in days) and any(90 < d <= 180 for d in days) and any(d > 180 for d in days)
    assert any(e["strategic"] for e in everything)
    arrs = [e["arr"] for e in everything]
    assert min(arrs) <= 4_000 and max(arrs) >= 200_000
    assert {e["segment"] for e in everything} == {"enterprise", "mid-market", "smb"}
    assert 2 <= len({e["owner"] for e in everything}) <= 3
    stages = Counter(e["stage"] for e in everything)
    assert {"identified", "engaged", "save_plan", "monitoring", "saved", "churned", "let_go"} <= set(stages)


def test_pipeline_dates_are_realistic(book, today):
    with book.read() as session:
        accounts = session.exec(select(Account).where(Account.stage != "")).scalars().all()
        moves = session.exec(select(StageChange)).scalars().all()
    waiting = [
        a for a in accounts if a.stage == "identified" and a.engaged_on is None and (today - a.identified_on).days > 2
    ]
    assert waiting  # identified, not engaged for more than 48 h
    for a in accounts:
        assert a.identified_on is not None and a.identified_on <= today
        if a.engaged_on is not None:
            assert a.identified_on <= a.engaged_on <= today
    closing = [m for m in moves if m.to_stage in ("saved", "churned", "let_go")]
    assert {m.to_stage for m in closing} == {"saved", "churned", "let_go"}
    assert all(m.reason for m in closing)
    assert all(m.at.tzinfo is not None for m in moves)


def test_champion_left_with_and_without_a_successor(book):
    with book.read() as session:

        def champions(name):
            a = session.exec(select(Account).where(Account.name == name)).scalar_one()
            rows = session.exec(select(Contact).where(Contact.account_id == a.id, Contact.role == "champion")).scalars()
            return sorted(c.status for c in rows)

        assert champions("Ferrovia Nova Transportes") == ["left"]
        assert champions("Brightwater Retail Group") == ["active", "left"]


# --- History, timeline, follow-ups ----------------------------------------------------------


def test_every_account_has_six_months_of_history(book, today):
    with book.read() as session:
        spans = session.exec(
            select(func.min(Metric.date), func.max(Metric.date), func.count()).group_by(Metric.account_id)
        ).all()
        nps = session.exec(select(func.count()).select_from(Metric).where(Metric.nps.is_not(None))).scalar()
        benchmarks = session.exec(
            select(func.count(func.distinct(Metric.account_id))).where(Metric.login_benchmark.is_not(None))
        ).scalar()
    assert len(spans) == 60
    for first, last, count in spans:
        assert (last - first).days >= 180 and count >= 15
        assert last <= today
    assert nps >= 60 and benchmarks >= 2


def test_follow_ups_overdue_today_upcoming_and_done(book, today):
    with book.read() as session:
        rows = session.exec(select(FollowUp)).scalars().all()
    open_ = [f for f in rows if f.status == "open"]
    assert any(f.due < today for f in open_)
    assert any(f.due == today for f in open_)
    assert any(f.due > today for f in open_)
    assert any(f.status == "done" and f.done_at is not None and f.done_at.tzinfo is not None for f in rows)
    assert any(f.snoozed_until is not None for f in open_)
    assert {"manual", "save_plan"} <= {f.source for f in rows}


def test_quotes_in_both_languages_linked_to_interactions(book):
    with book.read() as session:
        rows = session.exec(
            select(Quote, Account.language, Interaction.account_id)
            .join(Account, Account.id == Quote.account_id)
            .join(Interaction, Interaction.id == Quote.interaction_id)
        ).all()
        speakers = {c.id for c in session.exec(select(Contact)).scalars()}
        assert all(i.at.tzinfo is not None for i in session.exec(select(Interaction)).scalars())
        plans = session.exec(select(func.count()).select_from(SavePlan)).scalar()
    assert plans >= 5
    by_language = Counter(language for _q, language, _a in rows)
    assert by_language["en"] >= 10 and by_language["pt-BR"] >= 10
    assert all(q.account_id == account_id for q, _l, account_id in rows)
    assert all(q.speaker_id in speakers for q, _l, _a in rows if q.speaker_id is not None)
    pt = " ".join(q.text for q, language, _a in rows if language == "pt-BR")
    assert "orçamento" in pt and "não" in pt
    positions = Counter()
    for q, _l, _a in rows:
        positions[q.interaction_id] = max(positions[q.interaction_id], q.position + 1)
    counts = Counter(q.interaction_id for q, _l, _a in rows)
    assert positions == counts  # positions run 0..n-1 in every interaction


def test_the_book_moves_with_today(tmp_path, today, settings):
    later = today + timedelta(days=40)
    a, b = open_store(tmp_path / "a.db"), open_store(tmp_path / "b.db")
    demo.write_demo_book(a, today, settings)
    demo.write_demo_book(b, later, settings)
    with a.read() as sa, b.read() as sb:
        x = sa.exec(select(Account).where(Account.external_id == "DEMO-0001")).scalar_one()
        y = sb.exec(select(Account).where(Account.external_id == "DEMO-0001")).scalar_one()
    a.dispose()
    b.dispose()
    assert y.renewal_date - x.renewal_date == timedelta(days=40)
    assert (x.red_flags, x.health, x.at_risk) == (y.red_flags, y.health, y.at_risk)


# --- ensure_demo_book and --demo -----------------------------------------------------------


@pytest.mark.sqlite_only("the demo marker file sits next to the SQLite file")
def test_ensure_writes_once_per_day(store, today, settings):
    assert demo.ensure_demo_book(store, today, settings) is True
    marker = store.path.with_name(store.path.name + ".demo.json")
    assert json.loads(marker.read_text()) == {
        "version": demo.BOOK_VERSION,
        "today": today.isoformat(),
        "accounts": 60,
        "seed": 7,
    }
    before = dump(store)
    assert demo.ensure_demo_book(store, today, settings) is False
    assert dump(store) == before
    # A bigger book asked for by hand is kept, and regenerated at that size the next day.
    demo.write_demo_book(store, today, settings, accounts=75)
    assert json.loads(marker.read_text())["accounts"] == 75
    assert demo.ensure_demo_book(store, today, settings) is False
    assert demo.ensure_demo_book(store, today + timedelta(days=1), settings) is True
    with store.read() as session:
        evaluated = session.exec(select(Account.evaluated_on).distinct()).scalars().all()
        assert session.exec(select(func.count()).select_from(Account)).scalar() == 75
    assert evaluated == [today + timedelta(days=1)]


@pytest.mark.sqlite_only("the demo marker file sits next to the SQLite file")
def test_write_demo_book_leaves_no_marker_next_to_a_plain_database(book):
    assert not book.path.with_name(book.path.name + ".demo.json").exists()


def test_demo_flag_uses_a_cache_book(capsys):
    out = run_cli(capsys, "--demo", "--today", "2026-11-23", "queue", "--json")
    assert len(json.loads(out)) > 10
    from csm_desk import locations

    assert locations.demo_db_path().exists()
    assert not locations.default_db_path().exists()  # the user's database is never touched


@pytest.mark.slow
def test_scale_check_2000_accounts(store, today, settings):
    """A quick scale check: the generated part of the book at 2,000 accounts (100k is measured by hand)."""
    summary = demo.write_demo_book(store, today, settings, accounts=2_000)
    assert "2,000 accounts" in summary
    with Session(store.engine) as session:
        count = session.exec(select(func.count()).select_from(Account)).scalar()
        at_risk = session.exec(select(func.count()).select_from(Account).where(Account.at_risk)).scalar()
        unstaged = session.exec(
            select(func.count()).select_from(Account).where(Account.at_risk, Account.stage == "")
        ).scalar()
    assert count == 2_000
    assert 0.2 < at_risk / count < 0.6
    assert unstaged == 0  # every account at risk by its flags is in the pipeline, as evaluate would put it
