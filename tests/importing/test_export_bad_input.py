"""The kinds only an export writes (quotes, stage history, cases, save plans and actions) and the
follow-ups' new columns: read from hand-written files too, and refused like every other kind when
wrong — one line naming the file, the line (or JSON record) and the column, exit 1, nothing written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from csm_desk.cli import main

TODAY = "2026-11-23"
TEAM = '"[{""role"": ""csm"", ""name"": ""Maya"", ""reason"": ""owner""}]"'
BOOK = {
    "accounts.csv": "external_id,name,owner,stage,identified_on\nA-1,Acme,Maya,identified,2026-11-18\n",
    "contacts.csv": "account,name,role\nA-1,Tom Okafor,champion\n",
    "interactions.csv": "account,when,channel,summary\nA-1,2026-11-20T14:00Z,call,Budget talk\n",
    "quotes.csv": "account,when,channel,position,text,speaker,step\n"
    "A-1,2026-11-20T14:00Z,call,0,We are re-evaluating the stack,Tom Okafor,discovery\n",
    "followups.csv": "account,due,title,channel,status,source,source_key,occurrence\n"
    "A-1,2026-11-25,Ship the fix,note,open,save_plan,save_plan:1:action:1,\n"
    "A-1,2026-11-20 15:00,Save-plan check-in,meeting,done,save_plan,save_plan:1:checkin,\n"
    "A-1,2026-11-30 15:00,Save-plan check-in,meeting,open,save_plan,save_plan:1:checkin,2\n",
    "stage_changes.csv": "account,at,from_stage,to_stage,reason,note\nA-1,2026-11-18T10:00Z,,identified,,red flags\n",
    "cases.csv": "account,opened_on,at_risk_since,arr,segment\nA-1,2026-11-18,2026-11-10,120000,enterprise\n",
    "save_plans.csv": "account,created,situation,root_cause_category,strategies,team,next_checkin\n"
    f"A-1,2026-11-21T16:00Z,ERP cutover,usage_drop,quick_wins,{TEAM},save_plan:1:checkin#2\n",
    "save_actions.csv": "account,plan,position,action,owner,due,followup\n"
    "A-1,2026-11-21T16:00Z,0,Ship the fix,Priya,2026-11-25,save_plan:1:action:1\n",
}
TABLES = (
    "account",
    "contact",
    "interaction",
    "quote",
    "followup",
    "stage_change",
    "risk_case",
    "save_plan",
    "save_action",
)


def write(folder: Path, files: dict[str, str]) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def dump(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


@pytest.fixture
def seeded(tmp_path, capsys) -> Path:
    """A book written from hand-made files of every kind."""
    db = tmp_path / "book.db"
    code, out, err = run(capsys, db, "import", *write(tmp_path / "book", BOOK))
    assert (code, err) == (0, ""), err
    assert "lifecycle" not in out  # stage history in the import: a restore
    return db


def test_hand_made_files_of_every_kind_are_read_and_linked(seeded):
    with sqlite3.connect(seeded) as conn:
        quote = conn.execute(
            "SELECT q.text, c.name, q.step, i.summary FROM quote q JOIN contact c ON c.id = q.speaker_id "
            "JOIN interaction i ON i.id = q.interaction_id"
        ).fetchone()
        plan = conn.execute(
            "SELECT p.team, f.due, f.status FROM save_plan p JOIN followup f ON f.id = p.next_checkin_id"
        ).fetchone()
        action = conn.execute(
            "SELECT a.action, f.title, f.source_key FROM save_action a JOIN followup f ON f.id = a.followup_id"
        ).fetchone()
        stage_log = conn.execute("SELECT from_stage, to_stage, note FROM stage_change").fetchall()
        cases = conn.execute("SELECT opened_on, at_risk_since, arr, segment, closed_on FROM risk_case").fetchall()
    assert quote == ("We are re-evaluating the stack", "Tom Okafor", "discovery", "Budget talk")
    assert plan == ('[{"role": "csm", "name": "Maya", "reason": "owner"}]', "2026-11-30", "open")
    assert action == ("Ship the fix", "Ship the fix", "save_plan:1:action:1")
    assert stage_log == [("", "identified", "red flags")]  # no "set by import" beside the history
    assert cases == [("2026-11-18", "2026-11-10", 120000.0, "enterprise", None)]


QUOTES = "account,when,channel,position,text,speaker,step\n"
FOLLOWUPS = "account,due,title,channel,status,source,source_key,outcome,done_at,snoozed_until,occurrence\n"
STAGES = "account,at,from_stage,to_stage,reason,note,occurrence\n"
CASES = "account,opened_on,at_risk_since,engaged_on,closed_on,outcome,reason,arr,segment,executive_involved,note\n"
PLANS = "account,created,situation,root_cause_category,strategies,team,details,closed,next_checkin\n"
ACTIONS = "account,plan,position,action,owner,due,followup\n"
CREATED = "2026-11-21T16:00Z"
BAD = [
    # (file name, content, the line expected on stderr, after the file path)
    ("q.csv", "account,when,text\nA-1,2026-11-20T14:00Z,hi\n", ":1: header: missing key column 'position' for quotes"),
    (
        "q.csv",
        QUOTES + "A-1,2026-11-20T14:00Z,call,-1,hi,,\n",
        ":2: position: expected a whole number from 0, got '-1'",
    ),
    ("q.csv", QUOTES + "A-1,2026-11-20T14:00Z,call,1,,,\n", ":2: text: required, but empty"),
    ("q.csv", QUOTES + "A-1,2026-11-20T14:00Z,fax,1,hi,,\n", ":2: channel: unknown channel 'fax'"),
    (
        "q.csv",
        QUOTES + "A-1,2026-11-20T15:00Z,call,0,hi,,\n",
        ":2: when: no call of account 'A-1' at 2026-11-20T15:00:00+00:00 (neither in the database nor in an "
        "interactions file of this import)",
    ),
    (
        "q.csv",
        QUOTES + "A-1,2026-11-20T14:00Z,call,1,hi,Ghost,\n",
        ":2: speaker: no contact named 'Ghost' at account 'A-1' (neither in the database nor in a contacts file",
    ),
    (
        "q.csv",
        QUOTES + "A-1,2026-11-20T14:00Z,call,1,hi,,\nA-1,2026-11-20T11:00-03:00,call,1,again,,\n",
        ":3: position: the same quote as {path}:2; keep one of the two",
    ),
    (
        "f.csv",
        FOLLOWUPS + "A-1,2026-12-01,Call,call,open,robot,,,,,\n",
        ":2: source: unknown follow-up source 'robot' (accepted: manual, cadence, save_plan, commitment)",
    ),
    (
        "f.csv",
        FOLLOWUPS + "A-1,2026-12-01,Call,call,open,manual,,,,,0\n",
        ":2: occurrence: expected a whole number from 1 (empty for 1), got '0'",
    ),
    (
        "f.csv",
        FOLLOWUPS + "A-1,2026-12-01,Call,call,done,manual,,,yesterday,,\n",
        ":2: done_at: expected a date-time as YYYY-MM-DDTHH:MM",
    ),
    (
        "f.csv",
        FOLLOWUPS + "A-1,2026-12-01,Call,call,open,manual,,,,2026-12-32,\n",
        ":2: snoozed_until: expected a date as YYYY-MM-DD, got '2026-12-32'",
    ),
    (
        "f.csv",
        FOLLOWUPS + "A-1,2026-12-01,Call,call,open,cadence,cadence:day30,,,,\n"
        "A-1,2026-12-02,Call again,call,open,cadence,cadence:day30,,,,\n",
        ":3: occurrence: the same followup as {path}:2; keep one of the two (or number the repeats in an "
        "occurrence column: 2, 3...)",
    ),
    (
        "f.csv",  # a genuine duplicate line in a user's file, without the export's columns
        "account,due,title,status\nA-1,2026-12-01,Call,open\nA-1,2026-12-01,Call,done\n",
        ":3: title: the same followup as {path}:2; keep one of the two (or number the repeats",
    ),
    (
        "s.csv",
        STAGES + "A-1,2026-11-19T10:00Z,identified,lost,,,\n",
        ":2: to_stage: unknown stage 'lost' (accepted: identified,",
    ),
    (
        "s.csv",
        STAGES + "A-1,2026-11-19T10:00Z,identified,churned,angry,,\n",
        ":2: reason: unknown close reason 'angry' (accepted: usage_drop,",
    ),
    ("s.csv", STAGES + "A-1,,identified,engaged,,,\n", ":2: at: required, but empty"),
    (
        "s.csv",
        STAGES + "A-1,2026-11-19T10:00Z,identified,engaged,,,\nA-1,2026-11-19T10:00Z,engaged,save_plan,,,\n",
        ":3: occurrence: the same stage change as {path}:2; keep one of the two (or number the repeats",
    ),
    ("c.csv", CASES + "A-1,18/11/2026,,,,,,,,,\n", ":2: opened_on: expected a date as YYYY-MM-DD, got '18/11/2026'"),
    (
        "c.csv",
        CASES + "A-1,2026-10-01,,,2026-10-20,won,pricing,,,,\n",
        ":2: outcome: unknown outcome 'won' (accepted: saved, churned, let_go)",
    ),
    ("c.csv", CASES + "A-1,2026-10-01,,,,,,-5,,,\n", ":2: arr: ARR cannot be negative (got -5)"),
    ("c.csv", CASES + "A-1,2026-10-01,,,,,,,,maybe,\n", ":2: executive_involved: expected true/false, yes/no or 1/0"),
    (
        "p.csv",
        PLANS + f"A-1,{CREATED},x,usage_drop,,[{{role: csm}}],,,\n",
        ":2: team: not valid JSON (Expecting property name enclosed in double quotes at character 3)",
    ),
    (
        "p.csv",
        PLANS + f'A-1,{CREATED},x,usage_drop,,"[{{""role"": ""boss"", ""name"": ""Al"", ""reason"": """"}}]",,,\n',
        ":2: team: member 1: unknown role 'boss' (accepted: csm, cs_manager,",
    ),
    (
        "p.csv",
        PLANS + f'A-1,{CREATED},x,usage_drop,,"{{""role"": ""csm""}}",,,\n',
        ":2: team: expected a JSON list of members",
    ),
    (
        "p.csv",
        PLANS + f'A-1,{CREATED},x,usage_drop,,,"[""walk_away""]",,\n',
        ':2: details: expected a JSON object, such as {{"walk_away": []}}',
    ),
    (
        "p.csv",
        PLANS + f'A-1,{CREATED},x,usage_drop,"quick_wins,panic",,,,\n',
        ":2: strategies: unknown strategy 'panic' (accepted: listening_tour,",
    ),
    (
        "p.csv",
        PLANS + f"A-1,{CREATED},x,budget,,,,,\n",
        ":2: root_cause_category: unknown close reason 'budget' (accepted: usage_drop,",
    ),
    (
        "p.csv",
        PLANS + f"A-1,{CREATED},x,usage_drop,,,,,save_plan:1:checkin#3\n",
        ":2: next_checkin: no follow-up of account 'A-1' with source key 'save_plan:1:checkin#3' (neither in the "
        "database nor in a followups file of this import)",
    ),
    (
        "a.csv",
        ACTIONS + "A-1,2026-11-22T16:00Z,0,Call,Al,,\n",
        ":2: plan: no save plan of account 'A-1' created at 2026-11-22T16:00:00+00:00 (neither in the database nor "
        "in a save_plans file of this import)",
    ),
    (
        "a.csv",
        ACTIONS + f"A-1,{CREATED},1,Call,Al,,save_plan:9:action:1\n",
        ":2: followup: no follow-up of account 'A-1' with source key 'save_plan:9:action:1'",
    ),
    (
        "a.csv",
        ACTIONS + f"A-1,{CREATED},first,Call,Al,,\n",
        ":2: position: expected a whole number from 0, got 'first'",
    ),
    (
        "a.csv",
        ACTIONS + "NOPE,2026-11-21T16:00Z,0,Call,Al,,\n",
        ":2: account: no account with external_id 'NOPE' (neither in the database nor in an accounts file",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD, ids=[f"{b[0]}-{b[2][:40]}" for b in BAD])
