"""The demo book: a realistic, deterministic book of accounts to try csm-desk on.

Every date is relative to ``today``, so the book is always live. The hand-written
story accounts of ``demo_content`` come first; the rest are generated, each from
its own ``random.Random`` seeded with (seed, number), so the same seed and today
always give the same book, and account DEMO-0042 is the same whatever the size.

Speed (100,000 accounts in well under a minute): rows are built as tuples and
bulk-inserted in one transaction (on SQLite straight through the driver, see
``_insert``); the derived columns (flags, health, at-risk) are computed here with
the domain functions ``store.evaluate`` uses, so there is no second pass. Tests
check that ``evaluate_accounts`` would change nothing, and that the SQLite path
stores exactly what Core's insert would.
"""

from __future__ import annotations

import json
import os
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, func, select, text

from csm_desk.domain.facts import MetricPoint, SignalFact
from csm_desk.domain.signals import at_risk_since, flagged_at_risk, health_change, latest_health, red_flags
from csm_desk.domain.vocab import CLOSED_STAGES, OPEN_STAGES
from csm_desk.store.tables import (
    Account,
    Contact,
    FollowUp,
    Interaction,
    Metric,
    Quote,
    SaveAction,
    SavePlan,
    Signal,
    StageChange,
)

PREFIX = "DEMO-"
DEFAULT_ACCOUNTS = 60
DEFAULT_SEED = 7
BOOK_VERSION = 1
"""Bump when the generator changes, so cached demo books are rewritten."""
LEAN_ABOVE = 5_000
"""Generated accounts in bigger books get monthly snapshots and fewer touches (still 6+ months)."""

_INSERT_ORDER = (Account, Contact, Metric, Signal, Interaction, Quote, FollowUp, StageChange, SavePlan, SaveAction)
_OWN_IDS = (Account, Contact, Interaction, FollowUp, SavePlan)  # referenced by other rows: ids assigned here
_FLUSH_EVERY = 5_000  # accounts per round of inserts: bounds memory on big books


# --- Entry points -----------------------------------------------------------------


def write_demo_book(store, today: date, settings, *, accounts: int = DEFAULT_ACCOUNTS, seed: int = DEFAULT_SEED) -> str:
    """Replace the demo accounts (external ids ``DEMO-…``) with a fresh book; other accounts stay.

    Returns a one-line summary.
    """
    counts = _write_book(store, today, settings, accounts, seed)
    marker = _marker_path(store)
    if marker is not None and marker.exists():
        _write_marker(marker, today, accounts, seed)
    return (
        f"Wrote a demo book for {today.isoformat()} (seed {seed}): {accounts:,} accounts, {counts['at_risk']:,} at risk, "
        f"{counts['metric']:,} snapshots, {counts['interaction']:,} interactions, {counts['quote']:,} quotes, "
        f"{counts['followup']:,} follow-ups."
    )


def ensure_demo_book(store, today: date, settings) -> bool:
    """Write the demo book unless the database already holds one made for ``today``; True if written.

    A marker file next to the database (``<db>.demo.json``) remembers the day, the
    size and the seed, so the check costs one small query and one small read.
    """
    marker = _marker_path(store)
    with store.read() as session:
        has_accounts = session.connection().execute(select(Account.__table__.c.id).limit(1)).first() is not None
    state = _read_marker(marker)
    current = state.get("today") == today.isoformat() and state.get("version") == BOOK_VERSION
    if has_accounts and (marker is None or current):
        return False
    accounts, seed = state.get("accounts", DEFAULT_ACCOUNTS), state.get("seed", DEFAULT_SEED)
    _write_book(store, today, settings, accounts, seed)
    if marker is not None:
        _write_marker(marker, today, accounts, seed)
    return True


def _marker_path(store) -> Path | None:
    return None if store.path is None else store.path.with_name(store.path.name + ".demo.json")


def _read_marker(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    for key, least in (("accounts", 1), ("seed", 0)):
        value = state.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            state.pop(key, None)
    return state


def _write_marker(path: Path, today: date, accounts: int, seed: int) -> None:
    payload = {"version": BOOK_VERSION, "today": today.isoformat(), "accounts": accounts, "seed": seed}
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
    os.replace(tmp, path)


# --- Writing ----------------------------------------------------------------------


def _write_book(store, today: date, settings, accounts: int, seed: int) -> dict[str, int]:
    from csm_desk import demo_content as content

    rules = settings.red_flags
    lean = accounts > LEAN_ABOVE
    with store.write() as session:
        conn = session.connection()
        _delete_demo(conn)
        rows = _Rows(today, {t: (conn.execute(select(func.max(t.__table__.c.id))).scalar() or 0) for t in _OWN_IDS})
        for n in range(1, accounts + 1):
            if n <= len(content.STORIES):
                draft = story_draft(content.STORIES[n - 1], n, seed, today)
                rows.add(draft, evaluate(draft, today, rules), rules)
            else:
                rows.add(*generated_draft(n, seed, today, lean, settings), rules)
            if n % _FLUSH_EVERY == 0 or n == accounts:
                rows.flush(conn)
        if conn.dialect.name == "postgresql":
            for table in _OWN_IDS:
                name = table.__tablename__
                # Ids were given explicitly: move each sequence past them.
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))
    return {**rows.counts, "at_risk": rows.at_risk}


