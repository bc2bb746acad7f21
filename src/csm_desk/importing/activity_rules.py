"""The ``[aggregate]`` table of a mapping: how activity files become metrics, signals and cases.

These describe the source (its SLAs, how many features its product has, its churn
reason codes), so they live in the mapping, not in the user's config.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from csm_desk.domain.setting import setting as _doc
from csm_desk.domain.vocab import CLOSE_REASONS


@dataclass(frozen=True)
class AggregateRules:
    """How activity is summed up into snapshots (every window ends on a snapshot day)."""

    snapshots: int = _doc("metric snapshots per account, the latest on today", 13)
    snapshot_days: int = _doc("days between two snapshots", 30)
    usage_window_days: int = _doc("logins: usage counts summed over this many days before a snapshot", 30)
    adoption_window_days: int = _doc("adoption: distinct features used over this many days before a snapshot", 90)
    features_total: int = _doc("features the product has; 0 leaves feature adoption unknown", 0)
    sla_window_days: int = _doc("SLA misses are counted over this many days before a snapshot", 30)
    sla_first_response_minutes: dict[str, float] = _doc("priority -> minutes to first response; over it is a miss", {})
    sla_resolution_hours: dict[str, float] = _doc("priority -> hours to resolution; over it is a miss", {})
    escalations_signal_min: int = _doc("escalations within the window that raise escalations_rising (0: never)", 2)
    escalation_window_days: int = _doc("the window for escalations_rising, ending today", 30)
    reasons: dict[str, str] = _doc("source churn reason -> close reason id; anything else is 'other'", {})
    churned_stage: bool = _doc("an account with no subscription started since its last churn is put in 'churned'", True)


def parse_aggregate(raw: Any, where: str, error: type[Exception]) -> AggregateRules:
    """The ``[aggregate]`` table checked key by key."""
    if not isinstance(raw, dict):
        raise error(f"{where}: expected a table")
    base = AggregateRules()
    allowed = [f.name for f in fields(base)]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise error(f"{where}.{key}: unknown key (allowed: {', '.join(allowed)})")
        default = getattr(base, key)
        here = f"{where}.{key}"
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise error(f"{here}: expected true or false")
        elif isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise error(f"{here}: expected a whole number ≥ 0, got {value!r}")
        elif key == "reasons":
            value = _reasons(value, here, error)
        else:
            value = _per_priority(value, here, error)
        values[key] = value
    rules = AggregateRules(**{**{f.name: getattr(base, f.name) for f in fields(base)}, **values})
    if rules.snapshots < 1 or rules.snapshot_days < 1 or rules.usage_window_days < 1:
        raise error(f"{where}: snapshots, snapshot_days and usage_window_days must be at least 1")
    return rules


def _per_priority(value: Any, where: str, error: type[Exception]) -> dict[str, float]:
    ok = isinstance(value, dict) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in value.values()
    )
    if not ok:
        raise error(f"{where}: expected a table of priority = number, e.g. {{ urgent = 60, high = 240 }}")
    return {k.strip().casefold(): float(v) for k, v in value.items()}


def _reasons(value: Any, where: str, error: type[Exception]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise error(f"{where}: expected a table of source reason = close reason")
    for k, v in value.items():
        if v not in CLOSE_REASONS:
            raise error(f"{where}.{k}: expected one of {', '.join(CLOSE_REASONS)}, got {v!r}")
    return {k.strip().casefold(): v for k, v in value.items()}
