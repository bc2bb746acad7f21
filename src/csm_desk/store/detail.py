"""Everything about one account, for the detail pane, the account screen and call mode."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlmodel import Session

from csm_desk.clock import end_of_day
from csm_desk.domain.facts import MetricPoint
from csm_desk.domain.sentence import title_written_by_person
from csm_desk.domain.transcript import clock
from csm_desk.domain.transcript import parse_head as said_by
from csm_desk.domain.triage import ScoreWeights, TriageRules
from csm_desk.domain.vocab import CHANNELS, FLAG_LABELS, STAGE_LABELS
from csm_desk.store.demo_marks import product_for
from csm_desk.store.queries import queue_entries
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Quote, Signal, StageChange
from csm_desk.store.transcripts import is_transcript, lines_of
from csm_desk.store.views import (  # re-exported: the read models of this module
    AccountDetail,
    AccountView,
    ContactView,
    FollowUpView,
    SaidView,
    SignalView,
    TimelineEvent,
    view,
)

HEALTH_STEP = 5  # a health move smaller than this is noise on the timeline

__all__ = [
    "AccountDetail",
    "AccountView",
    "ContactView",
    "FollowUpView",
    "SaidView",
    "SignalView",
    "TimelineEvent",
    "account_id_for",
    "account_name",
    "active_signals",
    "build_timeline",
    "load_detail",
]


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def load_detail(
    session: Session, account_id: int, today: date, rules: TriageRules, weights: ScoreWeights
) -> AccountDetail | None:
    account = session.get(Account, account_id)
    if account is None:
        return None
    entries = queue_entries(session, today, rules, weights, include_all=True, ids=[account_id])
    contacts = list(
        session.scalars(
            select(Contact).where(Contact.account_id == account_id).order_by(Contact.status, Contact.role, Contact.name)
        )
    )
    # As of today: what is dated after it (a scheduled meeting, a snapshot from a later --today) is left out.
    bound = end_of_day(today)
    signals = list(
        session.scalars(
            select(Signal).where(Signal.account_id == account_id, Signal.date <= today).order_by(Signal.date.desc())
        )
    )
    followups = list(session.scalars(select(FollowUp).where(FollowUp.account_id == account_id)))
    metrics = list(
        session.scalars(
            select(Metric).where(Metric.account_id == account_id, Metric.date <= today).order_by(Metric.date)
        )
    )
    interactions = list(
        session.scalars(select(Interaction).where(Interaction.account_id == account_id, Interaction.at < bound))
    )
    quotes = list(
        session.scalars(
            select(Quote).where(Quote.account_id == account_id).order_by(Quote.interaction_id, Quote.position)
        )
    )
    stages = list(
        session.scalars(select(StageChange).where(StageChange.account_id == account_id, StageChange.at < bound))
    )
    history = [
        MetricPoint(
            m.date, m.health, m.logins, m.active_users, m.feature_adoption, m.sla_misses_30d, m.nps, m.login_benchmark
        )
        for m in metrics
    ]
    open_fu = sorted(
        (f for f in followups if f.status == "open"), key=lambda f: (f.snoozed_until or f.due, f.due_time or time(0))
    )
    timeline = tuple(
        e for e in build_timeline(interactions, quotes, signals, stages, followups, history, contacts) if e.day <= today
    )
    return AccountDetail(
        view(AccountView, account),
        entries[0] if entries else None,
        tuple(view(ContactView, c) for c in contacts),
        tuple(view(SignalView, s) for s in signals),
        tuple(view(FollowUpView, f) for f in open_fu),
        tuple(history),
        timeline,
        today,
        said_on_record(interactions, quotes, signals, contacts, today),
        product_for(session, account.external_id),
    )


def said_on_record(interactions, quotes, signals, contacts, today: date) -> tuple[SaidView, ...]:
    """The customer's words as of ``today``, newest first: quotes of the calls and notes (in the order
    they were said within one), and the words logged with a signal (once, when a quote holds them too)."""
    names = {c.id: c.name for c in contacts}
    shown = {i.id: i for i in interactions}
    found: list[tuple[datetime, int, SaidView]] = []
    for q in quotes:
        i = shown.get(q.interaction_id)
        if i is None or not q.text.strip():
            continue
        speaker = names.get(q.speaker_id, "") or (said_by(q.step)[1] if is_transcript(i.script) else "")
        found.append((i.at, q.position, SaidView(i.at, q.text, speaker, i.channel)))
    for s in signals:
        if s.quote.strip() and s.date <= today:
            at = _noon(s.date)
            found.append((at, 0, SaidView(at, s.quote, "", "signal")))
    # Words logged with a signal are often the same words as the call's quote: shown once, with the speaker.
    once: dict[str, tuple[datetime, int, SaidView]] = {}
    for item in found:
        key = " ".join(item[2].text.split()).casefold()
        other = once.get(key)
        if other is None or (item[2].speaker and not other[2].speaker):
            once[key] = item
    ordered = sorted(once.values(), key=lambda t: (-t[0].timestamp(), t[1]))
    return tuple(said for *_, said in ordered)


def active_signals(session: Session, account_id: int, today: date) -> list[SignalView]:
    """The account's signals open on ``today``, oldest first."""
    rows = session.scalars(
        select(Signal)
        .where(
            Signal.account_id == account_id,
            Signal.date <= today,
            (Signal.resolved_on.is_(None)) | (Signal.resolved_on > today),
        )
        .order_by(Signal.date, Signal.id)
    )
    return [view(SignalView, s) for s in rows]


