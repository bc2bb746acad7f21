"""The tables (DOMAIN §1). Rows here are storage; the rules take ``domain.facts``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import Index, Table, UniqueConstraint
from sqlmodel import Field, SQLModel

from csm_desk.store.types import UTCDateTime, VisibleText

Day = date  # a field named ``date`` hides the type inside the classes that have one


class Row(SQLModel):
    """Base of every table: names the ``__table__`` SQLModel sets, so Core queries on it are typed."""

    __table__: ClassVar[Table]


def _line(**kw: Any) -> Any:
    """Free text on one line (a name, a title): control characters shown, never stored raw."""
    return Field(sa_type=VisibleText(), **kw)


def _lines(**kw: Any) -> Any:
    """Free text with newlines (a note, a quote): control characters other than newline and tab shown."""
    return Field(sa_type=VisibleText(multiline=True), **kw)


def _stamped() -> Any:
    """A required timestamp the write path fills from the store's clock when it is left unset
    (``store.types.fill_stamps``): rows are never stamped with the wall clock."""
    return Field(default=None, sa_type=UTCDateTime, nullable=False)


class Account(Row, table=True):
    """A customer account; the last block holds what the rules derived from its history."""

    __tablename__ = "account"
    __table_args__ = (
        Index("ix_account_stage", "stage"),
        Index("ix_account_owner", "owner"),
        Index("ix_account_at_risk", "at_risk"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = _line(unique=True, index=True, description="id in the CRM; the import key")
    name: str = _line()
    arr: float | None = Field(default=None, description="annual recurring revenue, USD")
    strategic: bool = False
    segment: str = _line(default="")
    industry: str = _line(default="")
    language: str = Field(default="en", description="language of the relationship: en or pt-BR")
    contract_start: date | None = None
    renewal_date: date | None = None
    last_expansion: date | None = None
    last_renewal: date | None = None
    owner: str = _line(default="")
    stage: str = Field(default="", description="pipeline stage id; empty: not in the pipeline")
    at_risk_since: date | None = None
    identified_on: date | None = None
    engaged_on: date | None = None
    # Derived by the rules whenever the account's history changes (store.evaluate).
    health: int | None = Field(default=None, description="latest known health")
    health_delta: int | None = Field(default=None, description="health change over about a month")
    red_flags: str = Field(default="", description="active red flag ids, comma-separated")
    logins_30d: int | None = Field(default=None, description="latest known 30-day login count")
    at_risk: bool = Field(default=False, description="at risk by red flags or by an open stage")
    evaluated_on: date | None = None
    created_at: datetime | None = _stamped()
    updated_at: datetime | None = _stamped()


class Contact(Row, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        UniqueConstraint("account_id", "name", name="uq_contact_account_name"),
        Index("ix_contact_account_role", "account_id", "role", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    name: str = _line()
    title: str = _line(default="")
    role: str = Field(default="user", description="champion, sponsor, decision_maker or user")
    email: str = _line(default="")
    phone: str = _line(default="")
    status: str = Field(default="active", description="active or left")


class Metric(Row, table=True):
    """A metric snapshot; empty values are unknown, not zero."""

    __tablename__ = "metric"
    __table_args__ = (UniqueConstraint("account_id", "date", name="uq_metric_account_date"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    date: date
    health: int | None = None
    logins: int | None = None
    active_users: int | None = None
    feature_adoption: float | None = None
    sla_misses_30d: int | None = None
    nps: int | None = None
    login_benchmark: int | None = None


class Signal(Row, table=True):
    """A logged red flag, active from ``date`` until ``resolved_on``."""

    __tablename__ = "signal"
    __table_args__ = (
        UniqueConstraint("account_id", "date", "kind", name="uq_signal_account_date_kind"),
        Index("ix_signal_account", "account_id", "resolved_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    date: date
    kind: str
    quote: str = _lines(default="")
    resolved_on: Day | None = None
    source: str = Field(default="manual", description="manual, or the import that raised it")
    created_at: datetime | None = _stamped()


class Interaction(Row, table=True):
    """A timeline entry: a call, an email, a meeting, a note. Two may share a day and a channel (two calls
    logged for one day in a CRM): ``external_id`` tells them apart (``store.identity``)."""

    __tablename__ = "interaction"
    __table_args__ = (
        UniqueConstraint("account_id", "external_id", name="uq_interaction_account_external_id"),
        Index("ix_interaction_account_at", "account_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    external_id: str = _line(
        default="", description="the source's id, a hash of the row as imported, or at:instant/channel"
    )
    at: datetime = Field(sa_type=UTCDateTime)
    channel: str = "note"
    summary: str = _lines(default="")
    script: str = ""
    duration_min: int | None = None
    created_at: datetime | None = _stamped()


class Quote(Row, table=True):
    """The customer's exact words, each its own record."""

    __tablename__ = "quote"
    __table_args__ = (
        Index("ix_quote_account", "account_id"),
        Index("ix_quote_interaction", "interaction_id"),
        Index("ix_quote_speaker", "speaker_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id", ondelete="CASCADE")
    position: int = 0
    text: str = _lines()
    speaker_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    step: str = ""


class FollowUp(Row, table=True):
    """Something to do for an account on a day (a date, with an optional time)."""

    __tablename__ = "followup"
    __table_args__ = (
        Index("ix_followup_status_due", "status", "due"),
        Index("ix_followup_account_status_due", "account_id", "status", "due"),
        Index("ix_followup_account_source_key", "account_id", "source_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    due: date
    due_time: time | None = None
    title: str = _line()
    channel: str = "email"
    owner: str = _line(default="")
    status: str = Field(default="open", description="open, done or skipped")
    snoozed_until: date | None = None
    source: str = Field(default="manual", description="manual, cadence, save_plan or commitment")
    source_key: str = Field(default="", description="what generated it, so regeneration never duplicates")
    outcome: str = _lines(default="")
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime | None = _stamped()


class StageChange(Row, table=True):
    """One move along the pipeline, with the closing reason where it closes."""

    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_account_at", "account_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    at: datetime | None = _stamped()
    from_stage: str = ""
    to_stage: str = ""
    reason: str = ""
    note: str = _lines(default="")


class SavePlan(Row, table=True):
    """A save plan: situation, root cause, criteria, strategies, team, outcome."""

    __tablename__ = "save_plan"
    __table_args__ = (Index("ix_save_plan_account", "account_id"), Index("ix_save_plan_checkin", "next_checkin_id"))

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    situation: str = _lines(default="")
    root_cause_category: str = ""
    root_cause: str = _lines(default="")
    success_criteria: str = _lines(default="")
    strategies: str = Field(default="", description="strategy ids, comma-separated")
    team: str = Field(default="", description="JSON list of {role, name, reason}")
    next_checkin_id: int | None = Field(default=None, foreign_key="followup.id", ondelete="SET NULL")
    details: str = Field(default="", description="JSON: strategy conditions, roadmap dates, walk-away checks")
    outcome: str = ""
    created_at: datetime | None = _stamped()
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SaveAction(Row, table=True):
    """One action of a save plan; its follow-up puts it on the agenda."""

    __tablename__ = "save_action"
    __table_args__ = (Index("ix_save_action_followup", "followup_id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="save_plan.id", ondelete="CASCADE", index=True)
    action: str = _line()
    owner: str = _line(default="")
    due: date | None = None
    followup_id: int | None = Field(default=None, foreign_key="followup.id", ondelete="SET NULL")


class RiskCase(Row, table=True):
    """One at-risk episode of an account, from identified to its outcome (saved in March,
    at risk again in October: two cases). Measures are computed from these."""

    __tablename__ = "risk_case"
    __table_args__ = (
        Index("ix_risk_case_account", "account_id", "opened_on"),
        Index("ix_risk_case_closed", "closed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    at_risk_since: date | None = None
    opened_on: date = Field(description="identified_on of the case")
    engaged_on: date | None = None
    closed_on: date | None = None
    outcome: str = Field(default="", description="saved, churned or let_go; empty while open")
    reason: str = Field(default="", description="close reason id (DOMAIN §3)")
    arr: float | None = Field(default=None, description="ARR when the case opened")
    segment: str = ""
    executive_involved: bool = False
    note: str = _lines(default="")
    source_key: str = Field(default="", description="what made it (an import's churn event), so it is found again")


class Draft(Row, table=True):
    """A call in progress: notes, quotes and commitments saved as they are typed,
    so nothing is lost if the process dies."""

    __tablename__ = "draft"
    __table_args__ = (Index("ix_draft_account_status", "account_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    script_id: str = ""
    language: str = "en"
    step: int = 0
    notes: str = _lines(default="")
    quotes: str = Field(default="[]", description="JSON list of {text, speaker_id, step}")
    commitments: str = Field(default="[]", description="JSON list of {title, due, time}")
    checked: str = Field(default="[]", description="JSON list of ticked first-move indexes")
    status: str = Field(default="open", description="open, ended or discarded")
    started_at: datetime | None = _stamped()
    updated_at: datetime | None = _stamped()


class NoteDraft(Row, table=True):
    """A quick note (the ``n`` form) as it is being typed, one per account: saved moments after each
    pause, so a killed terminal loses nothing; gone when the note is saved or discarded."""

    __tablename__ = "note_draft"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE", unique=True)
    channel: str = "call"
    summary: str = _lines(default="")
    quotes: str = _lines(default="")
    """As typed: one quote per line."""
    updated_at: datetime | None = _stamped()


class Meta(Row, table=True):
    """Small facts about the database itself (last backup, the rules it was evaluated with)."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str = ""


metadata = SQLModel.metadata
