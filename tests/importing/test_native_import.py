"""``csm-desk import`` of native files: what is written, what is refused, and that refusing writes nothing."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.cli import main
from csm_desk.importing.native import KINDS, number_cell

TODAY = "2026-11-23"
ACCOUNTS_HEADER = (
    "external_id,name,arr,strategic,segment,industry,language,contract_start,renewal_date,"
    "last_expansion,last_renewal,owner,stage"
)
GOOD = {
    "accounts.csv": ACCOUNTS_HEADER + "\n"
    "A-1,Acme [bold]Corp[/],12000.5,yes,smb,retail,pt-BR,2025-01-10,2027-01-10,,,ana,engaged\n"
    "A-2,Beta,80000,false,enterprise,,en,2024-03-01,2026-12-30,2026-05-01,2025-12-30,bob,\n",
    "contacts.csv": "account,name,title,role,email,phone,status\n"
    "A-1,Jo Silva,CTO,champion,jo@acme.test,,left\n"
    "A-2,Max,CFO,sponsor,,+1 555,active\n",
    "metrics.csv": "account,date,health,logins,active_users,feature_adoption,sla_misses_30d,nps,login_benchmark\n"
    "A-1,2026-10-20,80,100,10,50,0,9,\n"
    "A-1,2026-11-20,30,40,5,20.5,3,4,80\n"
    "A-2,2026-11-20,90,100,10,60,0,9,\n",
    "signals.csv": 'account,date,kind,quote,resolved_on\nA-1,2026-11-01,champion_left,"She left, sadly",\n',
    "interactions.csv": "account,when,channel,summary,quotes,duration_min\n"
    'A-1,2026-11-20T14:30Z,call,"Budget talk","We are re-evaluating the stack\nOur budget was cut",30\n'
    "A-2,2026-11-21T09:00+02:00,email,,,\n",
    "followups.csv": "account,due,title,channel,owner,status\n"
    "A-1,2026-11-25 10:00,Call back,call,ana,open\n"
    "A-2,2026-11-26,Send deck,,,\n",
}
TABLES = ("account", "contact", "metric", "signal", "interaction", "quote", "followup", "stage_change")


def write(folder: Path, files: dict[str, str | bytes]) -> list[str]:
    paths = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        paths.append(str(path))
    return paths


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every csm-desk table: equal dumps mean nothing was written."""
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def seeded(tmp_path, db, capsys) -> Path:
    """A database holding the GOOD files."""
    code, _, err = run(capsys, db, "import", *write(tmp_path, GOOD))
    assert code == 0, err
    return db


def test_import_writes_every_kind_and_reports_it(tmp_path, db, capsys):
    code, out, err = run(capsys, db, "import", *write(tmp_path, GOOD))
    assert (code, err) == (0, "")
    assert "accounts      2 created, 0 updated, 0 unchanged" in out
    assert "interactions  2 created, 0 updated, 0 unchanged" in out
    with sqlite3.connect(db) as conn:
        acme = conn.execute(
            "SELECT name, arr, strategic, language, stage, engaged_on, health FROM account WHERE external_id = 'A-1'"
        ).fetchone()
        due = conn.execute("SELECT due, due_time FROM followup WHERE title = 'Call back'").fetchone()
        beta_channel = conn.execute("SELECT channel FROM followup WHERE title = 'Send deck'").fetchone()
        at = conn.execute("SELECT at FROM interaction WHERE channel = 'email'").fetchone()
    assert acme == ("Acme [bold]Corp[/]", 12000.5, 1, "pt-BR", "engaged", TODAY, 30)
    assert due[0] == "2026-11-25" and due[1].startswith("10:00")
    assert beta_channel == ("email",)
    assert at[0].startswith("2026-11-21 07:00")  # stored as UTC


def test_stage_from_the_file_is_logged_once(seeded, tmp_path, capsys):
    with sqlite3.connect(seeded) as conn:
        moves = conn.execute(
            "SELECT from_stage, to_stage FROM stage_change s JOIN account a ON a.id = s.account_id "
            "WHERE a.external_id = 'A-1'"
        ).fetchall()
    assert moves == [("", "engaged")]
    before = count(seeded, "stage_change")
    run(capsys, seeded, "import", *write(tmp_path, {"accounts.csv": GOOD["accounts.csv"]}))
    assert count(seeded, "stage_change") == before
    moved = GOOD["accounts.csv"].replace(",bob,\n", ",bob,identified\n")
    run(capsys, seeded, "import", *write(tmp_path, {"accounts.csv": moved}))
    with sqlite3.connect(seeded) as conn:
        beta = conn.execute("SELECT stage, identified_on, engaged_on FROM account WHERE external_id = 'A-2'").fetchone()
    assert beta == ("identified", TODAY, None)
    assert count(seeded, "stage_change") == before + 1


