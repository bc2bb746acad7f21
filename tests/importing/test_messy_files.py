"""The messy-files corpus (tests/data/messy): each file normalises as documented or fails with
``file:line: column: reason`` and writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csm_desk.cli import main

MESSY = Path(__file__).resolve().parents[1] / "data" / "messy"


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", "2026-11-23", "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    """A book holding M-1 and M-2 (read from the BOM + CRLF file)."""
    path = tmp_path / "book.db"
    code, _out, err = run(capsys, path, str(MESSY / "bom_crlf_accounts.csv"))
    assert code == 0, err
    return path


def test_bom_and_crlf_normalise(db):
    assert rows(db, "SELECT external_id, name, owner FROM account ORDER BY 1") == [
        ("M-1", "Bom Co", "ana"),
        ("M-2", "Crlf Co", "ana"),
    ]


def test_a_blank_cell_in_a_number_column_is_unknown_not_zero(db, capsys):
    code, _, err = run(capsys, db, str(MESSY / "blank_numbers_metrics.csv"))
    assert code == 0, err
    assert rows(db, "SELECT health, logins, active_users, nps, login_benchmark FROM metric ORDER BY account_id") == [
        (None, 10, None, None, None),
        (60, None, 5, 7, None),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("multiline_interactions.csv", ":5: channel: unknown channel 'fax'"),  # the record starts on line 5
        ("ragged_metrics.csv", ":3: row: expected 9 cells like the header, found 5"),
        ("duplicated_accounts.csv", ":3: external_id: the same account as {path}:2; keep one of the two"),
    ],
)
def test_bad_files_fail_with_file_line_column_reason_and_write_nothing(db, capsys, name, expected):
    before = rows(db, "SELECT count(*) FROM account") + rows(db, "SELECT count(*) FROM interaction")
    path = str(MESSY / name)
    code, out, err = run(capsys, db, path)
    assert code == 1 and out == ""
    assert err.startswith(path + expected.format(path=path))
    assert "Traceback" not in err
    assert rows(db, "SELECT count(*) FROM account") + rows(db, "SELECT count(*) FROM interaction") == before


def test_quoted_line_breaks_stay_inside_their_cell(db, tmp_path, capsys):
    good = tmp_path / "interactions.csv"
    good.write_text((MESSY / "multiline_interactions.csv").read_text().replace("fax", "email"))
    code, _, err = run(capsys, db, str(good))
    assert code == 0, err
    assert rows(db, "SELECT summary FROM interaction ORDER BY at") == [
        ("Two lines\nof summary",),
        ("after a\nmulti-line cell",),
    ]
    assert rows(db, "SELECT text FROM quote ORDER BY position") == [("First quote",), ("Second quote",)]


def test_an_eight_bit_file_is_detected_and_read_as_windows_1252_without_a_mapping(db, capsys):
    code, _out, err = run(capsys, db, str(MESSY / "latin1_accounts.csv"), str(MESSY / "latin1_hubspot.csv"))
    assert code == 0, err
    assert rows(db, "SELECT name, owner FROM account WHERE external_id IN ('M-3', '9102') ORDER BY 1") == [
        ("Café Açaí", "joão"),
        ("Café Ltda", ""),
    ]


def test_a_named_encoding_that_does_not_fit_says_which_setting_reads_it(db, tmp_path, capsys):
    mapping = tmp_path / "utf8.toml"
    mapping.write_text((MESSY / "latin1.toml").read_text().replace('"latin-1"', '"utf-8"'), encoding="utf-8")
    path = str(MESSY / "latin1_accounts.csv")
    code, _out, err = run(capsys, db, "--mapping", str(mapping), path)
    assert code == 1
    assert err.startswith(f"{path}:2: file: not UTF-8 text (byte 0xe9); leave encoding out")
    assert 'encoding = "cp1252"' in err.splitlines()[0]


def test_latin1_normalises_when_the_mapping_names_the_encoding(db, capsys):
    code, out, err = run(capsys, db, "--mapping", str(MESSY / "latin1.toml"), str(MESSY / "latin1_accounts.csv"))
    assert code == 0, err
    assert rows(db, "SELECT name, owner, language FROM account WHERE external_id = 'M-3'") == [
        ("Café Açaí", "joão", "pt-BR")
    ]
    assert "columns not used: strategic, segment" in out


def test_three_date_formats_numbers_words_fixed_derived_and_short_rows(db, capsys):
    code, _, err = run(capsys, db, "--mapping", str(MESSY / "european.toml"), str(MESSY / "european_accounts.csv"))
    assert code == 0, err
    assert rows(
        db,
        "SELECT external_id, name, arr, strategic, segment, contract_start, renewal_date, owner "
        "FROM account WHERE external_id > 'M-3' ORDER BY 1",
    ) == [
        ("M-4", "Iso Gmbh", 1234.56, 1, "enterprise", "2024-03-05", "2027-03-05", "desk of Iso Gmbh"),
        ("M-5", "Slash Sàrl", 12000.0, 0, "enterprise", "2024-03-05", "2027-03-05", "desk of Slash Sàrl"),
        ("M-6", "Words Co", 12000.5, 1, "enterprise", "2024-03-05", "2027-03-05", "desk of Words Co"),
        ("M-7", "Short Co", 100.0, 0, "enterprise", None, None, "desk of Short Co"),
    ]


def test_a_mapped_file_names_the_source_column_in_each_problem(db, capsys):
    path = str(MESSY / "european_bad.csv")
    code, _out, err = run(capsys, db, "--mapping", str(MESSY / "european.toml"), path)
    assert code == 1
    assert err.splitlines()[:3] == [
        f"{path}:2: Revenue: expected a number written like 1.234,56, got '1,5x' (number_format or locale in the mapping say how the file writes numbers)",
        f"{path}:2: Key account: expected yes/ja or no/nein, got 'maybe'",
        f"{path}:2: Since: expected a date written as DD/MM/YYYY or Mon DD, YYYY, got '2024.03.05' (date_formats or locale in the mapping say how the file writes dates)",
    ]
    assert rows(db, "SELECT count(*) FROM account") == [(2,)]
