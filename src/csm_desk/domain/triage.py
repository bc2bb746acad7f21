"""Triage: tier, one reason per fired rule, an additive points table, the order (DOMAIN §4).

Hot path: ``triage`` runs over the whole book on every reload, so it compares plain
ints and floats and leaves the sentences and the points table to ``explain``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from csm_desk.domain.facts import TriageFacts
from csm_desk.domain.sentence import Amount, Sentence, Words, plain
from csm_desk.domain.setting import setting as _doc
from csm_desk.domain.vocab import STAGE_LABELS, TIER_RANK


@dataclass(frozen=True)
class TriageRules:
    """Where the tier rules draw their lines."""

    big_arr_above: float = _doc("big_or_strategic: ARR above this is a big account", 50_000.0)
    low_health_below: int = _doc("low_health_big: a big account with health below this needs saving now", 40)
    renewal_high_days: int = _doc("renewal_90: renewal within this many days (or past) is high tier", 90)
    renewal_medium_days: int = _doc("renewal_180: renewal within this many days is medium tier", 180)
    expansion_days: int = _doc("expanded_12m: an expansion this many days ago or less is high tier", 365)
    renewed_days: int = _doc("renewed_12m: a renewal this many days ago or less is medium tier", 365)
    trend_days: int = _doc("trend: at risk for this many days or more is a trend, not a blip", 30)
    mid_arr_from: float = _doc("mid_arr_mid_health: ARR from this…", 10_000.0)
    mid_arr_to: float = _doc("…up to this (inclusive)…", 50_000.0)
    mid_health_from: int = _doc("…with health from this…", 40)
    mid_health_to: int = _doc("…up to this (inclusive)", 60)


@dataclass(frozen=True)
class ScoreWeights:
    """The additive score inside a tier: each term is a 0..1 value times a coefficient."""

    arr: float = _doc("coefficient of ARR (value: ARR / arr_full, at most 1)", 3.0)
    arr_full: float = _doc("ARR at which the ARR term is full", 200_000.0)
    renewal: float = _doc("coefficient of renewal proximity (value: 1 at renewal, 0 a horizon away)", 3.0)
    renewal_horizon_days: int = _doc("days before renewal at which proximity starts to count", 365)
    health: float = _doc("coefficient of health deficit (value: (100 - health) / 100; unknown health counts 0)", 2.0)
    flags: float = _doc("coefficient of red flags (value: flags / flags_full, at most 1)", 2.0)
    flags_full: int = _doc("number of red flags at which the flags term is full", 5)
    not_engaged: float = _doc("coefficient of 'identified but not engaged for over 48 h' (value 0 or 1)", 1.5)
    not_engaged_days: int = _doc("days in identified before the not-engaged term counts (48 h = 2 days)", 2)
    overdue: float = _doc("coefficient of an overdue follow-up (value: days overdue / overdue_full_days)", 1.0)
    overdue_full_days: int = _doc("days overdue at which the overdue term is full", 14)
    no_contact: float = _doc("coefficient of days since last contact (never contacted counts full)", 1.0)
    no_contact_full_days: int = _doc("days without contact at which the term is full", 60)


@dataclass(frozen=True, slots=True)
class Triaged:
    """One account's place: its tier, the rules that fired, its score."""

    facts: TriageFacts
    tier: str
    rules: tuple[str, ...]
    score: float

    @property
    def sort_key(self) -> tuple[int, float, float, str, int]:
        arr = self.facts.arr or 0.0
        return (TIER_RANK[self.tier], -self.score, -arr, self.facts.name.casefold(), self.facts.id)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an account sits in its tier: one fired rule (or ``low``) and its sentence."""

    rule: str
    sentence: Sentence

    @property
    def text(self) -> str:
        return plain(self.sentence)


@dataclass(frozen=True, slots=True)
class PointRow:
    """One line of the points table."""

    term: str
    label: str
    value: float
    coefficient: float
    because: Sentence

    @property
    def points(self) -> float:
        return self.value * self.coefficient

    @property
    def detail(self) -> str:
        """The "because" column in words."""
        return plain(self.because)

    @property
    def from_money(self) -> bool:
        """The value is a sum of money scaled (ARR / arr_full): with the weights known, it gives the sum away."""
        return self.term in MONEY_TERMS


HIGH_RULES = ("renewal_90", "big_or_strategic", "expanded_12m", "champion_gone", "low_health_big")
MEDIUM_RULES = ("renewed_12m", "trend", "mid_arr_mid_health", "renewal_180")


def fired_rules(f: TriageFacts, today: date, r: TriageRules) -> tuple[str, ...]:
    """Ids of the tier rules that fire for ``f``, high-tier rules first."""
    fired: list[str] = []
    arr = f.arr
    health = f.health
    renewal_days = (f.renewal_date - today).days if f.renewal_date is not None else None
    if renewal_days is not None and renewal_days <= r.renewal_high_days:
        fired.append("renewal_90")
    big = arr is not None and arr > r.big_arr_above
    if big or f.strategic:
        fired.append("big_or_strategic")
    if f.last_expansion is not None and 0 <= (today - f.last_expansion).days <= r.expansion_days:
        fired.append("expanded_12m")
    if f.champion_left and not f.has_active_champion:
        fired.append("champion_gone")
    if big and health is not None and health < r.low_health_below:
        fired.append("low_health_big")
    if f.last_renewal is not None and 0 <= (today - f.last_renewal).days <= r.renewed_days:
        fired.append("renewed_12m")
    if f.at_risk_since is not None and (today - f.at_risk_since).days >= r.trend_days:
        fired.append("trend")
    if (
        arr is not None
        and health is not None
        and r.mid_arr_from <= arr <= r.mid_arr_to
        and r.mid_health_from <= health <= r.mid_health_to
    ):
        fired.append("mid_arr_mid_health")
    if renewal_days is not None and r.renewal_high_days < renewal_days <= r.renewal_medium_days:
        fired.append("renewal_180")
    return tuple(fired)


def tier_of(rules: tuple[str, ...]) -> str:
    for rule in rules:
        if rule in HIGH_RULES:
            return "high"
    return "medium" if rules else "low"


def score_terms(f: TriageFacts, today: date, w: ScoreWeights) -> tuple[tuple[str, float, float], ...]:
    """(term, value 0..1, coefficient) for every term of the score."""
    arr_v = min(max(f.arr or 0.0, 0.0) / w.arr_full, 1.0) if w.arr_full > 0 else 0.0
    if f.renewal_date is None:
        ren_v = 0.0
    else:
        days = (f.renewal_date - today).days
        ren_v = (
            1.0 if days <= 0 else max(0.0, 1.0 - days / w.renewal_horizon_days) if w.renewal_horizon_days > 0 else 0.0
        )
    health_v = 0.0 if f.health is None else (100 - min(max(f.health, 0), 100)) / 100.0
    flags_v = min(len(f.red_flags) / w.flags_full, 1.0) if w.flags_full > 0 else 0.0
    ne_v = 0.0
    if f.stage == "identified" and f.identified_on is not None and f.engaged_on is None:
        ne_v = 1.0 if (today - f.identified_on).days > w.not_engaged_days else 0.0
    od_v = 0.0
    if f.next_due is not None and f.next_due < today:
        od_v = min((today - f.next_due).days / w.overdue_full_days, 1.0) if w.overdue_full_days > 0 else 1.0
    if f.last_contact is None:
        nc_v = 1.0
    else:
        silent = max((today - f.last_contact).days, 0)
        # A zero "full" setting (allowed by the config) means any delay counts in full.
        nc_v = min(silent / w.no_contact_full_days, 1.0) if w.no_contact_full_days > 0 else float(silent > 0)
    return (
        ("arr", arr_v, w.arr),
        ("renewal", ren_v, w.renewal),
        ("health", health_v, w.health),
        ("flags", flags_v, w.flags),
        ("not_engaged", ne_v, w.not_engaged),
        ("overdue", od_v, w.overdue),
        ("no_contact", nc_v, w.no_contact),
    )


def triage_one(f: TriageFacts, today: date, r: TriageRules, w: ScoreWeights) -> Triaged:
    rules = fired_rules(f, today, r)
    score = 0.0
    for _term, value, coefficient in score_terms(f, today, w):
        score += value * coefficient
    return Triaged(f, tier_of(rules), rules, round(score, 6))


# Bit i of a rule mask stands for RULE_BITS[i]: the high rules are the low five bits.
RULE_BITS = HIGH_RULES + MEDIUM_RULES
_HIGH_MASK = (1 << len(HIGH_RULES)) - 1
_BY_MASK: dict[int, tuple[tuple[str, ...], str]] = {}


def _rules_of(mask: int) -> tuple[tuple[str, ...], str]:
    """(fired rule ids in RULE_BITS order, tier) for a rule mask; one shared tuple per mask."""
    got = _BY_MASK.get(mask)
    if got is None:
        rules = tuple(rule for i, rule in enumerate(RULE_BITS) if mask >> i & 1)
        got = _BY_MASK[mask] = (rules, "high" if mask & _HIGH_MASK else "medium" if mask else "low")
    return got


# (-score, -ARR, name folded, id, input position): how triage orders accounts inside a tier.
_TierKey = tuple[float, float, str, int, int]


def triage(facts: Iterable[TriageFacts], today: date, r: TriageRules, w: ScoreWeights) -> list[Triaged]:
    """Every account triaged and in queue order: tier, then score, then ARR, then name.

    The same rules as ``fired_rules`` and ``score_terms`` (a property test holds them
    equal), inlined: the whole book goes through here on every reload, and the calls,
    lists and tuples of the readable versions cost about a third more.
    """
    high_days, medium_days, big_above = r.renewal_high_days, r.renewal_medium_days, r.big_arr_above
    low_health, expansion_days, renewed_days, trend_days = (
        r.low_health_below,
        r.expansion_days,
        r.renewed_days,
        r.trend_days,
    )
    mid_from, mid_to, mid_h_from, mid_h_to = r.mid_arr_from, r.mid_arr_to, r.mid_health_from, r.mid_health_to
    arr_full, horizon, flags_full = w.arr_full, w.renewal_horizon_days, w.flags_full
    not_engaged_days, overdue_full, no_contact_full = w.not_engaged_days, w.overdue_full_days, w.no_contact_full_days
    c_arr, c_renewal, c_health, c_flags = w.arr, w.renewal, w.health, w.flags
    c_not_engaged, c_overdue, c_no_contact = w.not_engaged, w.overdue, w.no_contact
    by_mask = _BY_MASK
    items: list[Triaged] = []
    # One list per tier; the sort keys hold no objects, so the collector can untrack them.
    tiers: tuple[list[_TierKey], list[_TierKey], list[_TierKey]] = ([], [], [])
    for i, f in enumerate(facts):
        arr, health, renewal = f.arr, f.health, f.renewal_date
        mask = 0
        if renewal is None:
            ren_v = 0.0
        else:
            renewal_days = (renewal - today).days
            if renewal_days <= high_days:
                mask = 1  # renewal_90
            elif renewal_days <= medium_days:
                mask = 256  # renewal_180
            ren_v = 1.0 if renewal_days <= 0 else max(0.0, 1.0 - renewal_days / horizon) if horizon > 0 else 0.0
        big = arr is not None and arr > big_above
        if big or f.strategic:
            mask |= 2  # big_or_strategic
        day = f.last_expansion
        if day is not None and 0 <= (today - day).days <= expansion_days:
            mask |= 4  # expanded_12m
        if f.champion_left and not f.has_active_champion:
            mask |= 8  # champion_gone
        if health is None:
            health_v = 0.0
        else:
            if big and health < low_health:
                mask |= 16  # low_health_big
            if arr is not None and mid_from <= arr <= mid_to and mid_h_from <= health <= mid_h_to:
                mask |= 128  # mid_arr_mid_health
            health_v = (100 - min(max(health, 0), 100)) / 100.0
        day = f.last_renewal
        if day is not None and 0 <= (today - day).days <= renewed_days:
            mask |= 32  # renewed_12m
        day = f.at_risk_since
        if day is not None and (today - day).days >= trend_days:
            mask |= 64  # trend

        arr_v = min(max(arr or 0.0, 0.0) / arr_full, 1.0) if arr_full > 0 else 0.0
        flags_v = min(len(f.red_flags) / flags_full, 1.0) if flags_full > 0 else 0.0
        ne_v = 0.0
        day = f.identified_on
        if day is not None and f.stage == "identified" and f.engaged_on is None:
            ne_v = 1.0 if (today - day).days > not_engaged_days else 0.0
        od_v = 0.0
        day = f.next_due
        if day is not None and day < today:
            od_v = min((today - day).days / overdue_full, 1.0) if overdue_full > 0 else 1.0
        day = f.last_contact
        if day is None:
            nc_v = 1.0
        else:
            silent = max((today - day).days, 0)
            nc_v = min(silent / no_contact_full, 1.0) if no_contact_full > 0 else float(silent > 0)
        # Summed in the order of score_terms, so the float result is the same to the bit.
        score = round(
            0.0
            + arr_v * c_arr
            + ren_v * c_renewal
            + health_v * c_health
            + flags_v * c_flags
            + ne_v * c_not_engaged
            + od_v * c_overdue
            + nc_v * c_no_contact,
            6,
        )
        rules, tier = by_mask.get(mask) or _rules_of(mask)
        items.append(Triaged(f, tier, rules, score))
        # The input position breaks exact ties, as a stable sort on sort_key would.
        tiers[TIER_RANK[tier]].append((-score, -(arr or 0.0), f.name.casefold(), f.id, i))
    out: list[Triaged] = []
    for keys in tiers:
        keys.sort()
        out += [items[k[4]] for k in keys]
    return out


MONEY_TERMS = frozenset({"arr"})
"""Score terms whose value is computed from a sum of money."""

TERM_LABELS = {
    "arr": "ARR",
    "renewal": "Renewal",
    "health": "Health deficit",
    "flags": "Red flags",
    "not_engaged": "Not engaged",
    "overdue": "Overdue",
    "no_contact": "No contact",
}


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def points_table(f: TriageFacts, today: date, w: ScoreWeights) -> list[PointRow]:
    """The score as a table a CSM can check by hand."""
    details: dict[str, Sentence | str] = {
        "arr": (Amount(f.arr),),
        "renewal": "no renewal date" if f.renewal_date is None else _renewal_phrase((f.renewal_date - today).days),
        "health": "unknown" if f.health is None else f"health {f.health}",
        "flags": f"{len(f.red_flags)} active",
        "not_engaged": "no"
        if f.identified_on is None
        else f"identified {f.identified_on.isoformat()}"
        + ("" if f.engaged_on is None else f", engaged {f.engaged_on.isoformat()}"),
        "overdue": "none"
        if f.next_due is None or f.next_due >= today
        else f"{_days((today - f.next_due).days)} overdue",
        "no_contact": "never contacted" if f.last_contact is None else f"{_days((today - f.last_contact).days)} ago",
    }
    return [
        # Exact values, so the rows add up to the score; rounding is for display only.
        PointRow(term, TERM_LABELS[term], value, coefficient, _sentence(details[term]))
        for term, value, coefficient in score_terms(f, today, w)
    ]


def _sentence(detail: Sentence | str) -> Sentence:
    return (detail,) if isinstance(detail, str) else detail


def _renewal_phrase(days: int) -> str:
    if days < 0:
        return f"renewal passed {_days(-days)} ago"
    if days == 0:
        return "renews today"
    return f"renews in {_days(days)}"


def reason_sentence(rule: str, f: TriageFacts, today: date, r: TriageRules) -> Sentence:
    """The sentence a CSM reads for one fired rule, its amounts apart from its words."""
    # A fired rule means the dates it reads are known.
    if rule == "renewal_90":
        assert f.renewal_date is not None
        days = (f.renewal_date - today).days
        if days < 0:
            return (f"Renewal date passed {_days(-days)} ago ({f.renewal_date.isoformat()}) and it is not closed.",)
        return (
            f"Renews in {_days(days)} ({f.renewal_date.isoformat()}): inside the {r.renewal_high_days}-day window.",
        )
    if rule == "big_or_strategic":
        if f.arr is not None and f.arr > r.big_arr_above:
            extra = " and marked strategic" if f.strategic else ""
            return ("ARR ", Amount(f.arr), " is above ", Amount(r.big_arr_above, "the threshold"), f"{extra}.")
        return ("Marked as a strategic account.",)
    if rule == "expanded_12m":
        assert f.last_expansion is not None
        return (
            f"Expanded {_days((today - f.last_expansion).days)} ago ({f.last_expansion.isoformat()}): a recent upsell at risk.",
        )
    if rule == "champion_gone":
        return ("The champion left and nobody has taken their place.",)
    if rule == "low_health_big":
        return ("Big account (ARR ", Amount(f.arr), f") with health {f.health}, below {r.low_health_below}: save now.")
    if rule == "renewed_12m":
        assert f.last_renewal is not None
        return (f"Renewed {_days((today - f.last_renewal).days)} ago ({f.last_renewal.isoformat()}).",)
    if rule == "trend":
        assert f.at_risk_since is not None
        return (
            f"At risk for {_days((today - f.at_risk_since).days)} (since {f.at_risk_since.isoformat()}): a trend, not a blip.",
        )
    if rule == "mid_arr_mid_health":
        return ("Mid-size account (ARR ", Amount(f.arr), f") with middling health {f.health}.")
    if rule == "renewal_180":
        assert f.renewal_date is not None
        days = (f.renewal_date - today).days
        return (
            f"Renews in {_days(days)} ({f.renewal_date.isoformat()}): inside the {r.renewal_medium_days}-day window.",
        )
    raise ValueError(f"unknown rule {rule!r}")


def reason_text(rule: str, f: TriageFacts, today: date, r: TriageRules) -> str:
    """The sentence a CSM reads for one fired rule."""
    return plain(reason_sentence(rule, f, today, r))


def low_tier_sentence(f: TriageFacts, today: date) -> Sentence:
    """Why an account sits in the low tier: no priority rule fired."""
    parts: list[Sentence] = []
    if f.arr is not None:
        parts.append(("ARR ", Amount(f.arr)))
    if f.renewal_date is not None:
        parts.append((_renewal_phrase((f.renewal_date - today).days),))
    if f.at_risk_since is not None:
        parts.append((f"at risk for {_days((today - f.at_risk_since).days)}",))
    if not parts:
        return ("No priority rule fired.",)
    out: list[str | Amount | Words] = ["No priority rule fired ("]
    for n, part in enumerate(parts):
        if n:
            out.append(", ")
        out.extend(part)
    out.append(").")
    return tuple(out)


def low_tier_text(f: TriageFacts, today: date) -> str:
    """Why an account sits in the low tier: no priority rule fired."""
    return plain(low_tier_sentence(f, today))


def reasons(t: Triaged, today: date, r: TriageRules) -> list[Reason]:
    """A reason for every fired rule, or one ``low`` reason when none fired, amounts kept apart; an
    account saved with red flags still active says so first."""
    out: list[Reason] = []
    if saved_still_flagged(t.facts):
        n = len(t.facts.red_flags)
        out.append(
            Reason(
                SAVED_STILL_FLAGGED,
                (
                    f"Closed as saved, but {n} red flag{'s are' if n != 1 else ' is'} still active: "
                    "it stays in the queue until they clear.",
                ),
            )
        )
    if not t.rules:
        return [*out, Reason("low", low_tier_sentence(t.facts, today))]
    return [*out, *(Reason(rule, reason_sentence(rule, t.facts, today, r)) for rule in t.rules)]


SAVED_STILL_FLAGGED = "saved_still_flagged"
"""The marker of an account closed as saved whose red flags have not cleared (it stays in the queue)."""


def saved_still_flagged(f: TriageFacts) -> bool:
    """Closed as saved, yet still at risk by its red flags: kept in the queue, marked, until they clear."""
    return f.stage == "saved" and bool(f.red_flags)


def stage_text(f: TriageFacts) -> str:
    """The stage as the queue shows it; a save whose flags have not cleared says so."""
    if saved_still_flagged(f):
        return f"saved ⚑{len(f.red_flags)}"
    return STAGE_LABELS.get(f.stage, f.stage)


def explain(t: Triaged, today: date, r: TriageRules) -> list[tuple[str, str]]:
    """(rule, sentence) for every fired rule, or one ('low', …) line when none fired; an account
    saved with red flags still active says so first."""
    return [(reason.rule, reason.text) for reason in reasons(t, today, r)]
