"""Reproducible timings of the rules and the queries, against their goals.

    python benchmarks/run.py [--quick] [--only NAME]

Prints one table (runs, median, p95, goal) and writes the same numbers as JSON to
benchmarks/results/. Exit code 1 when a median misses its goal. Everything is
synthetic and seeded, and "today" is fixed, so two runs on one machine compare.
Not part of the pytest suite (pytest only collects tests/).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import importlib.util
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from csm_desk.domain.facts import TriageFacts
from csm_desk.domain.signals import FlagRules
from csm_desk.domain.triage import ScoreWeights, TriageRules, triage

TODAY = date(2026, 11, 23)
HERE = Path(__file__).resolve().parent
FLAGS = ("health_low", "health_crash", "logins_drop", "sla_misses", "nps_low", "champion_left",
         "competitor_mentioned", "budget_change", "ticket_tone")
SEGMENTS = ("enterprise", "mid-market", "smb")
INDUSTRIES = ("fintech", "retail", "health", "logistics", "education", "media")
OWNERS = ("ana", "bruno", "carla", "diego", "eva")


@dataclass
class Result:
    name: str
    goal_ms: float | None
    times_s: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times_s) * 1000 if self.times_s else None

    @property
    def p95_ms(self) -> float | None:
        if not self.times_s:
            return None
        ordered = sorted(self.times_s)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000

    @property
    def ok(self) -> bool | None:
        if self.goal_ms is None or self.median_ms is None:
            return None
        return self.median_ms <= self.goal_ms


def measure(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


# --- synthetic triage facts --------------------------------------------------------------


def _maybe_day(rng: random.Random, share: float, lo: int, hi: int) -> date | None:
    return TODAY + timedelta(days=rng.randint(lo, hi)) if rng.random() < share else None


def synthetic_facts(n: int, seed: int = 1) -> list[TriageFacts]:
    """A book of ``n`` at-risk accounts with a realistic spread of every field."""
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        stage = rng.choice(("identified", "identified", "engaged", "save_plan", "monitoring", ""))
        identified = TODAY - timedelta(days=rng.randint(0, 60)) if stage else None
        out.append(TriageFacts(
            id=i,
            name=f"Account {rng.randint(0, n):07d}",
            arr=round(rng.lognormvariate(9.8, 1.1), 2) if rng.random() > 0.02 else None,
            strategic=rng.random() < 0.05,
            health=rng.randint(5, 95) if rng.random() > 0.05 else None,
            renewal_date=_maybe_day(rng, 0.95, -30, 540),
            last_expansion=_maybe_day(rng, 0.3, -700, 0),
            last_renewal=_maybe_day(rng, 0.4, -700, 0),
            champion_left=rng.random() < 0.08,
            has_active_champion=rng.random() < 0.7,
            red_flags=tuple(rng.sample(FLAGS, rng.randint(0, 5))),
            at_risk_since=TODAY - timedelta(days=rng.randint(0, 120)),
            stage=stage,
            identified_on=identified,
            engaged_on=identified + timedelta(days=rng.randint(0, 5)) if identified and stage != "identified" else None,
            next_due=_maybe_day(rng, 0.6, -20, 30),
            last_contact=_maybe_day(rng, 0.8, -90, 0),
        ))
    return out


def bench_triage(n: int, goal_ms: float, runs: int) -> Result:
    facts = synthetic_facts(n)
    rules, weights = TriageRules(), ScoreWeights()
    return Result(f"triage {n:,} accounts", goal_ms, measure(lambda: triage(facts, TODAY, rules, weights), runs))


# --- a database with history --------------------------------------------------------------


def _insert(session, table, rows: list[dict], chunk: int = 5_000) -> None:
    for i in range(0, len(rows), chunk):
        session.connection().execute(table.insert(), rows[i : i + chunk])


def build_book_db(path: Path, n: int, seed: int = 2) -> dict[str, float]:
    """``n`` accounts, 7 metric snapshots each, signals, contacts, follow-ups, interactions.

    Bulk Core inserts, then ``evaluate_accounts`` as the app would after an import.
    Returns how long the build and the evaluation took (seconds).
    """
    from csm_desk.store.engine import open_store
    from csm_desk.store.evaluate import evaluate_accounts
    from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Signal

    rng = random.Random(seed)
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    accounts, metrics, signals, contacts, followups, interactions = [], [], [], [], [], []
    for i in range(1, n + 1):
        start = TODAY - timedelta(days=rng.randint(60, 1500))
        accounts.append({
            "id": i, "external_id": f"ACC-{i:06d}", "name": f"Account {i:06d}",
            "arr": round(rng.lognormvariate(9.8, 1.1), 2), "strategic": rng.random() < 0.05,
            "segment": rng.choice(SEGMENTS), "industry": rng.choice(INDUSTRIES), "language": "en",
            "contract_start": start, "renewal_date": TODAY + timedelta(days=rng.randint(-20, 400)),
            "last_expansion": _maybe_day(rng, 0.3, -700, 0), "last_renewal": _maybe_day(rng, 0.4, -700, 0),
            "owner": rng.choice(OWNERS), "stage": "", "red_flags": "", "at_risk": False,
            "created_at": now, "updated_at": now,
        })
        # A fifth of the book is declining (and ends up at risk); the rest wobbles around
        # a level and now and then shows two flags at once: about 30% of the book at risk.
        declining = rng.random() < 0.2
        health, logins, users = rng.randint(55, 95), rng.randint(50, 400), rng.randint(5, 80)
        benchmark = logins // 2 if rng.random() < 0.3 else None
        for k in range(7):
            day = TODAY - timedelta(days=10 * (6 - k))
            if declining:
                health, logins, users = max(0, health - rng.randint(0, 12)), int(logins * 0.8), int(users * 0.85)
            else:
                health = min(100, max(0, health + rng.randint(-5, 5)))
            metrics.append({
                "account_id": i, "date": day, "health": health, "logins": logins, "active_users": users,
                "feature_adoption": round(rng.uniform(35, 95), 1),
                "sla_misses_30d": rng.choice((0, 0, 0, 0, 0, 0, 1, 2, 3)),
                "nps": rng.choice((10, 9, 9, 8, 8, 8, 7, 7, 6, 5)) if k == 6 else None, "login_benchmark": benchmark,
            })
        for kind in rng.sample(FLAGS[5:], rng.choice((0, 0, 0, 0, 0, 0, 0, 1, 1, 2))):
            raised = TODAY - timedelta(days=rng.randint(1, 90))
            resolved = raised + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.3 else None
            signals.append({"account_id": i, "date": raised, "kind": kind, "quote": "", "resolved_on": resolved,
                            "created_at": now})
        contacts.append({"account_id": i, "name": f"Champion {i}", "title": "Head of Ops", "role": "champion",
                         "email": "", "phone": "", "status": "left" if rng.random() < 0.08 else "active"})
        for k in range(rng.randint(1, 3)):
            followups.append({
                "account_id": i, "due": TODAY + timedelta(days=rng.randint(-20, 30)), "title": f"Follow-up {k}",
                "channel": "call", "owner": "", "status": rng.choice(("open", "open", "done")), "source": "manual",
                "source_key": "", "outcome": "", "created_at": now,
            })
        for k in range(rng.randint(2, 5)):
            at, channel = now - timedelta(days=rng.randint(0, 120), minutes=k), rng.choice(("call", "email", "meeting", "note"))
            interactions.append({
                "account_id": i, "external_id": f"bench-{i}-{k}", "at": at,
                "channel": channel, "summary": "talked", "script": "",
                "created_at": now,
            })
    store = open_store(path)
    try:
        started = time.perf_counter()
        with store.write() as session:
            for table, rows in ((Account, accounts), (Metric, metrics), (Signal, signals), (Contact, contacts),
                                (FollowUp, followups), (Interaction, interactions)):
                _insert(session, table.__table__, rows)
        built = time.perf_counter()
        with store.write() as session:
            evaluate_accounts(session, None, TODAY, FlagRules())
        evaluated = time.perf_counter()
    finally:
        store.dispose()
    return {"insert": built - started, "evaluate": evaluated - built}


def bench_queue(path: Path, n: int, goal_ms: float, runs: int) -> list[Result]:
    from csm_desk.store.engine import open_store
    from csm_desk.store.queries import queue_entries

    timings = build_book_db(path, n)
    store = open_store(path)
    rules, weights = TriageRules(), ScoreWeights()
    results = []
    try:
        for label, include_all in (("at-risk queue", False), ("whole book (--all)", True)):
            sizes = []

            def run() -> None:
                with store.read() as session:
                    sizes.append(len(queue_entries(session, TODAY, rules, weights, include_all=include_all)))

            r = Result(f"queue_entries {label}, {n:,} accounts", goal_ms, measure(run, runs))
            r.note = f"{sizes[-1]:,} rows"
            results.append(r)
    finally:
        store.dispose()
    results.append(Result(f"evaluate_accounts {n:,} accounts", None, [timings["evaluate"]],
                          note=f"one run; bulk insert of the book took {timings['insert']:.1f} s"))
    return results


# --- import (csm_desk.importing) ------------------------------------------------------------

ACCOUNT_HEADER = ("external_id,name,arr,strategic,segment,industry,language,contract_start,renewal_date,"
                  "last_expansion,last_renewal,owner,stage").split(",")
METRIC_HEADER = "account,date,health,logins,active_users,feature_adoption,sla_misses_30d,nps,login_benchmark".split(",")


def write_native_csvs(folder: Path, n_accounts: int, n_metrics: int, seed: int = 3) -> list[Path]:
    """accounts.csv and metrics.csv in the native import format."""
    rng = random.Random(seed)
    accounts, metrics = folder / "accounts.csv", folder / "metrics.csv"
    with accounts.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ACCOUNT_HEADER)
        for i in range(1, n_accounts + 1):
            w.writerow([
                f"ACC-{i:06d}", f"Account {i:06d}", f"{rng.lognormvariate(9.8, 1.1):.2f}",
                "true" if rng.random() < 0.05 else "false", rng.choice(SEGMENTS), rng.choice(INDUSTRIES),
                rng.choice(("en", "pt-BR")), (TODAY - timedelta(days=rng.randint(60, 1500))).isoformat(),
                (TODAY + timedelta(days=rng.randint(-20, 400))).isoformat(), "", "", rng.choice(OWNERS), "",
            ])
    per_account = max(1, n_metrics // n_accounts)
    with metrics.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(METRIC_HEADER)
        for i in range(1, n_accounts + 1):
            health = rng.randint(30, 95)
            for k in range(per_account):
                health = min(100, max(0, health + rng.randint(-8, 6)))
                w.writerow([
                    f"ACC-{i:06d}", (TODAY - timedelta(days=7 * (per_account - 1 - k))).isoformat(), health,
                    rng.randint(0, 300), rng.randint(1, 60), f"{rng.uniform(5, 95):.1f}", rng.randint(0, 4),
                    rng.randint(0, 10) if k % 4 == 0 else "", 100,
                ])
    return [accounts, metrics]


def bench_import(folder: Path, n_accounts: int, n_metrics: int, goal_ms: float | None, runs: int) -> Result:
    """``csm-desk import`` of fresh CSVs into an empty database, through the CLI."""
    name = f"import {n_accounts:,} accounts + {n_metrics:,} metrics"
    if importlib.util.find_spec("csm_desk.commands.import_") is None:
        return Result(name, goal_ms, note="skipped: csm_desk.commands.import_ is not there yet")
    import contextlib
    import io

    from csm_desk.cli import main

    files = write_native_csvs(folder, n_accounts, n_metrics)
    times, counter = [], iter(range(10_000))

    def run() -> None:
        db = folder / f"import-{next(counter)}.db"
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", str(db), "--today", TODAY.isoformat(), "import", *map(str, files)])
        times.append(time.perf_counter() - start)
        if code != 0:
            raise RuntimeError(f"import failed ({code}): {err.getvalue().strip()[:500]}")

    try:
        for _ in range(runs):
            run()
    except RuntimeError as exc:
        return Result(name, goal_ms, note=f"failed: {exc}")
    return Result(name, goal_ms, times)


USAGE_MAPPING = """
name = "bench"
[[file]]
match = "bench_accounts.csv"
kind = "accounts"
columns = { external_id = "Account ID", name = "Account Name", arr = "ARR" }
[[file]]
match = "bench_usage.csv"
kind = "usage"
columns = { account = "Account ID", date = "Day", feature = "Feature", count = "Events" }
[aggregate]
features_total = 40
"""


def bench_mapped_import(folder: Path, n_accounts: int, n_events: int, goal_ms: float | None, runs: int) -> Result:
    """``csm-desk import --mapping`` of a foreign accounts file and usage events summed into snapshots."""
    from csm_desk.cli import main as cli_main

    name = f"mapped import {n_accounts:,} accounts + {n_events:,} usage events"
    rng = random.Random(5)
    mapping, accounts, usage = folder / "bench.toml", folder / "bench_accounts.csv", folder / "bench_usage.csv"
    mapping.write_text(USAGE_MAPPING)
    with accounts.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Account ID", "Account Name", "ARR"])
        w.writerows([f"B-{i:05d}", f"Bench {i:05d}", f"${rng.randint(1, 200) * 1000:,}"] for i in range(n_accounts))
    with usage.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Account ID", "Day", "Feature", "Events"])
        w.writerows([f"B-{rng.randrange(n_accounts):05d}", (TODAY - timedelta(days=rng.randrange(365))).isoformat(),
                     f"feature_{rng.randrange(40)}", rng.randint(1, 30)] for _ in range(n_events))
    times = []
    for run in range(runs):
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["--db", str(folder / f"mapped-{run}.db"), "--today", TODAY.isoformat(), "import",
                             "--mapping", str(mapping), str(accounts), str(usage)])
        times.append(time.perf_counter() - start)
        if code != 0:
            return Result(name, goal_ms, note=f"failed: {err.getvalue().strip()[:300]}")
    return Result(name, goal_ms, times, note=out.getvalue().splitlines()[2].strip())


# --- the report -------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f} ms" if value < 10_000 else f"{value / 1000:,.2f} s"


def machine_speed() -> str:
    """A yardstick for reading the numbers: pure-Python speed and how busy the machine is."""
    import os
    import timeit

    per_loop = min(timeit.repeat("sum(range(1000))", number=2_000, repeat=5)) / 2_000 * 1e6
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"machine: sum(range(1000)) takes {per_loop:.1f} µs (a 2023 laptop: about 8 µs); "
            f"load average {load:.2f} on {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")


def print_table(results: list[Result]) -> None:
    rows = [("benchmark", "runs", "median", "p95", "goal", "", "note")]
    for r in results:
        verdict = {True: "ok", False: "MISSED", None: ""}[r.ok]
        goal = "—" if r.goal_ms is None else f"≤ {_ms(r.goal_ms)}"
        rows.append((r.name, str(len(r.times_s)), _ms(r.median_ms), _ms(r.p95_ms), goal, verdict, r.note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.rjust(w) if 0 < i < 5 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def save(results: list[Result], quick: bool, speed: str) -> Path:
    folder = HERE / "results"
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"run-{stamp}{'-quick' if quick else ''}.json"
    path.write_text(json.dumps({
        "python": sys.version.split()[0], "machine": platform.platform(), "speed": speed, "quick": quick,
        "results": [{"name": r.name, "goal_ms": r.goal_ms, "median_ms": r.median_ms, "p95_ms": r.p95_ms,
                     "runs": len(r.times_s), "note": r.note} for r in results],
    }, indent=2) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller import (about 1 minute)")
    parser.add_argument("--only", choices=("triage", "queue", "import"), help="run one group")
    args = parser.parse_args(argv)
    runs = 5 if args.quick else 20
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="csm-bench-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "triage"):
            results.append(bench_triage(10_000, 30, runs))
            results.append(bench_triage(100_000, 300, max(3, runs // 4)))
        if args.only in (None, "queue"):
            results += bench_queue(folder / "book.db", 10_000, 100, runs)
        if args.only in (None, "import"):
            # Issue #6: 100k metric rows import in 10 s or less.
            results.append(bench_import(folder, 10_000, 100_000, 10_000, 1 if args.quick else 3))
            results.append(bench_mapped_import(folder, 2_000, 100_000, 10_000, 1 if args.quick else 3))
    speed = machine_speed()
    print_table(results)
    print(f"\n{speed}")
    print(f"saved to {save(results, args.quick, speed).relative_to(HERE.parent)}")
    return 1 if any(r.ok is False for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
