"""Meeting transcripts on the timeline: a call or meeting whose summary is its transcript, and the
lines of it the CSM keeps as quotes.

No table of its own: the interaction's summary holds the transcript in its stored form (one
``[00:12:03] Speaker: words`` line per thing said, ``domain/transcript.py``), its ``script`` says
``transcript``, and a quote kept from a line stores the words, the speaker as a contact when the
name is one of the account's, and the line's head (``[00:12:03] Speaker``) as where it was said.
Exports, imports, backups and undo carry all of it as they carry any call.

The writes run inside the caller's transaction (``Desk.write``); a refusal raises ``ActionError``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from csm_desk.clock import end_of_day
from csm_desk.domain.transcript import Line, TranscriptError, head, name_key, read_stored, speaker_contact, to_text
from csm_desk.store.actions import ActionError, _account
from csm_desk.store.tables import Account, Contact, Interaction, Quote
from csm_desk.store.views import TranscriptCall, TranscriptLine, TranscriptView

TRANSCRIPT = "transcript"
"""The ``script`` of a call or meeting whose summary is its transcript."""
CHANNELS = ("call", "meeting")
"""What a transcript is attached as."""


def is_transcript(script: str) -> bool:
    return script == TRANSCRIPT


def lines_of(summary: str) -> tuple[tuple[Line, ...], str]:
    """A stored transcript's lines, or none and why it no longer reads as one."""
    try:
        return read_stored(summary), ""
    except TranscriptError as exc:
        return (), f"The transcript was edited and no longer reads as one (its line {exc.line}: {exc.reason})."


# -- finding the account a command names ---------------------------------------------------------
def accounts_named(session: Session, key: str) -> list[tuple[int, str, str]]:
    """(id, external id, name) of the accounts ``key`` names: the one with that external id; else those
    with exactly that name; else those whose name matches without accents, case or extra spaces."""
    rows = [tuple(r) for r in session.execute(select(Account.id, Account.external_id, Account.name)).all()]
    for matches in (
        [r for r in rows if r[1] == key],
        [r for r in rows if r[2] == key],
        [r for r in rows if name_key(r[2]) == name_key(key)],
    ):
        if matches:
            return sorted(matches, key=lambda r: r[1])
    return []


# -- writes ----------------------------------------------------------------------------------
def check_free(session: Session, account_id: int, at: datetime, channel: str) -> None:
    """Refuse a transcript the account cannot take: a channel other than call or meeting, or a transcript
    of a call (or meeting) of the account at that very instant already (the same file attached twice)."""
    if channel not in CHANNELS:
        raise ActionError(f"A transcript is a call or a meeting, not {channel!r}.")
    _account(session, account_id)
    taken = session.scalars(
        select(Interaction.id).where(
            Interaction.account_id == account_id,
            Interaction.at == at,
            Interaction.channel == channel,
            Interaction.script == TRANSCRIPT,
        )
    ).first()
    if taken is not None:
        when = at.astimezone().strftime("%Y-%m-%d %H:%M")
        raise ActionError(
            f"The account already has the transcript of a {channel} at {when}: give this one its own time (--when)."
        )


def attach(
    session: Session, account_id: int, lines: Sequence[Line], *, at: datetime, channel: str, duration_min: int | None
) -> int:
    """A call or meeting on the account's timeline holding the transcript; its id."""
    if not lines:
        raise ActionError("The transcript holds no line.")
    check_free(session, account_id, at, channel)
    row = Interaction(
        account_id=account_id,
        at=at,
        channel=channel,
        summary=to_text(lines),
        script=TRANSCRIPT,
        duration_min=duration_min,
    )
    session.add(row)
    session.flush()
    return row.id


def keep_quotes(session: Session, account_id: int, interaction_id: int, picked: Sequence[Line]) -> int:
    """Keep ``picked`` lines of the call's transcript as its quotes, in the order they were said, each
    with its speaker (a contact when the name is one) and where it was said; how many were new."""
    row = session.get(Interaction, interaction_id)
    if row is None or row.account_id != account_id or not is_transcript(row.script):
        raise ActionError("That call no longer has a transcript.")
    lines, problem = lines_of(row.summary)
    if problem:
        raise ActionError(problem)
    order = {line: i for i, line in reversed(list(enumerate(lines)))}
    if any(line not in order for line in picked):
        raise ActionError("A picked line is no longer in the transcript: open it again.")
    kept = {(q.step, q.text) for q in session.scalars(select(Quote).where(Quote.interaction_id == interaction_id))}
    new = [line for line in sorted(set(picked), key=order.__getitem__) if (head(line), line.text) not in kept]
    if not new:
        raise ActionError("Those lines are already kept as quotes.")
    contacts = _contacts(session, account_id)
    last = session.scalar(select(func.max(Quote.position)).where(Quote.interaction_id == interaction_id))
    first = 0 if last is None else last + 1
    session.add_all(
        Quote(
            account_id=account_id,
            interaction_id=interaction_id,
            position=first + i,
            text=line.text,
            speaker_id=speaker_contact(line.speaker, contacts),
            step=head(line),
        )
        for i, line in enumerate(new)
    )
    session.flush()
    return len(new)


def _contacts(session: Session, account_id: int) -> list[tuple[int, str, str]]:
    rows = session.execute(
        select(Contact.id, Contact.name, Contact.status).where(Contact.account_id == account_id).order_by(Contact.id)
    ).all()
    return [(i, n, s) for i, n, s in rows]


# -- reads -----------------------------------------------------------------------------------
def transcript_calls(session: Session, account_id: int, today: date) -> list[TranscriptCall]:
    """The account's calls and meetings that hold a transcript, as of ``today``, newest first."""
    rows = session.scalars(
        select(Interaction)
        .where(
            Interaction.account_id == account_id,
            Interaction.script == TRANSCRIPT,
            Interaction.at < end_of_day(today),
        )
        .order_by(Interaction.at.desc(), Interaction.id.desc())
    ).all()
    counts: dict[int, int] = dict(
        session.execute(
            select(Quote.interaction_id, func.count())
            .where(Quote.interaction_id.in_([r.id for r in rows]))
            .group_by(Quote.interaction_id)
        ).all()
    )
    out = []
    for r in rows:
        lines, _ = lines_of(r.summary)
        speakers = tuple(dict.fromkeys(line.speaker for line in lines if line.speaker))
        out.append(TranscriptCall(r.id, r.at, r.channel, r.duration_min, len(lines), speakers, counts.get(r.id, 0)))
    return out


def load_transcript(session: Session, account_id: int, interaction_id: int) -> TranscriptView | None:
    """The call's transcript line by line; None when the call is gone or holds no transcript."""
    row = session.get(Interaction, interaction_id)
    if row is None or row.account_id != account_id or not is_transcript(row.script):
        return None
    account = session.get(Account, account_id)
    lines, problem = lines_of(row.summary)
    contacts = _contacts(session, account_id)
    names = {c[0]: c[1] for c in contacts}
    kept = {(q.step, q.text) for q in session.scalars(select(Quote).where(Quote.interaction_id == interaction_id))}
    shown = tuple(
        TranscriptLine(
            line,
            names.get(speaker_contact(line.speaker, contacts) or 0, ""),
            (head(line), line.text) in kept,
        )
        for line in lines
    )
    name = account.name if account is not None else ""
    return TranscriptView(account_id, name, row.id, row.at, row.channel, row.duration_min, shown, problem)
