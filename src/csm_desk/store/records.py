"""Creating, correcting and deleting the book's records by hand: accounts, contacts,
follow-ups, notes and calls, signals.

Each function changes rows of one account inside the caller's transaction
(``Desk.write`` re-evaluates the account and records the undo step). The rules of
``domain/records.py`` are checked here again, so no path stores a value a form would
refuse. A refusal raises ``ActionError`` (``RecordError``, naming each field at fault, when fields are wrong),
and then nothing is written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from csm_desk.domain.cadence import CadenceRules
from csm_desk.domain.records import (
    AccountFields,
    ContactFields,
    account_problems,
    contact_problems,
)
from csm_desk.domain.vocab import CHANNELS, SIGNAL_KINDS
from csm_desk.store.actions import ActionError, _account
from csm_desk.store.lifecycle import sync_cadence
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Quote, Signal
from csm_desk.store.types import stamp

MANUAL_ID_PREFIX = "manual-"
"""External ids given to accounts typed in by hand without a CRM id."""


class RecordError(ActionError):
    """A record cannot be stored as typed: ``problems`` maps each field at fault to why."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def _check(problems: dict[str, str]) -> None:
    if problems:
        raise RecordError(problems)


# -- accounts -------------------------------------------------------------------------
def _taken(session: Session, external_id: str, but: int | None = None) -> bool:
    q = select(Account.id).where(Account.external_id == external_id)
    if but is not None:
        q = q.where(Account.id != but)
    return session.scalars(q).first() is not None


def create_account(session: Session, fields: AccountFields, today: date, cadence: CadenceRules) -> int:
    """A new account; without a CRM id it gets ``manual-<n>``, which an import can later match."""
    _check(account_problems(fields))
    external_id = fields.external_id.strip()
    if external_id and _taken(session, external_id):
        raise RecordError({"external_id": f"Another account already has the id {external_id!r}."})
    if not external_id:
        n = (session.scalar(select(func.max(Account.id))) or 0) + 1
        while _taken(session, f"{MANUAL_ID_PREFIX}{n}"):
            n += 1
        external_id = f"{MANUAL_ID_PREFIX}{n}"
    account = Account(**(fields.as_dict() | {"name": fields.name.strip(), "external_id": external_id}))
    session.add(account)
    session.flush()
    assert account.id is not None
    sync_cadence(session, [account.id], today, cadence)
    return account.id


def update_account(
    session: Session, account_id: int, fields: AccountFields, today: date, cadence: CadenceRules
) -> None:
    """Every typed fact of the account at once; a moved contract start re-dates the open cadence."""
    _check(account_problems(fields))
    account = _account(session, account_id)
    external_id = fields.external_id.strip() or account.external_id
    if external_id != account.external_id and _taken(session, external_id, but=account_id):
        raise RecordError({"external_id": f"Another account already has the id {external_id!r}."})
    for key, value in (fields.as_dict() | {"name": fields.name.strip(), "external_id": external_id}).items():
        setattr(account, key, value)
    session.add(account)
    session.flush()
    sync_cadence(session, [account_id], today, cadence)


