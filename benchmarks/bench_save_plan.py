"""Save plans on a big book: loading a plan, writing it with its follow-ups, opening the screen.

    python benchmarks/bench_save_plan.py                  # a 10,000-account demo book in a temporary folder
    python benchmarks/bench_save_plan.py --accounts 50000

Times (median of 20; the screen median of 5): ``store.plans.load_plan`` of a plan with its
actions and check-in, ``store.plans.save_plan`` updating it (one transaction, follow-ups in
sync, the account re-evaluated), and ``p`` on the queue until the save-plan form is filled
(headless). Goals: load ≤ 10 ms, save ≤ 50 ms, screen ≤ 500 ms. Exit code 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.demo import write_demo_book
from csm_desk.store.engine import open_store
from csm_desk.desk import Desk
from csm_desk.store.plans import load_plan
from csm_desk.store.tables import SavePlan

TODAY = date(2026, 11, 23)
GOALS_MS = {"load_plan": 10.0, "save_plan": 50.0, "open the save-plan screen": 500.0}


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


async def _open_screen_ms(store, db: Path, account_id: int, runs: int) -> float:
    from csm_desk.app import make_app
    from csm_desk.context import Context
    from csm_desk.screens.save_plan import SavePlanScreen

    ctx = Context(settings=Settings(), clock=Clock.frozen(TODAY), db=str(db))
    app = make_app(ctx, store)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        for _ in range(runs):
            screen = SavePlanScreen(account_id)
            start = time.perf_counter()
            app.push_screen(screen)
            while screen.record is None or screen._baseline is None:
                await pilot.pause(0.001)
            times.append(time.perf_counter() - start)
            await pilot.press("escape")
            await pilot.pause()
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        store = open_store(db, clock=Clock.frozen(TODAY))
        desk = Desk(store, settings)
        print(write_demo_book(store, TODAY, settings, accounts=args.accounts))
        with store.read() as session:
            account_id = session.scalars(select(SavePlan.account_id).where(SavePlan.closed_at.is_(None))).first()
            record = load_plan(session, account_id)
        results = {
            "load_plan": _median_ms(lambda: _load(store, account_id), 20),
            "save_plan": _median_ms(lambda: desk.save_plan(account_id, record.draft, plan_id=record.plan_id), 20),
            "open the save-plan screen": asyncio.run(_open_screen_ms(store, db, account_id, 5)),
        }
        store.dispose()
    missed = 0
    for name, ms in results.items():
        ok = ms <= GOALS_MS[name]
        missed += not ok
        print(f"{name:<28} median {ms:8.2f} ms   goal ≤ {GOALS_MS[name]:g} ms   {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


def _load(store, account_id: int) -> None:
    with store.read() as session:
        load_plan(session, account_id)


if __name__ == "__main__":
    sys.exit(main())
