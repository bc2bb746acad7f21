"""Screen-test fixtures: an app on a small fixed book, and a way to wait for it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from csm_desk.app import make_app
from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.context import Context
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Quote, Signal

HOSTILE = ("[/]", "[bold]x[/]", "[@click=app.quit]x[/]", "[link=x")


def _at(today: date, days_ago: int, hour: int = 15) -> datetime:
    day = today - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def build_book(store, today: date, settings: Settings | None = None, hostile: bool = True) -> dict[str, int]:
    """Four accounts: a big competitor case, a usage drop, a champion gone, a healthy one."""
    settings = settings or Settings()
    names = {
        "big": "Globex [/] Corp" if hostile else "Globex Corp",
        "drop": "Initech [bold]x[/]" if hostile else "Initech",
        "gone": "Umbrella [@click=app.quit]x[/]" if hostile else "Umbrella",
        "fine": "Hooli [link=x" if hostile else "Hooli",
    }
    ids: dict[str, int] = {}
    with store.write() as s:
        specs = {
            "big": dict(
                arr=120_000,
                renewal_date=today + timedelta(days=45),
                segment="enterprise",
                owner="Ana",
                industry="Fintech",
            ),
            "drop": dict(
                arr=30_000,
                renewal_date=today + timedelta(days=150),
                segment="mid-market",
                owner="Ben",
                industry="Retail",
            ),
            "gone": dict(
                arr=8_000,
                renewal_date=today + timedelta(days=300),
                segment="smb",
                owner="Ana",
                industry="Health",
                language="pt-BR",
            ),
            "fine": dict(
                arr=20_000,
                renewal_date=today + timedelta(days=200),
                segment="mid-market",
                owner="Ben",
                industry="Media",
            ),
        }
        for n, (key, spec) in enumerate(specs.items(), 1):
            a = Account(external_id=f"T-{n}", name=names[key], contract_start=today - timedelta(days=400), **spec)
            s.add(a)
            s.flush()
            ids[key] = a.id
        history = {
            "big": [(120, 80, 200, 40), (60, 75, 190, 38), (30, 62, 180, 36), (5, 45, 170, 35)],
            # Logins and active users fell together (one problem); health fell under 50 with them (another).
            "drop": [(120, 78, 300, 60), (60, 76, 290, 58), (35, 70, 280, 55), (5, 45, 120, 30)],
            "gone": [(120, 70, 50, 10), (60, 66, 48, 10), (30, 60, 45, 9), (5, 58, 44, 9)],
            "fine": [(120, 85, 100, 20), (60, 86, 104, 21), (30, 88, 110, 22), (5, 90, 112, 22)],
        }
        for key, points in history.items():
            for days_ago, health, logins, users in points:
                s.add(
                    Metric(
                        account_id=ids[key],
                        date=today - timedelta(days=days_ago),
                        health=health,
                        logins=logins,
                        active_users=users,
                        feature_adoption=55.0,
                        sla_misses_30d=0,
                    )
                )
        s.add(
            Signal(
                account_id=ids["big"],
                date=today - timedelta(days=40),
                kind="competitor_mentioned",
                quote="Another team already uses a competitor " + (HOSTILE[0] if hostile else ""),
            )
        )
        s.add(Signal(account_id=ids["gone"], date=today - timedelta(days=20), kind="champion_left"))
        s.add(Signal(account_id=ids["gone"], date=today - timedelta(days=18), kind="emails_ignored"))
        s.add(
            Contact(
                account_id=ids["big"],
                name="Maria " + (HOSTILE[1] if hostile else "Lopez"),
                title="VP Ops",
                role="champion",
                email="maria@globex.test",
            )
        )
        s.add(Contact(account_id=ids["gone"], name="João Silva", title="Diretor", role="champion", status="left"))
        s.add(Contact(account_id=ids["drop"], name="Peter Gibbons", title="Ops lead", role="champion"))
        i = Interaction(
            account_id=ids["big"],
            at=_at(today, 12),
            channel="call",
            summary="Quarterly check-in " + (HOSTILE[2] if hostile else ""),
            duration_min=30,
        )
        s.add(i)
        s.flush()
        s.add(
            Quote(
                account_id=ids["big"],
                interaction_id=i.id,
                position=0,
                text="We are re-evaluating the stack " + (HOSTILE[3] if hostile else ""),
            )
        )
        s.add(Interaction(account_id=ids["drop"], at=_at(today, 40), channel="email", summary="Sent the usage report"))
        s.add(
            FollowUp(
                account_id=ids["big"],
                due=today - timedelta(days=2),
                title="Send the roadmap",
                channel="email",
                owner="Ana",
            )
        )
        s.add(
            FollowUp(
                account_id=ids["drop"],
                due=today + timedelta(days=3),
                title="Usage review call",
                channel="call",
                owner="Ben",
            )
        )
        s.flush()
        evaluate_accounts(s, None, today, settings.red_flags)
    return ids


@pytest.fixture(autouse=True)
def _no_debounce(monkeypatch):
    # The detail pane waits a moment for the cursor to settle; tests wait for workers instead.
    monkeypatch.setattr(QueueScreen, "DETAIL_DEBOUNCE", 0.0)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    """A blinking cursor is drawn or not depending on when the snapshot is taken: keep it drawn."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.__dict__["cursor_blink"], "_default", False)


