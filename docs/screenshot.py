"""Render the README screenshot: the demo book's queue with the detail pane.

    python docs/screenshot.py   # writes docs/queue.svg
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path

from csm_desk.clock import Clock
from csm_desk.app import make_app
from csm_desk.config import Settings
from csm_desk.context import Context
from csm_desk.demo import write_demo_book
from csm_desk.store.engine import open_store

TODAY = date(2026, 11, 23)


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        store = open_store(db)
        write_demo_book(store, TODAY, Settings(), accounts=60, seed=7)
        app = make_app(Context(Settings(), Clock.frozen(TODAY), str(db)), store)
        async with app.run_test(size=(140, 42)) as pilot:
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
            app.save_screenshot(filename="queue.svg", path=str(Path(__file__).parent))
        store.dispose()


if __name__ == "__main__":
    asyncio.run(main())
