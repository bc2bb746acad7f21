"""What the agenda does to a follow-up: done, skipped, snoozed, rescheduled, deleted.

Each function changes one follow-up of the named account inside the caller's
transaction (``Desk.write`` re-triages the account: an overdue follow-up is a
triage term). Errors raise ActionError with a sentence to show."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import Session

from csm_desk.store.actions import ActionError
from csm_desk.store.tables import FollowUp
from csm_desk.store.types import stamp


def _get(session: Session, account_id: int, followup_id: int) -> FollowUp:
    followup = session.get(FollowUp, followup_id)
    if followup is None or followup.account_id != account_id:
        raise ActionError("That follow-up no longer exists.")
    return followup


def _open(session: Session, account_id: int, followup_id: int) -> FollowUp:
    followup = _get(session, account_id, followup_id)
    if followup.status != "open":
        raise ActionError(f"That follow-up is already {followup.status}.")
    return followup


def complete(session: Session, account_id: int, followup_id: int, *, outcome: str = "", skipped: bool = False) -> None:
    """Close it as done (or skipped); the outcome note goes on the account's timeline."""
    followup = _open(session, account_id, followup_id)
    followup.status = "skipped" if skipped else "done"
    followup.outcome = outcome.strip()
    followup.done_at = stamp(session)
    session.add(followup)


def snooze(session: Session, account_id: int, followup_id: int, today: date, *, until: date) -> None:
    """Hide it until ``until``; the original due date is kept (it shows how late it is)."""
    followup = _open(session, account_id, followup_id)
    if until <= max(today, followup.due):
        # Snoozing only ever moves it later; to bring it forward, reschedule.
        raise ActionError(f"Snooze to a day after {max(today, followup.due).isoformat()}; r reschedules.")
    followup.snoozed_until = until
    session.add(followup)


def reschedule(session: Session, account_id: int, followup_id: int, *, due: date, due_time: time | None) -> None:
    """Give it a new due date (and time); a snooze no longer applies."""
    followup = _open(session, account_id, followup_id)
    followup.due = due
    followup.due_time = due_time
    followup.snoozed_until = None
    session.add(followup)


def remove(session: Session, account_id: int, followup_id: int) -> None:
    """Delete it for good (``u`` brings it back)."""
    session.delete(_get(session, account_id, followup_id))
