"""Escape sequences and control characters in imported or typed text never reach the terminal or a
file: every output shows them as visible pictures (domain/text.py), whatever screen or format."""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from csm_desk.cli import main
from csm_desk.store.tables import Account

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x1b\\"  # ST-terminated clipboard write
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x9b31m"
HOSTILE = f"Acme{OSC52} Corp{TITLE}{CLEAR}"
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\x9d")


def _clean(text: str) -> bool:
    return not any(c in text for c in FORBIDDEN)


@pytest.fixture
def book(tmp_path, db_path):
    (tmp_path / "accounts.csv").write_text(
        f'external_id,name,arr,owner\nH-1,"{HOSTILE}",60000,Ana{CLEAR}\n', encoding="utf-8"
    )
    (tmp_path / "interactions.csv").write_text(
        f'account,when,channel,summary,quotes\nH-1,2026-11-02T10:00Z,call,"said {TITLE}","line one{OSC52}\nline two"\n',
        encoding="utf-8",
    )
    (tmp_path / "followups.csv").write_text(f"account,due,title\nH-1,2026-11-25,Call back {OSC52}\n", encoding="utf-8")
    common = ["--db", str(db_path), "--today", "2026-11-23"]
    assert (
        main([*common, "import", *(str(tmp_path / f) for f in ("accounts.csv", "interactions.csv", "followups.csv"))])
        == 0
    )
    return common


def test_no_escape_reaches_the_command_line_output(book, capsys):
    capsys.readouterr()
    for args in (("queue", "--all"), ("queue", "--all", "--json"), ("agenda",), ("agenda", "--json"), ("report",)):
        assert main([*book, *args]) == 0
        out = capsys.readouterr().out
        assert _clean(out), args
    assert main([*book, "queue", "--all", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["name"].startswith("Acme␛]52;c;") and row["owner"].startswith("Ana␛[2J")


def test_no_escape_reaches_an_exported_or_calendar_file(book, tmp_path):
    for fmt in ("csv", "json"):
        out = tmp_path / f"export-{fmt}"
        assert main([*book, "export", "--format", fmt, "--out", str(out)]) == 0
        for path in out.iterdir():
            assert _clean(path.read_text(encoding="utf-8")), path
    ics = tmp_path / "f.ics"
    assert main([*book, "ics", "--out", str(ics)]) == 0
    assert _clean(ics.read_text(encoding="utf-8"))


def test_no_escape_reaches_a_save_plan_printed_or_written(book, db_path, tmp_path, capsys):
    from csm_desk.clock import Clock
    from csm_desk.config import Settings
    from csm_desk.desk import Desk
    from csm_desk.domain.save_plan import PlanAction, PlanDraft
    from csm_desk.store.engine import open_store

    store = open_store(db_path, clock=Clock.frozen(date(2026, 11, 23)))
    try:
        desk = Desk(store, Settings())
        with store.read() as session:
            account_id = session.scalars(select(Account.id).where(Account.external_id == "H-1")).one()
        draft = PlanDraft(
            situation=f"They said {OSC52} twice",
            root_cause_category="pricing",
            root_cause=f"Budget {TITLE}",
            actions=(PlanAction(f"Call {CLEAR}", f"Ana{TITLE}", date(2026, 11, 30)),),
            success_criteria=f"Signed{OSC52}",
            checkin=date(2026, 12, 7),
            strategies=("pricing_restructure",),
            pricing_condition="finances_changed",
        )
        desk.save_plan(account_id, draft)
    finally:
        store.dispose()
    capsys.readouterr()
    assert main([*book, "plan", "H-1"]) == 0
    printed = capsys.readouterr().out
    assert "They said ␛]52" in printed and _clean(printed)
    out = tmp_path / "plan.md"
    assert main([*book, "plan", "H-1", "--out", str(out)]) == 0
    assert _clean(out.read_text(encoding="utf-8"))


async def test_no_escape_reaches_any_screen(book, db_path):
    from csm_desk.app import make_app
    from csm_desk.clock import Clock
    from csm_desk.config import Settings
    from csm_desk.context import Context
    from csm_desk.screens.account import AccountScreen
    from csm_desk.screens.agenda import AgendaScreen
    from csm_desk.screens.call import CallScreen
    from csm_desk.screens.dashboard import DashboardScreen
    from csm_desk.screens.save_plan import SavePlanScreen
    from csm_desk.store.engine import open_store

    store = open_store(db_path, clock=Clock.frozen(date(2026, 11, 23)))
    app = make_app(Context(Settings(), Clock.frozen(date(2026, 11, 23)), str(db_path)), store)
    seen: dict[str, str] = {}

    async def wait(pilot) -> None:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    async def look(pilot, name: str, screen_type=None) -> None:
        await wait(pilot)
        for _ in range(50):  # a screen opens after its first load: wait for it, never a fixed sleep
            if screen_type is None or isinstance(pilot.app.screen, screen_type):
                break
            await wait(pilot)
        if screen_type is not None:
            assert isinstance(pilot.app.screen, screen_type), (name, pilot.app.screen)
        svg = pilot.app.export_screenshot()
        seen[name] = "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)).replace(
            "\xa0", " "
        )

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait(pilot)
            await pilot.press("b")
            await look(pilot, "queue")
            await pilot.press("enter")
            await look(pilot, "account", AccountScreen)
            await pilot.press("2")
            await look(pilot, "account timeline")
            await pilot.press("p")
            await look(pilot, "save plan", SavePlanScreen)
            await pilot.press("escape")
            await wait(pilot)
            await pilot.press("c")
            await look(pilot, "call", CallScreen)
            await pilot.press("escape")
            await wait(pilot)
            await pilot.press("escape")
            await wait(pilot)
            await pilot.press("a")
            await look(pilot, "agenda", AgendaScreen)
            await pilot.press("a", "d")
            await look(pilot, "dashboard", DashboardScreen)
    finally:
        store.dispose()
    assert "Acme␛]52" in seen["queue"] and "Acme␛]52" in seen["call"] and "Acme␛]52" in seen["save plan"]
    assert "Call back ␛]52" in seen["agenda"]
    for name, screen in seen.items():
        assert _clean(screen), name


def test_the_import_says_which_lines_held_control_characters(tmp_path, db_path, capsys):
    path = tmp_path / "accounts.csv"
    path.write_text(f'external_id,name,arr\nH-1,"{HOSTILE}",1\nH-2,Plain,2\nH-3,"Tab\there",3\n', encoding="utf-8")
    assert main(["--db", str(db_path), "--today", "2026-11-23", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        f"note: 1 line held control characters (escape sequences); kept, and shown as symbols such as ␛ wherever they appear: {path}:2"
        in out
    )
    assert _clean(out)
