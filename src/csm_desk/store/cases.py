"""Risk cases: exactly one open case per account in the pipeline, closed with its outcome.

The account row says where an account stands today; cases keep the history the
measures need (saved in March, at risk again in October: two cases). The account's
pipeline columns are the truth and ``sync_cases`` makes the cases agree with them,
so every way into or out of the pipeline (auto-identification, the ``s`` key, an
import setting a stage) keeps the history without knowing about it:

- an account in an open stage with no open case opens one (``opened_on`` is its
  ``identified_on``): a saved account at risk again is a new case, not the old one
  reopened, so the first save still counts (undo restores case rows itself);
- ``engaged_on`` is copied onto the open case the first time it is known;
- an account that reaches a closed stage closes its open case today, with the
  reason and note of the stage change that closed it, and whether an executive
  sponsor was on a save plan made during the case;
- an account taken out of the pipeline by hand (no stage) drops its open case: it
  was never an at-risk episode, and counting it would bend the save rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import delete, select, update
from sqlmodel import Session

from csm_desk.domain.vocab import CLOSED_STAGES, OPEN_STAGES
from csm_desk.store.tables import Account, RiskCase, SavePlan, StageChange

_CHUNK = 900  # stays under SQLite's bound-parameter limit
EXECUTIVE_ROLES = ("executive_sponsor",)
"""Save-team roles that count as executive involvement (DOMAIN §6, §8)."""


@dataclass(frozen=True, slots=True)
class PipelineState:
    """Where an account stands after evaluation: what its cases must agree with."""

    account_id: int
    stage: str
    at_risk_since: date | None
    identified_on: date | None
    engaged_on: date | None


def sync_cases(session: Session, states: Sequence[PipelineState], today: date) -> int:
    """Open, update, close or drop cases so each account's cases agree with its stage; returns changes made."""
    if not states:
        return 0
    open_cases = _open_cases(session, [s.account_id for s in states])
    to_open: list[PipelineState] = []
    changes = 0
    for s in states:
        case = open_cases.get(s.account_id)
        if s.stage in OPEN_STAGES:
            if case is None:
                to_open.append(s)
            elif case.engaged_on is None and s.engaged_on is not None:
                session.execute(update(RiskCase).where(RiskCase.id == case.id).values(engaged_on=s.engaged_on))
                changes += 1
        elif case is not None:
            if s.stage in CLOSED_STAGES:
                _close(session, case, s, today)
            else:
                session.execute(delete(RiskCase).where(RiskCase.id == case.id))
            changes += 1
    _open_many(session, to_open, today)
    return changes + len(to_open)


@dataclass(frozen=True, slots=True)
class _OpenCase:
    id: int
    opened_on: date
    engaged_on: date | None


def _open_cases(session: Session, ids: list[int]) -> dict[int, _OpenCase]:
    c = RiskCase.__table__.c
    q = select(c.id, c.account_id, c.opened_on, c.engaged_on).where(c.closed_on.is_(None))
    out: dict[int, _OpenCase] = {}
    for batch in _batches(ids):
        rows = session.connection().execute(q if batch is None else q.where(c.account_id.in_(batch)))
        for case_id, account_id, opened_on, engaged_on in rows:
            # Keep the newest should a database hold two: the older one stays as history.
            if account_id not in out or opened_on >= out[account_id].opened_on:
                out[account_id] = _OpenCase(case_id, opened_on, engaged_on)
    return out


def _batches(ids: list[int]) -> Iterable[list[int] | None]:
    if len(ids) > 10 * _CHUNK:  # most of the book: one scan of the open cases is cheaper
        yield None
        return
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _open_many(session: Session, states: list[PipelineState], today: date) -> None:
    """New cases in bulk (a first evaluation of an imported book can open thousands)."""
    if not states:
        return
    a = Account.__table__.c
    accounts: dict[int, tuple[float | None, str]] = {}
    ids = [s.account_id for s in states]
    for i in range(0, len(ids), _CHUNK):
        for account_id, arr, segment in session.connection().execute(
            select(a.id, a.arr, a.segment).where(a.id.in_(ids[i : i + _CHUNK]))
        ):
            accounts[account_id] = (arr, segment or "")
    inserts = []
    for s in states:
        arr, segment = accounts[s.account_id]
        inserts.append(
            {
                "account_id": s.account_id,
                "at_risk_since": s.at_risk_since,
                "opened_on": s.identified_on or today,
                "engaged_on": s.engaged_on,
                "arr": arr,
                "segment": segment,
                "executive_involved": False,
                "note": "",
                "outcome": "",
                "reason": "",
            }
        )
    if inserts:
        session.connection().execute(RiskCase.__table__.insert(), inserts)


def _close(session: Session, case: _OpenCase, s: PipelineState, today: date) -> None:
    sc = StageChange.__table__.c
    last = (
        session.connection()
        .execute(
            select(sc.reason, sc.note)
            .where(sc.account_id == s.account_id, sc.to_stage == s.stage)
            .order_by(sc.at.desc(), sc.id.desc())
            .limit(1)
        )
        .first()
    )
    reason, note = (last.reason, last.note) if last is not None else ("", "")
    session.execute(
        update(RiskCase)
        .where(RiskCase.id == case.id)
        .values(
            closed_on=max(today, case.opened_on),
            outcome=s.stage,
            reason=reason,
            note=note,
            executive_involved=executive_involved(session, s.account_id, case.opened_on),
        )
    )


def executive_involved(session: Session, account_id: int, since: date) -> bool:
    """True when a save plan made since the case opened had an executive on its save team."""
    p = SavePlan.__table__.c
    start = datetime.combine(since, time(0), UTC)
    teams = (
        session.connection().execute(select(p.team).where(p.account_id == account_id, p.created_at >= start)).scalars()
    )
    return any(f'"{role}"' in (team or "") for team in teams for role in EXECUTIVE_ROLES)