@pytest.fixture
def book(store, today, settings):
    return build_book(store, today, settings)


@pytest.fixture
def app(store, today, settings, db_path, book):
    ctx = Context(settings=settings, clock=Clock.frozen(today), db=str(db_path))
    return make_app(ctx, store)


@pytest.fixture
def empty_app(store, today, settings, db_path):
    ctx = Context(settings=settings, clock=Clock.frozen(today), db=str(db_path))
    return make_app(ctx, store)


async def _settle(pilot) -> None:
    """Wait until every worker is done and the messages they posted are handled.

    A write worker hands over to a reload worker, whose message starts a detail
    worker: keep going until the app has been quiet for a few rounds."""
    from textual.worker import WorkerCancelled, WorkerState

    quiet = 0
    for _ in range(60):
        # An exclusive worker replaced by a newer one (a poll, a reload): the newer one is waited for next.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            return


@pytest.fixture
def settle():
    return _settle


@pytest.fixture
def wait_then(settle):
    """A snapshot ``run_before``: wait for the app, then press each key and wait again."""

    def build(*keys):
        async def run_before(pilot) -> None:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)

        return run_before

    return build


@contextlib.contextmanager
def _failing(store, how: str) -> Iterator[None]:
    """Make every write through ``store`` fail the way ``how`` says, until the block ends."""
    if how == "busy":  # another csm-desk (an import, say) holds the write lock past our timeout
        other = sqlite3.connect(store.path, timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    if how == "read-only":  # SQLite's own refusal: every new connection is read-only

        def read_only(dbapi_connection, _record) -> None:
            dbapi_connection.execute("PRAGMA query_only = ON")

        event.listen(store.engine, "connect", read_only)
        store.engine.dispose()
        try:
            yield
        finally:
            event.remove(store.engine, "connect", read_only)
            store.engine.dispose()
        return
    assert how == "disk full"

    def full(_conn, _cursor, statement, *_args) -> None:
        # What SQLite reports (SQLITE_FULL) when the disk cannot take another page.
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(store.engine, "before_cursor_execute", full)
    try:
        yield
    finally:
        event.remove(store.engine, "before_cursor_execute", full)


@pytest.fixture
def failing():
    """``with failing(store, how):`` every write through ``store`` fails as ``how`` says ("busy": another
    process holds the write lock past the timeout; "read-only"; "disk full")."""
    return _failing


@pytest.fixture
def table_dump():
    """``table_dump(db_path)``: every row of every table (tests/store/dbdump.py, found by path)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "csm_desk_test_dbdump", Path(__file__).parent.parent / "store" / "dbdump.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.dump
