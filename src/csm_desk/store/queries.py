"""Read queries the screens and the command line share."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import and_, exists, func, select
from sqlmodel import Session

from csm_desk.clock import end_of_day
from csm_desk.domain.facts import TriageFacts
from csm_desk.domain.triage import (
    ScoreWeights,
    TriageRules,
    triage,
)
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Quote
from csm_desk.store.views import NoteView, QueueEntry  # re-exported: the queue's read model

__all__ = ["QueueEntry", "queue_entries"]


def _local_date(value: datetime | None) -> date | None:
    return None if value is None else value.astimezone().date()


def queue_entries(
    session: Session,
    today: date,
    rules: TriageRules,
    weights: ScoreWeights,
    *,
    include_all: bool = False,
    owner: str | None = None,
    ids: list[int] | None = None,
) -> list[QueueEntry]:
    """The at-risk queue (or the whole book) in triage order."""
    a = Account.__table__.c
    f = FollowUp.__table__.c
    i = Interaction.__table__.c
    c = Contact.__table__.c
    due = func.coalesce(f.snoozed_until, f.due)
    next_due = select(func.min(due)).where(and_(f.account_id == a.id, f.status == "open")).scalar_subquery()
    # A contact logged for later (a scheduled meeting imported from a CRM) is not a contact yet.
    last_contact = select(func.max(i.at)).where(i.account_id == a.id, i.at < end_of_day(today)).scalar_subquery()
    champ_active = exists().where(and_(c.account_id == a.id, c.role == "champion", c.status == "active"))
    champ_left = exists().where(and_(c.account_id == a.id, c.role == "champion", c.status == "left"))
    q = select(
        a.id,
        a.name,
        a.arr,
        a.strategic,
        a.health,
        a.renewal_date,
        a.last_expansion,
        a.last_renewal,
        a.red_flags,
        a.at_risk_since,
        a.stage,
        a.identified_on,
        a.engaged_on,
        a.external_id,
        a.owner,
        a.segment,
        a.industry,
        a.language,
        a.health_delta,
        next_due.label("next_due"),
        last_contact.label("last_contact"),
        champ_active.label("champ_active"),
        champ_left.label("champ_left"),
        a.logins_30d,
    )
    if not include_all:
        q = q.where(a.at_risk.is_(True))
    if owner:
        q = q.where(a.owner == owner)
    if ids is not None:
        q = q.where(a.id.in_(ids))
    facts: list[TriageFacts] = []
    extra: dict[int, tuple] = {}
    # Tuple unpacking and positional facts (field order pinned by a test): named access
    # on 10k rows costs more than the triage itself.
    for (
        id_,
        name,
        arr,
        strategic,
        health,
        renewal_date,
        last_expansion,
        last_renewal,
        red_flags,
        at_risk_since,
        stage,
        identified_on,
        engaged_on,
        external_id,
        owner_,
        segment,
        industry,
        language,
        health_delta,
        next_d,
        last,
        champ_active_,
        champ_left_,
        logins_30d,
    ) in session.connection().execute(q):
        flags = tuple(red_flags.split(",")) if red_flags else ()
        if next_d is not None and not isinstance(next_d, date):
            next_d = date.fromisoformat(str(next_d)[:10])
        if last is not None and not isinstance(last, datetime):
            last = datetime.fromisoformat(str(last)).replace(tzinfo=UTC)
        facts.append(
            TriageFacts(
                id_,
                name,
                arr,
                bool(strategic),
                health,
                renewal_date,
                last_expansion,
                last_renewal,
                bool(champ_left_) or "champion_left" in flags,
                bool(champ_active_),
                flags,
                at_risk_since,
                stage,
                identified_on,
                engaged_on,
                next_d,
                _local_date(last),
                logins_30d,
            )
        )
        extra[id_] = (external_id, owner_, segment, industry, language, health_delta, next_d)
    return [QueueEntry(t, *extra[t.facts.id]) for t in triage(facts, today, rules, weights)]


def open_followup_count(session: Session, account_id: int) -> int:
    """How many follow-ups of the account are open."""
    q = select(func.count()).where(FollowUp.account_id == account_id, FollowUp.status == "open")
    return session.scalar(q) or 0


def load_note(session: Session, account_id: int, interaction_id: int) -> NoteView | None:
    """One interaction with its quotes in order; None when it is gone or not this account's."""
    row = session.get(Interaction, interaction_id)
    if row is None or row.account_id != account_id:
        return None
    quotes = session.execute(
        select(Quote.text, Quote.speaker_id).where(Quote.interaction_id == interaction_id).order_by(Quote.position)
    ).all()
    return NoteView(
        row.id,
        row.account_id,
        row.at,
        row.channel,
        row.summary,
        row.duration_min,
        row.script,
        tuple((text, speaker) for text, speaker in quotes),
    )
