"""The hand-written story accounts of ``demo.content`` as drafts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from csm_desk.demo.model import PREFIX, Draft, email_of, nearest, on_day, phone_of, slug, snapshots
from csm_desk.domain.facts import SignalFact


def _story_days(last: int) -> list[int]:
    """Weekly for the last five weeks, fortnightly before: about seven months."""
    recent = [last - 7 * k for k in range(6)]
    older = [last - 35 - 14 * k for k in range(1, 13)]
    return sorted(recent + older)


def story_draft(s, n: int, seed: int, today: date) -> Draft:
    """A hand-written story account as a draft."""
    rng = random.Random(f"csm-desk-demo:{seed}:{n}")
    days = _story_days(s.last)
    nps = {nearest(days, day): value for day, value in s.nps}
    history = snapshots(today, days, (s.health, s.logins, s.users, s.adoption, s.sla), nps, s.benchmark, rng, -45)
    signals = [
        SignalFact(g.kind, today + timedelta(days=g.day), on_day(today, g.resolved), g.quote or None)
        for g in sorted(s.signals, key=lambda g: g.day)
    ]
    domain = slug(" ".join(s.name.split()[:2])) + ".example"
    return Draft(
        external_id=f"{PREFIX}{n:04d}",
        name=s.name,
        language=s.language,
        segment=s.segment,
        industry=s.industry,
        arr=float(s.arr),
        strategic=s.strategic,
        owner=s.owner,
        contract=s.contract,
        renewal=s.renewal,
        renewed=s.renewed,
        expanded=s.expanded,
        history=history,
        signals=signals,
        contacts=[
            (p.name, p.title, p.role, email_of(p.name, domain), phone_of(rng, s.language), p.status) for p in s.contacts
        ],
        touches=[(t.day, t.hour, t.channel, t.summary, t.quotes, t.speaker, t.minutes, t.script) for t in s.touches],
        todos=[(t.day, t.hour, t.title, t.channel, t.status, "manual", "", t.outcome, t.snoozed) for t in s.todos],
        moves=[(m.stage, m.day, m.reason, m.note) for m in s.moves],
        plan=s.plan,
    )
