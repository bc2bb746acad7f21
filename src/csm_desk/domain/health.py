"""Health (0-100) from activity, for sources that have no health score of their own.

health = 100 × (usage·u + adoption·a + support·s) / (usage + adoption + support),
each term over the inputs that are known only. With none known (or all weights 0)
health stays unknown: it is never invented.
  u = min(1, logins in the window / the account's usual logins)
  a = min(1, feature adoption % / adoption_full_pct)
  s = 1 − min(1, (SLA misses + escalations) / support_zero_at)
"""

from __future__ import annotations

from dataclasses import dataclass

from csm_desk.domain.setting import setting as _doc


@dataclass(frozen=True)
class HealthFormula:
    """Weights of the health computed by imports of activity (usage, tickets)."""

    usage: float = _doc("weight of usage: logins against the account's own usual level (median of its snapshots)", 40.0)
    adoption: float = _doc("weight of feature adoption", 30.0)
    support: float = _doc("weight of support: SLA misses and escalations in the window", 30.0)
    adoption_full_pct: float = _doc("feature adoption % that earns the whole adoption weight", 50.0)
    support_zero_at: int = _doc("SLA misses plus escalations in the window that lose the whole support weight", 3)


def health_score(
    formula: HealthFormula,
    logins: float | None,
    usual_logins: float | None,
    adoption_pct: float | None,
    support_events: int | None,
) -> int | None:
    """The health of one snapshot, or None when nothing it depends on is known."""
    terms: list[tuple[float, float]] = []
    if logins is not None:
        terms.append((formula.usage, min(1.0, logins / usual_logins) if usual_logins else 0.0))
    if adoption_pct is not None and formula.adoption_full_pct > 0:
        terms.append((formula.adoption, min(1.0, adoption_pct / formula.adoption_full_pct)))
    if support_events is not None:
        zero_at = max(1, formula.support_zero_at)
        terms.append((formula.support, 1.0 - min(1.0, support_events / zero_at)))
    weight = sum(w for w, _ in terms)
    if weight <= 0:
        return None
    return round(100 * sum(w * v for w, v in terms) / weight)


def usual_level(values: list[float]) -> float | None:
    """The median of the non-zero values: an account's usual usage, which a quiet month does not drag down."""
    nonzero = sorted(v for v in values if v > 0)
    if not nonzero:
        return None
    mid = len(nonzero) // 2
    return nonzero[mid] if len(nonzero) % 2 else (nonzero[mid - 1] + nonzero[mid]) / 2
