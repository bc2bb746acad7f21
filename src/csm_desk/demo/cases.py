"""The demo book's risk cases: one per at-risk episode in an account's moves, and for
some accounts an earlier episode, saved months ago, so the dashboard has a year of
history (saved in March, at risk again in October). Each account draws from its own
random stream, apart from the one that shapes its metrics, so the rest of the book is
the same with or without these."""

from __future__ import annotations

import random
from datetime import date, timedelta

from csm_desk.domain.vocab import CLOSED_STAGES, OPEN_STAGES

EARLIER_SHARE = 0.3
"""Share of eligible accounts that had an earlier, saved episode in the last year."""
_REASONS = (
    "usage_drop",
    "usage_drop",
    "champion_change",
    "product_gap",
    "support_issue",
    "competitive",
    "pricing",
    "other",
)
_LAG = (0, 1, 1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 21, 30)
"""Days from the start of trouble to its identification, as a team that is still learning finds them."""
_EXECUTIVE = {"enterprise": 0.5, "mid-market": 0.2, "smb": 0.05}
_NOTES = {
    "en": {
        "usage_drop": "usage dipped after a reorganisation",
        "champion_change": "champion moved to another team",
        "product_gap": "a missing report kept coming up",
        "support_issue": "tickets piling up, tone worsening",
        "competitive": "a competitor ran a pilot with them",
        "pricing": "asked to cut seats at renewal",
        "other": "quiet quarter, meetings skipped",
    },
    "pt-BR": {
        "usage_drop": "uso caiu depois de uma reestruturação",
        "champion_change": "campeão mudou de área",
        "product_gap": "um relatório que falta voltou à tona",
        "support_issue": "chamados acumulando, tom piorando",
        "competitive": "um concorrente fez um piloto com eles",
        "pricing": "pediram para cortar licenças",
        "other": "trimestre silencioso, reuniões canceladas",
    },
}


def earlier_episode(n: int, seed: int, draft, by_flags: bool) -> list[tuple[str, int, str, str]]:
    """Moves of a saved episode that ended before the account's current story began (often none)."""
    rng = random.Random(f"csm-desk-demo-cases:{seed}:{n}")
    now = draft.moves[-1][0] if draft.moves else ""
    eligible = (not draft.moves and not by_flags) or now in OPEN_STAGES
    if not eligible or rng.random() >= EARLIER_SHARE:
        return []
    begins = min((day for _s, day, _r, _n in draft.moves), default=0)
    latest_close = min(begins - 25, -15)
    earliest_open = max(-360, draft.contract + 45)
    if latest_close - 25 < earliest_open:
        return []
    closed = rng.randint(max(earliest_open + 25, -330), latest_close)
    opened = max(earliest_open, closed - rng.randint(25, 100))
    engaged = opened + rng.choice((0, 1, 1, 2, 2, 3, 5))
    reason = rng.choice(_REASONS)
    moves = [("identified", opened, "", _NOTES[draft.language][reason]), ("engaged", engaged, "", "")]
    if closed - engaged > 20:
        moves.append(("save_plan", engaged + rng.randint(3, 10), "", ""))
    return [*moves, ("saved", closed, reason, "")]


def case_rows(draft, since: date | None, today: date) -> list[tuple]:
    """(at_risk_since, opened_on, engaged_on, closed_on, outcome, reason, arr, segment, executive_involved, note)
    for every episode in the draft's moves; the open one starts at the account's ``at_risk_since``."""
    rng = random.Random(f"csm-desk-demo-case-facts:{draft.external_id}")
    day = lambda offset: None if offset is None else today + timedelta(days=offset)  # noqa: E731
    rows, current = [], None
    for stage, offset, reason, note in draft.moves:
        if stage in OPEN_STAGES and current is None:
            current = {"opened": offset, "engaged": None, "plan": False}
        if current is None:
            continue
        if stage == "engaged" and current["engaged"] is None:
            current["engaged"] = offset
        current["plan"] |= stage == "save_plan"
        if stage in CLOSED_STAGES:
            executive = (current["plan"] and draft.arr > 100_000) or rng.random() < _EXECUTIVE.get(draft.segment, 0.1)
            rows.append(
                (
                    day(current["opened"] - rng.choice(_LAG)),
                    day(current["opened"]),
                    day(current["engaged"]),
                    day(offset),
                    stage,
                    reason,
                    draft.arr,
                    draft.segment,
                    executive,
                    note,
                )
            )
            current = None
    if current is not None:
        rows.append(
            (
                since,
                day(current["opened"]),
                day(current["engaged"]),
                None,
                "",
                "",
                draft.arr,
                draft.segment,
                current["plan"] and draft.arr > 100_000,
                "",
            )
        )
    return rows
