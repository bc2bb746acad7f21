"""Re-importing any fixture changes nothing: the second import of the same files creates nothing, updates
nothing and leaves every row as it was. Every file under tests/data is checked: read alone (native or a
preset), or in a group below when it needs other files or a mapping; files that are wrong on purpose are
listed with what is wrong with them. On SQLite and, with ``CSM_DESK_TEST_DB``, on PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from csm_desk.cli import main
from csm_desk.store.engine import open_store

DATA = Path(__file__).resolve().parents[1] / "data"
PRESETS = Path(__file__).resolve().parents[2] / "src/csm_desk/importing/presets"
RAVENSTACK = Path(__file__).resolve().parents[3] / "shared" / "data" / "ravenstack"
TODAY = "2026-11-23"

# Files that import only with others (contacts need their accounts) or through a mapping: (files, mapping).
GROUPS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "crm-book": (
        (
            "crm/salesforce_accounts_api.csv",
            "crm/salesforce_tasks.csv",
            "crm/salesforce_accounts_report.csv",
            "crm/hubspot_companies.csv",
            "crm/hubspot_contacts.csv",
            "crm/hubspot_companies_spaced.csv",
        ),
        None,
    ),
    "messy-metrics": (("messy/bom_crlf_accounts.csv", "messy/blank_numbers_metrics.csv"), None),
    # Vendor exports (tests/data/presets, see make_fixtures.py): contacts, activities, deals and tickets
    # with the accounts they name.
    "presets-salesforce-tasks": (("presets/salesforce/accounts.csv", "presets/salesforce/tasks.csv"), None),
    "presets-hubspot": (
        (
            "presets/hubspot/companies.csv",
            "presets/hubspot/contacts.csv",
            "presets/hubspot/empresas.csv",
            "presets/hubspot/contatos.csv",
        ),
        None,
    ),
    "presets-pipedrive": (
        (
            "presets/pipedrive/organizations.csv",
            "presets/pipedrive/people.csv",
            "presets/pipedrive/activities.csv",
            "presets/pipedrive/atividades.xlsx",
            "presets/pipedrive/deals.csv",
        ),
        None,
    ),
    "presets-rdstation": (
        ("presets/rdstation/empresas.csv", "presets/rdstation/contatos.csv", "presets/rdstation/negociacoes.csv"),
        None,
    ),
    "presets-zendesk": (("presets/hubspot/companies.csv", "presets/zendesk/tickets.csv"), None),
    "presets-freshdesk": (("presets/hubspot/companies.csv", "presets/freshdesk/tickets.csv"), None),
    "presets-movidesk": (("presets/rdstation/empresas.csv", "presets/movidesk/tickets.csv"), None),
    "messy-european": (("messy/european_accounts.csv",), "messy/european.toml"),
    "messy-latin1-mapping": (("messy/latin1_accounts.csv",), "messy/latin1.toml"),
}
# Files refused on purpose (tests/data/messy/README.md says why): there is nothing to re-import.
REFUSED = {
    "messy/duplicated_accounts.csv": "the same external id twice",
    "messy/european_bad.csv": "cells no format reads",
    "messy/ragged_metrics.csv": "a short row",
    "messy/multiline_interactions.csv": "an unknown channel after the multi-line cells",
}
NOT_DATA = {".md", ".toml", ".py"}
OTHER_COMMANDS = {"transcripts"}
"""Folders of files another command reads: meeting transcripts are attached with ``csm-desk transcript``
(tests/test_transcript_cli.py: attaching one twice is refused and changes nothing)."""


def _data_files() -> list[str]:
    return sorted(
        str(p.relative_to(DATA))
        for p in DATA.rglob("*")
        if p.is_file() and p.suffix not in NOT_DATA and p.relative_to(DATA).parts[0] not in OTHER_COMMANDS
    )


def _alone() -> list[str]:
    """Every data file no group reads and that is not refused on purpose: it must import by itself."""
    grouped = {f for files, _ in GROUPS.values() for f in files}
    return [f for f in _data_files() if f not in grouped and f not in REFUSED]


CASES = [pytest.param(files, mapping, TODAY, id=name) for name, (files, mapping) in GROUPS.items()] + [
    pytest.param((f,), None, TODAY, id=f) for f in _alone()
]
RAVENSTACK_CASE = pytest.param(
    tuple(str(p) for p in sorted(RAVENSTACK.glob("ravenstack_*.csv"))),
    str(PRESETS / "ravenstack.toml"),
    "2025-01-01",
    id="ravenstack",
    marks=[
        pytest.mark.slow,
        pytest.mark.skipif(not RAVENSTACK.is_dir(), reason=f"RavenStack data set not found at {RAVENSTACK}"),
    ],
)


def _tallies(out: str) -> dict[str, tuple[int, int]]:
    found = re.findall(r"^\s*(\w+)\s+(\d+) created, (\d+) updated, \d+ unchanged", out, flags=re.M)
    return {kind: (int(created), int(updated)) for kind, created, updated in found}


def _import(capsys, db, today: str, files: tuple[str, ...], mapping: str | None) -> str:
    capsys.readouterr()
    args = ["--mapping", str(DATA / mapping)] if mapping else []  # DATA / an absolute path is that path
    paths = [str(DATA / f) for f in files]
    code = main(["--db", str(db), "--today", today, "import", *args, *paths])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _book(db) -> dict[str, list[tuple]]:
    """Every row of every table, in id order (the second import must leave each as it was)."""
    store = open_store(db)
    try:
        with store.read() as s:
            names = [
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
            ]
            return {n: [tuple(r) for r in s.execute(text(f"SELECT * FROM {n} ORDER BY id")).all()] for n in names}
    finally:
        store.dispose()


@pytest.mark.parametrize(("files", "mapping", "today"), [*CASES, RAVENSTACK_CASE])
def test_importing_a_fixture_twice_changes_nothing_the_second_time(db_path, capsys, files, mapping, today):
    first = _tallies(_import(capsys, db_path, today, files, mapping))
    assert sum(created for created, _ in first.values()) > 0  # the fixture does hold something
    before = _book(db_path)
    second = _tallies(_import(capsys, db_path, today, files, mapping))
    assert second.keys() == first.keys()
    assert {kind: tally for kind, tally in second.items() if tally != (0, 0)} == {}
    assert _book(db_path) == before


def test_every_fixture_is_checked_or_refused_on_purpose():
    files = set(_data_files())
    named = {f for fs, _ in GROUPS.values() for f in fs} | set(REFUSED)
    assert named <= files, f"listed but not in tests/data: {sorted(named - files)}"
    mappings = {str(p.relative_to(DATA)) for p in DATA.rglob("*.toml")}
    used = {m for _, m in GROUPS.values() if m}
    assert mappings <= used, f"mappings no group reads (add a group to GROUPS): {sorted(mappings - used)}"