def _delete_demo(conn) -> None:
    """Delete the demo accounts, children first: some foreign keys have no index, so a
    cascade from the account would scan those tables once per deleted row."""
    a = Account.__table__.c
    demo = select(a.id).where(a.external_id.like(PREFIX + "%"))
    plans = select(SavePlan.__table__.c.id).where(SavePlan.__table__.c.account_id.in_(demo))
    conn.execute(delete(SaveAction.__table__).where(SaveAction.__table__.c.plan_id.in_(plans)))
    for table in (SavePlan, Quote, FollowUp, StageChange, Interaction, Signal, Metric, Contact):
        conn.execute(delete(table.__table__).where(table.__table__.c.account_id.in_(demo)))
    conn.execute(delete(Account.__table__).where(a.external_id.like(PREFIX + "%")))


# --- Drafts and rows --------------------------------------------------------------


@dataclass(slots=True)
class Draft:
    """One account before it becomes rows; days are relative to today (negative: past)."""

    external_id: str
    name: str
    language: str
    segment: str
    industry: str
    arr: float
    strategic: bool
    owner: str
    contract: int
    renewal: int | None
    renewed: int | None
    expanded: int | None
    history: list[MetricPoint]
    signals: list[SignalFact]
    contacts: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    """(name, title, role, email, phone, status)"""
    touches: list[tuple] = field(default_factory=list)
    """(day, hour, channel, summary, quotes, speaker, minutes, script); hour None: spread over the day"""
    todos: list[tuple] = field(default_factory=list)
    """(day, hour, title, channel, status, source, source_key, outcome, snoozed_day)"""
    moves: list[tuple[str, int, str, str]] = field(default_factory=list)
    """(stage, day, reason, note)"""
    plan: object | None = None
    """a demo_content.Plan"""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What the rules say about a draft today, before its pipeline stage is known."""

    flags: tuple[str, ...]
    by_flags: bool
    flag_since: date | None


def evaluate(draft: Draft, today: date, rules) -> Evaluation:
    start = today + timedelta(days=draft.contract)
    flags = red_flags(draft.history, draft.signals, today, start, rules)
    by_flags = flagged_at_risk(flags, rules)
    # With no stage, at_risk_since is the first day of the run of flags alone.
    since = at_risk_since(draft.history, draft.signals, today, start, "", None, rules) if by_flags else None
    return Evaluation(flags, by_flags, since)


def _stage_of(moves) -> tuple[str, int | None, int | None]:
    stage, identified, engaged = "", None, None
    for to_stage, day, _reason, _note in moves:
        stage = to_stage
        if to_stage == "identified" and identified is None:
            identified = day
        if to_stage == "engaged" and engaged is None:
            engaged = day
    return stage, identified, engaged


def _at(today: date, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(today + timedelta(days=day), time(hour, minute), UTC)


COLUMNS: dict = {
    Account: ("id", "external_id", "name", "arr", "strategic", "segment", "industry", "language", "contract_start",
              "renewal_date", "last_expansion", "last_renewal", "owner", "stage", "at_risk_since", "identified_on",
              "engaged_on", "health", "health_delta", "red_flags", "at_risk", "evaluated_on", "created_at", "updated_at"),
    Contact: ("id", "account_id", "name", "title", "role", "email", "phone", "status"),
    Metric: ("account_id", "date", "health", "logins", "active_users", "feature_adoption", "sla_misses_30d", "nps",
             "login_benchmark"),
    Signal: ("account_id", "date", "kind", "quote", "resolved_on", "created_at"),
    Interaction: ("id", "account_id", "at", "channel", "summary", "script", "duration_min", "created_at"),
    Quote: ("account_id", "interaction_id", "position", "text", "speaker_id", "step"),
    FollowUp: ("id", "account_id", "due", "due_time", "title", "channel", "owner", "status", "snoozed_until", "source",
               "source_key", "outcome", "done_at", "created_at"),
    StageChange: ("account_id", "at", "from_stage", "to_stage", "reason", "note"),
    SavePlan: ("id", "account_id", "situation", "root_cause_category", "root_cause", "success_criteria", "strategies",
               "team", "next_checkin_id", "outcome", "created_at", "closed_at"),
    SaveAction: ("plan_id", "action", "owner", "due", "followup_id"),
}
"""The columns each table's rows carry, in the order of the tuples ``_Rows`` builds."""


