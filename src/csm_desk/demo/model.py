"""An account before it becomes rows (``Draft``), what the rules say about it
(``Evaluation``), and the helpers both kinds of account are built with: days relative
to today, keyframe curves sampled into metric snapshots, made-up e-mails and phones."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from csm_desk.domain.facts import MetricPoint, SignalFact
from csm_desk.domain.signals import at_risk_since, flagged_at_risk, red_flags
from csm_desk.domain.vocab import CLOSED_STAGES
from csm_desk.store.demo_marks import DEMO_PREFIX

PREFIX = DEMO_PREFIX


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
    """a demo.content.Plan"""


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


def stage_of(moves) -> tuple[str, int | None, int | None]:
    stage, identified, engaged = "", None, None
    for to_stage, day, _reason, _note in moves:
        if to_stage == "identified" and (identified is None or stage in CLOSED_STAGES):
            identified, engaged = day, None  # a new episode after an earlier one closed
        stage = to_stage
        if to_stage == "engaged" and engaged is None:
            engaged = day
    return stage, identified, engaged


def on_day(today: date, day: int | None) -> date | None:
    return None if day is None else today + timedelta(days=day)


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


def snapshots(
    today: date, days, curves, nps: dict[int, int], benchmark: int | None, rng: random.Random, jitter_before: int
) -> list[MetricPoint]:
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
        out.append(
            MetricPoint(
                today + timedelta(days=d),
                max(0, min(100, round(h))),
                max(0, round(lg)),
                max(0, round(u)),
                round(max(0.0, min(100.0, a)), 1),
                round(sla[k]),
                nps.get(d),
                benchmark,
            )
        )
    return out


def nearest(days, day: int) -> int:
    return min(days, key=lambda d: (abs(d - day), d))
