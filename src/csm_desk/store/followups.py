"""What the agenda does to a follow-up: done, skipped, snoozed, rescheduled, deleted.

Each is one transaction that re-triages the account (an overdue follow-up is a
triage term). Errors raise ActionError with a sentence to show."""

from __future__ import annotations

from datetime import date, time

from csm_desk.domain.signals import FlagRules
from csm_desk.store.actions import ActionError
from csm_desk.store.engine import Store
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import FollowUp
from csm_desk.store.types import stamp


def _open(session, followup_id: int) -> FollowUp:
    followup = session.get(FollowUp, followup_id)
    if followup is None:
        raise ActionError("That follow-up no longer exists.")
    if followup.status != "open":
        raise ActionError(f"That follow-up is already {followup.status}.")
    return followup


def _save(session, followup: FollowUp, today: date, rules: FlagRules) -> FollowUp:
    session.add(followup)
    session.flush()
    evaluate_accounts(session, [followup.account_id], today, rules)
    return followup


def complete(store: Store, followup_id: int, today: date, rules: FlagRules, *, outcome: str = "",
             skipped: bool = False) -> FollowUp:
    """Close it as done (or skipped); the outcome note goes on the account's timeline."""
    with store.write() as session:
        followup = _open(session, followup_id)
        followup.status = "skipped" if skipped else "done"
        followup.outcome = outcome.strip()
        followup.done_at = stamp(session)
        return _save(session, followup, today, rules)


def snooze(store: Store, followup_id: int, today: date, rules: FlagRules, *, until: date) -> FollowUp:
    """Hide it until ``until``; the original due date is kept (it shows how late it is)."""
    with store.write() as session:
        followup = _open(session, followup_id)
        if until <= max(today, followup.due):
            # Snoozing only ever moves it later; to bring it forward, reschedule.
            raise ActionError(f"Snooze to a day after {max(today, followup.due).isoformat()}; r reschedules.")
        followup.snoozed_until = until
        return _save(session, followup, today, rules)


def reschedule(store: Store, followup_id: int, today: date, rules: FlagRules, *, due: date,
               due_time: time | None) -> FollowUp:
    """Give it a new due date (and time); a snooze no longer applies."""
    with store.write() as session:
        followup = _open(session, followup_id)
        followup.due = due
        followup.due_time = due_time
        followup.snoozed_until = None
        return _save(session, followup, today, rules)


def remove(store: Store, followup_id: int, today: date, rules: FlagRules) -> int:
    """Delete it for good (``u`` brings it back); returns its account's id."""
    with store.write() as session:
        followup = session.get(FollowUp, followup_id)
        if followup is None:
            raise ActionError("That follow-up no longer exists.")
        account_id = followup.account_id
        session.delete(followup)
        session.flush()
        evaluate_accounts(session, [account_id], today, rules)
        return account_id
