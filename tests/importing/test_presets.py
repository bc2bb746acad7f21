"""Salesforce and HubSpot exports read as they come: header presets, no mapping file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csm_desk.cli import main
from csm_desk.importing.presets import preset_for

CRM = Path(__file__).resolve().parents[1] / "data" / "crm"


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    path = tmp_path / "book.db"
    files = [
        "salesforce_accounts_api.csv",
        "salesforce_tasks.csv",
        "salesforce_accounts_report.csv",
        "hubspot_companies.csv",
        "hubspot_contacts.csv",
        "hubspot_companies_spaced.csv",
    ]
    code = main(["--db", str(path), "--today", "2026-11-23", "import", *(str(CRM / f) for f in files)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "skipped salesforce_accounts_api.csv" not in out  # paths are printed in full
    assert "columns not used: AnnualRevenue, LastActivityDate, BillingCountry" in out
    # The contacts report repeats its accounts (id and name): a second import, as a CSM would run it.
    code = main(["--db", str(path), "--today", "2026-11-23", "import", str(CRM / "salesforce_contacts_report.csv")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "accounts      0 created, 0 updated, 2 unchanged" in out
    return path


def test_salesforce_api_and_report_accounts(db):
    assert rows(
        db,
        "SELECT external_id, name, arr, industry, owner, contract_start FROM account "
        "WHERE external_id LIKE '001%' ORDER BY 1",
    ) == [
        ("001A000001", "Acme [bold]Corp[/]", None, "Manufacturing", "005A1", "2023-04-01"),
        ("001A000002", "Beta LLC", None, "Retail", "005A2", "2024-02-10"),
        ("001A000003", "Gamma Inc", None, "Software", "Ana Lima", "2024-03-15"),
    ]


def test_salesforce_contacts_join_first_and_last_name_and_completed_tasks_become_interactions(db):
    assert rows(
        db,
        "SELECT a.external_id, c.name, c.title FROM contact c JOIN account a ON a.id = c.account_id "
        "WHERE a.external_id LIKE '001%' ORDER BY 2",
    ) == [("001A000001", "Jo Silva", "CTO"), ("001A000002", "Max", "CFO")]
    assert rows(db, "SELECT due, title, status FROM followup WHERE source = 'manual' ORDER BY due") == [
        ("2026-12-01", "Renewal call", "open"),
    ]
    assert rows(
        db, "SELECT a.external_id, i.at, i.summary FROM interaction i JOIN account a ON a.id = i.account_id"
    ) == [("001A000002", "2026-11-10 00:00:00.000000", "Send QBR deck")]


def test_hubspot_companies_and_contacts_of_the_first_associated_company(db):
    assert rows(
        db, "SELECT external_id, name, owner, contract_start FROM account WHERE external_id LIKE '900%' ORDER BY 1"
    ) == [
        ("9001", "Delta SA", "Bob Reis", "2024-05-02"),
        ("9002", "Epsilon", "", "2025-01-20"),
        ("9003", "Zeta", "", "2024-01-01"),
    ]
    assert rows(
        db,
        "SELECT a.external_id, c.name, c.email FROM contact c JOIN account a ON a.id = c.account_id "
        "WHERE a.external_id LIKE '900%' ORDER BY 2",
    ) == [("9001", "Ana Souza", "ana@delta.test"), ("9002", "Rui Melo", "rui@epsilon.test")]


@pytest.mark.parametrize(
    ("header", "preset", "kind"),
    [
        (["ID", "NAME", "annual revenue"], "salesforce", "accounts"),
        (["  Record   ID ", "company name"], "hubspot", "accounts"),
        (["record_id", "first name", "LAST NAME", "associated company ids"], "hubspot", "contacts"),
        (["Subject", "ActivityDate", "WhatId", "STATUS"], "salesforce", "interactions"),
    ],
)
def test_header_matching_ignores_case_and_spaces(header, preset, kind):
    mapping, tables = preset_for(header)
    assert (mapping.name, tables[0].kind) == (preset, kind)


def test_a_header_no_preset_fits_gets_the_native_message(tmp_path, capsys):
    path = tmp_path / "odd.csv"
    path.write_text("Foo,Bar\n1,2\n")
    code = main(["--db", str(tmp_path / "b.db"), "import", str(path)])
    assert code == 1
    assert "cannot tell what the file holds" in capsys.readouterr().err