def test_reimport_updates_and_never_duplicates(seeded, tmp_path, capsys):
    before = {t: len(rows) for t, rows in dump(seeded).items()}
    code, out, _ = run(capsys, seeded, "import", *write(tmp_path, GOOD))
    assert code == 0
    assert "metrics       0 created, 0 updated, 3 unchanged" in out
    assert {t: len(rows) for t, rows in dump(seeded).items()} == before

    changed = GOOD["metrics.csv"].replace("A-2,2026-11-20,90", "A-2,2026-11-20,85")
    code, out, _ = run(capsys, seeded, "import", *write(tmp_path, {"metrics.csv": changed}))
    assert "metrics       0 created, 1 updated, 2 unchanged" in out
    assert count(seeded, "metric") == 3
    with sqlite3.connect(seeded) as conn:
        assert conn.execute("SELECT health FROM account WHERE external_id = 'A-2'").fetchone() == (85,)


def test_a_file_with_some_columns_updates_only_those(seeded, tmp_path, capsys):
    code, out, _ = run(
        capsys, seeded, "import", *write(tmp_path, {"arr.csv": "external_id,name,arr,stage\nA-1,Acme,,\n"})
    )
    assert code == 0 and "0 created, 1 updated" in out
    with sqlite3.connect(seeded) as conn:
        row = conn.execute("SELECT name, arr, segment, owner, stage FROM account WHERE external_id = 'A-1'").fetchone()
    # An empty ARR is unknown, not zero; an empty stage never takes an account out of the pipeline.
    assert row == ("Acme", None, "smb", "ana", "engaged")


def test_dry_run_reports_the_plan_and_writes_nothing(seeded, tmp_path, capsys):
    before = dump(seeded)
    files = dict(GOOD, **{"accounts.csv": GOOD["accounts.csv"] + "A-3,Gamma,1000,no,,,,,,,,,\n"})
    files["metrics.csv"] = GOOD["metrics.csv"].replace("A-2,2026-11-20,90", "A-2,2026-11-20,85")
    code, out, _ = run(capsys, seeded, "import", "--dry-run", *write(tmp_path, files))
    assert code == 0
    assert "nothing was written" in out
    assert "accounts      1 to create, 0 to update, 2 unchanged" in out
    assert "metrics       0 to create, 1 to update, 2 unchanged" in out
    assert dump(seeded) == before


def test_bom_and_crlf_are_accepted(tmp_path, db, capsys):
    files = {name: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode() for name, text in GOOD.items()}
    code, _, err = run(capsys, db, "import", *write(tmp_path, files))
    assert (code, err) == (0, "")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT external_id FROM account ORDER BY 1").fetchall() == [("A-1",), ("A-2",)]
        quotes = conn.execute("SELECT text FROM quote ORDER BY position").fetchall()
    assert quotes == [("We are re-evaluating the stack",), ("Our budget was cut",)]


def test_quotes_become_rows_in_order_and_are_replaced_on_reimport(seeded, tmp_path, capsys):
    with sqlite3.connect(seeded) as conn:
        rows = conn.execute(
            "SELECT q.position, q.text, q.interaction_id = i.id, q.account_id = i.account_id "
            "FROM quote q JOIN interaction i ON i.channel = 'call' ORDER BY q.position"
        ).fetchall()
    assert rows == [(0, "We are re-evaluating the stack", 1, 1), (1, "Our budget was cut", 1, 1)]
    changed = GOOD["interactions.csv"].replace("Our budget was cut", "Another team uses a competitor\nNeed to simplify")
    _code, out, _ = run(capsys, seeded, "import", *write(tmp_path, {"interactions.csv": changed}))
    assert "interactions  0 created, 1 updated, 1 unchanged" in out
    with sqlite3.connect(seeded) as conn:
        texts = conn.execute("SELECT text FROM quote ORDER BY position").fetchall()
    assert texts == [("We are re-evaluating the stack",), ("Another team uses a competitor",), ("Need to simplify",)]
    assert count(seeded, "interaction") == 2


