"""Exports as they come: a Brazilian Excel CSV, report shapes, spreadsheets, row filters, dates decided
per column. Every test asserts what was stored, and that a second import changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csm_desk.cli import main

TODAY = "2026-11-23"

PT_BR_MAPPING = """
name = "rd"
locale = "pt-BR"

[[file]]
match = "*empresas*"
kind = "accounts"
columns = { external_id = "CNPJ", name = "Nome", industry = "Segmento", contract_start = "Início", strategic = "Estratégica", owner = "Responsável", arr = { column = "Mensalidade", times = 12 } }
fixed = { language = "pt-BR" }
"""

# As Excel on a Brazilian Windows saves "CSV (separado por vírgulas)": ';', Windows-1252, CRLF.
PT_BR_CSV = (
    "CNPJ;Nome;Segmento;Início;Mensalidade;Estratégica;Responsável\r\n"
    "12.345.678/0001-90;Atlas Comércio “Norte”;Varejo – moda;05/03/2024;R$ 12.500;Sim;João\r\n"
    "98.765.432/0001-10;Padaria São Jorge;Alimentação;25/11/2023;R$ 1.234,56;Não;Ana\r\n"
    '11.222.333/0001-44;"Café; Açaí & Cia";Alimentação;01/12/2024;"R$ 999,9";não;\r\n'
)


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY, "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def twice(capsys, db: Path, *args: str) -> str:
    """Import, check it went in, import again: the second time nothing is created or updated."""
    code, out, err = run(capsys, db, *args)
    assert code == 0, err
    code, again, err = run(capsys, db, *args)
    assert code == 0, err
    for line in again.splitlines():
        if "created" in line and "updated" in line:
            assert " 0 created, 0 updated" in line, again
    return out


@pytest.fixture
def ptbr(tmp_path) -> tuple[Path, Path]:
    mapping = tmp_path / "rd.toml"
    mapping.write_text(PT_BR_MAPPING, encoding="utf-8")
    data = tmp_path / "empresas.csv"
    data.write_bytes(PT_BR_CSV.encode("cp1252"))
    return mapping, data


def test_a_brazilian_excel_csv_imports_with_every_value_right(tmp_path, capsys, ptbr):
    mapping, data = ptbr
    db = tmp_path / "book.db"
    out = twice(capsys, db, "--mapping", str(mapping), str(data))
    assert rows(
        db,
        "SELECT external_id, name, industry, contract_start, arr, strategic, owner, language FROM account ORDER BY 1",
    ) == [
        ("11.222.333/0001-44", "Café; Açaí & Cia", "Alimentação", "2024-12-01", 11998.8, 0, "", "pt-BR"),
        ("12.345.678/0001-90", "Atlas Comércio “Norte”", "Varejo – moda", "2024-03-05", 150000.0, 1, "João", "pt-BR"),
        ("98.765.432/0001-10", "Padaria São Jorge", "Alimentação", "2023-11-25", 14814.72, 0, "Ana", "pt-BR"),
    ]
    assert "Windows-1252 (detected), ';'-separated" in out
    assert "Mensalidade × 12 → arr" in out and "Início → contract_start (DD/MM/YYYY)" in out


def test_twelve_point_five_hundred_is_twelve_thousand_five_hundred(tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'number_format = "1.234,56"\n[[file]]\nkind = "accounts"\n'
        'columns = { external_id = "id", name = "name", arr = "arr" }\n'
    )
    data = tmp_path / "a.csv"
    data.write_text("id;name;arr\nA-1;One;12.500\nA-2;Two;1.000.000\nA-3;Three;12\nA-4;Four;12,5\n")
    db = tmp_path / "book.db"
    twice(capsys, db, "--mapping", str(mapping), str(data))
    assert rows(db, "SELECT external_id, arr FROM account ORDER BY 1") == [
        ("A-1", 12500.0),
        ("A-2", 1000000.0),
        ("A-3", 12.0),
        ("A-4", 12.5),
    ]


def test_a_dot_that_cannot_be_thousands_is_refused_not_guessed(tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'locale = "pt-BR"\n[[file]]\nkind = "accounts"\ncolumns = { external_id = "id", name = "name", arr = "arr" }\n'
    )
    data = tmp_path / "a.csv"
    data.write_text("id;name;arr\nA-1;One;12.5\n")
    code, out, err = run(capsys, tmp_path / "book.db", "--mapping", str(mapping), str(data))
    assert code == 1 and out == ""
    assert (
        err.splitlines()[0]
        == f"{data}:2: arr: expected a number written like 1.234,56, got '12.5' (number_format or locale in the mapping say how the file writes numbers)"
    )
    assert not (tmp_path / "book.db").exists()


def test_the_dry_run_shows_how_each_file_is_read_and_its_first_rows(tmp_path, capsys, ptbr):
    mapping, data = ptbr
    code, out, err = run(capsys, tmp_path / "book.db", "--dry-run", "--mapping", str(mapping), str(data))
    assert code == 0, err
    assert "accounts      3 to create" in out
    assert f"read {data} with the mapping 'rd' (Windows-1252 (detected), ';'-separated, 3 rows):" in out
    assert "CNPJ → external_id, Nome → name" in out
    assert f"{data}:2: external_id='12.345.678/0001-90', name='Atlas Comércio “Norte”'" in out
    assert "arr=150000" in out and "contract_start=2024-03-05" in out
    assert not (tmp_path / "book.db").exists()


REPORT_MAPPING = """
name = "sfdc-report"
locale = "en-US"

