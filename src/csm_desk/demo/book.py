"""The entry points: write the demo book, or make sure today's is there."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text

from csm_desk.demo.generated import generated_draft
from csm_desk.demo.marker import BOOK_VERSION, marker_path, read_marker, write_marker
from csm_desk.demo.model import evaluate
from csm_desk.demo.stories import story_draft
from csm_desk.demo.writer import OWN_IDS, Rows, delete_demo
from csm_desk.store.tables import Account

DEFAULT_ACCOUNTS = 60
DEFAULT_SEED = 7
LEAN_ABOVE = 5_000
"""Generated accounts in bigger books get monthly snapshots and fewer touches (still 6+ months)."""
_FLUSH_EVERY = 5_000  # accounts per round of inserts: bounds memory on big books


def write_demo_book(store, today: date, settings, *, accounts: int = DEFAULT_ACCOUNTS, seed: int = DEFAULT_SEED) -> str:
    """Replace the demo accounts (external ids ``DEMO-…``) with a fresh book; other accounts stay.

    Returns a one-line summary.
    """
    counts = _write_book(store, today, settings, accounts, seed)
    marker = marker_path(store)
    if marker is not None and marker.exists():
        write_marker(marker, today, accounts, seed)
    return (
        f"Wrote a demo book for {today.isoformat()} (seed {seed}): {accounts:,} accounts, {counts['at_risk']:,} at risk, "
        f"{counts['metric']:,} snapshots, {counts['interaction']:,} interactions, {counts['quote']:,} quotes, "
        f"{counts['followup']:,} follow-ups."
    )


def ensure_demo_book(store, today: date, settings) -> bool:
    """Write the demo book unless the database already holds one made for ``today``; True if written.

    A marker file next to the database (``<db>.demo.json``) remembers the day, the
    size and the seed, so the check costs one small query and one small read.
    """
    marker = marker_path(store)
    with store.read() as session:
        has_accounts = session.connection().execute(select(Account.__table__.c.id).limit(1)).first() is not None
    state = read_marker(marker)
    current = state.get("today") == today.isoformat() and state.get("version") == BOOK_VERSION
    if has_accounts and (marker is None or current):
        return False
    accounts, seed = state.get("accounts", DEFAULT_ACCOUNTS), state.get("seed", DEFAULT_SEED)
    _write_book(store, today, settings, accounts, seed)
    if marker is not None:
        write_marker(marker, today, accounts, seed)
    return True


def _write_book(store, today: date, settings, accounts: int, seed: int) -> dict[str, int]:
    from csm_desk.demo import content

    rules = settings.red_flags
    lean = accounts > LEAN_ABOVE
    with store.write() as session:
        conn = session.connection()
        delete_demo(conn)
        rows = Rows(today, {t: (conn.execute(select(func.max(t.__table__.c.id))).scalar() or 0) for t in OWN_IDS})
        for n in range(1, accounts + 1):
            if n <= len(content.STORIES):
                draft = story_draft(content.STORIES[n - 1], n, seed, today)
                rows.add(draft, evaluate(draft, today, rules), rules)
            else:
                rows.add(*generated_draft(n, seed, today, lean, settings), rules)
            if n % _FLUSH_EVERY == 0 or n == accounts:
                rows.flush(conn)
        if conn.dialect.name == "postgresql":
            for table in OWN_IDS:
                name = table.__tablename__
                # Ids were given explicitly: move each sequence past them.
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))
    return {**rows.counts, "at_risk": rows.at_risk}
