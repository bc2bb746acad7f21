"""``csm-desk export``: the native format, deterministic, and a lossless round trip through import."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from csm_desk.cli import main
from csm_desk.importing.native import content_key

TODAY = "2026-11-23"
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
HEADERS = {
    "accounts": "external_id,name,arr,strategic,segment,industry,language,contract_start,renewal_date,last_expansion,"
    "last_renewal,owner,stage,identified_on,engaged_on",
    "contacts": "account,name,title,role,email,phone,status",
    "metrics": "account,date,health,logins,active_users,feature_adoption,sla_misses_30d,nps,login_benchmark",
    "signals": "account,date,kind,quote,resolved_on,source",
    "interactions": "account,external_id,when,channel,summary,duration_min,script",
    "quotes": "account,interaction,when,channel,position,text,speaker,step",
    "followups": "account,due,title,channel,owner,status,snoozed_until,source,source_key,outcome,done_at,occurrence",
    "stage_changes": "account,at,from_stage,to_stage,reason,note,occurrence",
    "cases": "account,opened_on,at_risk_since,engaged_on,closed_on,outcome,reason,arr,segment,executive_involved,note,"
    "source_key,occurrence",
    "save_plans": "account,created,situation,root_cause_category,root_cause,success_criteria,strategies,team,details,"
    "outcome,closed,next_checkin",
    "save_actions": "account,plan,position,action,owner,due,followup",
}
# The files the book is first imported from: the six kinds a CRM has, in the columns a person writes.
SOURCE_KINDS = ("accounts", "contacts", "metrics", "signals", "interactions", "followups")
SOURCE_HEADERS = {
    **{k: HEADERS[k] for k in SOURCE_KINDS},
    "accounts": HEADERS["accounts"].removesuffix(",identified_on,engaged_on"),
    "signals": "account,date,kind,quote,resolved_on",
    "interactions": "account,when,channel,summary,quotes,duration_min",
    "followups": "account,due,title,channel,owner,status",
}
# Rows deliberately out of order, with markup-looking names, commas, quotes, unicode and multi-line cells.
BOOK = {
    "accounts": [
        "Z-9,Zeta [red]Ltd[/],12000.0,no,smb,,en,2025-06-01,2026-12-15,,,ana,",
        'A-1,"Acme, Inc.",12000.5,YES,enterprise,retail,pt-BR,2024-01-10,2027-01-10,2026-02-01,2026-01-10,bob,save_plan',
        'M-5,Médio "Quoted",,0,,,,,,,,,churned',
    ],
    "contacts": [
        "A-1,Zoe,CEO,sponsor,zoe@acme.test,,active",
        "A-1,Ana Lúcia,Head of Ops,champion,,+55 11 5555,left",
        "Z-9,Bo,,user,,,",
    ],
    "metrics": [
        "Z-9,2026-11-20,45,12,3,33.3,1,5,40",
        "A-1,2026-11-20,38,80,20,75,0,8,",
        "A-1,2026-10-20,90,200,30,80.25,0,9,",
    ],
    "signals": [
        'A-1,2026-11-02,competitor_mentioned,"Another team uses ""X""",',
        "A-1,2026-10-01,budget_change,,2026-11-01",
    ],
    "interactions": [
        "Z-9,2026-11-21T09:15:30.250000-03:00,whatsapp,ping,,5",
        'A-1,2026-11-20T14:30Z,call,"Renewal, pricing","We are re-evaluating the stack\n[b]Budget[/b] was cut",45',
        "A-1,2026-11-20T14:30Z,note,same instant other channel,,",
    ],
    "followups": [
        "A-1,2026-11-25 10:00,Call back,call,bob,open",
        "A-1,2026-11-25,Agenda,email,bob,done",
        "Z-9,2026-11-24,Send recap,,,skipped",
    ],
}


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def book_db(tmp_path, capsys) -> Path:
    """A database holding BOOK, imported from native CSV files."""
    src = tmp_path / "src"
    src.mkdir()
    paths = []
    for kind in SOURCE_KINDS:
        path = src / f"{kind}.csv"
        path.write_text(SOURCE_HEADERS[kind] + "\n" + "\n".join(BOOK[kind]) + "\n", encoding="utf-8")
        paths.append(str(path))
    db = tmp_path / "first.db"
    code, _, err = run(capsys, db, "import", *paths)
    assert code == 0, err
    return db