@pytest.fixture
def sao_paulo():
    """Local time is UTC-3 (no daylight saving since 2019) for the test."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/Sao_Paulo"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_naive_when_is_local_time_and_a_date_is_local_midnight(seeded, tmp_path, capsys, sao_paulo):
    text = "account,when,channel\nA-1,2026-11-22T14:30,note\nA-2,2026-11-22,note\n"
    code, _, err = run(capsys, seeded, "import", *write(tmp_path, {"i.csv": text}))
    assert code == 0, err
    with sqlite3.connect(seeded) as conn:
        ats = conn.execute("SELECT at FROM interaction WHERE at LIKE '2026-11-22%' ORDER BY at").fetchall()
    assert [a[0][:16] for a in ats] == ["2026-11-22 03:00", "2026-11-22 17:30"]


def test_kind_can_be_forced(tmp_path, db, capsys):
    code, out, _ = run(capsys, db, "import", "--kind", "account", *write(tmp_path, {"crm.txt": GOOD["accounts.csv"]}))
    assert code == 0 and "accounts      2 created" in out
    code, _, err = run(capsys, db, "import", "--kind", "widgets", str(tmp_path / "crm.txt"))
    assert code == 2 and "--kind" in err and "accounts, contacts" in err


def test_json_records_go_through_the_same_checks(seeded, tmp_path, capsys):
    before = dump(seeded)
    text = '{"accounts": [{"external_id": "A-9", "name": "Nine", "arr": -5}], "widgets": []}'
    code, _, err = run(capsys, seeded, "import", *write(tmp_path, {"book.json": text}))
    assert code == 1
    assert f"{tmp_path / 'book.json'}:accounts[0]: arr: ARR cannot be negative" in err
    assert "book.json:widgets: section: unknown section 'widgets'" in err
    assert dump(seeded) == before


def test_a_database_path_that_is_not_a_database_exits_2_in_one_line(tmp_path, capsys):
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"this is not sqlite at all\n" * 10)
    code, out, err = run(capsys, bad, "import", *write(tmp_path, GOOD))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("csm-desk: ") and "garbage.db" in err
    assert bad.read_bytes() == b"this is not sqlite at all\n" * 10


METRICS_HEADER = "account,date,health,logins,active_users,feature_adoption,sla_misses_30d,nps,login_benchmark\n"
BAD = [
    # (file name, content, the line expected on stderr, after the file path)
    (
        "a.csv",
        ACCOUNTS_HEADER + ",foo\nA-3,Gamma,,,,,,,,,,,,x\n",
        ":1: header: unknown column 'foo' for accounts (accepted: external_id, name, arr,",
    ),
    ("a.csv", "external_id,arr\nA-3,100\n", ":1: header: missing key column 'name' for accounts"),
    ("s.csv", "account,kind,quote\nA-1,budget_change,x\n", ":1: header: missing key column 'date' for signals"),
    ("x.csv", "foo,bar\n1,2\n", ":1: header: cannot tell what the file holds from its columns 'foo', 'bar'"),
    ("a.csv", "external_id,name,name\nA-3,G,G\n", ":1: header: column 'name' appears twice"),
    (
        "m.csv",
        METRICS_HEADER + "A-1,23/11/2026,50,,,,,,\n",
        ":2: date: expected a date as YYYY-MM-DD, got '23/11/2026'",
    ),
    ("a.csv", "external_id,name,renewal_date\nA-3,G,2026-13-01\n", ":2: renewal_date: expected a date as YYYY-MM-DD"),
    ("a.csv", "external_id,name,arr\nA-3,G,-5\n", ":2: arr: ARR cannot be negative (got -5)"),
    ("a.csv", 'external_id,name,arr\nA-3,G,"$12,000"\n', ":2: arr: expected a number, got '$12,000'"),
    ("m.csv", METRICS_HEADER + "A-1,2026-11-22,101,,,,,,\n", ":2: health: health must be 0-100 (got 101)"),
    ("m.csv", METRICS_HEADER + "A-1,2026-11-22,,,,,,11,\n", ":2: nps: NPS must be 0-10 (got 11)"),
    (
        "m.csv",
        METRICS_HEADER + "A-1,2026-11-22,,,,100.5,,,\n",
        ":2: feature_adoption: feature adoption must be 0-100 (got 100.5)",
    ),
    ("m.csv", METRICS_HEADER + "A-1,2026-11-22,,-1,,,,,\n", ":2: logins: logins cannot be negative (got -1)"),
    ("m.csv", METRICS_HEADER + "A-1,2026-11-22,,,,,-2,,\n", ":2: sla_misses_30d: SLA misses cannot be negative"),
    ("m.csv", METRICS_HEADER + "A-1,2026-11-22,,,2.5,,,,\n", ":2: active_users: expected a whole number, got '2.5'"),
    ("m.csv", METRICS_HEADER + ",2026-11-22,50,,,,,,\n", ":2: account: required, but empty"),
    (
        "s.csv",
        "account,date,kind\nA-1,2026-11-22,angry\n",
        ":2: kind: unknown signal kind 'angry' (accepted: champion_unresponsive,",
    ),
    ("c.csv", "account,name,role\nA-1,Ann,boss\n", ":2: role: unknown role 'boss' (accepted: champion, sponsor,"),
    (
        "c.csv",
        "account,name,status\nA-1,Ann,gone\n",
        ":2: status: unknown contact status 'gone' (accepted: active, left)",
    ),
    ("f.csv", "account,due,title,status\nA-1,2026-11-30,Call,later\n", ":2: status: unknown follow-up status 'later'"),
    ("f.csv", "account,due,title\nA-1,2026-11-30 25:00,Call\n", ":2: due: expected a date as YYYY-MM-DD, optionally"),
    ("a.csv", "external_id,name,stage\nA-3,G,lost\n", ":2: stage: unknown stage 'lost' (accepted: identified,"),
    ("a.csv", "external_id,name,stage\nA-3,G,[red]x[/]\n", ":2: stage: unknown stage '[red]x[/]'"),
    ("a.csv", "external_id,name,language\nA-3,G,fr\n", ":2: language: unknown language 'fr' (accepted: en, pt-BR)"),
    ("a.csv", "external_id,name,strategic\nA-3,G,maybe\n", ":2: strategic: expected true/false, yes/no or 1/0"),
    (
        "i.csv",
        "account,when,channel\nA-1,2026-11-22T10:00Z,fax\n",
        ":2: channel: unknown channel 'fax' (accepted: call,",
    ),
    ("i.csv", "account,when\nA-1,yesterday\n", ":2: when: expected a date-time as YYYY-MM-DDTHH:MM"),
    (
        "i.csv",
        'account,when,quotes,channel\nA-1,2026-11-22T10:00Z,"one\ntwo\nthree",call\nA-1,2026-11-22,,fax\n',
        ":5: channel: unknown channel 'fax'",
    ),
    (
        "m.csv",
        METRICS_HEADER + "ZZZ,2026-11-22,50,,,,,,\n",
        ":2: account: no account with external_id 'ZZZ' (neither in the database nor in an accounts file",
    ),
    (
        "m.csv",
        METRICS_HEADER + "A-1,2026-11-22,50,,,,,,\nA-1,2026-11-22,51,,,,,,\n",
        ":3: date: the same metric as {path}:2; keep one of the two",
    ),
    (
        "r.csv",
        METRICS_HEADER + "A-1,2026-11-22,50,,,,,,\nA-1,2026-11-21,50,,,,,\n",
        ":3: row: expected 9 cells like the header, found 8",
    ),
    ("b.csv", b"PK\x03\x04\x00\x00binary", ": binary data, not a CSV text file"),
    ("e.csv", b"", ": empty file: expected a header line"),
    ("e.csv", b"\r\n  \n", ": empty file: expected a header line"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD, ids=[f"{b[0]}-{b[2][:40]}" for b in BAD])
def test_bad_input_is_refused_in_one_line_and_nothing_is_written(seeded, tmp_path, capsys, name, content, expected):
    before = dump(seeded)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    new_account = write(bad_dir, {"new.csv": "external_id,name\nA-3,Gamma\n"})
    bad = write(bad_dir, {name: content})[0]
    code, out, err = run(capsys, seeded, "import", *new_account, bad)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert bad + expected.format(path=bad) in [line[: len(bad + expected.format(path=bad))] for line in lines], err
    assert len(lines) == 2 and lines[-1] == "csm-desk: 1 problem in the input; nothing was imported"
    assert "Traceback" not in err
    assert dump(seeded) == before


def test_every_problem_of_every_file_is_reported(seeded, tmp_path, capsys):
    before = dump(seeded)
    files = {
        "a.csv": "external_id,name,arr,language\nA-3,G,-1,fr\nA-4,,5,en\n",
        "m.csv": METRICS_HEADER + "A-1,2026-11-22,500,,,,,11,\nNOPE,2026-11-22,,,,,,,\n",
        "missing.csv": None,
    }
    paths = [*write(tmp_path, {k: v for k, v in files.items() if v is not None}), str(tmp_path / "missing.csv")]
    code, _, err = run(capsys, seeded, "import", *paths)
    a, m, missing = paths
    assert code == 1
    assert err.splitlines() == [
        f"{a}:2: arr: ARR cannot be negative (got -1)",
        f"{a}:2: language: unknown language 'fr' (accepted: en, pt-BR)",
        f"{a}:3: name: required, but empty",
        f"{m}:2: health: health must be 0-100 (got 500)",
        f"{m}:2: nps: NPS must be 0-10 (got 11)",
        f"{missing}: cannot read the file (No such file or directory)",
        f"{m}:3: account: no account with external_id 'NOPE' (neither in the database nor in an accounts file "
        "of this import)",
        "csm-desk: 7 problems in the input; nothing was imported",
    ]
    assert dump(seeded) == before


def test_an_account_created_by_the_same_import_can_be_referenced(seeded, tmp_path, capsys):
    files = {"z-metrics.csv": METRICS_HEADER + "A-3,2026-11-22,50,,,,,,\n", "a-new.csv": "external_id,name\nA-3,G\n"}
    code, out, err = run(capsys, seeded, "import", *write(tmp_path, files))
    assert (code, err) == (0, "")
    assert out.index("accounts") < out.index("metrics")
    assert count(seeded, "metric") == 4


def test_rows_of_an_invalid_account_are_not_blamed_twice(seeded, tmp_path, capsys):
    files = {"a.csv": "external_id,name,arr\nA-3,Gamma,lots\n", "m.csv": METRICS_HEADER + "A-3,2026-11-22,50,,,,,,\n"}
    a, _ = write(tmp_path, files)
    code, _, err = run(capsys, seeded, "import", *write(tmp_path, files))
    assert code == 1
    assert err.splitlines() == [
        f"{a}:2: arr: expected a number, got 'lots'",
        "csm-desk: 1 problem in the input; nothing was imported",
    ]


def test_a_locked_database_exits_2_in_one_line_and_writes_nothing(seeded, tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text("[app]\nbusy_timeout_ms = 50\n")
    before = dump(seeded)
    holder = sqlite3.connect(seeded, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    try:
        code, out, err = run(
            capsys,
            seeded,
            "--config",
            str(config),
            "import",
            *write(tmp_path, {"n.csv": "external_id,name\nA-3,Gamma\n"}),
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "in use by another process" in err
    assert dump(seeded) == before


@given(st.floats(min_value=0, max_value=1e15, exclude_max=True) | st.integers(min_value=0, max_value=10**14))
def test_a_written_number_reads_back_as_the_same_number(value):
    arr = next(c for c in KINDS["accounts"].columns if c.name == "arr")
    cell = number_cell(value)
    assert "e" not in cell and not cell.endswith(".0")
    assert arr.parse(cell) == value


EXCEL_SAVES = {
    "windows-1252 ;": "external_id;name;owner\r\nA-3;“Zé” – Açaí €;João\r\n".encode("cp1252"),
    "utf-16 tab": "external_id\tname\towner\nA-3\t“Zé” – Açaí €\tJoão\n".encode("utf-16"),
    "utf-16-le no BOM |": "external_id|name|owner\nA-3|“Zé” – Açaí €|João\n".encode("utf-16-le"),
    "utf-8 BOM ;": "\ufeffexternal_id;name;owner\nA-3;“Zé” – Açaí €;João\n".encode(),
}


@pytest.mark.parametrize("content", EXCEL_SAVES.values(), ids=EXCEL_SAVES)
def test_a_native_file_as_excel_saves_it_imports_with_every_character_right(seeded, tmp_path, capsys, content):
    code, _, err = run(capsys, seeded, "import", *write(tmp_path, {"a.csv": content}))
    assert code == 0, err
    with sqlite3.connect(seeded) as conn:
        assert conn.execute("SELECT name, owner FROM account WHERE external_id = 'A-3'").fetchall() == [
            ("“Zé” – Açaí €", "João")
        ]
