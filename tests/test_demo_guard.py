"""``csm-desk demo`` never pollutes a real book: a database holding accounts the demo did not write is
refused (one line, exit 2, nothing written) unless ``--force``; the demo names its own product."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from csm_desk import demo
from csm_desk.config import AppSettings, Settings
from csm_desk.desk import Desk
from csm_desk.scripts.loader import fill_text
from csm_desk.store.tables import Account, Contact, Meta

TABLES = ("account", "contact", "metric", "signal", "interaction", "quote", "followup", "stage_change", "meta")


def _dump(db: str) -> dict[str, list[tuple]]:
    """Every row of the tables a demo book writes, as stored."""
    url = db if "://" in db else f"sqlite:///{db}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))] for t in TABLES}
    finally:
        engine.dispose()


def _cli(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "csm_desk", "--db", db, "--today", "2026-11-23", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def real_book(store, db_path):
    with store.write() as s:
        acme = Account(external_id="ACME-1", name="Acme", arr=12_000.0)
        s.add(acme)
        s.flush()
        s.add(Contact(account_id=acme.id, name="Pat Doe", role="champion"))
    store.dispose()
    return str(db_path)


@pytest.mark.slow
def test_demo_refuses_a_real_book_and_writes_nothing(real_book):
    before = _dump(real_book)
    run = _cli(real_book, "demo", "--accounts", "5")
    assert run.returncode == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"csm-desk: {real_book.split('?')[0]}")  # the database, named
    assert "holds 1 account the demo did not write; nothing was written" in line
    assert "csm-desk demo --force" in line and "csm-desk --demo" in line
    assert _dump(real_book) == before


@pytest.mark.slow
def test_force_adds_the_demo_beside_the_real_accounts(real_book):
    run = _cli(real_book, "demo", "--accounts", "5", "--force")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Wrote a demo book for 2026-11-23 (seed 7): 5 accounts")
    rows = _dump(real_book)["account"]
    ids = sorted(r[1] for r in rows)
    assert ids == ["ACME-1", "DEMO-0001", "DEMO-0002", "DEMO-0003", "DEMO-0004", "DEMO-0005"]
    again = _cli(real_book, "demo", "--accounts", "5")  # still a real book: --force every time
    assert again.returncode == 2


def test_a_book_of_demo_accounts_only_is_rewritten_without_force(store, today, settings):
    demo.write_demo_book(store, today, settings, accounts=5)
    demo.write_demo_book(store, today, settings, accounts=3)
    with store.read() as s:
        assert sorted(s.scalars(text("SELECT external_id FROM account"))) == ["DEMO-0001", "DEMO-0002", "DEMO-0003"]


@pytest.mark.sqlite_only("the --demo book is a SQLite file in the cache folder")
def test_the_throwaway_demo_database_is_always_the_demos(store, today, settings):
    with store.write() as s:
        s.add(Account(external_id="TYPED-1", name="Imported into --demo by hand"))
    assert demo.ensure_demo_book(store, today, settings)
    with store.read() as s:
        assert s.scalar(text("SELECT count(*) FROM account")) == 1 + demo.DEFAULT_ACCOUNTS


def test_the_demo_names_its_own_product_and_csm_so_its_scripts_are_filled(store, today):
    settings = Settings()  # no app.product, no app.me
    demo.write_demo_book(store, today, settings, accounts=12)
    with store.write() as s:
        s.add(Account(external_id="ACME-1", name="Acme (mine)"))
    desk = Desk(store, settings)
    with store.read() as s:
        assert s.get(Meta, "demo_product").value == "Pulseboard"
    for ext in ("DEMO-0001", "DEMO-0002", "DEMO-0003", "DEMO-0004"):
        sheet = desk.call_sheet(ext)
        first_line = fill_text(sheet.script.steps[0].say, sheet.values)
        assert "⟨product⟩" not in first_line and "⟨csm_name⟩" not in first_line, (ext, first_line)
        assert sheet.values["product"] == "Pulseboard"
        assert sheet.values["csm_name"] == sheet.detail.account.owner
    # An account the demo did not write is never said to use the demo's product.
    assert desk.call_sheet("ACME-1").values["product"] is None
    configured = Desk(store, Settings(app=AppSettings(product="Acme CRM", me="Ana")))
    assert configured.call_sheet("DEMO-0001").values["product"] == "Acme CRM"
    assert configured.call_sheet("DEMO-0001").values["csm_name"] == "Ana"
