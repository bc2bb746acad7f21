"""The dashboard's cost on a big book: loading every figure, and keeping cases in step.

    python benchmarks/bench_report.py                 # a 20,000-account demo book in a temporary folder
    python benchmarks/bench_report.py --accounts 100000

Times (median of 5): ``store.reporting.load_report`` (what ``d`` and ``csm-desk report``
run), ``store.cases.sync_cases`` over the whole book (the part of every evaluation
this feature adds) and ``evaluate_accounts`` over the whole book for a new day.
Goals: load_report ≤ 1 s and sync_cases ≤ 100 ms at 20,000 accounts.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from csm_desk.config import Settings
from csm_desk.demo import write_demo_book
from csm_desk.domain.measures import Month
from csm_desk.store.cases import PipelineState, sync_cases
from csm_desk.store.engine import open_store
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.reporting import load_report
from csm_desk.store.tables import Account

TODAY = date(2026, 11, 23)


def _median(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=20_000)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        write_demo_book(store, TODAY, settings, accounts=args.accounts)

        def report() -> None:
            with store.read() as session:
                load_report(session, TODAY, Month.of(TODAY), settings.triage, settings.score)

        a = Account.__table__.c
        with store.read() as session:
            states = [PipelineState(*row) for row in session.connection().execute(
                select(a.id, a.stage, a.at_risk_since, a.identified_on, a.engaged_on))]

        def sync() -> None:
            with store.write() as session:
                sync_cases(session, states, TODAY)

        def evaluate() -> None:
            with store.write() as session:
                evaluate_accounts(session, None, TODAY + timedelta(days=1), settings.red_flags)
                session.rollback()

        rows = [("load_report", _median(report), 1.0), ("sync_cases, whole book", _median(sync), 0.1),
                ("evaluate_accounts, new day", _median(evaluate, 3), None)]
        store.dispose()
    print(f"{args.accounts:,} accounts")
    missed = False
    for name, seconds, goal in rows:
        verdict = "" if goal is None else ("ok" if seconds <= goal else "MISSED")
        missed |= verdict == "MISSED"
        print(f"{name:<28} {seconds * 1000:8.1f} ms  {'' if goal is None else f'goal ≤ {goal * 1000:.0f} ms'}  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
