"""Moving a whole book: ``csm-desk export`` and importing the export into an empty database.

    python benchmarks/bench_export.py                 # a 10,000-account demo book in a temporary folder
    python benchmarks/bench_export.py --accounts 2000 --runs 3

Times (median of ``--runs``, each on a fresh empty database for the import), through the CLI
as a user runs it: export as JSON and as CSV, import of each into an empty database, and the
second export. Checks on the way that the second export is byte-identical to the first.
Goals at 10,000 accounts (about 240,000 rows of every kind): export ≤ 15 s, import ≤ 40 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from csm_desk.cli import main as csm_desk
from csm_desk.config import Settings
from csm_desk.demo import write_demo_book
from csm_desk.store.engine import open_store

TODAY = date(2026, 11, 23)
GOALS = {"export": 15.0, "import": 40.0}


def _run(db: Path, *args: str) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = csm_desk(["--db", str(db), "--today", TODAY.isoformat(), *args])
    if code != 0:
        raise SystemExit(f"csm-desk {' '.join(args)} failed with exit code {code}")
    return time.perf_counter() - start


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "source.db"
        store = open_store(source)
        write_demo_book(store, TODAY, Settings(), accounts=args.accounts)
        store.dispose()
        _run(source, "queue")  # opened once, as a user would have: today's evaluation and backup are done
        for fmt in ("json", "csv"):
            exports, imports, again = [], [], []
            for n in range(args.runs):
                out, back, target = root / f"{fmt}-{n}", root / f"{fmt}-{n}-back", root / f"{fmt}-{n}.db"
                exports.append(_run(source, "export", "--format", fmt, "--out", str(out)))
                imports.append(_run(target, "import", *(str(p) for p in sorted(out.iterdir()))))
                again.append(_run(target, "export", "--format", fmt, "--out", str(back)))
                if _files(out) != _files(back):
                    raise SystemExit(f"the {fmt} export of the imported book differs from the first")
            size = sum(p.stat().st_size for p in (root / f"{fmt}-0").iterdir())
            rows.append((f"export {fmt} ({size / 1e6:.0f} MB)", statistics.median(exports), GOALS["export"]))
            rows.append((f"import {fmt} into an empty db", statistics.median(imports), GOALS["import"]))
            rows.append((f"export {fmt} of the imported book", statistics.median(again), GOALS["export"]))
    print(f"{args.accounts:,} accounts, median of {args.runs}; the second export is byte-identical to the first")
    missed = False
    for name, seconds, goal in rows:
        verdict = "" if goal is None else ("ok" if seconds <= goal else "MISSED")
        missed |= verdict == "MISSED"
        print(f"{name:<36} {seconds:7.2f} s  {'' if goal is None else f'goal ≤ {goal:.0f} s'}  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
