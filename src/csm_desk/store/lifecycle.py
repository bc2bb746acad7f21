"""Lifecycle follow-ups in the database: the cadence from each contract start and the
re-engagement nudge, written idempotently (keyed by ``source_key``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from csm_desk.domain.cadence import REENGAGE_TITLE, CadenceRules, cadence_plan, reengagement_key, steps_to_create
from csm_desk.store.evaluate import Histories, _chunks, load_histories
from csm_desk.store.tables import Account, FollowUp, Meta
from csm_desk.store.types import stamp

CHECKED_KEY = "lifecycle_checked_on"


def _existing(
    session: Session, ids: Sequence[int], prefix: str
) -> dict[tuple[int, str], tuple[int, str, date, object]]:
    """(account, key) → (id, status, due, snoozed_until) of the lifecycle follow-ups already stored."""
    f = FollowUp.__table__.c
    out = {}
    for batch in _chunks(list(ids)):
        q = select(f.account_id, f.source_key, f.id, f.status, f.due, f.snoozed_until).where(
            f.account_id.in_(batch), f.source == "cadence", f.source_key.like(prefix + "%")
        )
        for account_id, key, id_, status, due, snoozed in session.connection().execute(q):
            out[(account_id, key)] = (id_, status, due, snoozed)
    return out


def _by_day_and_title(session: Session, ids: Sequence[int]) -> set[tuple[int, date, str]]:
    f = FollowUp.__table__.c
    out: set[tuple[int, date, str]] = set()
    for batch in _chunks(list(ids)):
        out.update(
            tuple(r)
            for r in session.connection().execute(select(f.account_id, f.due, f.title).where(f.account_id.in_(batch)))
        )
    return out


def sync_cadence(session: Session, ids: Sequence[int], today: date, rules: CadenceRules) -> int:
    """Create the missing cadence follow-ups of ``ids``; re-date open ones when the contract start moved.
    A churned account gets none (DOMAIN §7: the cadence is for customers).

    Returns how many follow-ups were created or moved."""
    a = Account.__table__.c
    accounts: list = []
    for batch in _chunks(list(ids)):
        accounts.extend(
            session.connection().execute(
                select(a.id, a.contract_start, a.arr, a.segment, a.owner).where(
                    a.id.in_(batch), a.contract_start.is_not(None), a.stage != "churned"
                )
            )
        )
    existing = _existing(session, [row[0] for row in accounts], "cadence:")
    same = _by_day_and_title(session, [row[0] for row in accounts])
    inserts, moves = [], []
    for account_id, start, arr, segment, owner in accounts:
        plan = cadence_plan(start, arr, segment, rules)
        for step in plan:
            stored = existing.get((account_id, step.key))
            if stored is not None:
                fid, status, due, snoozed = stored
                if status == "open" and snoozed is None and due != step.due and step.due >= today:
                    moves.append({"b_id": fid, "due": step.due})
                continue
            # A row with the step's day and title (say, from an exported and re-imported book) is that step.
            if step in steps_to_create([step], today, rules) and (account_id, step.due, step.title) not in same:
                inserts.append(
                    {
                        "account_id": account_id,
                        "due": step.due,
                        "title": step.title,
                        "channel": step.channel,
                        "owner": owner,
                        "status": "open",
                        "source": "cadence",
                        "source_key": step.key,
                    }
                )
    _write(session, inserts, moves)
    return len(inserts) + len(moves)


def sync_reengagement(
    session: Session, ids: Sequence[int] | None, today: date, rules: CadenceRules, histories: Histories | None = None
) -> int:
    """One re-engagement follow-up per silent spell (no login for ``reengage_after_days``); ``histories``:
    the accounts' ``load_histories`` when the caller has them."""
    history, _ = histories if histories is not None else load_histories(session, ids, today)
    gone = _churned(session, list(history))
    owed = {
        account_id: key
        for account_id, points in history.items()
        if account_id not in gone and (key := reengagement_key(points, today, rules)) is not None
    }
    if not owed:
        return 0
    existing = _existing(session, list(owed), "reengage:")
    a = Account.__table__.c
    owners: dict[int, str] = {}
    for batch in _chunks(list(owed)):
        owners.update(session.connection().execute(select(a.id, a.owner).where(a.id.in_(batch))).all())
    title = REENGAGE_TITLE.format(days=rules.reengage_after_days)
    inserts = [
        {
            "account_id": account_id,
            "due": today,
            "title": title,
            "channel": "call",
            "owner": owners.get(account_id, ""),
            "status": "open",
            "source": "cadence",
            "source_key": key,
        }
        for account_id, key in owed.items()
        if (account_id, key) not in existing
    ]
    _write(session, inserts, [])
    return len(inserts)


def _churned(session: Session, ids: Sequence[int]) -> set[int]:
    """Of ``ids``, the accounts that churned: the cadence no longer speaks to them."""
    a = Account.__table__.c
    out: set[int] = set()
    for batch in _chunks(list(ids)):
        out.update(session.scalars(select(a.id).where(a.id.in_(batch), a.stage == "churned")))
    return out


def _write(session: Session, inserts: list[dict], moves: list[dict]) -> None:
    from sqlalchemy import bindparam, update

    table = FollowUp.__table__
    if inserts:
        now = stamp(session)
        session.connection().execute(table.insert(), [{**row, "created_at": now} for row in inserts])
    if moves:
        session.connection().execute(
            update(table).where(table.c.id == bindparam("b_id")).values(due=bindparam("due")), moves
        )


def daily_check(store, today: date, rules: CadenceRules) -> int:
    """Once a day, over the whole book: re-engagement nudges that time alone has made due."""
    with store.read() as session:
        row = session.get(Meta, CHECKED_KEY)
        if row is not None and row.value == today.isoformat():
            return 0
    with store.write() as session:
        added = sync_reengagement(session, None, today, rules)
        session.merge(Meta(key=CHECKED_KEY, value=today.isoformat()))
        return added
