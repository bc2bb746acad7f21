"""The generated accounts: each an archetype (healthy, usage drop, silent champion…) drawn
from its own random stream, its pipeline shaped by what its red flags say, then given a
timeline, follow-ups and a save plan."""

from __future__ import annotations

import random
from datetime import date, timedelta

from csm_desk.demo.archetypes import Archetypes, Base
from csm_desk.demo.cases import earlier_episode
from csm_desk.demo.model import (
    PREFIX,
    Draft,
    Evaluation,
    email_of,
    evaluate,
    nearest,
    on_day,
    phone_of,
    slug,
    snapshots,
    stage_of,
)
from csm_desk.domain.facts import MetricPoint, SignalFact
from csm_desk.domain.vocab import CLOSED_STAGES, OPEN_STAGES

_KINDS = (
    "healthy",
    "one_flag",
    "usage_sudden",
    "usage_slide",
    "silent",
    "competitor",
    "champion_left",
    "decline",
    "support",
    "budget",
    "saved",
    "churned",
    "let_go",
)
_KIND_WEIGHTS = (48, 13, 6, 4, 8, 6, 5, 6, 4, 3, 2, 2, 1)
_PATTERN_OF = {
    "usage_sudden": "usage",
    "usage_slide": "usage",
    "silent": "silent",
    "competitor": "competitor",
    "champion_left": "champion_left",
    "decline": "decline",
    "support": "support",
    "budget": "budget",
    "saved": "usage",
    "churned": "budget",
    "let_go": "support",
}
_PLAYBOOK_OF = {
    "usage": "usage_drop",
    "silent": "champion_silent",
    "competitor": "competitor",
    "champion_left": "champion_left",
    "decline": "listening_tour",
    "support": "listening_tour",
    "budget": "listening_tour",
}
_SEGMENTS = ("enterprise", "mid-market", "smb")
_SEGMENT_WEIGHTS = (15, 35, 50)
_ARR = {"enterprise": (60_000, 250_000), "mid-market": (12_000, 60_000), "smb": (3_000, 12_000)}
_USERS = {"enterprise": (120, 900), "mid-market": (20, 120), "smb": (3, 20)}
_TERM_YEARS = {"enterprise": (1, 1, 2, 3), "mid-market": (1, 1, 2, 3), "smb": (1, 1, 2, 2)}
_STRATEGIC = {"enterprise": 0.3, "mid-market": 0.05, "smb": 0.0}
_SPOKEN = ("call", "meeting", "whatsapp", "chat")  # routine touches where the customer says something worth quoting
_MOMENT_CHANNEL = {
    "en": {
        "usage": "call",
        "silent": "email",
        "competitor": "call",
        "champion_left": "email",
        "decline": "note",
        "support": "email",
        "budget": "call",
    },
    "pt-BR": {
        "usage": "call",
        "silent": "email",
        "competitor": "whatsapp",
        "champion_left": "whatsapp",
        "decline": "note",
        "support": "email",
        "budget": "whatsapp",
    },
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
    draft.moves = earlier_episode(n, seed, draft, ev.by_flags) + draft.moves
    return draft, ev


class _Generated(Archetypes):
    """One generated account: an archetype (healthy, usage drop, silent champion…) drawn from
    its own random stream, shaped into metric curves, signals, people and a timeline."""

    def __init__(self, n: int, seed: int, today: date, lean: bool) -> None:
        from csm_desk.demo import content as c

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
        owner = c.RAFAEL if self.lang == "pt-BR" else c.MAYA if seg == "enterprise" or rng.random() < 0.2 else c.JORDAN
        term = 365 * rng.choice(_TERM_YEARS[seg])
        age = rng.randint(320 if self.close is not None else 200, 1800)
        renewal = -age + term * (age // term + 1)
        if self.kind == "churned":
            renewal = self.close  # type: ignore[assignment]  # closed stories always have a close day
        renewed = renewal - term if -age < renewal - term <= 0 else None
        expanded = -rng.randint(20, min(700, age - 30)) if rng.random() < 0.18 else None
        self.age, self.owner, self.arr = age, owner, arr
        history, signals = self._history()
        contacts = self._people()
        return Draft(
            external_id=f"{PREFIX}{self.n:04d}",
            name=name,
            language=self.lang,
            segment=seg,
            industry=industry,
            arr=arr,
            strategic=rng.random() < _STRATEGIC[seg],
            owner=owner,
            contract=-age,
            renewal=renewal,
            renewed=renewed,
            expanded=expanded,
            history=history,
            signals=signals,
            contacts=contacts,
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
        for name, role, status in zip(names[: len(roles)], roles, statuses, strict=True):
            phone = phone_of(rng, lang) if rng.random() < 0.7 else ""
            people.append((name, rng.choice(c.TITLES[lang][role]), role, email_of(name, self.domain), phone, status))
        self.champion = names[0]
        # Who the CSM talks to now: the champion, or whoever is left when the champion is gone.
        self.talk_to = (
            names[len(roles) - 1] if self.replaced else (names[1] if self.kind == "champion_left" else names[0])
        )
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
        b = Base(rng, days[0] - 1, users0, users0 * rng.uniform(9, 18))
        v1 = rng.randint(7, 10)
        nps = {nearest(days, -170): v1, nearest(days, -80): rng.randint(max(7, v1 - 2), 10)}
        benchmark = round(b.logins0 * 0.75) if rng.random() < 0.15 else None
        signals: list[tuple] = []
        shape = getattr(self, "_shape_" + self.kind)
        benchmark = shape(b, nps, signals, benchmark)
        history = snapshots(self.today, days, (b.health, b.logins, b.users, b.adoption, b.sla), nps, benchmark, rng, 1)
        facts = [
            SignalFact(kind, self.today + timedelta(days=day), on_day(self.today, resolved), quote or None)
            for kind, day, quote, resolved in sorted(signals, key=lambda s: s[1])
        ]
        return history, facts

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
            return [
                ("identified", ident, "", note),
                ("engaged", eng, "", ""),
                ("save_plan", plan, "", ""),
                ("monitoring", watch, "", ""),
                ("saved", rng.randint(watch + 10, -2), self.reason, ""),
            ]
        if self.close is not None:
            ident = self.onset + rng.randint(1, 5)
            moves = [("identified", ident, "", self._moment(0)), ("engaged", ident + 1, "", "")]
            if self.kind == "churned":
                moves.append(("save_plan", ident + rng.randint(3, 10), "", ""))
            return [*moves, (self.kind, self.close, self.reason, "")]
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
        stage, _identified, _engaged = stage_of(d.moves)
        in_trouble = bool(d.moves) or ev.by_flags
        # The moment the trouble showed: what the customer said, else when the numbers crossed the line.
        quoted = [s for s in d.signals if s.quote]
        used: tuple[str, ...] = ()
        moment = self.onset
        if quoted:
            moment, used = (quoted[0].date - self.today).days, (quoted[0].quote,)  # type: ignore[assignment]  # a quoted signal always has its quote
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
                touches.append(
                    (
                        day,
                        None,
                        "call",
                        self._moment(1),
                        said,
                        self.talk_to,
                        rng.randint(20, 45),
                        _PLAYBOOK_OF[self.pattern],
                    )
                )
            elif to_stage == "save_plan":
                summary = (
                    "Reunião do time de retenção: plano de ação e responsáveis."
                    if lang == "pt-BR"
                    else "Save-team meeting: actions, owners and deadlines agreed."
                )
                touches.append((day, None, "meeting", summary, (), "", 30, ""))
            elif to_stage in CLOSED_STAGES:
                touches.append(
                    (
                        day,
                        None,
                        "note",
                        c.CLOSING_NOTES[lang][to_stage],
                        (),
                        "",
                        None,
                        "graceful_exit" if to_stage == "let_go" else "",
                    )
                )
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
            title, channel = rng.choice(titles["routine"])
            add(-rng.randint(20, 150), title, channel, status="done")
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
        return c.Plan(
            created,
            situation,
            category,
            root,
            success,
            strategies,
            tuple(team),
            actions,
            checkin,
            "saved" if closed is not None else "",
            closed,
        )

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