# -- contacts -------------------------------------------------------------------------
def _contact(session: Session, account_id: int, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.account_id != account_id:
        raise ActionError("That contact no longer exists.")
    return contact


def add_contact(session: Session, account_id: int, fields: ContactFields) -> int:
    _check(contact_problems(fields))
    _account(session, account_id)
    contact = Contact(account_id=account_id, **(fields.as_dict() | {"name": fields.name.strip()}))
    session.add(contact)
    session.flush()
    assert contact.id is not None
    return contact.id


def update_contact(
    session: Session,
    account_id: int,
    contact_id: int,
    fields: ContactFields,
    *,
    successor: int | ContactFields | None = None,
) -> int | None:
    """Correct a contact. When a champion or sponsor leaves, ``successor`` (an existing contact's id,
    or a new contact) takes the role in the same change; returns the successor's id."""
    _check(contact_problems(fields))
    contact = _contact(session, account_id, contact_id)
    leaving = fields.status == "left" and contact.status != "left"
    role = contact.role
    for key, value in (fields.as_dict() | {"name": fields.name.strip()}).items():
        setattr(contact, key, value)
    session.add(contact)
    if successor is None:
        session.flush()
        return None
    if not leaving:
        raise ActionError("A successor is named when a contact leaves.")
    if isinstance(successor, ContactFields):
        problems = contact_problems(successor)
        if problems:
            raise RecordError({f"successor_{k}": v for k, v in problems.items()})
        new = Contact(account_id=account_id, **(successor.as_dict() | {"name": successor.name.strip(), "role": role}))
        session.add(new)
        session.flush()
        assert new.id is not None
        return new.id
    heir = _contact(session, account_id, successor)
    if heir.id == contact.id or heir.status != "active":
        raise ActionError("The successor must be another active contact.")
    heir.role = role
    session.add(heir)
    session.flush()
    return heir.id


def delete_contact(session: Session, account_id: int, contact_id: int) -> None:
    """Remove a contact typed by mistake; quotes they said keep their words, without the speaker."""
    contact = _contact(session, account_id, contact_id)
    session.execute(update(Quote).where(Quote.speaker_id == contact.id).values(speaker_id=None))
    session.delete(contact)
    session.flush()


# -- follow-ups ------------------------------------------------------------------------
def update_followup(
    session: Session,
    account_id: int,
    followup_id: int,
    *,
    title: str,
    due: date,
    due_time: time | None,
    channel: str,
    owner: str,
) -> None:
    followup = session.get(FollowUp, followup_id)
    if followup is None or followup.account_id != account_id:
        raise ActionError("That follow-up no longer exists.")
    if not title.strip():
        raise RecordError({"title": "A follow-up needs a title."})
    if channel not in CHANNELS:
        raise RecordError({"channel": f"Unknown channel {channel!r}: use one of {', '.join(CHANNELS)}."})
    if (followup.due, followup.due_time) != (due, due_time):
        followup.snoozed_until = None  # a new date replaces the snooze, as rescheduling does
    followup.title, followup.due, followup.due_time = title.strip(), due, due_time
    followup.channel, followup.owner = channel, owner.strip()
    session.add(followup)
    session.flush()


# -- notes and calls ---------------------------------------------------------------------
def _interaction(session: Session, account_id: int, interaction_id: int) -> Interaction:
    row = session.get(Interaction, interaction_id)
    if row is None or row.account_id != account_id:
        raise ActionError("That note no longer exists.")
    return row


def check_speakers(session: Session, account_id: int, speakers: Sequence[int | None]) -> None:
    known = set(session.scalars(select(Contact.id).where(Contact.account_id == account_id)))
    if any(s is not None and s not in known for s in speakers):
        raise ActionError("A quote names a speaker who is not a contact of this account.")


def update_note(
    session: Session,
    account_id: int,
    interaction_id: int,
    *,
    channel: str,
    summary: str,
    quotes: Sequence[str],
    speakers: Sequence[int | None] = (),
    at: datetime,
    duration_min: int | None,
) -> None:
    """Rewrite a note or a call: its words, its quotes (each with who said it), when and how long."""
    if channel not in CHANNELS:
        raise RecordError({"channel": f"Unknown channel {channel!r}: use one of {', '.join(CHANNELS)}."})
    pairs = [(q.strip(), s) for q, s in zip(quotes, [*speakers, *[None] * len(quotes)], strict=False) if q.strip()]
    if not summary.strip() and not pairs:
        raise ActionError("Nothing would be left: write a summary or a quote (or delete the note).")
    row = _interaction(session, account_id, interaction_id)
    check_speakers(session, account_id, [s for _, s in pairs])
    row.channel, row.summary, row.at, row.duration_min = channel, summary.strip(), at, duration_min
    session.add(row)
    unused = list(session.scalars(select(Quote).where(Quote.interaction_id == interaction_id).order_by(Quote.position)))
    # A quote whose words are unchanged keeps its row, and with it where it was said (the call's step, the
    # transcript's time and speaker), wherever it moved; quotes whose words were edited take the rows left,
    # in order; the rest are new, or go.
    rows: list[Quote | None] = []
    for text, _ in pairs:
        same = next((q for q in unused if q.text == text), None)
        if same is not None:
            unused.remove(same)
        rows.append(same)
    for position, ((text, speaker), kept) in enumerate(zip(pairs, rows, strict=True)):
        if kept is None and unused:
            kept = unused.pop(0)
        if kept is None:
            kept = Quote(account_id=account_id, interaction_id=interaction_id, text=text)
        kept.text, kept.speaker_id, kept.position = text, speaker, position
        session.add(kept)
    for q in unused:
        session.delete(q)
    session.flush()


def delete_note(session: Session, account_id: int, interaction_id: int) -> None:
    """Delete a note or a call with its quotes; save-plan rows pointing at nothing here are untouched."""
    row = _interaction(session, account_id, interaction_id)
    session.execute(delete(Quote).where(Quote.interaction_id == interaction_id))
    session.delete(row)
    session.flush()


# -- signals -------------------------------------------------------------------------------
def _signal(session: Session, account_id: int, signal_id: int) -> Signal:
    row = session.get(Signal, signal_id)
    if row is None or row.account_id != account_id:
        raise ActionError("That signal no longer exists.")
    return row


def update_signal(
    session: Session,
    account_id: int,
    signal_id: int,
    today: date,
    *,
    kind: str,
    day: date,
    quote: str,
    resolved_on: date | None,
) -> None:
    """Correct a signal; a blank resolved date reopens it."""
    if kind not in SIGNAL_KINDS:
        raise RecordError({"kind": f"Unknown signal {kind!r}."})
    if day > today:
        raise RecordError({"date": "A signal cannot be dated in the future."})
    if resolved_on is not None and resolved_on < day:
        raise RecordError({"resolved_on": "A signal cannot be resolved before it was raised."})
    if resolved_on is not None and resolved_on > today:
        raise RecordError({"resolved_on": "A signal cannot be resolved in the future."})
    row = _signal(session, account_id, signal_id)
    if resolved_on is None and (row.kind != kind or row.resolved_on is not None):
        twin = session.scalars(
            select(Signal.date).where(
                Signal.account_id == account_id,
                Signal.kind == kind,
                Signal.resolved_on.is_(None),
                Signal.id != signal_id,
            )
        ).first()
        if twin is not None:
            raise RecordError({"kind": f"That signal is already active since {twin.isoformat()}."})
    row.kind, row.date, row.quote, row.resolved_on = kind, day, quote.strip(), resolved_on
    session.add(row)
    session.flush()


def reopen_signal(session: Session, account_id: int, signal_id: int, today: date) -> None:
    row = _signal(session, account_id, signal_id)
    if row.resolved_on is None:
        raise ActionError("That signal is still active.")
    update_signal(session, account_id, signal_id, today, kind=row.kind, day=row.date, quote=row.quote, resolved_on=None)


def delete_signal(session: Session, account_id: int, signal_id: int) -> None:
    session.delete(_signal(session, account_id, signal_id))
    session.flush()


# -- closing a case -------------------------------------------------------------------------
def close_open_followups(session: Session, account_id: int, why: str) -> int:
    """Close every open follow-up of the account as skipped (the case closed); how many were."""
    rows = list(session.scalars(select(FollowUp).where(FollowUp.account_id == account_id, FollowUp.status == "open")))
    now = stamp(session)
    for f in rows:
        f.status, f.outcome, f.done_at = "skipped", why, now
        session.add(f)
    session.flush()
    return len(rows)
