"""Drafts as rows: tuples of every table, with the ids other rows point at, bulk-inserted
parents first through ``store.bulk.insert_tuples``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from csm_desk.demo.cases import case_rows
from csm_desk.demo.model import Draft, Evaluation, stage_of
from csm_desk.domain.signals import health_change, latest_health, latest_logins
from csm_desk.domain.vocab import CLOSED_STAGES, OPEN_STAGES
from csm_desk.store.bulk import insert_tuples
from csm_desk.store.identity import made_here_key
from csm_desk.store.tables import (
    Account,
    Contact,
    FollowUp,
    Interaction,
    Metric,
    Quote,
    RiskCase,
    SaveAction,
    SavePlan,
    Signal,
    StageChange,
)

INSERT_ORDER = (
    Account,
    Contact,
    Metric,
    Signal,
    Interaction,
    Quote,
    FollowUp,
    StageChange,
    RiskCase,
    SavePlan,
    SaveAction,
)
OWN_IDS = (Account, Contact, Interaction, FollowUp, SavePlan)  # referenced by other rows: ids assigned here


def _at(today: date, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(today + timedelta(days=day), time(hour, minute), UTC)


COLUMNS: dict = {
    Account: (
        "id",
        "external_id",
        "name",
        "arr",
        "strategic",
        "segment",
        "industry",
        "language",
        "contract_start",
        "renewal_date",
        "last_expansion",
        "last_renewal",
        "owner",
        "stage",
        "at_risk_since",
        "identified_on",
        "engaged_on",
        "health",
        "health_delta",
        "red_flags",
        "logins_30d",
        "at_risk",
        "evaluated_on",
        "created_at",
        "updated_at",
    ),
    Contact: ("id", "account_id", "name", "title", "role", "email", "phone", "status"),
    Metric: (
        "account_id",
        "date",
        "health",
        "logins",
        "active_users",
        "feature_adoption",
        "sla_misses_30d",
        "nps",
        "login_benchmark",
    ),
    Signal: ("account_id", "date", "kind", "quote", "resolved_on", "created_at"),
    Interaction: (
        "id",
        "account_id",
        "external_id",
        "at",
        "channel",
        "summary",
        "script",
        "duration_min",
        "created_at",
    ),
    Quote: ("account_id", "interaction_id", "position", "text", "speaker_id", "step"),
    FollowUp: (
        "id",
        "account_id",
        "due",
        "due_time",
        "title",
        "channel",
        "owner",
        "status",
        "snoozed_until",
        "source",
        "source_key",
        "outcome",
        "done_at",
        "created_at",
    ),
    StageChange: ("account_id", "at", "from_stage", "to_stage", "reason", "note"),
    RiskCase: (
        "account_id",
        "at_risk_since",
        "opened_on",
        "engaged_on",
        "closed_on",
        "outcome",
        "reason",
        "arr",
        "segment",
        "executive_involved",
        "note",
    ),
    SavePlan: (
        "id",
        "account_id",
        "situation",
        "root_cause_category",
        "root_cause",
        "success_criteria",
        "strategies",
        "team",
        "next_checkin_id",
        "outcome",
        "created_at",
        "closed_at",
    ),
    SaveAction: ("plan_id", "action", "owner", "due", "followup_id"),
}
"""The columns each table's rows carry, in the order of the tuples ``Rows`` builds."""