def test_bad_input_of_the_new_kinds_is_refused_in_one_line(seeded, tmp_path, capsys, name, content, expected):
    before = dump(seeded)
    bad = write(tmp_path / "bad", {name: content})[0]
    code, out, err = run(capsys, seeded, "import", bad)
    assert code == 1 and out == ""
    lines = err.splitlines()
    want = bad + expected.format(path=bad)
    assert want in [line[: len(want)] for line in lines], err
    assert len(lines) == 2 and lines[-1] == "csm-desk: 1 problem in the input; nothing was imported"
    assert "Traceback" not in err
    assert dump(seeded) == before


def test_every_broken_reference_of_an_import_is_listed_and_nothing_is_written(seeded, tmp_path, capsys):
    before = dump(seeded)
    files = {
        "q.csv": QUOTES + "A-1,2026-11-20T14:00Z,call,1,hi,Ghost,\nA-1,2026-11-21T14:00Z,email,0,hey,,\n",
        "a.csv": ACTIONS + "A-1,2026-11-22T16:00Z,0,Call,Al,,save_plan:1:action:7\n",
    }
    code, _, err = run(capsys, seeded, "import", *write(tmp_path / "bad", files))
    assert code == 1
    lines = err.splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:-1]] == ["speaker", "when", "plan", "followup"]
    assert lines[-1] == "csm-desk: 4 problems in the input; nothing was imported"
    assert dump(seeded) == before


def test_a_json_export_names_the_record_and_the_column(seeded, tmp_path, capsys):
    out = tmp_path / "e"
    assert run(capsys, seeded, "export", "--format", "json", "--out", str(out))[0] == 0
    path = out / "csm-desk.json"
    book = json.loads(path.read_text(encoding="utf-8"))
    assert book["save_plans"][0]["team"] == [{"role": "csm", "name": "Maya", "reason": "owner"}]  # JSON, not text
    book["save_plans"][0]["team"] = [{"role": "csm", "name": 7}]
    book["cases"][0]["outcome"] = "won"
    path.write_text(json.dumps(book), encoding="utf-8")
    before = dump(seeded)
    code, _, err = run(capsys, seeded, "import", str(path))
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{path}:cases[0]: outcome: unknown outcome 'won' (accepted: saved, churned, let_go)",
        f"{path}:save_plans[0]: team: member 1: expected an object with role, name and reason, each a text",
    ]
    assert dump(seeded) == before
