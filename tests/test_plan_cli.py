"""``csm-desk plan ACCOUNT [--out FILE]``: the save plan as Markdown, printed or in a private file."""

from __future__ import annotations

import stat
from datetime import time, timedelta

import pytest

from csm_desk.cli import main
from csm_desk.config import Settings
from csm_desk.desk import Desk
from csm_desk.domain.save_plan import PlanAction, PlanDraft
from csm_desk.store.tables import Account

EXPECTED = """# SAVE PLAN: Acme [bold]Corp[/]

## SITUATION
Budget cut by a third.

## ROOT CAUSE
Pricing: They pay for modules they never adopted.

## ACTIONS
1. Right-sized proposal - Owner: Sofia - Due: 2026-11-30

## SUCCESS CRITERIA
Renewal signed at the new size.

## NEXT CHECK-IN: 2026-12-07 10:00

## STRATEGIES
- Pricing restructure (typical save rate 35-50%): their finances changed (layoffs, budget cuts)
"""


@pytest.fixture
def book(store, today, db_path):
    with store.write() as s:
        acme = Account(external_id="ACME-1", name="Acme [bold]Corp[/]", owner="Jordan")
        s.add_all([acme, Account(external_id="BARE-2", name="Bare")])
        s.flush()
        account_id = acme.id
    d = PlanDraft(
        situation="Budget cut by a third.",
        root_cause_category="pricing",
        root_cause="They pay for modules they never adopted.",
        actions=(PlanAction("Right-sized proposal", "Sofia", today + timedelta(days=7)),),
        success_criteria="Renewal signed at the new size.",
        checkin=today + timedelta(days=14),
        checkin_time=time(10, 0),
        strategies=("pricing_restructure",),
        pricing_condition="finances_changed",
    )
    Desk(store, Settings()).save_plan(account_id, d)
    store.dispose()
    return ["--db", str(db_path), "--today", today.isoformat()]


def test_plan_prints_the_markdown(book, capsys):
    assert main([*book, "plan", "ACME-1"]) == 0
    assert capsys.readouterr().out == EXPECTED


def test_plan_writes_a_private_file(book, tmp_path, capsys):
    out = tmp_path / "plan.md"
    out.write_text("old and longer content " * 20)
    out.chmod(0o644)
    assert main([*book, "plan", "ACME-1", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == EXPECTED
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert str(out) in capsys.readouterr().out


def test_unknown_account_is_one_line_and_exit_1(book, capsys):
    assert main([*book, "plan", "NOPE"]) == 1
    err = capsys.readouterr().err
    assert err == "csm-desk: NOPE: no account with that external id\n"


def test_account_without_a_plan_says_so(book, capsys):
    assert main([*book, "plan", "BARE-2"]) == 1
    assert "BARE-2: has no save plan yet" in capsys.readouterr().err


def test_unwritable_out_is_one_line(book, tmp_path, capsys):
    assert main([*book, "plan", "ACME-1", "--out", str(tmp_path / "missing" / "plan.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("csm-desk: ") and "cannot write the file" in err and err.count("\n") == 1
    assert main([*book, "plan", "ACME-1", "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_out_through_a_symlink_is_refused_and_its_target_kept(book, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "plan.md"
    link.symlink_to(victim)
    assert main([*book, "plan", "ACME-1", "--out", str(link)]) == 1
    assert capsys.readouterr().err == f"csm-desk: {link}: is a symbolic link; not replacing it\n"
    assert victim.read_text() == "keep me"