class _Rows:
    """Rows of every table as tuples (see COLUMNS), built account by account, with the
    ids other rows point at."""

    def __init__(self, today: date, last_ids: dict) -> None:
        self.today = today
        self.by_table: dict = {t: [] for t in _INSERT_ORDER}
        self._last = dict(last_ids)
        self.at_risk = 0
        self._stamp = _at(today, 0, 6)
        self._days: dict[int, date] = {}
        self.counts: dict[str, int] = {}

    def flush(self, conn) -> None:
        """Insert what was built so far, parents first, and start over."""
        for table in _INSERT_ORDER:
            batch = self.by_table[table]
            _insert(conn, table, batch)
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
        stage, identified, engaged = _stage_of(d.moves)
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
        self.by_table[Account].append((
            account_id, d.external_id, d.name, d.arr, d.strategic, d.segment, d.industry, d.language, start,
            day(d.renewal), day(d.expanded), day(d.renewed), d.owner, stage, since, identified_on, day(engaged),
            latest_health(d.history), health_change(d.history, rules), ",".join(ev.flags), at_risk, today,
            datetime.combine(start, time(12), UTC), self._stamp,
        ))
        contacts = self._contacts(account_id, d)
        self._history(account_id, d)
        self._touches(account_id, d, contacts)
        for todo in d.todos:
            self._todo(account_id, d.owner, *todo)
        self._moves(account_id, d, ev.flags)
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
            rows.append((account_id, p.date, p.health, p.logins, p.active_users, p.feature_adoption,
                         p.sla_misses_30d, p.nps, p.login_benchmark))
        rows = self.by_table[Signal]
        for s in d.signals:
            rows.append((account_id, s.date, s.kind, s.quote or "", s.resolved_on, datetime.combine(s.date, time(9), UTC)))

    def _touches(self, account_id: int, d: Draft, contacts: dict[str, int]) -> None:
        touches, quotes = self.by_table[Interaction], self.by_table[Quote]
        base = 12 if d.language == "pt-BR" else 14  # 9 a.m. in São Paulo / New York, in UTC
        for k, (day, hour, channel, summary, said, speaker, minutes, script) in enumerate(d.touches):
            # Distinct hours keep (account, at, channel) unique even for two touches on one day.
            at = _at(self.today, day, (base + k % 7) if hour is None else hour, (k * 7) % 60)
            iid = self._id(Interaction)
            touches.append((iid, account_id, at, channel, summary, script, minutes, at))
            speaker_id = contacts.get(speaker)
            for position, words in enumerate(said):
                quotes.append((account_id, iid, position, words, speaker_id, ""))

    def _todo(self, account_id, owner, day, hour, title, channel, status, source, key, outcome, snoozed) -> int:
        fid = self._id(FollowUp)
        self.by_table[FollowUp].append((
            fid, account_id, self.day(day), None if hour is None else time(hour), title, channel, owner, status,
            self.day(snoozed), source, key, outcome, _at(self.today, day, 17) if status == "done" else None,
            _at(self.today, min(day, 0) - 3, 9),
        ))
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
            fid = self._todo(account_id, owner, day, None, action, "note", status, "save_plan",
                             f"save_plan:{pid}:action:{n}", "", None)
            actions.append((pid, action, owner, self.day(day), fid))
        title = "Check-in do plano de retenção" if d.language == "pt-BR" else "Save-plan check-in"
        checkin = self._todo(account_id, d.owner, plan.checkin, 15, title, "meeting",
                             "done" if plan.closed is not None and plan.checkin < 0 else "open",
                             "save_plan", f"save_plan:{pid}:checkin", "", None)
        team = [{"role": role, "name": name, "reason": reason} for role, name, reason in plan.team]
        self.by_table[SavePlan].append((
            pid, account_id, plan.situation, plan.category, plan.root_cause, plan.success, plan.strategies,
            json.dumps(team, ensure_ascii=False), checkin, plan.outcome, _at(self.today, plan.created, 16),
            None if plan.closed is None else _at(self.today, plan.closed, 16),
        ))
        self.by_table[SaveAction].extend(actions)


FAST_SQLITE = True
"""Insert through the SQLite driver's executemany (tests switch it off to compare with Core)."""


def _insert(conn, table, rows: list[tuple]) -> None:
    """Bulk-insert tuples. Core's executemany spends most of its time on per-row bookkeeping;
    on SQLite the driver gets the rows directly, each value passed through the column type's
    own bind processor, so what is stored is exactly what Core would store."""
    if not rows:
        return
    t, cols = table.__table__, COLUMNS[table]
    if conn.dialect.name != "sqlite" or not FAST_SQLITE:
        conn.execute(t.insert(), [dict(zip(cols, row)) for row in rows])
        return
    dialect = conn.dialect
    procs = []
    for i, name in enumerate(cols):
        proc = t.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            procs.append((i, proc, {}))  # a book repeats its dates: each is converted once
    if procs:
        converted = []
        for row in rows:
            row = list(row)
            for i, proc, memo in procs:
                value = row[i]
                if value is not None:
                    found = memo.get(value)
                    if found is None:
                        found = memo[value] = proc(value)
                    row[i] = found
            converted.append(tuple(row))
        rows = converted
    quote = dialect.identifier_preparer.quote
    sql = f"INSERT INTO {quote(t.name)} ({', '.join(quote(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
    conn.exec_driver_sql(sql, rows)


def _day(today: date, day: int | None) -> date | None:
    return None if day is None else today + timedelta(days=day)


# --- Shared helpers for the generators ---------------------------------------------


def sample(curve, days) -> list[float]:
    """Values of a keyframe curve on ascending ``days``: linear between keyframes, flat outside."""
    out = []
    i, last = 0, len(curve) - 1
    for day in days:
        while i < last and curve[i + 1][0] < day:
            i += 1
        d0, v0 = curve[i]
        if i == last or day <= d0:
            out.append(v0)
        else:
            d1, v1 = curve[i + 1]
            out.append(v0 + (v1 - v0) * (day - d0) / (d1 - d0))
    return out


@lru_cache(maxsize=4096)
def slug(text_: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text_).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_.lower() if ch.isalnum())


def email_of(person: str, domain: str) -> str:
    first, _, last = person.partition(" ")
    return f"{slug(first)}.{slug(last)}@{domain}"


def phone_of(rng: random.Random, language: str) -> str:
    # 555-01xx is reserved for fiction in North America; the Brazilian numbers are as made up.
    if language == "pt-BR":
        return f"+55 11 5550-{rng.randint(100, 199):04d}"
    return f"+1 555-01{rng.randint(0, 99):02d}"


