"""A call in progress and its ending: the draft that survives a crash, and the one
transaction that turns it into an interaction, quotes, follow-ups and a stage move."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlmodel import Session

from csm_desk.domain.text import visible
from csm_desk.store.actions import ActionError
from csm_desk.store.engine import Store
from csm_desk.store.tables import Account, Draft, FollowUp, Interaction, Quote, StageChange
from csm_desk.store.types import stamp


@dataclass
class CapturedQuote:
    """The customer's exact words, who said them, and the step they answered."""

    text: str
    speaker_id: int | None = None
    step: str = ""


@dataclass
class Commitment:
    """Something promised on the call; it becomes an open follow-up when the call ends."""

    title: str
    due: date
    at: time | None = None
    channel: str = "call"
    owner: str = ""


@dataclass
class CallState:
    """Everything typed or decided during a call, as the screen holds it."""

    account_id: int
    script_id: str
    language: str
    started_at: datetime
    step: int = 0
    notes: str = ""
    quotes: list[CapturedQuote] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    checked: list[int] = field(default_factory=list)
    fills: dict[str, str] = field(default_factory=dict)
    """Placeholder values learned on the call (a competitor's name), typed by the CSM."""
    draft_id: int | None = None
    updated_at: datetime | None = None

    def is_empty(self) -> bool:
        return not (self.notes.strip() or self.quotes or self.commitments or self.fills)


def _quotes_json(state: CallState) -> str:
    return json.dumps(
        [{"text": q.text, "speaker_id": q.speaker_id, "step": q.step} for q in state.quotes], ensure_ascii=False
    )


def _commitments_json(state: CallState) -> str:
    return json.dumps(
        [
            {
                "title": c.title,
                "due": c.due.isoformat(),
                "time": c.at.strftime("%H:%M") if c.at else None,
                "channel": c.channel,
                "owner": c.owner,
            }
            for c in state.commitments
        ],
        ensure_ascii=False,
    )


def _checked_json(state: CallState) -> str:
    # Fills ride along in the ``checked`` list as one trailing object (no schema change).
    items: list = list(state.checked)
    if state.fills:
        items.append({"fills": state.fills})
    return json.dumps(items, ensure_ascii=False)


def _state_from(draft: Draft) -> CallState:
    # JSON keeps a control character escaped (\u001b): show it once decoded, as every text column does.
    quotes = [
        CapturedQuote(visible(q.get("text", ""), multiline=True), q.get("speaker_id"), q.get("step", ""))
        for q in json.loads(draft.quotes or "[]")
    ]
    commitments = [
        Commitment(
            visible(c["title"]),
            date.fromisoformat(c["due"]),
            time.fromisoformat(c["time"]) if c.get("time") else None,
            c.get("channel", "call"),
            visible(c.get("owner", "")),
        )
        for c in json.loads(draft.commitments or "[]")
    ]
    items = json.loads(draft.checked or "[]")
    found: dict = next((i["fills"] for i in items if isinstance(i, dict) and "fills" in i), {})
    fills = {k: visible(v) for k, v in found.items() if isinstance(v, str)}
    return CallState(
        account_id=draft.account_id,
        script_id=draft.script_id,
        language=draft.language,
        step=draft.step,
        notes=draft.notes,
        quotes=quotes,
        commitments=commitments,
        checked=[int(i) for i in items if isinstance(i, int)],
        fills=dict(fills),
        started_at=draft.started_at,
        draft_id=draft.id,
        updated_at=draft.updated_at,
    )


def open_draft(store: Store, account_id: int) -> CallState | None:
    """The account's unfinished call, if the app stopped before it ended."""
    with store.read() as session:
        draft = session.scalars(
            select(Draft)
            .where(Draft.account_id == account_id, Draft.status == "open")
            .order_by(Draft.updated_at.desc())
        ).first()
        return _state_from(draft) if draft is not None else None