def test_csv_export_has_the_native_headers_private_files_and_clean_numbers(book_db, tmp_path, capsys):
    out = tmp_path / "out" / "nested"
    code, stdout, err = run(capsys, book_db, "export", "--out", str(out))
    assert (code, err) == (0, "")
    assert "3 accounts" in stdout and "3 interactions" in stdout
    files = snapshot(out)
    assert sorted(files) == sorted(f"{k}.csv" for k in KINDS)
    for kind in KINDS:
        assert files[f"{kind}.csv"].decode().split("\n", 1)[0] == HEADERS[kind]
        assert stat.S_IMODE((out / f"{kind}.csv").stat().st_mode) == 0o600
    accounts = files["accounts.csv"].decode().splitlines()
    assert [line.split(",")[0] for line in accounts[1:]] == ["A-1", "M-5", "Z-9"]  # sorted by external_id
    assert ",12000.5,true," in accounts[1] and "Zeta [red]Ltd[/],12000,false," in accounts[3]
    assert accounts[2].startswith('M-5,"Médio ""Quoted""",,false,,,en,')  # unknown ARR stays empty
    assert accounts[1].endswith(",bob,save_plan,,")  # no identified or engaged day was given
    # The source gave no ids: each interaction is known by its content as the file wrote it.
    call = content_key({"account": "A-1", "channel": "call", "summary": "Renewal, pricing"}, "2026-11-20T14:30Z")
    ping = content_key({"account": "Z-9", "channel": "whatsapp", "summary": "ping"}, "2026-11-21T09:15:30.250000-03:00")
    interactions = files["interactions.csv"].decode()
    assert f'A-1,{call},2026-11-20T14:30:00Z,call,"Renewal, pricing",45,' in interactions
    assert f"Z-9,{ping},2026-11-21T12:15:30.250000Z,whatsapp,ping,5," in interactions
    quotes = files["quotes.csv"].decode().splitlines()
    assert quotes[1:] == [
        f"A-1,{call},2026-11-20T14:30:00Z,call,0,We are re-evaluating the stack,,",
        f"A-1,{call},2026-11-20T14:30:00Z,call,1,[b]Budget[/b] was cut,,",
    ]
    followups = files["followups.csv"].decode().splitlines()
    assert followups[1:3] == [
        "A-1,2026-11-25,Agenda,email,bob,done,,manual,,,,",
        "A-1,2026-11-25 10:00,Call back,call,bob,open,,manual,,,,",
    ]


