"""The entry points: write the demo book, or make sure today's is there."""

from __future__ import annotations

from datetime import date

from csm_desk.demo.generated import generated_draft
from csm_desk.demo.marker import BOOK_VERSION, marker_path, read_marker, write_marker
from csm_desk.demo.model import PREFIX, evaluate
from csm_desk.demo.stories import story_draft
from csm_desk.demo.writer import OWN_IDS, Rows
from csm_desk.errors import CsmDeskError
from csm_desk.store.bulk import delete_accounts_with_prefix, has_accounts, last_ids, sync_id_sequences
from csm_desk.store.demo_marks import foreign_accounts, record_product

DEFAULT_ACCOUNTS = 60
DEFAULT_SEED = 7
LEAN_ABOVE = 5_000
"""Generated accounts in bigger books get monthly snapshots and fewer touches (still 6+ months)."""
_FLUSH_EVERY = 5_000  # accounts per round of inserts: bounds memory on big books


class RealBookError(CsmDeskError):
    """The database holds accounts the demo did not write: a demo book would mix with a real one."""

    exit_code = 2


def write_demo_book(
    store,
    today: date,
    settings,
    *,
    accounts: int = DEFAULT_ACCOUNTS,
    seed: int = DEFAULT_SEED,
    force: bool = False,
) -> str:
    """Replace the demo accounts (external ids ``DEMO-…``) with a fresh book; other accounts stay.

    A database holding any account the demo did not write is refused (``RealBookError``, nothing
    written) unless ``force``: demo accounts mixed into a real book would sit in its queue, agenda
    and figures. Returns a one-line summary.
    """
    counts = _write_book(store, today, settings, accounts, seed, force=force)
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
        stored = has_accounts(session)
    state = read_marker(marker)
    current = state.get("today") == today.isoformat() and state.get("version") == BOOK_VERSION
    if stored and (marker is None or current):
        return False
    accounts, seed = state.get("accounts", DEFAULT_ACCOUNTS), state.get("seed", DEFAULT_SEED)
    _write_book(store, today, settings, accounts, seed, force=True)  # the demo's own database
    if marker is not None:
        write_marker(marker, today, accounts, seed)
    return True


def _write_book(store, today: date, settings, accounts: int, seed: int, *, force: bool) -> dict[str, int]:
    from csm_desk.demo import content

    rules = settings.red_flags
    lean = accounts > LEAN_ABOVE
    with store.write() as session:
        # Checked in the writing transaction: an import landing meanwhile cannot slip past the check.
        foreign = 0 if force else foreign_accounts(session)
        if foreign:
            raise RealBookError(
                f"{store.where}: holds {foreign:,} account{'s' if foreign != 1 else ''} the demo did not write; "
                "nothing was written (csm-desk demo --force adds the demo accounts beside them; "
                "csm-desk --demo opens a throwaway demo book instead)"
            )
        delete_accounts_with_prefix(session, PREFIX)
        record_product(session, content.OUR_PRODUCT)
        rows = Rows(today, last_ids(session, OWN_IDS))
        for n in range(1, accounts + 1):
            if n <= len(content.STORIES):
                draft = story_draft(content.STORIES[n - 1], n, seed, today)
                rows.add(draft, evaluate(draft, today, rules), rules)
            else:
                rows.add(*generated_draft(n, seed, today, lean, settings), rules)
            if n % _FLUSH_EVERY == 0 or n == accounts:
                rows.flush(session)
        sync_id_sequences(session, OWN_IDS)  # the ids were given here, not by the database
    return {**rows.counts, "at_risk": rows.at_risk}