class Rows:
    """Rows of every table as tuples (see COLUMNS), built account by account, with the
    ids other rows point at."""

    def __init__(self, today: date, last_ids: dict) -> None:
        self.today = today
        self.by_table: dict = {t: [] for t in INSERT_ORDER}
        self._last = dict(last_ids)
        self.at_risk = 0
        self._stamp = _at(today, 0, 6)
        self._days: dict[int, date] = {}
        self.counts: dict[str, int] = {}

    def flush(self, session) -> None:
        """Insert what was built so far, parents first, and start over."""
        for table in INSERT_ORDER:
            batch = self.by_table[table]
            insert_tuples(session, table, COLUMNS[table], batch)
            self.counts[table.__tablename__] = self.counts.get(table.__tablename__, 0) + len(batch)
            self.by_table[table] = []

    def _id(self, table) -> int:
        self._last[table] += 1
        return self._last[table]

    def day(self, offset: int | None) -> date | None:
        if offset is None:
            return None
        found = self._days.get(offset)
        if found is None:
            found = self._days[offset] = self.today + timedelta(days=offset)
        return found

    def add(self, d: Draft, ev: Evaluation, rules) -> None:
        today, day = self.today, self.day
        stage, identified, engaged = stage_of(d.moves)
        identified_on = day(identified)
        since = None
        if ev.by_flags or stage in OPEN_STAGES:
            # Mirrors domain.signals.at_risk_since: the earlier of the flags' run and the identification.
            by_stage = (identified_on or today) if stage in OPEN_STAGES else None
            since = min(x for x in (ev.flag_since, by_stage) if x is not None)
        at_risk = (ev.by_flags and stage not in CLOSED_STAGES) or stage in OPEN_STAGES
        self.at_risk += at_risk
        account_id = self._id(Account)
        start = day(d.contract)
        self.by_table[Account].append(
            (
                account_id,
                d.external_id,
                d.name,
                d.arr,
                d.strategic,
                d.segment,
                d.industry,
                d.language,
                start,
                day(d.renewal),
                day(d.expanded),
                day(d.renewed),
                d.owner,
                stage,
                since,
                identified_on,
                day(engaged),
                latest_health(d.history),
                health_change(d.history, rules),
                ",".join(ev.flags),
                latest_logins(d.history),
                at_risk,
                today,
                datetime.combine(start, time(12), UTC),
                self._stamp,
            )
        )
        contacts = self._contacts(account_id, d)
        self._history(account_id, d)
        self._touches(account_id, d, contacts)
        for todo in d.todos:
            self._todo(account_id, d.owner, *todo)
        self._moves(account_id, d, ev.flags)
        self.by_table[RiskCase].extend((account_id, *row) for row in case_rows(d, since, today))
        if d.plan is not None:
            self._plan(account_id, d)

    def _contacts(self, account_id: int, d: Draft) -> dict[str, int]:
        ids = {}
        rows = self.by_table[Contact]
        for name, title, role, email, phone, status in d.contacts:
            ids[name] = cid = self._id(Contact)
            rows.append((cid, account_id, name, title, role, email, phone, status))
        return ids

    def _history(self, account_id: int, d: Draft) -> None:
        rows = self.by_table[Metric]
        for p in d.history:
            rows.append(
                (
                    account_id,
                    p.date,
                    p.health,
                    p.logins,
                    p.active_users,
                    p.feature_adoption,
                    p.sla_misses_30d,
                    p.nps,
                    p.login_benchmark,
                )
            )
        rows = self.by_table[Signal]
        for s in d.signals:
            rows.append(
                (account_id, s.date, s.kind, s.quote or "", s.resolved_on, datetime.combine(s.date, time(9), UTC))
            )

    def _touches(self, account_id: int, d: Draft, contacts: dict[str, int]) -> None:
        touches, quotes = self.by_table[Interaction], self.by_table[Quote]
        base = 12 if d.language == "pt-BR" else 14  # 9 a.m. in São Paulo / New York, in UTC
        for k, (day, hour, channel, summary, said, speaker, minutes, script) in enumerate(d.touches):
            # Distinct hours keep (account, at, channel) unique even for two touches on one day.
            at = _at(self.today, day, (base + k % 7) if hour is None else hour, (k * 7) % 60)
            iid = self._id(Interaction)
            touches.append((iid, account_id, made_here_key(at, channel), at, channel, summary, script, minutes, at))
            speaker_id = contacts.get(speaker)
            for position, words in enumerate(said):
                quotes.append((account_id, iid, position, words, speaker_id, ""))

    def _todo(self, account_id, owner, day, hour, title, channel, status, source, key, outcome, snoozed) -> int:
        fid = self._id(FollowUp)
        self.by_table[FollowUp].append(
            (
                fid,
                account_id,
                self.day(day),
                None if hour is None else time(hour),
                title,
                channel,
                owner,
                status,
                self.day(snoozed),
                source,
                key,
                outcome,
                _at(self.today, day, 17) if status == "done" else None,
                _at(self.today, min(day, 0) - 3, 9),
            )
        )
        return fid

    def _moves(self, account_id: int, d: Draft, flags: tuple[str, ...]) -> None:
        rows = self.by_table[StageChange]
        previous = ""
        for k, (stage, day, reason, note) in enumerate(d.moves):
            if stage == "identified" and not note:
                note = "red flags: " + ", ".join(flags)
            rows.append((account_id, _at(self.today, day, 10, k), previous, stage, reason, note))
            previous = stage

    def _plan(self, account_id: int, d: Draft) -> None:
        plan = d.plan
        pid = self._id(SavePlan)
        actions = []
        for n, (action, owner, day) in enumerate(plan.actions, 1):
            # Actions more than a week past are done; a recent one may still be open (overdue).
            status = "done" if plan.closed is not None or day < -7 else "open"
            fid = self._todo(
                account_id,
                owner,
                day,
                None,
                action,
                "note",
                status,
                "save_plan",
                f"save_plan:{pid}:action:{n}",
                "",
                None,
            )
            actions.append((pid, action, owner, self.day(day), fid))
        title = "Check-in do plano de retenção" if d.language == "pt-BR" else "Save-plan check-in"
        checkin = self._todo(
            account_id,
            d.owner,
            plan.checkin,
            15,
            title,
            "meeting",
            "done" if plan.closed is not None and plan.checkin < 0 else "open",
            "save_plan",
            f"save_plan:{pid}:checkin",
            "",
            None,
        )
        team = [{"role": role, "name": name, "reason": reason} for role, name, reason in plan.team]
        self.by_table[SavePlan].append(
            (
                pid,
                account_id,
                plan.situation,
                plan.category,
                plan.root_cause,
                plan.success,
                plan.strategies,
                json.dumps(team, ensure_ascii=False),
                checkin,
                plan.outcome,
                _at(self.today, plan.created, 16),
                None if plan.closed is None else _at(self.today, plan.closed, 16),
            )
        )
        self.by_table[SaveAction].extend(actions)
