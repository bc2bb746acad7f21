"""``csm-desk export`` holds the whole book, and export -> import -> export loses nothing.

The demo book (plans, cases, stage history, quotes with speakers, call commitments,
repeated follow-ups) goes through an empty database in JSON and CSV: the files come back
byte for byte, the dashboard is the same for each of the last twelve months, re-evaluating
adds nothing, and importing the same export again changes nothing. Books built by hand check
the repeats the demo does not have, references into a book that already has data, and
that a restore brings back no cadence follow-up the CSM deleted.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from csm_desk.cli import main
from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.demo import write_demo_book
from csm_desk.desk import Desk
from csm_desk.domain.measures import Month
from csm_desk.domain.save_plan import PlanAction, PlanDraft
from csm_desk.domain.saving import TeamMember
from csm_desk.store.calls import CallState, CapturedQuote, Commitment
from csm_desk.store.engine import open_store
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Account, FollowUp, RiskCase, StageChange
from store.dbdump import dump  # tests/ is on the path (pytest prepends it); tests/store is a package

TODAY = date(2026, 11, 23)

KINDS = (
    "accounts",
    "contacts",
    "metrics",
    "signals",
    "interactions",
    "quotes",
    "followups",
    "stage_changes",
    "cases",
    "save_plans",
    "save_actions",
)


@pytest.fixture
def fresh_db(request, tmp_path):
    """``fresh_db()``: another empty database, a SQLite file or (with --db-url) a PostgreSQL schema of its own."""
    url = request.config.getoption("--db-url") or ""
    schemas: list[str] = []

    def make() -> str:
        if not url:
            return str(tmp_path / f"book-{uuid.uuid4().hex[:8]}.db")
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"

    yield make
    if schemas:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def cli(capsys, db: str, *args: str, today: date = TODAY) -> str:
    capsys.readouterr()
    code = main(["--db", db, "--today", today.isoformat(), *args])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def export(capsys, db: str, folder: Path, fmt: str) -> dict[str, bytes]:
    cli(capsys, db, "export", "--format", fmt, "--out", str(folder))
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def import_export(capsys, db: str, folder: Path) -> str:
    return cli(capsys, db, "import", *(str(p) for p in sorted(folder.iterdir())))


def tallies(out: str) -> dict[str, str]:
    return {line.split()[0]: line.split(None, 1)[1] for line in out.splitlines()[1:] if line.startswith("  ")}


def desk_on(db: str, day: date = TODAY) -> Desk:
    return Desk(open_store(db, clock=Clock.frozen(day)), Settings())


@pytest.fixture
def demo_db(fresh_db) -> str:
    db = fresh_db()
    store = open_store(db, clock=Clock.frozen(TODAY))
    write_demo_book(store, TODAY, Settings())
    store.dispose()
    return db


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_demo_book_goes_through_an_empty_database_and_comes_back_byte_for_byte(
    demo_db, fresh_db, tmp_path, capsys, fmt
):
    first = export(capsys, demo_db, tmp_path / "first", fmt)
    payload = first["csm-desk.json"] if fmt == "json" else None
    if payload is not None:
        book = json.loads(payload)
        assert list(book) == list(KINDS) and all(book[kind] for kind in KINDS)  # every kind has rows
    else:
        assert sorted(first) == sorted(f"{kind}.csv" for kind in KINDS)
        assert all(content.count(b"\n") > 1 for content in first.values())

    second_db = fresh_db()
    out = import_export(capsys, second_db, tmp_path / "first")
    assert all(t.startswith("0 updated", t.index(",") + 2) for t in tallies(out).values()), out
    assert "lifecycle" not in out  # a restore adds no cadence follow-ups
    assert export(capsys, second_db, tmp_path / "second", fmt) == first

    # Re-evaluating every account the next time the book opens (same day) changes nothing,
    # and importing the same export again leaves every row as it is.
    before = dump(second_db)
    store = open_store(second_db, clock=Clock.frozen(TODAY))
    with store.write() as session:
        evaluate_accounts(session, None, TODAY, Settings().red_flags)
    store.dispose()
    again = import_export(capsys, second_db, tmp_path / "first")
    assert set(tallies(again)) == set(KINDS)
    assert all(t.startswith("0 created, 0 updated, ") for t in tallies(again).values()), again
    assert dump(second_db) == before


@pytest.mark.slow
def test_both_databases_show_the_same_dashboard_for_each_of_the_last_twelve_months(demo_db, fresh_db, tmp_path, capsys):
    export(capsys, demo_db, tmp_path / "e", "json")
    second_db = fresh_db()
    import_export(capsys, second_db, tmp_path / "e")
    months = [Month.of(TODAY).shift(-k) for k in range(12)]
    for month in months:
        period = ["--period", str(month)]
        assert cli(capsys, demo_db, "report", "--json", *period) == cli(capsys, second_db, "report", "--json", *period)
    one, two = desk_on(demo_db), desk_on(second_db)
    try:
        for month in months:
            assert one.report(month) == two.report(month)
        first = one.report(Month.of(TODAY))
        assert sum(first.year.counts.values()) > 0 and first.trend  # the history is really there
    finally:
        one.store.dispose()
        two.store.dispose()


@pytest.mark.slow
def test_the_demo_export_imports_the_action_and_check_in_the_importer_used_to_call_duplicates(
    demo_db, tmp_path, capsys
):
    export(capsys, demo_db, tmp_path / "e", "json")
    book = json.loads((tmp_path / "e" / "csm-desk.json").read_text(encoding="utf-8"))
    same = {}
    for f in book["followups"]:
        same.setdefault((f["account"], f["due"][:10], f["title"]), []).append(f)
    repeated = [rows for rows in same.values() if len(rows) > 1]
    assert repeated, "the demo book has follow-ups sharing a day and a title"
    for rows in repeated:
        assert len({(r["source_key"], r["occurrence"]) for r in rows}) == len(rows)


# --- books made by hand: what the demo does not have --------------------------------------------------


ACCOUNTS = (
    "external_id,name,arr,segment,owner,contract_start\n"
    "A-1,Acme,120000,enterprise,Maya,2026-11-10\n"
    "B-2,Beta,9000,smb,Maya,\n"
)


def seed(capsys, db: str, tmp_path: Path) -> dict[str, int]:
    path = tmp_path / f"accounts-{uuid.uuid4().hex[:6]}.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    path2 = tmp_path / f"contacts-{uuid.uuid4().hex[:6]}.csv"
    path2.write_text("account,name,role\nA-1,Tom Okafor,champion\nA-1,Nina Park,user\n", encoding="utf-8")
    cli(capsys, db, "import", str(path), str(path2))
    return account_ids(db)


def account_ids(db: str) -> dict[str, int]:
    store = open_store(db)
    with store.read() as session:
        found = dict(session.execute(select(Account.external_id, Account.id)).all())
    store.dispose()
    return found


def quotes_with_speakers(db: str, external_id: str) -> list[tuple[str, str | None]]:
    store = open_store(db)
    with store.read() as session:
        found = session.execute(
            text(
                "SELECT q.text, c.name FROM quote q JOIN account a ON a.id = q.account_id "
                "LEFT JOIN contact c ON c.id = q.speaker_id WHERE a.external_id = :ext ORDER BY q.position"
            ),
            {"ext": external_id},
        ).all()
    store.dispose()
    return [tuple(row) for row in found]


def plan_draft(checkin: date, checkin_time: time | None = time(15)) -> PlanDraft:
    return PlanDraft(
        situation="Usage fell after the ERP cutover.",
        root_cause_category="usage_drop",
        root_cause="The connector rejects the new IDs.",
        actions=(
            PlanAction("Ship the ID fix", "Priya", TODAY + timedelta(days=2)),
            PlanAction("VP call with their COO", "Alex", TODAY + timedelta(days=5)),
        ),
        success_criteria="Sync errors under 1%.",
        checkin=checkin,
        checkin_time=checkin_time,
        strategies=("quick_wins",),
        team=(TeamMember("csm", "Maya", "owns the account"), TeamMember("executive_sponsor", "Helena", "ARR")),
    )


def busy_book(desk: Desk, ids: dict[str, int]) -> None:
    """Everything the export must carry, with the repeats a real book grows."""
    acme, beta = ids["A-1"], ids["B-2"]
    desk.set_stage(acme, "identified", note="renewal at risk")
    contacts = {c.name: c.id for c in desk.account(acme).contacts}
    state = CallState(
        acme,
        "usage_drop",
        "en",
        datetime(2026, 11, 20, 14, 0, tzinfo=desk.store.clock.now().tzinfo),
        quotes=[
            CapturedQuote("We are re-evaluating the stack", contacts["Tom Okafor"], "discovery"),
            CapturedQuote('=SUM(A1) is how we track it, "honestly"', None, ""),
            CapturedQuote("Nina can't log in\nsince Monday", contacts["Nina Park"], "impact"),
        ],
        commitments=[Commitment("Send the fix date", TODAY + timedelta(days=1), time(10))],
    )
    desk.end_call(state, summary="Budget talk", outcome="engaged", ended_at=state.started_at + timedelta(minutes=25))
    # The same title on one day twice (one done, one open), and on two days.
    first = desk.add_followup(acme, due=TODAY, title="Call back", channel="call")
    desk.complete_followup(acme, first, "done", outcome="Left a voicemail")
    desk.add_followup(acme, due=TODAY, title="Call back", channel="call", due_time=time(16, 30))
    desk.add_followup(acme, due=TODAY + timedelta(days=7), title="Call back", channel="call")
    desk.add_followup(beta, due=TODAY + timedelta(days=2), title="Send recap", owner="Bo")
    # A plan; its check-in done, then the next one asked for on the same day at another time: one key, twice.
    plan_id = desk.save_plan(acme, plan_draft(TODAY))
    record = desk.plan(acme)
    checkin = next(f for f in desk.account(acme).open_followups if f.title == "Save-plan check-in")
    desk.complete_followup(acme, checkin.id, "check-in held")
    desk.save_plan(acme, dataclasses.replace(record.draft, checkin_time=time(17)), plan_id=plan_id)
    desk.set_stage(beta, "identified")
    desk.set_stage(beta, "churned", reason="pricing", note="went with a cheaper tool")


def test_a_book_with_repeats_plans_and_calls_round_trips_in_both_formats(fresh_db, tmp_path, capsys):
    db = fresh_db()
    desk = desk_on(db)
    busy_book(desk, seed(capsys, db, tmp_path))
    desk.store.dispose()
    for fmt in ("json", "csv"):
        first = export(capsys, db, tmp_path / f"{fmt}-1", fmt)
        second_db = fresh_db()
        import_export(capsys, second_db, tmp_path / f"{fmt}-1")
        assert export(capsys, second_db, tmp_path / f"{fmt}-2", fmt) == first

    book = json.loads((tmp_path / "json-1" / "csm-desk.json").read_text(encoding="utf-8"))
    calls_back = [(f["due"], f["status"], f["occurrence"]) for f in book["followups"] if f["title"] == "Call back"]
    assert sorted(calls_back) == [
        ("2026-11-23", "done", None),
        ("2026-11-23 16:30", "open", 2),
        ("2026-11-30", "open", None),
    ]
    checkins = [f for f in book["followups"] if f["title"] == "Save-plan check-in"]
    assert [(c["status"], c["occurrence"]) for c in checkins] == [("done", None), ("open", 2)]
    (plan,) = book["save_plans"]
    assert plan["next_checkin"] == checkins[1]["source_key"] + "#2"
    assert [m["role"] for m in plan["team"]] == ["csm", "executive_sponsor"]
    actions = book["save_actions"]
    assert [(a["position"], a["followup"]) for a in actions] == [
        (0, checkins[0]["source_key"].replace("checkin", "action:1")),
        (1, checkins[0]["source_key"].replace("checkin", "action:2")),
    ]
    assert [(q["position"], q["speaker"], q["step"]) for q in book["quotes"]] == [
        (0, "Tom Okafor", "discovery"),
        (1, "", ""),
        (2, "Nina Park", "impact"),
    ]
    (commitment,) = [f for f in book["followups"] if f["source"] == "commitment"]
    assert commitment["due"] == "2026-11-24 10:00"
    moves = [(s["account"], s["from_stage"], s["to_stage"], s["reason"]) for s in book["stage_changes"]]
    assert ("B-2", "identified", "churned", "pricing") in moves and ("A-1", "identified", "engaged", "") in moves
    (churned,) = [c for c in book["cases"] if c["account"] == "B-2"]
    assert (churned["outcome"], churned["reason"], churned["arr"], churned["segment"]) == (
        "churned",
        "pricing",
        9000,
        "smb",
    )


def test_references_are_found_by_key_in_a_book_that_already_has_data(fresh_db, tmp_path, capsys):
    db = fresh_db()
    desk = desk_on(db)
    busy_book(desk, seed(capsys, db, tmp_path))
    desk.store.dispose()
    export(capsys, db, tmp_path / "e", "json")

    # Another book, with its own accounts, plans, calls and follow-ups: every id is taken.
    other = fresh_db()
    path = tmp_path / "other.csv"
    path.write_text("external_id,name,owner\nZ-1,Zed,Ana\nZ-2,Zulu,Ana\n", encoding="utf-8")
    cli(capsys, other, "import", str(path))
    desk = desk_on(other)
    for account in account_ids(other).values():
        desk.add_note(account, channel="call", summary="hello", quotes=("one", "two", "three"))
        desk.set_stage(account, "identified")
        desk.save_plan(account, plan_draft(TODAY + timedelta(days=3)))
    desk.store.dispose()

    cli(capsys, other, "import", str(tmp_path / "e" / "csm-desk.json"))
    desk = desk_on(other)
    try:
        acme = account_ids(other)["A-1"]
        assert acme != account_ids(db)["A-1"]
        record = desk.plan(acme)
        assert [(a.action, a.key, a.done) for a in record.draft.actions] == [
            ("Ship the ID fix", 1, False),
            ("VP call with their COO", 2, False),
        ]
        assert (record.draft.checkin, record.draft.checkin_time) == (TODAY, time(17))
        assert quotes_with_speakers(other, "A-1") == quotes_with_speakers(db, "A-1")
        assert quotes_with_speakers(other, "A-1")[::2] == [
            ("We are re-evaluating the stack", "Tom Okafor"),
            ("Nina can't log in\nsince Monday", "Nina Park"),
        ]
    finally:
        desk.store.dispose()
    # What the other book exports of the imported accounts is what the first book exported.
    export(capsys, other, tmp_path / "o", "json")
    mine = json.loads((tmp_path / "e" / "csm-desk.json").read_text(encoding="utf-8"))
    theirs = json.loads((tmp_path / "o" / "csm-desk.json").read_text(encoding="utf-8"))
    for kind in KINDS:
        key = "external_id" if kind == "accounts" else "account"
        assert [r for r in theirs[kind] if r[key] in ("A-1", "B-2")] == mine[kind], kind


def test_a_restore_keeps_the_deleted_cadence_step_deleted_and_logs_no_import_stage_change(fresh_db, tmp_path, capsys):
    db = fresh_db()
    ids = seed(capsys, db, tmp_path)  # A-1's contract start gives it cadence follow-ups
    desk = desk_on(db)
    cadence = [f for f in desk.account(ids["A-1"]).open_followups if f.source == "cadence"]
    assert cadence
    desk.delete_followup(ids["A-1"], cadence[0].id, "not needed")
    desk.set_stage(ids["A-1"], "engaged")
    desk.store.dispose()
    first = export(capsys, db, tmp_path / "e", "csv")

    second = fresh_db()
    out = import_export(capsys, second, tmp_path / "e")
    assert "lifecycle" not in out
    store = open_store(second)
    with store.read() as session:
        keys = session.scalars(select(FollowUp.source_key).where(FollowUp.source == "cadence")).all()
        notes = session.scalars(select(StageChange.note)).all()
        cases = session.scalar(select(func.count()).select_from(RiskCase))
    store.dispose()
    assert cadence[0].source_key not in keys and len(keys) == len(cadence) - 1
    assert "set by import" not in notes
    assert cases == 1
    assert export(capsys, second, tmp_path / "again", "csv") == first

    # The six files a CRM gives are not a restore: the cadence is added as it always was.
    third = fresh_db()
    crm = [str(tmp_path / "e" / f"{k}.csv") for k in ("accounts", "contacts", "followups")]
    assert "lifecycle" in cli(capsys, third, "import", *crm)


def test_importing_an_export_twice_into_the_book_it_came_from_changes_nothing(fresh_db, tmp_path, capsys):
    db = fresh_db()
    desk = desk_on(db)
    busy_book(desk, seed(capsys, db, tmp_path))
    desk.store.dispose()
    export(capsys, db, tmp_path / "e", "csv")
    before = dump(db)
    for _ in range(2):
        out = import_export(capsys, db, tmp_path / "e")
        assert all(t.startswith("0 created, 0 updated, ") for t in tallies(out).values()), out
    assert dump(db) == before


def test_an_edited_export_updates_the_records_it_names(fresh_db, tmp_path, capsys):
    db = fresh_db()
    desk = desk_on(db)
    busy_book(desk, seed(capsys, db, tmp_path))
    desk.store.dispose()
    export(capsys, db, tmp_path / "e", "json")
    path = tmp_path / "e" / "csm-desk.json"
    book = json.loads(path.read_text(encoding="utf-8"))
    book["quotes"][1]["speaker"] = "Nina Park"
    book["cases"][0]["note"] = "edited"
    book["stage_changes"][0]["note"] = "edited too"
    book["save_actions"][1]["owner"] = "Sam"
    path.write_text(json.dumps(book), encoding="utf-8")
    out = cli(capsys, db, "import", str(path))
    for kind in ("quotes", "cases", "stage_changes", "save_actions"):
        assert tallies(out)[kind].startswith("0 created, 1 updated, "), out
    assert [speaker for _, speaker in quotes_with_speakers(db, "A-1")] == ["Tom Okafor", "Nina Park", "Nina Park"]
