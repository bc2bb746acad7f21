"""The agenda query: open follow-ups as overdue, today and upcoming, grouped by day.

A snoozed follow-up counts from its snooze date; an overdue one stays until it is
done or skipped. The screen, ``csm-desk agenda`` and the ICS export all read here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from itertools import groupby

from sqlalchemy import String, and_, exists, select, type_coerce
from sqlmodel import Session

from csm_desk.domain.cadence import CadenceRules, script_for_key
from csm_desk.domain.facts import TriageFacts
from csm_desk.domain.sentence import title_written_by_person
from csm_desk.domain.triage import ScoreWeights, TriageRules, fired_rules, tier_of
from csm_desk.store.tables import Account, Contact, FollowUp
from csm_desk.store.views import FollowUpView, view

SOURCE_LABELS = {
    "manual": "manual",
    "cadence": "cadence step",
    "save_plan": "save-plan action",
    "commitment": "call commitment",
}
TIER_RANK = {"high": 0, "medium": 1, "low": 2, "": 3}


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One open follow-up as the agenda shows it."""

    id: int
    account_id: int
    external_id: str
    account_name: str
    tier: str
    due: date
    original_due: date
    time: time | None
    title: str
    channel: str
    owner: str
    source: str
    source_key: str
    status: str
    script: str = ""

    @property
    def snoozed(self) -> bool:
        return self.due != self.original_due

    @property
    def title_written(self) -> bool:
        """The title holds a person's words (privacy mode hides it), not ours (a cadence step)."""
        return title_written_by_person(self.source, self.source_key)

    @property
    def source_label(self) -> str:
        step = self.source_key.removeprefix("cadence:") if self.source == "cadence" else ""
        label = SOURCE_LABELS.get(self.source, self.source)
        return f"{label} · {step.replace('_', ' ')}" if step and not step.startswith("reengage") else label

    def as_dict(self, today: date) -> dict:
        return {
            "id": self.id,
            "account": self.external_id,
            "account_id": self.account_id,
            "account_name": self.account_name,
            "tier": self.tier or None,
            "due": self.due.isoformat(),
            "time": self.time.strftime("%H:%M") if self.time else None,
            "title": self.title,
            "channel": self.channel,
            "owner": self.owner,
            "source": self.source,
            "source_key": self.source_key,
            "status": self.status,
            "original_due": self.original_due.isoformat(),
            "days_late": max(0, (today - self.due).days),
            "script": self.script or None,
        }


@dataclass(frozen=True)
class Agenda:
    """The three sections, each in date, time, tier, account order."""

    today: date
    days: int
    overdue: list[AgendaItem] = field(default_factory=list)
    due_today: list[AgendaItem] = field(default_factory=list)
    upcoming: list[AgendaItem] = field(default_factory=list)

    def sections(self) -> list[tuple[str, list[AgendaItem]]]:
        return [("overdue", self.overdue), ("today", self.due_today), ("upcoming", self.upcoming)]

    def by_day(self, items: list[AgendaItem]) -> list[tuple[date, list[AgendaItem]]]:
        return [(day, list(group)) for day, group in groupby(items, key=lambda i: i.due)]

    def as_dict(self) -> dict:
        return {name: [i.as_dict(self.today) for i in items] for name, items in self.sections()}

    def __len__(self) -> int:
        return len(self.overdue) + len(self.due_today) + len(self.upcoming)


def _sort_key(item: AgendaItem):
    return (
        item.due,
        item.time is not None,
        item.time or time(0),
        TIER_RANK.get(item.tier, 3),
        item.account_name.casefold(),
        item.id,
    )


