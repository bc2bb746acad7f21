"""The archetypes of generated accounts: each bends an account's base metric curves
and logs its signals (mixed into ``generated._Generated``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from csm_desk.demo.model import nearest

CHURN_REASON = {"budget_change": "pricing", "competitor_mentioned": "competitive", "new_leader": "champion_change"}


class Archetypes:
    """The ``_shape_<kind>`` methods: each bends the base curves and logs its signals; returns the
    login benchmark. The generator supplies ``rng``, ``days``, ``latest``, ``close``, ``kind``,
    ``pattern`` and ``quote``, and the shapes set ``onset`` and, for closed accounts, ``reason``."""

    def _shape_healthy(self, b, nps, signals, benchmark):
        if self.rng.random() < 0.15:
            day = -self.rng.randint(100, 180)
            signals.append(
                (self.rng.choice(("skipped_qbr", "slow_responses")), day, "", day + self.rng.randint(10, 30))
            )
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
            kind = rng.choice(
                ("skipped_qbr", "slow_responses", "ticket_tone", "unresolved_complaints", "restructuring")
            )
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
        b.logins = [(far, b.logins0), (o, b.logins0)] + [(o + 30 * k, b.logins0 * 0.5**k) for k in steps]
        b.users = [(far, b.users0), (o, b.users0)] + [(o + 30 * k, b.users0 * 0.6**k) for k in steps]
        b.health = [(far, b.h0), (o, b.h0), (0, rng.randint(30, 47))]
        if rng.random() < 0.5:
            signals.append(("users_stopped", min(0, o + rng.randint(10, 25)), self.quote("usage"), None))
        return benchmark

    def _shape_silent(self, b, nps, signals, benchmark):
        rng, far = self.rng, b.far
        s1 = self.onset = -rng.randint(4, 90)
        signals.append(("champion_unresponsive", s1, "", None))
        signals.append(
            (
                rng.choice(("meetings_cancelled", "emails_ignored")),
                min(0, s1 + rng.randint(3, 20)),
                self.quote("silent"),
                None,
            )
        )
        b.logins = [(far, b.logins0), (s1, b.logins0), (0, b.logins0 * rng.uniform(0.75, 0.9))]
        b.health = [(far, b.h0), (s1, b.h0), (0, b.h0 - rng.randint(5, 15))]
        return benchmark

    def _shape_competitor(self, b, nps, signals, benchmark):
        rng = self.rng
        s1 = self.onset = -rng.randint(2, 70)
        signals.append(("competitor_mentioned", s1, self.quote("competitor"), None))
        if rng.random() < 0.5:
            nps.clear()
            nps[nearest(self.days, -170)] = rng.randint(7, 9)
            nps[nearest(self.days, s1)] = rng.randint(2, 5)
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
            nps[nearest(self.days, o)] = rng.randint(3, 5)
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
        b.logins = [
            (far, b.logins0),
            (o - 1, b.logins0),
            (o, b.logins0 * 0.4),
            (o + 50, b.logins0 * 0.9),
            (0, b.logins0),
        ]
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
            self.reason = CHURN_REASON[first]
        else:
            first, second = "escalations_rising", "ticket_tone"
            self.reason = rng.choice(("other", "other", "pricing"))
        self.onset = o + rng.randint(0, 15)
        signals.append((first, self.onset, self.quote(self.pattern), None))
        signals.append((second, self.onset + rng.randint(1, 15), "", None))
        return benchmark

    _shape_let_go = _shape_churned


@dataclass(slots=True)
class Base:
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
