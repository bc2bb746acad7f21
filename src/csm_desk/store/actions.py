"""What a CSM changes from the screens: stage, notes, signals, follow-ups.

Each function changes rows of one account inside the caller's transaction
(``Desk.write``, which re-evaluates the account and records the undo step).
Validation errors raise ActionError with a sentence to show; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import select
from sqlmodel import Session

from csm_desk.domain.vocab import (
    CHANNELS,
    CLOSE_REASONS,
    CLOSED_STAGES,
    OPEN_STAGES,
    SIGNAL_KINDS,
    STAGE_LABELS,
    STAGES,
)
from csm_desk.errors import CsmDeskError
from csm_desk.store.tables import Account, FollowUp, Interaction, Quote, Signal, StageChange
from csm_desk.store.types import stamp


class ActionError(CsmDeskError):
    """The change cannot be made as asked; the message says why."""


def _account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise ActionError("That account no longer exists.")
    return account


def set_stage(
    session: Session,
    account_id: int,
    to_stage: str,
    today: date,
    *,
    reason: str = "",
    note: str = "",
    close_followups: bool = False,
) -> StageChange:
    """Move the account along the pipeline; closing needs a reason (DOMAIN §3). Closing as churned or
    let go with ``close_followups`` closes the account's open follow-ups (skipped) in the same change."""
    if to_stage and to_stage not in STAGES:
        raise ActionError(f"Unknown stage {to_stage!r}.")
    if to_stage in CLOSED_STAGES and reason not in CLOSE_REASONS:
        raise ActionError("Closing a case needs a reason: " + ", ".join(CLOSE_REASONS) + ".")
    account = _account(session, account_id)
    if account.stage == to_stage:
        raise ActionError("The account is already in that stage.")
    change = StageChange(
        account_id=account_id,
        from_stage=account.stage,
        to_stage=to_stage,
        reason=reason if to_stage in CLOSED_STAGES else "",
        note=note.strip(),
    )
    if to_stage in OPEN_STAGES and account.stage not in OPEN_STAGES:
        # A new at-risk case starts (first time, or back after an outcome): its clock starts today.
        account.identified_on, account.engaged_on = today, None
    elif to_stage and account.identified_on is None:
        account.identified_on = today
    if to_stage == "engaged" and account.engaged_on is None:
        account.engaged_on = today
    account.stage = to_stage
    session.add_all([account, change])
    session.flush()
    if close_followups and to_stage in ("churned", "let_go"):
        from csm_desk.store.records import close_open_followups

        close_open_followups(session, account_id, f"closed with the case ({STAGE_LABELS[to_stage]})")
    return change


def add_note(
    session: Session,
    account_id: int,
    *,
    channel: str,
    summary: str,
    quotes: Sequence[str] = (),
    at: datetime | None = None,
    duration_min: int | None = None,
    script: str = "",
    speakers: Sequence[int | None] = (),
) -> int:
    """Log an interaction; each quote is kept as its own record, word for word, with who said it
    (``speakers[i]`` is the contact id of ``quotes[i]``, or None)."""
    if channel not in CHANNELS:
        raise ActionError(f"Unknown channel {channel!r}: use one of {', '.join(CHANNELS)}.")
    said = list(speakers) + [None] * (len(quotes) - len(speakers))
    pairs = [(q, s) for q, s in zip(quotes, said, strict=False) if q.strip()]
    if not summary.strip() and not pairs:
        raise ActionError("Nothing to save: write a summary or a quote.")
    _account(session, account_id)
    if any(s is not None for _, s in pairs):
        from csm_desk.store.records import check_speakers

        check_speakers(session, account_id, [s for _, s in pairs])
    interaction = Interaction(
        account_id=account_id,
        at=at or stamp(session),
        channel=channel,
        summary=summary.strip(),
        duration_min=duration_min,
        script=script,
    )
    session.add(interaction)
    session.flush()
    session.add_all(
        Quote(account_id=account_id, interaction_id=interaction.id, position=i, text=q, speaker_id=s)
        for i, (q, s) in enumerate(pairs)
    )
    session.flush()
    return interaction.id


def log_signal(session: Session, account_id: int, today: date, *, kind: str, day: date, quote: str = "") -> int:
    """Raise a red flag by hand; it stays active until resolved."""
    if kind not in SIGNAL_KINDS:
        raise ActionError(f"Unknown signal {kind!r}.")
    if day > today:
        raise ActionError("A signal cannot be dated in the future.")
    _account(session, account_id)
    existing = session.scalars(
        select(Signal).where(Signal.account_id == account_id, Signal.kind == kind, Signal.resolved_on.is_(None))
    ).first()
    if existing is not None:
        raise ActionError(f"That signal is already active since {existing.date.isoformat()}.")
    signal = Signal(account_id=account_id, kind=kind, date=day, quote=quote.strip())
    session.add(signal)
    session.flush()
    return signal.id


def resolve_signal(session: Session, account_id: int, signal_id: int, today: date, *, day: date | None = None) -> None:
    signal = session.get(Signal, signal_id)
    if signal is None or signal.account_id != account_id:
        raise ActionError("That signal no longer exists.")
    if signal.resolved_on is not None:
        raise ActionError("That signal is already resolved.")
    resolved = day or today
    if resolved < signal.date:
        raise ActionError("A signal cannot be resolved before it was raised.")
    signal.resolved_on = resolved
    session.add(signal)
    session.flush()


def add_followup(
    session: Session,
    account_id: int,
    *,
    due: date,
    title: str,
    channel: str = "email",
    owner: str = "",
    due_time: time | None = None,
    source: str = "manual",
    source_key: str = "",
) -> int:
    if not title.strip():
        raise ActionError("A follow-up needs a title.")
    if channel not in CHANNELS:
        raise ActionError(f"Unknown channel {channel!r}: use one of {', '.join(CHANNELS)}.")
    account = _account(session, account_id)
    followup = FollowUp(
        account_id=account_id,
        due=due,
        due_time=due_time,
        title=title.strip(),
        channel=channel,
        owner=owner or account.owner,
        source=source,
        source_key=source_key,
    )
    session.add(followup)
    session.flush()
    return followup.id