[[file]]
kind = "accounts"
group = "accounts with contacts"
columns = { name = "Account Name", industry = "Industry", arr = "Contract Value" }

[[file]]
kind = "contacts"
group = "accounts with contacts"
derived = { name = "{First Name} {Last Name}" }
columns = { account = "Account Name", title = "Title", email = "Email" }
"""

REPORT = (
    "Account Name,Industry,Contract Value,First Name,Last Name,Title,Email\n"
    'Acme,Retail,"$120,000.00",Ana,Souza,CFO,ana@acme.test\n'
    'Acme,Retail,"$120,000.00",Bruno,Lima,CTO,bruno@acme.test\n'
    'Borealis,Energy,"$48,000.00",Carla,Dias,COO,carla@borealis.test\n'
)


def test_one_report_feeds_accounts_and_contacts_keyed_by_name(tmp_path, capsys):
    mapping = tmp_path / "report.toml"
    mapping.write_text(REPORT_MAPPING)
    data = tmp_path / "accounts_with_contacts.csv"
    data.write_text(REPORT)
    db = tmp_path / "book.db"
    out = twice(capsys, db, "--mapping", str(mapping), str(data))
    assert rows(db, "SELECT external_id, name, industry, arr FROM account ORDER BY 1") == [
        ("Acme", "Acme", "Retail", 120000.0),
        ("Borealis", "Borealis", "Energy", 48000.0),
    ]
    assert rows(
        db, "SELECT a.name, c.name, c.title, c.email FROM contact c JOIN account a ON a.id = c.account_id ORDER BY 2"
    ) == [
        ("Acme", "Ana Souza", "CFO", "ana@acme.test"),
        ("Acme", "Bruno Lima", "CTO", "bruno@acme.test"),
        ("Borealis", "Carla Dias", "COO", "carla@borealis.test"),
    ]
    assert "accounts (no account id: keyed by name)" in out
    assert "1 repeated row of a report merged" in out


def test_two_different_accounts_under_one_name_are_an_error_naming_both_rows(tmp_path, capsys):
    mapping = tmp_path / "report.toml"
    mapping.write_text(REPORT_MAPPING)
    data = tmp_path / "report.csv"
    data.write_text(REPORT.replace('Acme,Retail,"$120,000.00",Bruno', 'Acme,Energy,"$120,000.00",Bruno'))
    code, out, err = run(capsys, tmp_path / "book.db", "--mapping", str(mapping), str(data))
    assert code == 1 and out == ""
    assert err.splitlines()[0] == (
        f"{data}:3: name: two different accounts named 'Acme' (this row and {data}:2 differ in industry); "
        "the export has no account id to tell them apart: add the id column, or keep one row"
    )


def test_a_contact_names_its_account_by_name_when_the_book_knows_it_by_id(tmp_path, capsys):
    db = tmp_path / "book.db"
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("external_id,name\nA-1,Acme\nA-2,Borealis\n")
    assert run(capsys, db, str(accounts))[0] == 0
    mapping = tmp_path / "people.toml"
    mapping.write_text(
        '[[file]]\nkind = "contacts"\ncolumns = { account = "Organization", name = "Person", email = "Email" }\n'
    )
    people = tmp_path / "people.csv"
    people.write_text("Person,Organization,Email\nAna,Acme,a@x.test\nCarla,Borealis,c@x.test\n")
    twice(capsys, db, "--mapping", str(mapping), str(people))
    assert rows(db, "SELECT a.external_id, c.name FROM contact c JOIN account a ON a.id = c.account_id ORDER BY 2") == [
        ("A-1", "Ana"),
        ("A-2", "Carla"),
    ]


ACTIVITIES_MAPPING = """
name = "pipe"
locale = "pt-BR"

