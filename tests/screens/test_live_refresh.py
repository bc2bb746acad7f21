"""The open TUI and other processes: their changes show on ctrl+r and by themselves; mine / team view."""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys

import pytest

from csm_desk.app import make_app
from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.context import Context
from csm_desk.widgets.queue_table import QueueTable

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)


def _names(app) -> set[str]:
    return {e.facts.name for e in app.screen.query_one(QueueTable).entries}


def _app(store, db_path, today, **app_settings):
    base = Settings()
    settings = dataclasses.replace(base, app=dataclasses.replace(base.app, **app_settings))
    return make_app(Context(settings=settings, clock=Clock.frozen(today), db=str(db_path)), store)


def _import_elsewhere(db_path, tmp_path, today, name: str) -> None:
    """Another process (``csm-desk import``) adds an account while the TUI is open."""
    csv = tmp_path / f"{name}.csv"
    csv.write_text(f"external_id,name,arr,owner\n{name},{name},1000,Ana\n")
    done = subprocess.run(
        [sys.executable, "-m", "csm_desk", "--db", str(db_path), "--today", today.isoformat(), "import", str(csv)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


async def test_ctrl_r_shows_what_another_process_imported(store, db_path, book, today, tmp_path, settle):
    app = _app(store, db_path, today, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        _import_elsewhere(db_path, tmp_path, today, "Newco")
        assert "Newco" not in _names(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "Newco" in _names(app)


async def test_the_queue_refreshes_by_itself_when_the_database_changed(store, db_path, book, today, tmp_path, settle):
    app = _app(store, db_path, today, refresh_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        loads = []
        app.screen.reload = lambda *a, _orig=app.screen.reload, **k: (loads.append(1), _orig(*a, **k))
        for _ in range(5):  # nothing changed: the timer does not reload
            await pilot.pause(0.1)
        assert loads == []
        _import_elsewhere(db_path, tmp_path, today, "Autoco")
        for _ in range(50):
            await pilot.pause(0.1)
            await settle(pilot)
            if "Autoco" in _names(app):
                break
        assert "Autoco" in _names(app)


async def test_a_csm_sees_their_own_accounts_and_t_shows_the_team(store, db_path, book, today, settle):
    app = _app(store, db_path, today, me="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        mine = {e.owner for e in app.screen.query_one(QueueTable).entries}
        assert mine == {"Ana"}
        assert "Ana's" in str(app.screen.query_one("#topbar").render())
        await pilot.press("t")
        await settle(pilot)
        assert {e.owner for e in app.screen.query_one(QueueTable).entries} == {"Ana", "Ben"}
        assert app.desk.owner is None and "team" in str(app.screen.query_one("#topbar").render())
        await pilot.press("t")
        await settle(pilot)
        assert {e.owner for e in app.screen.query_one(QueueTable).entries} == {"Ana"}


async def test_the_tui_opens_no_network_connection(app, db_path, settle, monkeypatch):
    calls = []
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: calls.append(address))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "b", "ctrl+r")
        await settle(pilot)
    assert [a for a in calls if isinstance(a, tuple)] == []
