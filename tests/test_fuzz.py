"""Bad input of every kind gets one clear line and a non-zero exit, never a traceback or a hang, and
writes nothing: a corpus of the cases that once broke, and generated files (hypothesis) around them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm_desk.cli import main
from store.dbdump import dump  # tests/ is on the path (pytest prepends it); tests/store is a package

TODAY = "2026-11-23"
HEADER = "external_id,name,arr,renewal_date\n"


@pytest.fixture
def book(db_path, tmp_path, capsys):
    """A database with one account, and a way to run a command on it: (code, stderr lines)."""
    accounts = tmp_path / "seed.csv"
    accounts.write_text(HEADER + "A1,Acme,1000,2027-01-01\n", encoding="utf-8")
    assert main(["--db", str(db_path), "--today", TODAY, "import", str(accounts)]) == 0
    capsys.readouterr()

    def run(*args: str) -> tuple[int, list[str]]:
        code = main(["--db", str(db_path), "--today", TODAY, *args])
        return code, capsys.readouterr().err.splitlines()

    return run


def _one_clear_line(code: int, err: list[str], *words: str) -> None:
    assert code in (1, 2), (code, err)
    problems = [line for line in err if not line.startswith("csm-desk: ") or line.startswith("csm-desk: /")]
    assert 1 <= len(err) <= 2 and len(problems) <= 1, err
    assert not any("Traceback" in line for line in err)
    for word in words:
        assert word in "\n".join(err), err


IMPORTS = {
    "a number of 5,000 digits": (
        "a.csv",
        HEADER + "A1,Acme," + "9" * 5000 + ",2027-01-01\n",
        "a.csv:2: arr: ARR is too large",
    ),
    "a NUL byte after the first 64 KB": (
        "b.csv",
        HEADER + "".join(f"B{i},Beta {i},1000,2027-01-01\n" for i in range(3000)) + "B9,Be\x00ta,1,2027-01-01\n",
        "b.csv:3002: file: malformed CSV (a NUL byte",
    ),
    "an id of 1e400": (
        "c.json",
        '{"accounts": [{"external_id": 1e400, "name": "x"}]}',
        "the number 1e400 is out of range",
    ),
    "NaN in JSON": ("d.json", '{"accounts": [{"external_id": "D1", "name": "x", "arr": NaN}]}', "NaN is not a number"),
    "JSON nested 100,000 deep": ("e.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "UTF-16 (read, and its bad date named)": ("f.csv", HEADER + "A4,Acme,1000,2027-13-01\n", "f.csv:2: renewal_date"),
    "an empty file": ("g.csv", "", "empty file"),
    "an unclosed quote": ("h.csv", HEADER + 'A2,"Acme,1000,2027-01-01\n', "h.csv"),
    "a date in year 10000": ("i.csv", HEADER + "A3,Acme,1000,10000-01-01\n", "renewal_date"),
}


@pytest.mark.parametrize("case", IMPORTS, ids=list(IMPORTS))
def test_a_bad_import_is_one_line_and_writes_nothing(case, book, db_path, tmp_path):
    name, content, says = IMPORTS[case]
    path = tmp_path / name
    path.write_bytes(content.encode("utf-16" if case.startswith("UTF-16") else "utf-8"))
    before = dump(db_path)
    code, err = book("import", str(path))
    _one_clear_line(code, err, says)
    assert dump(db_path) == before


def test_a_folder_or_a_missing_file_is_one_line(book, tmp_path):
    for path, says in ((tmp_path, "a folder, not a file"), (tmp_path / "nope.csv", "No such file")):
        code, err = book("import", str(path))
        _one_clear_line(code, err, says)


OPTIONS = {
    "--today in year 1": (["--today", "0001-01-01", "queue"], "outside the years"),
    "--today in year 9999": (["--today", "9999-12-31", "agenda"], "outside the years"),
    "--today not a date": (["--today", "31/02/2026", "queue"], "expected a date"),
    "--days too many": (["agenda", "--days", "999999999999"], "from 0 to 3660"),
    "--days negative": (["agenda", "--days", "-1"], "from 0 to 3660"),
    "--date in year 9999": (["agenda", "--date", "9999-12-31"], "outside the years"),
    "--date far ahead": (["agenda", "--date", "+99999999d"], "too far from today"),
    "--date not a date": (["agenda", "--date", "someday"], "not a date"),
    "--period in year 1": (["report", "--period", "0001-01"], "outside the years"),
    "--period not a month": (["report", "--period", "2026-13"], "expected a month"),
    "ics --days too many": (["ics", "--out", "{tmp}/x.ics", "--days", "99999999999"], "from 0 to 3660"),
    "demo --accounts 1e9": (["demo", "--accounts", "1000000000"], "from 1 to 1,000,000"),
    "plan of no account": (["plan", "NOPE"], "NOPE"),
}


@pytest.mark.parametrize("case", OPTIONS, ids=list(OPTIONS))
def test_an_extreme_option_is_one_line(case, book, db_path, tmp_path):
    args, says = OPTIONS[case]
    before = dump(db_path)
    code, err = book(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    _one_clear_line(code, err, says)
    assert dump(db_path) == before


CONFIGS = {
    "refresh every nanosecond": ("[app]\nrefresh_seconds = 1e-9\n", "from 0.5 to 3600 (or 0: off)"),
    "an infinite number": ("[app]\nbackups_keep = 1e400\n", "backups_keep"),
    "a busy timeout of a week": ("[app]\nbusy_timeout_ms = 604800000\n", "from 0 to 600000"),
    "TOML nested 5,000 deep": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "not TOML": ("[app\nme = 'x'\n", "not valid TOML"),
    "an unknown key": ("[app]\nmee = 'x'\n", "unknown key"),
}


@pytest.mark.parametrize("case", CONFIGS, ids=list(CONFIGS))
def test_a_bad_config_is_one_line(case, tmp_path, capsys):
    text, says = CONFIGS[case]
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    code = main(["--config", str(config), "--db", str(tmp_path / "x.db"), "--today", TODAY, "config"])
    _one_clear_line(code, capsys.readouterr().err.splitlines(), says)


def test_a_config_saved_with_a_byte_order_mark_is_read(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text("\ufeff[app]\nme = 'Ana'\n", encoding="utf-8")
    assert main(["--config", str(config), "--db", str(tmp_path / "x.db"), "--today", TODAY, "config"]) == 0
    out = capsys.readouterr().out
    assert "me = 'Ana'" in out or 'me = "Ana"' in out


def test_a_mapping_in_utf16_or_nested_too_deep_is_one_line(book, tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("Nome\nA\n", encoding="utf-8")
    for name, raw, says in (
        ("m1.toml", "[columns]\nname = 'Nome'\n".encode("utf-16"), "not UTF-8"),
        ("m2.toml", ("a = " + "[" * 5000 + "]" * 5000).encode(), "nested too deeply"),
    ):
        mapping = tmp_path / name
        mapping.write_bytes(raw)
        code, err = book("import", "--mapping", str(mapping), str(data))
        _one_clear_line(code, err, says)


# -- what would be read forever: a pipe, a device -------------------------------------------------
def _cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """A real process, so a hang is a failed test and not a stuck run."""
    return subprocess.run(
        [sys.executable, "-m", "csm_desk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "CSM_DESK_TODAY": TODAY},
    )


@pytest.mark.sqlite_only("--db FIFO and restore are SQLite cases")
@pytest.mark.parametrize("where", ["import", "restore", "--db", "mapping", "config"])
def test_a_pipe_or_a_device_is_refused_at_once(where, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    db = str(tmp_path / "book.db")
    args = {
        "import": ["--db", db, "import", str(fifo)],
        "restore": ["--db", db, "restore", str(fifo)],
        "--db": ["--db", str(fifo), "queue"],
        "mapping": ["--db", db, "import", "--mapping", str(fifo), "/dev/null"],
        "config": ["--config", str(fifo), "--db", db, "queue"],
    }[where]
    done = _cli(*args)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
    assert "not a regular file" in done.stderr
    done = _cli("--db", db, "import", "/dev/zero")
    assert done.returncode == 1 and "/dev/zero: not a regular file" in done.stderr


# -- generated input ---------------------------------------------------------------------------------
_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "0", "-1", "1e400", "9" * 60, "2026-02-30", "0001-01-01", "=cmd", '"', "\x00", "\r"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(["external_id", "name", "arr", "renewal_date", "owner", "x"]), max_size=5),
    rows=st.lists(st.lists(_CELL, max_size=6), max_size=5),
)
def test_any_csv_is_imported_or_refused_in_one_piece(header, rows, tmp_path_factory, capsys):
    folder = tmp_path_factory.mktemp("fuzz")
    db, path = folder / "book.db", folder / "accounts.csv"
    text = ",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    code = main(["--db", str(db), "--today", TODAY, "import", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1, 2) and "Traceback" not in err
    if code != 0 and db.exists():
        assert not any(rows for table, rows in dump(db).items() if table not in ("alembic_version", "meta"))


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(_JSON, st.fixed_dictionaries({"accounts": st.lists(_JSON, max_size=3)})))
def test_any_json_is_imported_or_refused(payload, tmp_path_factory, capsys):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "book.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    code = main(["--db", str(folder / "book.db"), "--today", TODAY, "import", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1, 2) and "Traceback" not in err


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("[]=.'\"\n #abcapprefshmetrueflse0123456789_-{},")), max_size=60))
def test_any_config_text_is_read_or_refused_in_one_line(text, tmp_path_factory, capsys):
    folder = tmp_path_factory.mktemp("fuzz")
    config = Path(folder / "config.toml")
    config.write_text(text, encoding="utf-8")
    code = main(["--config", str(config), "--db", str(folder / "x.db"), "--today", TODAY, "config"])
    err = capsys.readouterr().err.splitlines()
    assert code in (0, 2) and len(err) <= 1, err


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_a_damaged_database_is_one_line_naming_the_way_back(tmp_path, capsys):
    db = tmp_path / "book.db"
    assert main(["--db", str(db), "--today", TODAY, "demo", "--accounts", "5"]) == 0
    with open(db, "r+b") as fh:  # pages in the middle overwritten, as a failing disk would
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096 * 2)
    capsys.readouterr()
    for command in (["queue"], ["agenda"], ["report"], ["export", "--out", str(tmp_path / "out")]):
        code = main(["--db", str(db), "--today", TODAY, *command])
        err = capsys.readouterr().err
        _one_clear_line(code, err.splitlines(), "damaged")