def snapshots(today: date, days, curves, nps: dict[int, int], benchmark: int | None, rng: random.Random,
              jitter_before: int) -> list[MetricPoint]:
    """Metric snapshots on ``days`` from keyframe curves (health, logins, users, adoption, SLA misses),
    with a little noise on the days before ``jitter_before``."""
    health, logins, users, adoption, sla = (sample(curve, days) for curve in curves)
    bits = rng.getrandbits
    out = []
    for k, d in enumerate(days):
        h, lg, u, a = health[k], logins[k], users[k], adoption[k]
        if d < jitter_before:
            # Four noise values in [-1, 1] from one draw: ±2 health points, ±4% logins, ±3% users, ±1.5 adoption.
            r = bits(32)
            h += ((r & 255) / 127.5 - 1.0) * 2.0
            lg *= 1.0 + ((r >> 8 & 255) / 127.5 - 1.0) * 0.04
            u *= 1.0 + ((r >> 16 & 255) / 127.5 - 1.0) * 0.03
            a += ((r >> 24) / 127.5 - 1.0) * 1.5
        out.append(MetricPoint(
            today + timedelta(days=d), max(0, min(100, round(h))), max(0, round(lg)), max(0, round(u)),
            round(max(0.0, min(100.0, a)), 1), round(sla[k]), nps.get(d), benchmark,
        ))
    return out


def _nearest(days, day: int) -> int:
    return min(days, key=lambda d: (abs(d - day), d))


def _story_days(last: int) -> list[int]:
    """Weekly for the last five weeks, fortnightly before: about seven months."""
    recent = [last - 7 * k for k in range(6)]
    older = [last - 35 - 14 * k for k in range(1, 13)]
    return sorted(recent + older)


def story_draft(s, n: int, seed: int, today: date) -> Draft:
    """A hand-written story account as a draft."""
    rng = random.Random(f"csm-desk-demo:{seed}:{n}")
    days = _story_days(s.last)
    nps = {_nearest(days, day): value for day, value in s.nps}
    history = snapshots(today, days, (s.health, s.logins, s.users, s.adoption, s.sla), nps, s.benchmark, rng, -45)
    signals = [SignalFact(g.kind, today + timedelta(days=g.day), _day(today, g.resolved), g.quote or None)
               for g in sorted(s.signals, key=lambda g: g.day)]
    domain = slug(" ".join(s.name.split()[:2])) + ".example"
    return Draft(
        external_id=f"{PREFIX}{n:04d}", name=s.name, language=s.language, segment=s.segment, industry=s.industry,
        arr=float(s.arr), strategic=s.strategic, owner=s.owner, contract=s.contract, renewal=s.renewal,
        renewed=s.renewed, expanded=s.expanded, history=history, signals=signals,
        contacts=[(p.name, p.title, p.role, email_of(p.name, domain), phone_of(rng, s.language), p.status)
                  for p in s.contacts],
        touches=[(t.day, t.hour, t.channel, t.summary, t.quotes, t.speaker, t.minutes, t.script) for t in s.touches],
        todos=[(t.day, t.hour, t.title, t.channel, t.status, "manual", "", t.outcome, t.snoozed) for t in s.todos],
        moves=[(m.stage, m.day, m.reason, m.note) for m in s.moves],
        plan=s.plan,
    )


# --- Generated accounts -----------------------------------------------------------

_KINDS = ("healthy", "one_flag", "usage_sudden", "usage_slide", "silent", "competitor", "champion_left",
          "decline", "support", "budget", "saved", "churned", "let_go")
_KIND_WEIGHTS = (48, 13, 6, 4, 8, 6, 5, 6, 4, 3, 2, 2, 1)
_PATTERN_OF = {"usage_sudden": "usage", "usage_slide": "usage", "silent": "silent", "competitor": "competitor",
               "champion_left": "champion_left", "decline": "decline", "support": "support", "budget": "budget",
               "saved": "usage", "churned": "budget", "let_go": "support"}
_PLAYBOOK_OF = {"usage": "usage_drop", "silent": "champion_silent", "competitor": "competitor",
                "champion_left": "champion_left", "decline": "listening_tour", "support": "listening_tour",
                "budget": "listening_tour"}
_SEGMENTS = ("enterprise", "mid-market", "smb")
_SEGMENT_WEIGHTS = (15, 35, 50)
_ARR = {"enterprise": (60_000, 250_000), "mid-market": (12_000, 60_000), "smb": (3_000, 12_000)}
_USERS = {"enterprise": (120, 900), "mid-market": (20, 120), "smb": (3, 20)}
_TERM_YEARS = {"enterprise": (1, 1, 2, 3), "mid-market": (1, 1, 2, 3), "smb": (1, 1, 2, 2)}
_STRATEGIC = {"enterprise": 0.3, "mid-market": 0.05, "smb": 0.0}
_CHURN_REASON = {"budget_change": "pricing", "competitor_mentioned": "competitive", "new_leader": "champion_change"}
_SPOKEN = ("call", "meeting", "whatsapp", "chat")  # routine touches where the customer says something worth quoting
_MOMENT_CHANNEL = {
    "en": {"usage": "call", "silent": "email", "competitor": "call", "champion_left": "email", "decline": "note",
           "support": "email", "budget": "call"},
    "pt-BR": {"usage": "call", "silent": "email", "competitor": "whatsapp", "champion_left": "whatsapp",
              "decline": "note", "support": "email", "budget": "whatsapp"},
}
_METRIC_KINDS = ("usage_slide", "decline")  # the trouble shows in the numbers before anyone says a word


def generated_draft(n: int, seed: int, today: date, lean: bool, settings) -> tuple[Draft, Evaluation]:
    """A generated account, its pipeline shaped by what its red flags say."""
    g = _Generated(n, seed, today, lean)
    draft = g.draft()
    ev = evaluate(draft, today, settings.red_flags)
    draft.moves = g.pipeline(ev)
    g.timeline(draft, ev)
    g.cadence(draft, settings.cadence)
    return draft, ev