def test_csv_round_trip_through_an_empty_database_is_byte_identical(book_db, tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(capsys, book_db, "export", "--out", str(first))[0] == 0
    code, _, err = run(capsys, tmp_path / "empty.db", "import", *(str(p) for p in sorted(first.iterdir())))
    assert (code, err) == (0, "")
    assert run(capsys, tmp_path / "empty.db", "export", "--out", str(second))[0] == 0
    assert snapshot(first) == snapshot(second)


def test_json_round_trip_through_an_empty_database_is_byte_identical(book_db, tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(capsys, book_db, "export", "--format", "json", "--out", str(first))[0] == 0
    payload = json.loads((first / "csm-desk.json").read_text(encoding="utf-8"))
    assert list(payload) == list(KINDS)
    acme = payload["accounts"][0]
    assert list(acme) == HEADERS["accounts"].split(",")
    assert (acme["arr"], acme["strategic"], acme["last_renewal"]) == (12000.5, True, "2026-01-10")
    assert payload["accounts"][2]["arr"] == 12000 and payload["accounts"][1]["arr"] is None
    assert stat.S_IMODE((first / "csm-desk.json").stat().st_mode) == 0o600

    code, _, err = run(capsys, tmp_path / "empty.db", "import", str(first / "csm-desk.json"))
    assert (code, err) == (0, "")
    assert run(capsys, tmp_path / "empty.db", "export", "--format", "json", "--out", str(second))[0] == 0
    assert snapshot(first) == snapshot(second)


def test_json_and_csv_exports_describe_the_same_book(book_db, tmp_path, capsys):
    run(capsys, book_db, "export", "--format", "json", "--out", str(tmp_path / "j"))
    run(capsys, tmp_path / "from-json.db", "import", str(tmp_path / "j" / "csm-desk.json"))
    run(capsys, book_db, "export", "--out", str(tmp_path / "a"))
    run(capsys, tmp_path / "from-json.db", "export", "--out", str(tmp_path / "b"))
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_reimporting_an_export_changes_nothing(book_db, tmp_path, capsys):
    run(capsys, book_db, "export", "--out", str(tmp_path / "e"))
    code, out, _ = run(capsys, book_db, "import", *(str(p) for p in sorted((tmp_path / "e").iterdir())))
    assert code == 0
    counts = [line.split(None, 1) for line in out.splitlines()[1:]]
    assert [kind for kind, _ in counts] == list(KINDS)
    assert all(tally.startswith("0 created, 0 updated, ") for _, tally in counts), out


def test_export_of_an_empty_book_writes_headers_only(tmp_path, capsys):
    code, _, _ = run(capsys, tmp_path / "empty.db", "export", "--out", str(tmp_path / "e"))
    assert code == 0
    assert {k: v.decode() for k, v in snapshot(tmp_path / "e").items()} == {
        f"{k}.csv": HEADERS[k] + "\n" for k in KINDS
    }


def test_export_into_a_file_instead_of_a_folder_is_refused(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    code, _, err = run(capsys, tmp_path / "empty.db", "export", "--out", str(target))
    assert code == 2 and err.count("\n") == 1 and "is a file, not a folder" in err
    assert target.read_text() == "keep me"


FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.test","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "'=already quoted",
    "''=twice",
]


def test_csv_export_neutralises_formulas_and_imports_them_back_exactly(tmp_path, db_path, capsys):
    import csv as _csv

    rows = "".join(f'F-{i},"{name.replace(chr(34), chr(34) * 2)}"\n' for i, name in enumerate(FORMULAS))
    (tmp_path / "accounts.csv").write_text("external_id,name\n" + rows)
    db = ["--db", str(db_path), "--today", "2026-11-23"]
    assert main([*db, "import", str(tmp_path / "accounts.csv")]) == 0
    out = tmp_path / "out"
    assert main([*db, "export", "--format", "csv", "--out", str(out)]) == 0
    with open(out / "accounts.csv", newline="") as fh:
        cells = [row[1] for row in _csv.reader(fh)][1:]
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert "'=cmd|' /C calc'!A0" in cells and "'+1+1" in cells
    # A leading ' before a formula is the spreadsheet's "this is text" mark: it is read as such on import
    # ("'=already quoted" is stored as "=already quoted") and written back the same way.
    assert "'=already quoted" in cells and "''=twice" in cells
    # Round trip: the escape is undone on import, so the names are exactly as they were.
    again = tmp_path / "again.db"
    assert main(["--db", str(again), "--today", "2026-11-23", "import", *map(str, sorted(out.glob("*.csv")))]) == 0
    capsys.readouterr()
    assert main(["--db", str(again), "--today", "2026-11-23", "queue", "--all", "--json"]) == 0
    import json

    names = sorted(r["name"] for r in json.loads(capsys.readouterr().out))
    stored = {"'=already quoted": "=already quoted", "''=twice": "'=twice"}
    assert names == sorted(stored.get(f, f).strip() for f in FORMULAS)  # names are stripped, as they always were


def test_a_note_over_128_kb_exports_and_imports_back(tmp_path, db_path):
    big = "word " * 40_000  # 200 KB
    (tmp_path / "accounts.csv").write_text("external_id,name\nB-1,Big\n")
    (tmp_path / "interactions.csv").write_text(f'account,when,channel,summary\nB-1,2026-11-02T10:00Z,call,"{big}"\n')
    db = ["--db", str(db_path), "--today", "2026-11-23"]
    assert main([*db, "import", str(tmp_path / "accounts.csv"), str(tmp_path / "interactions.csv")]) == 0
    out = tmp_path / "out"
    assert main([*db, "export", "--format", "csv", "--out", str(out)]) == 0
    again = tmp_path / "again.db"
    assert main(["--db", str(again), "--today", "2026-11-23", "import", *map(str, sorted(out.glob("*.csv")))]) == 0


def test_a_cell_with_a_lone_carriage_return_is_quoted_and_reads_back():
    import csv as _csv
    import io

    from csm_desk.importing.export import csv_text

    record = {"account": "A-1", "opened_on": "2026-10-01", "segment": "mid\rmarket", "note": "x"}
    text = csv_text("cases", [record, {**record, "segment": "smb"}])
    # The csv module would leave "mid\rmarket" bare, and a reader ends the line at the \r.
    assert list(_csv.reader(io.StringIO(text, newline="")))[1:] == [
        ["A-1", "2026-10-01", "mid\rmarket", "x"],
        ["A-1", "2026-10-01", "smb", "x"],
    ]
