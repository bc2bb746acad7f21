"""Call mode speed: a key typed into a 5,000-line notes editor, and one draft save.

    python benchmarks/bench_call.py [--lines 5000] [--presses 300]

Goals (issue #4): key → repaint ≤ 10 ms median with 5,000 lines of notes; a draft save
≤ 10 ms. Reports; never fails.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)


def notes(lines: int) -> str:
    return "\n".join(f"{i:05d} they said the export takes too long and the team went back to spreadsheets"
                     for i in range(lines))


def book(folder: Path):
    from csm_desk.clock import Clock
    from csm_desk.config import Settings
    from csm_desk.demo import write_demo_book
    from csm_desk.store.engine import open_store

    db = folder / "call-bench.db"
    store = open_store(db, clock=Clock.frozen(TODAY))
    write_demo_book(store, TODAY, Settings(), accounts=20, seed=7)
    return db, store


async def typing(db: Path, store, lines: int, presses: int) -> tuple[list[float], list[float]]:
    """Key → repaint: the edit a printable key makes, our change handler, every visible line drawn."""
    from textual.widgets import TextArea

    from csm_desk.app import make_app
    from csm_desk.clock import Clock
    from csm_desk.config import Settings
    from csm_desk.context import Context
    from csm_desk.screens.call import CallScreen

    app = make_app(Context(Settings(), Clock.frozen(TODAY), str(db)), store)
    direct, pressed = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        from sqlalchemy import select

        from csm_desk.store.tables import Account

        with store.read() as s:
            account_id = s.scalars(select(Account.id).where(Account.name.like("Calder%"))).first()
        app.push_screen(CallScreen(account_id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        call = app.screen
        assert isinstance(call, CallScreen)
        area = call.query_one("#notes", TextArea)
        area.load_text(notes(lines))
        area.move_cursor((lines // 2, 10))
        area.scroll_cursor_visible()
        await pilot.pause()
        height = area.size.height
        for i in range(presses):
            t = time.perf_counter()
            area.insert("x")
            call._typed(TextArea.Changed(area))
            for y in range(height):
                area.render_line(y)
            direct.append(time.perf_counter() - t)
        for _ in range(min(presses, 100)):  # through the whole event loop, Pilot overhead included
            t = time.perf_counter()
            await pilot.press("y")
            pressed.append(time.perf_counter() - t)
        call.autosave.ended = True  # no autosave while the app shuts down
    return direct, pressed


def saving(store, account_id: int, lines: int, runs: int) -> list[float]:
    from csm_desk.store import calls
    from csm_desk.store.calls import CallState, CapturedQuote

    state = CallState(account_id=account_id, script_id="usage_drop", language="en", started_at=store.now(),
                      notes=notes(lines),
                      quotes=[CapturedQuote(f"quote {i}", None, "open") for i in range(20)])
    state.draft_id = calls.save_draft(store, state)
    times = []
    for i in range(runs):
        state.notes += "x"
        t = time.perf_counter()
        calls.save_draft(store, state)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--presses", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csm-bench-call-"))
    db, store = book(folder)
    direct, pressed = asyncio.run(typing(db, store, args.lines, args.presses))
    from sqlalchemy import select

    from csm_desk.store.tables import Account

    with store.read() as s:
        account_id = s.scalars(select(Account.id)).first()
    saves = saving(store, account_id, args.lines, 100)
    store.dispose()
    p95 = lambda v: sorted(v)[int(0.95 * (len(v) - 1))]  # noqa: E731
    print(f"notes: {args.lines} lines ({len(notes(args.lines)) // 1024} KiB)")
    print(f"key → repaint: median {statistics.median(direct) * 1000:.2f} ms, p95 {p95(direct) * 1000:.2f} ms  (goal ≤ 10 ms)")
    print(f"key through Pilot (event loop + test harness): median {statistics.median(pressed) * 1000:.2f} ms")
    print(f"draft save: median {statistics.median(saves) * 1000:.2f} ms, p95 {p95(saves) * 1000:.2f} ms  (goal ≤ 10 ms)")


if __name__ == "__main__":
    main()