def _day(value) -> date | None:
    """SQLite hands dates back as text; parsing them here is several times cheaper than the ORM type."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def _time(value) -> time | None:
    return value if value is None or isinstance(value, time) else time.fromisoformat(value)


def _raw(column):
    return type_coerce(column, String)


def load_agenda(
    session: Session,
    today: date,
    days: int,
    triage_rules: TriageRules,
    weights: ScoreWeights,
    cadence: CadenceRules,
    *,
    owner: str | None = None,
) -> Agenda:
    """Open follow-ups due up to ``today + days`` (every overdue one included)."""
    end = today + timedelta(days=days)
    f, a, c = FollowUp.__table__.c, Account.__table__.c, Contact.__table__.c
    champ = and_(c.account_id == a.id, c.role == "champion")
    # One query: the account facts the tier needs come along (no second round trip, no id list).
    # Snoozing always moves a follow-up later (store.followups), so ``due <= end`` keeps the index usable.
    q = (
        select(
            f.id,
            f.account_id,
            a.external_id,
            a.name,
            a.segment,
            _raw(f.due),
            _raw(f.snoozed_until),
            _raw(f.due_time),
            f.title,
            f.channel,
            f.owner,
            f.source,
            f.source_key,
            f.status,
            a.at_risk,
            a.arr,
            a.strategic,
            a.health,
            _raw(a.renewal_date),
            _raw(a.last_expansion),
            _raw(a.last_renewal),
            a.red_flags,
            _raw(a.at_risk_since),
            exists().where(champ, c.status == "active"),
            exists().where(champ, c.status == "left"),
        )
        .join_from(FollowUp.__table__, Account.__table__, f.account_id == a.id)
        .where(f.status == "open", f.due <= end)
    )
    if owner:
        q = q.where(f.owner == owner)
    tiers: dict[int, str] = {}
    scripts: dict[tuple[str, str], str] = {}
    agenda = Agenda(today, days)
    items = []
    for r in session.connection().execute(q).all():
        due, snoozed = _day(r[5]), _day(r[6])
        shown = snoozed or due
        if shown is None or shown > end:
            continue
        account_id = r[1]
        if r[14] and account_id not in tiers:
            tiers[account_id] = _tier(r, today, triage_rules)
        if r[11] == "cadence" and (r[12], r[4]) not in scripts:
            scripts[(r[12], r[4])] = script_for_key(r[12], r[4], cadence)
        items.append(
            AgendaItem(
                r[0],
                account_id,
                r[2],
                r[3],
                tiers.get(account_id, ""),
                shown,
                due,
                _time(r[7]),
                r[8],
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                scripts.get((r[12], r[4]), ""),
            )
        )
    items.sort(key=_sort_key)
    for item in items:
        (agenda.overdue if item.due < today else agenda.due_today if item.due == today else agenda.upcoming).append(
            item
        )
    return agenda


def _tier(r, today: date, rules: TriageRules) -> str:
    """The triage tier from the row's account columns: the tier rules only (the score is not needed)."""
    arr, strategic, health, renewal, expansion, renewed, flags, since, champ_active, champ_left = r[15:25]
    flag_ids = tuple(flags.split(",")) if flags else ()
    facts = TriageFacts(
        r[1],
        r[3],
        arr,
        bool(strategic),
        health,
        _day(renewal),
        _day(expansion),
        _day(renewed),
        bool(champ_left) or "champion_left" in flag_ids,
        bool(champ_active),
        flag_ids,
        _day(since),
    )
    return tier_of(fired_rules(facts, today, rules))


def open_followups(session: Session, today: date, days: int) -> list[tuple[FollowUpView, str]]:
    """Every open follow-up (with its account's name) from the oldest overdue up to ``today + days``,
    for the calendar."""
    end = today + timedelta(days=days)
    stmt = (
        select(FollowUp, Account.name)
        .join(Account, FollowUp.account_id == Account.id)
        .where(FollowUp.status == "open", FollowUp.due <= end)
        .order_by(FollowUp.id)
    )
    return [(view(FollowUpView, fu), name) for fu, name in session.execute(stmt) if (fu.snoozed_until or fu.due) <= end]


def book_uid(session: Session, *, create: bool) -> str | None:
    """A random id for this database, made once (``create``): calendar UIDs from two books never collide."""
    import uuid

    from csm_desk.store.tables import Meta

    row = session.get(Meta, "calendar_uid")
    if row is None and create:
        row = Meta(key="calendar_uid", value=uuid.uuid4().hex)
        session.add(row)
    return None if row is None else row.value
