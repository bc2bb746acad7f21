"""Correcting the book on a big book: each kind of hand edit and its undo, through the desk.

    python benchmarks/bench_edit.py                  # a 10,000-account demo book in a temporary folder
    python benchmarks/bench_edit.py --accounts 50000

Times (median of 20) of ``Desk`` writes as the TUI sends them: an account's renewal
fixed, a contact corrected, a follow-up edited, a note rewritten with speakers, a signal
corrected, a new account created; each one transaction with the account re-evaluated and
the undo image taken; and ``u`` taking the newest change back. Goals: each ≤ 50 ms (the
form closes and the queue redraws within a frame or two). Exit code 1 when one is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.demo import write_demo_book
from csm_desk.desk import Desk
from csm_desk.domain.records import AccountFields, ContactFields
from csm_desk.store.engine import open_store
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Signal

TODAY = date(2026, 11, 23)
GOAL_MS = 50.0


def _median_ms(fn, runs: int = 20) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db", clock=Clock.frozen(TODAY))
        print(write_demo_book(store, TODAY, settings, accounts=args.accounts, force=True))
        desk = Desk(store, settings)
        with store.read() as s:
            # The account with the most history: the undo image is largest there.
            busiest = s.scalars(
                select(Interaction.account_id).group_by(Interaction.account_id).order_by(func.count().desc())
            ).first()
            a = s.get(Account, busiest)
            contact = s.scalars(select(Contact).where(Contact.account_id == busiest)).first()
            followup = s.scalars(select(FollowUp).where(FollowUp.account_id == busiest, FollowUp.status == "open")).first()
            note = s.scalars(select(Interaction.id).where(Interaction.account_id == busiest)).first()
            signal = s.scalars(select(Signal).where(Signal.account_id == busiest)).first()
            fields = AccountFields(
                name=a.name,
                external_id=a.external_id,
                arr=a.arr,
                strategic=a.strategic,
                segment=a.segment,
                industry=a.industry,
                language=a.language,
                owner=a.owner,
                contract_start=a.contract_start,
                renewal_date=a.renewal_date,
                last_renewal=a.last_renewal,
                last_expansion=a.last_expansion,
            )
        results = {
            "account renewal fixed": _median_ms(
                lambda i: desk.update_account(
                    busiest, AccountFields(**(fields.as_dict() | {"renewal_date": TODAY + timedelta(days=300 + i)}))
                )
            ),
            "contact corrected": _median_ms(
                lambda i: desk.update_contact(
                    busiest, contact.id, ContactFields(name=contact.name, role=contact.role, phone=f"+55 {i}")
                )
            ),
            "follow-up edited": _median_ms(
                lambda i: desk.update_followup(
                    busiest,
                    followup.id,
                    title=f"{followup.title} ({i})",
                    due=TODAY + timedelta(days=i + 1),
                    due_time=None,
                    channel="call",
                    owner=followup.owner,
                )
            ),
            "note rewritten": _median_ms(
                lambda i: desk.update_note(
                    busiest,
                    note,
                    channel="call",
                    summary=f"Rewritten {i}",
                    quotes=["first words", "second words"],
                    speakers=[contact.id, None],
                    at=Clock.frozen(TODAY).now() - timedelta(days=1),
                    duration_min=30,
                )
            ),
            "signal corrected": _median_ms(
                lambda i: desk.update_signal(
                    busiest,
                    signal.id,
                    kind=signal.kind,
                    day=signal.date,
                    quote=f"their words {i}",
                    resolved_on=signal.resolved_on,
                )
            ),
            "new account": _median_ms(lambda i: desk.create_account(AccountFields(name=f"Bench {i}", arr=1000.0 * i))),
            "undo": _median_ms(lambda i: desk.undo_last()),
        }
    missed = False
    print(f"{'write':<24} {'median ms':>10} {'goal':>8}")
    for name, ms in results.items():
        ok = ms <= GOAL_MS
        missed |= not ok
        print(f"{name:<24} {ms:>10.1f} {GOAL_MS:>8.0f}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
