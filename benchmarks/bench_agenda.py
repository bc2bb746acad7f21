"""The agenda against its goals: the query for today + 7 days with 50,000 follow-ups
in the database (≤ 10 ms), and opening the agenda screen (≤ 100 ms).

    python benchmarks/bench_agenda.py [--runs N]

Synthetic and seeded, "today" fixed (2026-11-23): 10,000 accounts (about 30% at
risk), 50,000 follow-ups due from 180 days ago to 365 days ahead, most of the past
ones done, a few snoozed, a few timed. Exit code 1 when a median misses its goal.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.context import Context
from csm_desk.store.agenda import load_agenda
from csm_desk.store.engine import open_store
from csm_desk.store.tables import Account, FollowUp, Metric

TODAY = date(2026, 11, 23)
ACCOUNTS, FOLLOWUPS = 10_000, 50_000
OWNERS = ("Ana", "Bruno", "Carla", "Diego", "Eva")
SOURCES = ("manual", "manual", "cadence", "save_plan", "commitment")


def build(path: Path) -> None:
    """The synthetic book, written with Core inserts (seconds, not minutes)."""
    rng = random.Random(5)
    store = open_store(path)
    now = datetime.now(UTC)
    with store.write() as s:
        conn = s.connection()
        conn.execute(Account.__table__.insert(), [{
            "id": i, "external_id": f"B-{i:05d}", "name": f"Account {i:05d}", "arr": rng.choice((5e3, 2e4, 6e4, 1.5e5)),
            "strategic": False, "segment": "smb", "industry": "", "language": "en", "owner": rng.choice(OWNERS),
            "stage": "identified" if i % 3 == 0 else "", "at_risk": i % 3 == 0, "red_flags": "health_low,sla_misses" if i % 3 == 0 else "",
            "health": rng.randint(20, 95), "renewal_date": TODAY + timedelta(days=rng.randint(-30, 400)),
            "identified_on": TODAY - timedelta(days=10) if i % 3 == 0 else None, "evaluated_on": TODAY,
            "created_at": now, "updated_at": now} for i in range(1, ACCOUNTS + 1)])
        conn.execute(Metric.__table__.insert(), [{"account_id": i, "date": TODAY - timedelta(days=3), "health": 50, "logins": 10}
                                                 for i in range(1, ACCOUNTS + 1)])
        rows = []
        for n in range(FOLLOWUPS):
            due = TODAY + timedelta(days=rng.randint(-180, 365))
            past = due < TODAY
            status = "open" if not past or rng.random() < 0.02 else rng.choice(("done", "done", "skipped"))
            snoozed = due + timedelta(days=rng.randint(1, 9)) if status == "open" and rng.random() < 0.05 else None
            rows.append({"account_id": rng.randint(1, ACCOUNTS), "due": due, "snoozed_until": snoozed,
                         "due_time": None if rng.random() < 0.7 else datetime(2026, 1, 1, rng.randint(8, 17)).time(),
                         "title": f"Follow-up {n}", "channel": "call", "owner": rng.choice(OWNERS), "status": status,
                         "source": rng.choice(SOURCES), "source_key": "", "outcome": "", "created_at": now,
                         "done_at": now if status != "open" else None})
        conn.execute(FollowUp.__table__.insert(), rows)
    store.dispose()


def time_query(path: Path, runs: int) -> tuple[list[float], int]:
    store = open_store(path)
    s = Settings()
    times, size = [], 0
    with store.read() as session:
        for _ in range(runs):
            start = time.perf_counter()
            agenda = load_agenda(session, TODAY, 7, s.triage, s.score, s.cadence)
            times.append(time.perf_counter() - start)
            size = len(agenda)
    store.dispose()
    return times, size


async def _open_once(path: Path, bare: bool = False) -> float:
    """Seconds from ``a`` to the agenda's rows painted (``bare``: a screen with only a footer, the floor)."""
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    from csm_desk.app import make_app
    from csm_desk.screens.agenda import AgendaScreen

    class Bare(Screen):
        def compose(self):
            yield Static("nothing")
            yield Footer()

    store = open_store(path)
    app = make_app(Context(settings=Settings(), clock=Clock.frozen(TODAY), db=str(path)), store)
    app.add_mode("bare", Bare)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        if bare:
            app.switch_mode("bare")
            await pilot.pause()
            store.dispose()
            return time.perf_counter() - start
        app.action_agenda()  # what ``a`` runs; pilot.press would add its own settling time
        while not (isinstance(app.screen, AgendaScreen) and app.screen.agenda is not None):
            await asyncio.sleep(0.0005)
        await pilot.pause()  # the rows painted
        elapsed = time.perf_counter() - start
    store.dispose()
    return elapsed


def _report(name: str, times: list[float], goal_ms: float, note: str = "") -> bool:
    median = statistics.median(times) * 1000
    ok = median <= goal_ms
    print(f"{name:<42} runs {len(times):>3}  median {median:8.2f} ms  max {max(times) * 1000:8.2f} ms  "
          f"goal ≤ {goal_ms:g} ms  {'ok' if ok else 'MISSED'}  {note}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        build(path)
        print(f"built {ACCOUNTS:,} accounts and {FOLLOWUPS:,} follow-ups in {time.perf_counter() - started:.1f} s")
        times, size = time_query(path, args.runs)
        ok = _report("agenda query, today + 7 days", times, 10, f"({size} follow-ups shown)")
        n = max(3, args.runs // 10)
        opens = [asyncio.run(_open_once(path)) for _ in range(n)]
        ok &= _report("open the agenda screen (a → rows drawn)", opens, 100)
        floor = [asyncio.run(_open_once(path, bare=True)) for _ in range(n)]
        print(f"{'  floor: switch to a bare screen + footer':<42} runs {n:>3}  median "
              f"{statistics.median(floor) * 1000:8.2f} ms  (what any new screen costs on this machine)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
