"""The read models: frozen dataclasses the store builds and the screens, commands and
scripts read. Nothing here touches the database (importing it loads no SQLAlchemy), so
the script library and the renderers can take them without a store."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any, TypeVar

from csm_desk.domain.facts import MetricPoint, TriageFacts
from csm_desk.domain.save_plan import PlanDraft, PlanHeader
from csm_desk.domain.sentence import title_written_by_person
from csm_desk.domain.transcript import Line
from csm_desk.domain.triage import (
    ScoreWeights,
    Triaged,
    TriageRules,
    explain,
    points_table,
)

Day = date  # a field named ``date`` hides the type inside the classes that have one


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One queue row: the triage result plus what the screen shows beside it."""

    triaged: Triaged
    external_id: str
    owner: str
    segment: str
    industry: str
    language: str
    health_delta: int | None
    next_due: date | None

    @property
    def facts(self) -> TriageFacts:
        return self.triaged.facts

    def as_dict(self, today: date, rules: TriageRules, weights: ScoreWeights, playbook: str) -> dict:
        """The row as ``csm-desk queue --json`` prints it; ``playbook``: its suggested playbook (the desk
        reads it from the script library)."""
        f = self.facts
        points = points_table(f, today, weights)
        return {
            "id": f.id,
            "external_id": self.external_id,
            "name": f.name,
            "arr": f.arr,
            "strategic": f.strategic,
            "health": f.health,
            "health_delta": self.health_delta,
            "tier": self.triaged.tier,
            "score": round(self.triaged.score, 4),
            "reasons": [{"rule": rule, "text": text} for rule, text in explain(self.triaged, today, rules)],
            "points": [
                {"term": p.term, "value": round(p.value, 4), "coefficient": p.coefficient, "points": round(p.points, 4)}
                for p in points
            ],
            "red_flags": list(f.red_flags),
            "renewal_date": f.renewal_date.isoformat() if f.renewal_date else None,
            "days_to_renewal": (f.renewal_date - today).days if f.renewal_date else None,
            "stage": f.stage or None,
            "at_risk_since": f.at_risk_since.isoformat() if f.at_risk_since else None,
            "owner": self.owner,
            "segment": self.segment,
            "suggested_playbook": playbook,
            "next_follow_up": self.next_due.isoformat() if self.next_due else None,
            "last_contact": f.last_contact.isoformat() if f.last_contact else None,
        }


V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class AccountView:
    """An account's stored facts, for reading (the table row stays in the store)."""

    id: int
    external_id: str
    name: str
    arr: float | None
    strategic: bool
    segment: str
    industry: str
    language: str
    contract_start: date | None
    renewal_date: date | None
    last_expansion: date | None
    last_renewal: date | None
    owner: str
    stage: str
    at_risk_since: date | None
    identified_on: date | None
    engaged_on: date | None
    health: int | None
    health_delta: int | None
    red_flags: str
    at_risk: bool
    logins_30d: int | None = None


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    account_id: int
    name: str
    title: str
    role: str
    email: str
    phone: str
    status: str


@dataclass(frozen=True, slots=True)
class SignalView:
    id: int
    account_id: int
    date: date
    kind: str
    quote: str
    resolved_on: Day | None
    source: str


@dataclass(frozen=True, slots=True)
class FollowUpView:
    id: int
    account_id: int
    due: date
    due_time: time | None
    title: str
    channel: str
    owner: str
    status: str
    snoozed_until: date | None
    source: str
    source_key: str
    outcome: str

    @property
    def title_written(self) -> bool:
        """The title holds a person's words (privacy mode hides it), not ours (a cadence step)."""
        return title_written_by_person(self.source, self.source_key)


@dataclass(frozen=True, slots=True)
class NoteView:
    """A note or a call as stored: its words, and each quote with who said it (a contact id or None)."""

    id: int
    account_id: int
    at: datetime
    channel: str
    summary: str
    duration_min: int | None
    script: str
    quotes: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True, slots=True)
class SaidView:
    """The customer's exact words, as captured: on a call or note (with who said it) or with a signal."""

    at: datetime
    text: str
    speaker: str
    """The contact's name; empty when nobody was named."""
    source: str
    """The interaction's channel (call, email, …), or ``signal``."""


@dataclass(frozen=True, slots=True)
class TranscriptCall:
    """A call or meeting whose summary is its transcript: what the transcript picker offers."""

    interaction_id: int
    at: datetime
    channel: str
    duration_min: int | None
    lines: int
    """How many lines the transcript holds (0 when it was edited and no longer reads as one)."""
    speakers: tuple[str, ...]
    kept: int
    """How many quotes were kept from it."""


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    """One line of a transcript as the picker shows it."""

    line: Line
    contact: str
    """The contact of the account the speaker is (linked when a quote is kept); empty when none."""
    kept: bool
    """Already kept as a quote of the call."""


@dataclass(frozen=True)
class TranscriptView:
    """A call's transcript, line by line, with what was already kept from it."""

    account_id: int
    account_name: str
    interaction_id: int
    at: datetime
    channel: str
    duration_min: int | None
    lines: tuple[TranscriptLine, ...]
    problem: str = ""
    """Why the stored transcript no longer reads as one (it was edited by hand); empty when it does."""


@dataclass(frozen=True)
class PlanRecord:
    """A stored plan (or none yet) with the account it belongs to."""

    account_id: int
    external_id: str
    header: PlanHeader
    strategic: bool
    language: str
    plan_id: int | None
    draft: PlanDraft


def view(cls: type[V], row: Any) -> V:
    """The frozen read model ``cls`` of a table row (its fields are a subset of the row's columns)."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the account's history; ``at`` orders it (date-only events at noon UTC)."""

    at: datetime
    kind: str  # interaction, signal, resolved, stage, health, followup
    title: str
    body: str = ""
    quotes: tuple[str, ...] = ()
    ref_id: int | None = None
    written: str = ""
    """The end of ``title`` that a person wrote (a follow-up's title), hidden in privacy mode."""
    more: str = ""
    """Words the history search finds but the timeline does not draw (a call's whole transcript)."""

    @property
    def day(self) -> date:
        return self.at.astimezone().date() if self.kind in ("interaction", "stage", "followup") else self.at.date()

    def search_text(self) -> str:
        return " ".join((self.title, self.body, *self.quotes, self.more)).casefold()


@dataclass(frozen=True)
class AccountDetail:
    """Everything about one account as of a day: what the pane, the account screen and call mode show."""

    account: AccountView
    entry: QueueEntry | None
    contacts: tuple[ContactView, ...]
    signals: tuple[SignalView, ...]
    open_followups: tuple[FollowUpView, ...]
    history: tuple[MetricPoint, ...]
    timeline: tuple[TimelineEvent, ...] = ()
    as_of: date | None = None
    """The day the detail was read for: nothing dated after it is part of it."""
    said: tuple[SaidView, ...] = ()
    """The customer's words on record as of ``as_of``, newest first."""
    product: str = ""
    """The product's name as the book records it for this account (the demo book names its own); empty
    when it does not, and then the config's ``app.product`` is the only source."""

    @property
    def active_signals(self) -> list[SignalView]:
        """Signals still open on ``as_of`` (one resolved on a later day was still active then)."""
        return [
            s for s in self.signals if s.resolved_on is None or (self.as_of is not None and s.resolved_on > self.as_of)
        ]

    @property
    def champion(self) -> ContactView | None:
        return next((c for c in self.contacts if c.role == "champion" and c.status == "active"), None)