def resume(state: CallState, now: datetime) -> CallState:
    """Carry on an old draft at ``now``: the call's clock restarts where the last save left it."""
    if state.updated_at is not None:
        spent = max(state.updated_at - state.started_at, timedelta(0))
        state.started_at = now - spent
    return state


def save_draft(store: Store, state: CallState) -> int:
    """Write the draft (insert the first time, then update in place); returns its id."""
    values = dict(
        account_id=state.account_id,
        script_id=state.script_id,
        language=state.language,
        step=state.step,
        notes=state.notes,
        quotes=_quotes_json(state),
        commitments=_commitments_json(state),
        checked=_checked_json(state),
        started_at=state.started_at,
        updated_at=store.now(),
    )
    if state.draft_id is not None:
        # The hot path (every second while typing): one Core UPDATE, no ORM session.
        table = Draft.__table__
        bind = store.engine.execution_options(csm_immediate=True) if store.is_sqlite else store.engine
        with bind.begin() as conn:
            done = conn.execute(
                update(table).where(table.c.id == state.draft_id, table.c.status == "open").values(**values)
            )
        if done.rowcount:
            return state.draft_id
    with store.write() as session:
        draft = Draft(**values)
        session.add(draft)
        session.flush()
        return draft.id


def discard_draft(session: Session, account_id: int, draft_id: int) -> None:
    """Mark a draft as thrown away on purpose (kept in the table, never offered again)."""
    session.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.account_id == account_id)
        .values(status="discarded", updated_at=stamp(session))
    )


def _summary(summary: str, outcome: str, notes: str) -> str:
    parts = [summary.strip()]
    if outcome.strip():
        parts.append(f"Outcome: {outcome.strip()}")
    body = "\n".join(p for p in parts if p)
    if notes.strip():
        body = f"{body}\n\n{notes.strip()}" if body else notes.strip()
    return body


def end_call(
    session: Session,
    state: CallState,
    today: date,
    *,
    summary: str,
    outcome: str,
    at: datetime | None = None,
    ended_at: datetime | None = None,
) -> int:
    """In the caller's transaction: the interaction with its quotes, a follow-up per commitment,
    the first call's move from identified to engaged, the draft closed. Returns the interaction's id."""
    if not summary.strip():
        raise ActionError("Write a one-line summary of the call.")
    end = ended_at or stamp(session)
    minutes = max(1, round((end - state.started_at).total_seconds() / 60))
    account = session.get(Account, state.account_id)
    if account is None:
        raise ActionError("That account no longer exists.")
    interaction = Interaction(
        account_id=account.id,
        at=at or state.started_at,
        channel="call",
        summary=_summary(summary, outcome, state.notes),
        script=state.script_id,
        duration_min=minutes,
    )
    session.add(interaction)
    session.flush()
    session.add_all(
        Quote(
            account_id=account.id,
            interaction_id=interaction.id,
            position=i,
            text=q.text.strip(),
            speaker_id=q.speaker_id,
            step=q.step,
        )
        for i, q in enumerate(state.quotes)
        if q.text.strip()
    )
    for i, c in enumerate(state.commitments):
        session.add(
            FollowUp(
                account_id=account.id,
                due=c.due,
                due_time=c.at,
                title=c.title.strip(),
                channel=c.channel,
                owner=c.owner or account.owner,
                source="commitment",
                source_key=f"interaction:{interaction.id}:{i}",
            )
        )
    if account.stage == "identified":
        session.add(
            StageChange(
                account_id=account.id, from_stage="identified", to_stage="engaged", note="First call on the case."
            )
        )
        account.stage = "engaged"
        account.engaged_on = account.engaged_on or today
        session.add(account)
    if state.draft_id is not None:
        session.execute(
            update(Draft).where(Draft.id == state.draft_id).values(status="ended", updated_at=stamp(session))
        )
    session.flush()
    return interaction.id