class _Generated:
    """One generated account: an archetype (healthy, usage drop, silent champion…) drawn from
    its own random stream, shaped into metric curves, signals, people and a timeline."""

    def __init__(self, n: int, seed: int, today: date, lean: bool) -> None:
        from csm_desk import demo_content as c

        self.c = c
        self.rng = rng = random.Random(f"csm-desk-demo:{seed}:{n}")
        self.n, self.today, self.lean = n, today, lean
        self.kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        self.pattern = _PATTERN_OF.get(self.kind, "decline")
        self.lang = "pt-BR" if rng.random() < 0.3 else "en"
        self.segment = rng.choices(_SEGMENTS, _SEGMENT_WEIGHTS)[0]
        self.competitor = rng.choice(c.COMPETITORS)
        self.close = -rng.randint(10, 90) if self.kind in ("churned", "let_go") else None
        self.onset: int | None = None
        self.replaced = False

    def quote(self, pool: str) -> str:
        return self.rng.choice(self.c.QUOTES[self.lang][pool]).format(competitor=self.competitor)

    # The account, its people and its history.

    def draft(self) -> Draft:
        rng, c, seg = self.rng, self.c, self.segment
        lo, hi = _ARR[seg]
        arr = float(round(lo * (hi / lo) ** rng.random(), -2))
        industry = rng.choice(c.INDUSTRIES)
        name = self._name(industry)
        if self.lang == "pt-BR":
            owner = c.RAFAEL
        else:
            owner = c.MAYA if seg == "enterprise" or rng.random() < 0.2 else c.JORDAN
        term = 365 * rng.choice(_TERM_YEARS[seg])
        age = rng.randint(320 if self.close is not None else 200, 1800)
        renewal = -age + term * (age // term + 1)
        if self.kind == "churned":
            renewal = self.close
        renewed = renewal - term if -age < renewal - term <= 0 else None
        expanded = -rng.randint(20, min(700, age - 30)) if rng.random() < 0.18 else None
        self.age, self.owner, self.arr = age, owner, arr
        history, signals = self._history()
        contacts = self._people()
        return Draft(
            external_id=f"{PREFIX}{self.n:04d}", name=name, language=self.lang, segment=seg, industry=industry,
            arr=arr, strategic=rng.random() < _STRATEGIC[seg], owner=owner, contract=-age, renewal=renewal,
            renewed=renewed, expanded=expanded, history=history, signals=signals, contacts=contacts,
        )

    def _name(self, industry: str) -> str:
        rng, c, lang = self.rng, self.c, self.lang
        word, noun = rng.choice(c.NAME_WORDS[lang]), rng.choice(c.NAME_NOUNS[lang][industry])
        suffix = rng.choice(c.NAME_SUFFIXES[lang])
        base = f"{noun} {word}" if lang == "pt-BR" and rng.random() < 0.6 else f"{word} {noun}"
        self.domain = slug(base) + ".example"
        return f"{base} {suffix}".strip()

    def _people(self) -> list[tuple]:
        rng, c, lang = self.rng, self.c, self.lang
        # Consecutive first names from a random start: distinct, so names are unique in the account.
        pool, lasts = c.FIRST_NAMES[lang], c.LAST_NAMES[lang]
        start = rng.randrange(len(pool))
        names = [f"{pool[(start + k) % len(pool)]} {rng.choice(lasts)}" for k in range(6)]
        roles = ["champion", "sponsor", "decision_maker", "user"]
        if not self.lean and rng.random() < 0.4:
            roles.append("user")
        statuses = ["active"] * len(roles)
        if self.kind == "champion_left":
            statuses[0] = "left"
            self.replaced = rng.random() < 0.5
            if self.replaced:
                roles.append("champion")
                statuses.append("active")
        people = []
        for name, role, status in zip(names, roles, statuses):
            phone = phone_of(rng, lang) if rng.random() < 0.7 else ""
            people.append((name, rng.choice(c.TITLES[lang][role]), role, email_of(name, self.domain), phone, status))
        self.champion = names[0]
        # Who the CSM talks to now: the champion, or whoever is left when the champion is gone.
        self.talk_to = names[len(roles) - 1] if self.replaced else (names[1] if self.kind == "champion_left" else names[0])
        return people

    def _history(self) -> tuple[list[MetricPoint], list[SignalFact]]:
        rng, seg = self.rng, self.segment
        latest = self.close if self.close is not None else -rng.randint(0, 3)
        if self.lean:
            days = [latest - 28 * k for k in range(7, 0, -1)] + [latest - 14, latest]
        else:
            days = [latest - 14 * k for k in range(14, -1, -1)]
        self.days, self.latest = days, latest
        users0 = rng.randint(*_USERS[seg])
        b = _Base(rng, days[0] - 1, users0, users0 * rng.uniform(9, 18))
        v1 = rng.randint(7, 10)
        nps = {_nearest(days, -170): v1, _nearest(days, -80): rng.randint(max(7, v1 - 2), 10)}
        benchmark = round(b.logins0 * 0.75) if rng.random() < 0.15 else None
        signals: list[tuple] = []
        shape = getattr(self, "_shape_" + self.kind)
        benchmark = shape(b, nps, signals, benchmark)
        history = snapshots(self.today, days, (b.health, b.logins, b.users, b.adoption, b.sla), nps, benchmark, rng, 1)
        facts = [SignalFact(kind, self.today + timedelta(days=day), _day(self.today, resolved), quote or None)
                 for kind, day, quote, resolved in sorted(signals, key=lambda s: s[1])]
        return history, facts

    # Archetypes: each bends the base curves and logs its signals; returns the login benchmark.

    def _shape_healthy(self, b, nps, signals, benchmark):
        if self.rng.random() < 0.15:
            day = -self.rng.randint(100, 180)
            signals.append((self.rng.choice(("skipped_qbr", "slow_responses")), day, "", day + self.rng.randint(10, 30)))
        return benchmark

    def _shape_one_flag(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        variant = rng.choice(("sla", "nps", "adoption", "signal", "benchmark"))
        if variant == "sla":
            b.sla = [(far, b.s0), (self.latest - 10, b.s0), (self.latest - 9, rng.randint(3, 5))]
        elif variant == "nps":
            nps[self.latest] = rng.randint(3, 5)
        elif variant == "adoption":
            b.adoption = [(far, b.a0), (0, rng.uniform(28, 38))]
        elif variant == "signal":
            kind = rng.choice(("skipped_qbr", "slow_responses", "ticket_tone", "unresolved_complaints", "restructuring"))
            signals.append((kind, -rng.randint(3, 80), "", None))
        else:
            return round(b.logins0 * 1.15)
        return benchmark

    def _shape_usage_sudden(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        o = self.onset = self.latest - rng.randint(2, 11)
        h0 = max(b.h0, 72)
        drop, f, fu = rng.randint(34, 50), rng.uniform(0.3, 0.52), rng.uniform(0.55, 0.7)
        b.health = [(far, h0), (o - 1, h0), (o, h0 - drop)]
        b.logins = [(far, b.logins0), (o - 1, b.logins0), (o, b.logins0 * f)]
        b.users = [(far, b.users0), (o - 1, b.users0), (o, b.users0 * fu)]
        if rng.random() < 0.5:
            signals.append((rng.choice(("integration_broken", "data_stopped")), o, self.quote("usage"), None))
        return benchmark

    def _shape_usage_slide(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        o = self.onset = -rng.randint(35, 100)
        # Halving every 30 days: month over month is always a 50% fall.
        steps = range(1, (30 - o) // 30 + 2)
        b.logins = [(far, b.logins0), (o, b.logins0)] + [(o + 30 * k, b.logins0 * 0.5 ** k) for k in steps]
        b.users = [(far, b.users0), (o, b.users0)] + [(o + 30 * k, b.users0 * 0.6 ** k) for k in steps]
        b.health = [(far, b.h0), (o, b.h0), (0, rng.randint(30, 47))]
        if rng.random() < 0.5:
            signals.append(("users_stopped", min(0, o + rng.randint(10, 25)), self.quote("usage"), None))
        return benchmark

    def _shape_silent(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        s1 = self.onset = -rng.randint(4, 90)
        signals.append(("champion_unresponsive", s1, "", None))
        signals.append((rng.choice(("meetings_cancelled", "emails_ignored")), min(0, s1 + rng.randint(3, 20)),
                        self.quote("silent"), None))
        b.logins = [(far, b.logins0), (s1, b.logins0), (0, b.logins0 * rng.uniform(0.75, 0.9))]
        b.health = [(far, b.h0), (s1, b.h0), (0, b.h0 - rng.randint(5, 15))]
        return benchmark

    def _shape_competitor(self, b, nps, signals, benchmark):
        rng = self.rng
        s1 = self.onset = -rng.randint(2, 70)
        signals.append(("competitor_mentioned", s1, self.quote("competitor"), None))
        if rng.random() < 0.5:
            nps.clear()
            nps[_nearest(self.days, -170)] = rng.randint(7, 9)
            nps[_nearest(self.days, s1)] = rng.randint(2, 5)
        else:
            signals.append((rng.choice(("budget_change", "new_leader")), s1 - rng.randint(1, 20), "", None))
        return benchmark

    def _shape_champion_left(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        s1 = self.onset = -rng.randint(3, 70)
        signals.append(("champion_left", s1, self.quote("champion_left"), None))
        second = rng.choice(("sponsor_disengaged", "slow_responses", "skipped_qbr"))
        signals.append((second, min(0, s1 + rng.randint(0, 12)), "", None))
        b.logins = [(far, b.logins0), (s1, b.logins0), (0, b.logins0 * 0.75)]
        return benchmark

    def _shape_decline(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        o = self.onset = -rng.randint(30, 160)
        b.health = [(far, b.h0), (o, b.h0), (0, rng.randint(36, 48))]
        b.adoption = [(far, b.a0), (o, b.a0), (0, rng.uniform(26, 37))]
        if rng.random() < 0.4:
            b.sla = [(far, b.s0), (o, b.s0), (0, rng.choice((3, 4)))]
        return benchmark

    def _shape_support(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        o = self.onset = -rng.randint(10, 60)
        b.sla = [(far, b.s0), (o - 1, b.s0), (o, rng.randint(3, 6)), (0, rng.randint(3, 6))]
        kind = rng.choice(("ticket_tone", "escalations_rising", "unresolved_complaints"))
        signals.append((kind, min(0, o + rng.randint(0, 10)), self.quote("support"), None))
        if rng.random() < 0.4:
            nps[_nearest(self.days, o)] = rng.randint(3, 5)
        return benchmark

    def _shape_budget(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        s1 = self.onset = -rng.randint(5, 90)
        first, second = rng.sample(("restructuring", "budget_change", "new_leader", "sponsor_disengaged"), 2)
        signals.append((first, s1, self.quote("budget"), None))
        signals.append((second, min(0, s1 + rng.randint(2, 25)), "", None))
        b.health = [(far, b.h0), (s1, b.h0), (0, b.h0 - rng.randint(3, 10))]
        return benchmark

    def _shape_saved(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        o = self.onset = -rng.randint(110, 190)
        h0 = max(b.h0, 72)
        b.health = [(far, h0), (o - 1, h0), (o, h0 - 35), (o + 50, h0 - 8), (0, h0)]
        b.logins = [(far, b.logins0), (o - 1, b.logins0), (o, b.logins0 * 0.4), (o + 50, b.logins0 * 0.9), (0, b.logins0)]
        b.users = [(far, b.users0), (o - 1, b.users0), (o, b.users0 * 0.6), (o + 50, b.users0 * 0.95), (0, b.users0)]
        kind = rng.choice(("users_stopped", "integration_broken", "escalations_rising"))
        self.reason = "support_issue" if kind == "escalations_rising" else "usage_drop"
        said = self.quote("support" if kind == "escalations_rising" else "usage")
        signals.append((kind, o, said, o + rng.randint(30, 60)))
        return benchmark

    def _shape_churned(self, b, nps, signals, benchmark):
        rng, far, close = self.rng, b.far, self.close
        o = self.onset = close - rng.randint(40, 80)
        b.health = [(far, b.h0), (o, b.h0), (close, rng.randint(25, 45))]
        b.logins = [(far, b.logins0), (o, b.logins0), (close, b.logins0 * 0.3)]
        b.users = [(far, b.users0), (o, b.users0), (close, b.users0 * 0.5)]
        b.adoption = [(far, b.a0), (o, b.a0), (close, rng.uniform(20, 35))]
        if self.kind == "churned":
            first, second = rng.sample(("budget_change", "competitor_mentioned", "new_leader"), 2)
            self.pattern = "competitor" if first == "competitor_mentioned" else "budget"
            self.reason = _CHURN_REASON[first]
        else:
            first, second = "escalations_rising", "ticket_tone"
            self.reason = rng.choice(("other", "other", "pricing"))
        self.onset = o + rng.randint(0, 15)
        signals.append((first, self.onset, self.quote(self.pattern), None))
        signals.append((second, self.onset + rng.randint(1, 15), "", None))
        return benchmark

    _shape_let_go = _shape_churned

    # The pipeline and the timeline, once the red flags are known.

    def pipeline(self, ev: Evaluation) -> list[tuple[str, int, str, str]]:
        rng = self.rng
        if self.kind == "saved":
            o = self.onset
            ident = o + rng.randint(1, 3)
            eng = ident + rng.randint(0, 2)
            plan = eng + rng.randint(3, 8)
            watch = o + rng.randint(45, 60)
            note = self._moment(0)
            return [("identified", ident, "", note), ("engaged", eng, "", ""), ("save_plan", plan, "", ""),
                    ("monitoring", watch, "", ""), ("saved", rng.randint(watch + 10, -2), self.reason, "")]
        if self.close is not None:
            ident = self.onset + rng.randint(1, 5)
            moves = [("identified", ident, "", self._moment(0)), ("engaged", ident + 1, "", "")]
            if self.kind == "churned":
                moves.append(("save_plan", ident + rng.randint(3, 10), "", ""))
            return moves + [(self.kind, self.close, self.reason, "")]
        if ev.by_flags:
            return self._open_path((ev.flag_since - self.today).days)
        if self.kind == "one_flag" and rng.random() < 0.1:
            # A CSM's hunch: one flag is not enough for the rules, but they put it in the pipeline by hand.
            return [("identified", -rng.randint(1, 10), "", "put in by hand: one red flag, a hunch")]
        return []

    def _open_path(self, since: int) -> list[tuple[str, int, str, str]]:
        rng = self.rng
        ident = since + rng.randint(0, min(-since, 12))
        moves = [("identified", ident, "", "")]
        if -ident <= 1 or (-ident <= 6 and rng.random() < 0.35):
            return moves  # some sit identified for more than 48 h: the not-engaged term shows them
        eng = ident + rng.randint(0, min(2, -ident))
        moves.append(("engaged", eng, "", ""))
        if -eng >= 10 and rng.random() < 0.5:
            plan = eng + rng.randint(3, min(12, -eng))
            moves.append(("save_plan", plan, "", ""))
            if -plan >= 30 and rng.random() < 0.4:
                moves.append(("monitoring", plan + rng.randint(20, -plan), "", ""))
        return moves

    def _fill(self, template: str) -> str:
        return template.format(champion=self.talk_to, competitor=self.competitor, old=self.champion)

    def _moment(self, which: int) -> str:
        return self._fill(self.c.MOMENTS[self.lang][self.pattern][which])

    def timeline(self, d: Draft, ev: Evaluation) -> None:
        rng, c, lang = self.rng, self.c, self.lang
        stage, _identified, _engaged = _stage_of(d.moves)
        in_trouble = bool(d.moves) or ev.by_flags
        # The moment the trouble showed: what the customer said, else when the numbers crossed the line.
        quoted = [s for s in d.signals if s.quote]
        used: tuple[str, ...] = ()
        moment = self.onset
        if quoted:
            moment, used = (quoted[0].date - self.today).days, (quoted[0].quote,)
        elif ev.flag_since is not None and (moment is None or self.kind in _METRIC_KINDS):
            moment = (ev.flag_since - self.today).days
        quiet_from = None if moment is None else min(moment, self.onset if self.onset is not None else moment)
        touches = self._routine(-12 if quiet_from is None or not in_trouble else min(-12, quiet_from - 2), in_trouble)
        if in_trouble and moment is not None:
            channel = _MOMENT_CHANNEL[lang][self.pattern] if used else "note"
            touches.append((moment, None, channel, self._moment(0), used, self.talk_to, None, ""))
        for to_stage, day, _reason, _note in d.moves:
            if to_stage == "engaged":
                said = tuple(q for q in dict.fromkeys(self.quote(self.pattern) for _ in range(2)) if q not in used)
                touches.append((day, None, "call", self._moment(1), said, self.talk_to, rng.randint(20, 45),
                                _PLAYBOOK_OF[self.pattern]))
            elif to_stage == "save_plan":
                summary = "Reunião do time de retenção: plano de ação e responsáveis." if lang == "pt-BR" else \
                    "Save-team meeting: actions, owners and deadlines agreed."
                touches.append((day, None, "meeting", summary, (), "", 30, ""))
            elif to_stage in CLOSED_STAGES:
                touches.append((day, None, "note", c.CLOSING_NOTES[lang][to_stage], (), "", None,
                                "graceful_exit" if to_stage == "let_go" else ""))
        d.touches = sorted(touches, key=lambda t: t[0])
        d.todos = self._todos(stage)
        if stage in ("save_plan", "monitoring", "saved"):
            d.plan = self._plan(d.moves, stage)

    def _routine(self, upper: int, in_trouble: bool) -> list[tuple]:
        """Everyday touches before any trouble: check-ins, QBRs, summaries, now and then a kind word."""
        rng, c = self.rng, self.c
        lower = self.days[0] + 5
        count = 2 if self.lean else rng.randint(3, 5)
        touches = []
        if upper - lower > count:
            for day in sorted(rng.sample(range(lower, upper), count)):
                channel, summary, minutes = rng.choice(c.ROUTINE[self.lang])
                kind_word = not in_trouble and channel in _SPOKEN and rng.random() < 0.35
                said = (self.quote("positive"),) if kind_word else ()
                touches.append((day, None, channel, self._fill(summary), said, self.champion, minutes, ""))
        return touches

    def _todos(self, stage: str) -> list[tuple]:
        rng, titles = self.rng, self.c.TODO_TITLES[self.lang]
        todos = []

        def add(day, title, channel, status="open"):
            hour = rng.randint(9, 17) if rng.random() < 0.3 else None
            todos.append((day, hour, self._fill(title), channel, status, "manual", "", "", None))

        if stage in OPEN_STAGES:
            add(rng.randint(-7, 10), *titles[self.pattern])
            if rng.random() < 0.5:
                add(rng.randint(5, 30), *rng.choice(titles["routine"]))
        elif stage not in ("churned", "let_go"):
            roll = rng.random()
            if roll < 0.6:
                add(rng.randint(1, 45), *rng.choice(titles["routine"]))
            elif roll < 0.72:
                add(-rng.randint(1, 12), *rng.choice(titles["routine"]))
        if rng.random() < 0.3:
            add(-rng.randint(20, 150), *rng.choice(titles["routine"]), status="done")
        return todos

    def _plan(self, moves, stage: str):
        rng, c = self.rng, self.c
        situation, category, root, success, strategies, (first, second) = c.PLANS[self.lang][self.pattern]
        created = next(day for to_stage, day, _r, _n in moves if to_stage == "save_plan")
        team = [("csm", self.owner, "owner"), ("cs_manager", c.VP_CS, "always on the save team")]
        extra = {
            "usage": ("solutions_engineer", c.SOLUTIONS, "integration or technical issue"),
            "support": ("support_engineer", c.SUPPORT, "unresolved tickets piling up"),
            "decline": ("product_manager", c.PRODUCT, "product gap"),
            "competitor": ("product_manager", c.PRODUCT, "roadmap questions"),
            "budget": ("account_executive", c.SALES, "pricing or contract renegotiation"),
        }.get(self.pattern)
        if extra:
            team.append(extra)
        if self.arr > 100_000:
            team.append(("executive_sponsor", c.EXEC, "ARR above 100,000"))
        helper = team[2][1] if len(team) > 2 else self.owner
        closed = None
        if stage == "saved":
            closed = next(day for to_stage, day, _r, _n in moves if to_stage == "saved")
        actions = ((first, self.owner, created + rng.randint(2, 7)), (second, helper, created + rng.randint(5, 20)))
        checkin = created + rng.randint(20, 40) if closed is not None else rng.randint(1, 14)
        return c.Plan(created, situation, category, root, success, strategies, tuple(team), actions, checkin,
                      "saved" if closed is not None else "", closed)

    def cadence(self, d: Draft, rules) -> None:
        """Young accounts carry their lifecycle follow-ups: the past ones done, the rest open."""
        if self.age > 400 or self.close is not None:
            return
        from csm_desk.domain.cadence import cadence_plan

        start = self.today + timedelta(days=d.contract)
        for step in cadence_plan(start, d.arr, d.segment, rules):
            day = (step.due - self.today).days
            status = "done" if day < 0 else "open"
            d.todos.append((day, None, step.title, step.channel, status, "cadence", step.key, "", None))


@dataclass(slots=True)
class _Base:
    """The starting level of an account's metrics, and the curves the archetype bends."""

    rng: random.Random
    far: int
    users0: int
    logins0: float
    h0: int = 0
    a0: float = 0.0
    s0: int = 0
    health: list = field(default_factory=list)
    logins: list = field(default_factory=list)
    users: list = field(default_factory=list)
    adoption: list = field(default_factory=list)
    sla: list = field(default_factory=list)

    def __post_init__(self) -> None:
        rng, far = self.rng, self.far
        self.h0, self.a0, self.s0 = rng.randint(70, 90), rng.uniform(45, 82), rng.choice((0, 0, 0, 1, 1, 2))
        self.health = [(far, self.h0 - rng.randint(-4, 6)), (0, self.h0)]
        self.logins = [(far, self.logins0 * rng.uniform(0.85, 1.05)), (0, self.logins0)]
        self.users = [(far, self.users0 * rng.uniform(0.85, 1.0)), (0, self.users0)]
        self.adoption = [(far, self.a0 - rng.uniform(0, 8)), (0, self.a0)]
        self.sla = [(far, self.s0)]
