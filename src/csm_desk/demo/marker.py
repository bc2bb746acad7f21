"""The marker next to a SQLite demo book (``<db>.demo.json``): the day, the size and the
seed it was written for, so ``ensure_demo_book`` knows whether to write it again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from csm_desk.files import write_private

BOOK_VERSION = 2
"""Bump when the generator changes, so cached demo books are rewritten."""


def marker_path(store) -> Path | None:
    return None if store.path is None else store.path.with_name(store.path.name + ".demo.json")


def read_marker(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    for key, least in (("accounts", 1), ("seed", 0)):
        value = state.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            state.pop(key, None)
    return state


def write_marker(path: Path, today: date, accounts: int, seed: int) -> None:
    payload = {"version": BOOK_VERSION, "today": today.isoformat(), "accounts": accounts, "seed": seed}
    write_private(path, json.dumps(payload))