def transcript_gist(summary: str) -> str:
    """What the timeline says of a transcript: how many lines and who spoke."""
    lines, problem = lines_of(summary)
    if problem:
        return problem
    speakers = list(dict.fromkeys(line.speaker for line in lines if line.speaker))
    shown = ", ".join(speakers[:4]) + (f" and {len(speakers) - 4} more" if len(speakers) > 4 else "")
    count = f"{len(lines)} line{'s' if len(lines) != 1 else ''}"
    return f"Transcript: {count}" + (f" · {shown}" if shown else "")


def account_id_for(session: Session, external_id: str) -> int | None:
    """The id of the account whose external id is ``external_id`` (how commands name an account)."""
    return session.scalars(select(Account.id).where(Account.external_id == external_id)).first()


def account_name(session: Session, account_id: int) -> str:
    """The account's name, for a message or an undo label ("account #12" when it is gone)."""
    name = session.scalars(select(Account.name).where(Account.id == account_id)).first()
    return name if name is not None else f"account #{account_id}"


def build_timeline(interactions, quotes, signals, stages, followups, history, contacts) -> list[TimelineEvent]:
    """One history, newest first: what was said, raised, decided and done."""
    names = {c.id: c.name for c in contacts}
    transcripts = {i.id for i in interactions if is_transcript(i.script)}
    by_interaction: dict[int, list[str]] = {}
    for q in quotes:
        if q.interaction_id in transcripts:
            at, name = said_by(q.step)
            who = " at ".join(x for x in (names.get(q.speaker_id, name), clock(at) if at is not None else "") if x)
            speaker = f" — {who}" if who else ""
        else:
            speaker = f" — {names[q.speaker_id]}" if q.speaker_id in names else ""
        by_interaction.setdefault(q.interaction_id, []).append(q.text + speaker)
    events: list[TimelineEvent] = []
    for i in interactions:
        label = i.channel.capitalize() if i.channel in CHANNELS else i.channel
        extra = f" ({i.duration_min} min)" if i.duration_min else ""
        quoted = tuple(by_interaction.get(i.id, ()))
        if i.id in transcripts:  # the whole transcript is searched, not drawn: its gist stands for it
            title = f"{label}{extra} · transcript"
            events.append(
                TimelineEvent(i.at, "interaction", title, transcript_gist(i.summary), quoted, i.id, more=i.summary)
            )
            continue
        script = f" · script {i.script}" if i.script else ""
        events.append(TimelineEvent(i.at, "interaction", f"{label}{extra}{script}", i.summary, quoted, i.id))
    for s in signals:
        label = FLAG_LABELS.get(s.kind, s.kind)
        events.append(
            TimelineEvent(_noon(s.date), "signal", f"Signal raised: {label}", "", (s.quote,) if s.quote else (), s.id)
        )
        if s.resolved_on is not None:
            events.append(TimelineEvent(_noon(s.resolved_on), "resolved", f"Signal resolved: {label}", "", (), s.id))
    for c in stages:
        frm = STAGE_LABELS.get(c.from_stage, c.from_stage)
        to = STAGE_LABELS.get(c.to_stage, c.to_stage)
        reason = f" — reason: {c.reason.replace('_', ' ')}" if c.reason else ""
        events.append(TimelineEvent(c.at, "stage", f"Stage: {frm} → {to}{reason}", c.note, (), c.id))
    for f in followups:
        if f.status in ("done", "skipped") and f.done_at is not None:
            verb = "Done" if f.status == "done" else "Skipped"
            written = f.title if title_written_by_person(f.source, f.source_key) else ""
            events.append(
                TimelineEvent(f.done_at, "followup", f"{verb}: {f.title}", f.outcome, (), f.id, written=written)
            )
    previous = None
    for p in history:
        if p.health is None:
            continue
        if previous is not None and abs(p.health - previous) >= HEALTH_STEP:
            arrow = "↓" if p.health < previous else "↑"
            events.append(TimelineEvent(_noon(p.date), "health", f"Health {previous} {arrow} {p.health}"))
        previous = p.health
    events.sort(key=lambda e: e.at, reverse=True)
    return events