[[file]]
match = "*atividades*"
kind = "interactions"
where = { column = "Concluída", in = ["Sim"] }
columns = { account = "Organização", when = "Data", summary = "Assunto", channel = "Tipo" }
values.channel = { "Ligação" = "call", "E-mail" = "email", "Reunião" = "meeting" }

[[file]]
match = "*atividades*"
kind = "followups"
where = [{ column = "Concluída", in = ["Não"] }, { column = "Data", empty = false }]
columns = { account = "Organização", due = "Data", title = "Assunto" }
"""

ACTIVITIES = (
    "Assunto;Tipo;Organização;Data;Concluída\n"
    "Alinhamento de metas;Reunião;A-1;05/03/2026 10:00;Sim\n"
    "Retorno sobre a proposta;Ligação;A-1;05/03/2026;Sim\n"
    "Conversa com o financeiro;Ligação;A-2;06/03/2026;sim\n"
    "Revisão trimestral;Reunião;A-1;15/12/2026;Não\n"
    "Sem data;Ligação;A-2;;NÃO\n"
)


def test_a_where_filter_sends_done_activities_to_the_timeline_and_open_ones_to_the_agenda(tmp_path, capsys):
    db = tmp_path / "book.db"
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("external_id,name\nA-1,Acme\nA-2,Borealis\n")
    assert run(capsys, db, str(accounts))[0] == 0
    mapping = tmp_path / "pipe.toml"
    mapping.write_text(ACTIVITIES_MAPPING, encoding="utf-8")
    data = tmp_path / "atividades.csv"
    data.write_text(ACTIVITIES, encoding="utf-8")
    out = twice(capsys, db, "--mapping", str(mapping), str(data))
    assert rows(
        db,
        "SELECT a.external_id, i.channel, i.summary FROM interaction i JOIN account a ON a.id = i.account_id"
        " ORDER BY i.at, i.summary",
    ) == [
        ("A-1", "call", "Retorno sobre a proposta"),
        ("A-1", "meeting", "Alinhamento de metas"),
        ("A-2", "call", "Conversa com o financeiro"),
    ]
    assert rows(db, "SELECT due, title, status FROM followup WHERE source = 'manual'") == [
        ("2026-12-15", "Revisão trimestral", "open")
    ]
    assert "interactions where Concluída is one of: Sim" in out


def test_dates_no_value_settles_are_asked_for_never_guessed(tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'date_formats = ["%m/%d/%Y", "%d/%m/%Y"]\n[[file]]\nkind = "accounts"\n'
        'columns = { external_id = "id", name = "name", contract_start = "start" }\n'
    )
    data = tmp_path / "a.csv"
    data.write_text("id,name,start\nA-1,One,05/03/2024\nA-2,Two,04/01/2024\n")
    code, out, err = run(capsys, tmp_path / "book.db", "--mapping", str(mapping), str(data))
    assert code == 1 and out == ""
    line = err.splitlines()[0]
    assert line.startswith(f"{data}:1: start: every date in this column reads as day first (DD/MM/YYYY) and as ")
    assert "(such as '04/01/2024')" in line and "--locale pt-BR (day first)" in line


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("05/03/2024", "25/01/2024"), ["2024-03-05", "2024-01-25"]),  # 25 settles it: day first
        (("05/03/2024", "12/31/2024"), ["2024-05-03", "2024-12-31"]),  # 31 settles it: month first
    ],
)
def test_one_value_settles_the_order_of_the_whole_column(tmp_path, capsys, cells, expected):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'date_formats = ["%m/%d/%Y", "%d/%m/%Y"]\n[[file]]\nkind = "accounts"\n'
        'columns = { external_id = "id", name = "name", contract_start = "start" }\n'
    )
    data = tmp_path / "a.csv"
    data.write_text(f"id,name,start\nA-1,One,{cells[0]}\nA-2,Two,{cells[1]}\n")
    db = tmp_path / "book.db"
    twice(capsys, db, "--mapping", str(mapping), str(data))
    assert [r[0] for r in rows(db, "SELECT contract_start FROM account ORDER BY external_id")] == expected


def test_another_date_column_of_the_file_settles_an_open_one(tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'date_formats = ["%m/%d/%Y", "%d/%m/%Y"]\n[[file]]\nkind = "accounts"\n'
        'columns = { external_id = "id", name = "name", contract_start = "start", renewal_date = "renewal" }\n'
    )
    data = tmp_path / "a.csv"
    data.write_text("id,name,start,renewal\nA-1,One,05/03/2024,25/03/2027\n")
    db = tmp_path / "book.db"
    twice(capsys, db, "--mapping", str(mapping), str(data))
    assert rows(db, "SELECT contract_start, renewal_date FROM account") == [("2024-03-05", "2027-03-25")]


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, grid in sheets.items():
        sheet = book.create_sheet(name)
        for row in grid:
            sheet.append(row)
    book.save(path)
    return path


def test_a_spreadsheet_imports_typed_cells_as_they_are(tmp_path, capsys):
    from datetime import date, datetime

    data = _xlsx(
        tmp_path / "contas.xlsx",
        {
            "Leia-me": [["Exportado do CRM"]],
            "Contas": [
                ["CNPJ", "Nome", "Início", "Mensalidade", "Estratégica"],
                ["12.345.678/0001-90", "Atlas", date(2024, 3, 5), 12500, True],
                ["98.765.432/0001-10", "Padaria", datetime(2023, 11, 25, 0, 0), 1234.56, False],
                [None, None, None, None, None],
                ["11.222.333/0001-44", "Café", "01/12/2024", "R$ 999,90", "Não"],
            ],
        },
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'locale = "pt-BR"\nsheet = "contas"\n[[file]]\nkind = "accounts"\n'
        'columns = { external_id = "CNPJ", name = "Nome", contract_start = "Início", strategic = "Estratégica", '
        'arr = { column = "Mensalidade", times = 12 } }\n',
        encoding="utf-8",
    )
    db = tmp_path / "book.db"
    out = twice(capsys, db, "--mapping", str(mapping), str(data))
    assert rows(db, "SELECT external_id, name, contract_start, arr, strategic FROM account ORDER BY 1") == [
        ("11.222.333/0001-44", "Café", "2024-12-01", 11998.8, 0),
        ("12.345.678/0001-90", "Atlas", "2024-03-05", 150000.0, 1),
        ("98.765.432/0001-10", "Padaria", "2023-11-25", 14814.72, 0),
    ]
    assert "sheet 'Contas'" in out


def test_a_native_spreadsheet_imports_without_a_mapping(tmp_path, capsys):
    data = _xlsx(tmp_path / "accounts.xlsx", {"Sheet1": [["external_id", "name", "arr"], ["A-1", "Acme", 12000]]})
    db = tmp_path / "book.db"
    twice(capsys, db, str(data))
    assert rows(db, "SELECT external_id, name, arr FROM account") == [("A-1", "Acme", 12000.0)]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [('"Nope"', "no sheet named 'Nope' (the workbook has ['Contas'])"), ("3", "not a sheet 3")],
)
def test_a_sheet_that_is_not_there_is_named(tmp_path, capsys, sheet, message):
    data = _xlsx(tmp_path / "c.xlsx", {"Contas": [["id", "name"], ["A-1", "Acme"]]})
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        f'sheet = {sheet}\n[[file]]\nkind = "accounts"\ncolumns = {{ external_id = "id", name = "name" }}\n'
    )
    code, _, err = run(capsys, tmp_path / "book.db", "--mapping", str(mapping), str(data))
    assert code == 1
    assert err.startswith(f"{data}: sheet: ") and message in err.splitlines()[0]


def test_one_import_mixes_a_semicolon_cp1252_file_and_a_comma_utf8_file(tmp_path, capsys):
    mapping = tmp_path / "mixed.toml"
    mapping.write_text(
        '[[file]]\nmatch = "br_*"\nkind = "accounts"\nlocale = "pt-BR"\n'
        'columns = { external_id = "Código", name = "Nome", arr = "Valor" }\n'
        '[[file]]\nmatch = "us_*"\nkind = "accounts"\nlocale = "en-US"\n'
        'columns = { external_id = "Code", name = "Name", arr = "Value" }\n',
        encoding="utf-8",
    )
    br = tmp_path / "br_contas.csv"
    br.write_bytes("Código;Nome;Valor\r\nB-1;Ótica Sé;R$ 1.500,00\r\n".encode("cp1252"))
    us = tmp_path / "us_accounts.csv"
    us.write_text('Code,Name,Value\nU-1,Main St,"$1,500.00"\n')
    db = tmp_path / "book.db"
    twice(capsys, db, "--mapping", str(mapping), str(br), str(us))
    assert rows(db, "SELECT external_id, name, arr FROM account ORDER BY 1") == [
        ("B-1", "Ótica Sé", 1500.0),
        ("U-1", "Main St", 1500.0),
    ]


ACCOUNTS_TABLE = '[[file]]\nkind = "accounts"\n'
ID_AND_NAME = '[file.columns]\nexternal_id = "id"\nname = "name"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'locale = "pt-PT"\n' + ACCOUNTS_TABLE + ID_AND_NAME,
            "locale: expected one of pt-BR, en-US, en-GB, got 'pt-PT'",
        ),
        ("sheet = 0\n" + ACCOUNTS_TABLE + ID_AND_NAME, "sheet: sheets are numbered from 1, got 0"),
        ('delimiter = ";;"\n' + ACCOUNTS_TABLE + ID_AND_NAME, 'delimiter: expected "auto" or one character'),
        ('encoding = "klingon"\n' + ACCOUNTS_TABLE + ID_AND_NAME, "encoding: unknown text encoding 'klingon'"),
        (
            ACCOUNTS_TABLE + 'where = { column = "Status" }\n' + ID_AND_NAME,
            'expected { column = "Status", in = ["Done"] }',
        ),
        (
            ACCOUNTS_TABLE + 'where = { column = "Status", in = ["a"], empty = true }\n' + ID_AND_NAME,
            'expected { column = "Status", in = ["Done"] }',
        ),
        (
            ACCOUNTS_TABLE + 'where = { column = "Status", empty = "yes" }\n' + ID_AND_NAME,
            "where.empty: expected true or false",
        ),
        (
            ACCOUNTS_TABLE + '[file.columns.arr]\ncolumn = "Fee"\ntimes = "x"\n' + ID_AND_NAME,
            "times: expected a positive number such as 12, got 'x'",
        ),
        (
            ACCOUNTS_TABLE + '[file.columns.arr]\ncolumn = "Fee"\ntimes = 0\n' + ID_AND_NAME,
            "times: expected a positive number such as 12, got 0",
        ),
        (
            ACCOUNTS_TABLE + '[file.columns.industry]\ncolumn = "Fee"\ntimes = 2\n' + ID_AND_NAME,
            "times: only a number field can be scaled",
        ),
    ],
)
def test_a_bad_setting_or_table_is_one_line(tmp_path, capsys, text, message):
    mapping = tmp_path / "m.toml"
    mapping.write_text(text)
    data = tmp_path / "a.csv"
    data.write_text("id,name\nA-1,Acme\n")
    code, _, err = run(capsys, tmp_path / "book.db", "--mapping", str(mapping), str(data))
    assert code == 2 and len(err.splitlines()) == 1
    assert message in err


def test_a_wrong_delimiter_says_which_setting_splits_the_cells(tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'delimiter = ","\n[[file]]\nmatch = "a.csv"\nkind = "accounts"\ncolumns = { external_id = "id", name = "name" }\n'
    )
    data = tmp_path / "a.csv"
    data.write_text("id;name\nA-1;Acme\n")
    code, _, err = run(capsys, tmp_path / "book.db", "--mapping", str(mapping), str(data))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{data}:1: header: no column 'id' for external_id (the file has 'id;name'); "
        """the cells seem separated by ';': set delimiter = ";" (or "auto") in the mapping"""
    )


SALESFORCE_ACCOUNTS = (
    "Account: Account ID,Account: Account Name,Account: Created Date\n001A,Acme,05/03/2024\n001B,Borealis,04/01/2024\n"
)


def test_a_preset_file_no_date_settles_is_asked_about_then_read_with_locale(tmp_path, capsys):
    data = tmp_path / "accounts.csv"
    data.write_text(SALESFORCE_ACCOUNTS)
    db = tmp_path / "book.db"
    code, out, err = run(capsys, db, str(data))
    assert code == 1 and out == ""
    assert "Account: Created Date: every date in this column reads as day first (DD/MM/YYYY) and as month first" in err
    assert not db.exists()
    twice(capsys, db, "--locale", "pt-BR", str(data))
    assert rows(db, "SELECT external_id, contract_start FROM account ORDER BY 1") == [
        ("001A", "2024-03-05"),
        ("001B", "2024-01-04"),
    ]


def test_locale_wins_over_the_mapping_and_the_preset(tmp_path, capsys):
    data = tmp_path / "accounts.csv"
    data.write_text(SALESFORCE_ACCOUNTS)
    db = tmp_path / "book.db"
    twice(capsys, db, "--locale", "en-US", "--preset", "salesforce", str(data))
    assert rows(db, "SELECT external_id, contract_start FROM account ORDER BY 1") == [
        ("001A", "2024-05-03"),
        ("001B", "2024-04-01"),
    ]


def test_locale_is_not_for_native_files(tmp_path, capsys):
    data = tmp_path / "accounts.csv"
    data.write_text("external_id,name\nA-1,Acme\n")
    code = main(["--db", str(tmp_path / "b.db"), "import", "--kind", "accounts", "--locale", "pt-BR", str(data)])
    assert code == 2
    assert "--locale: not with --kind" in capsys.readouterr().err
