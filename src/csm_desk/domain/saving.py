"""Saving an account (DOMAIN §6): strategies and their typical save rates, the
anti-patterns to warn about, the save team and why each role is on it, and the
walk-away check."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Approach:
    """A way to try to save an account, with the save rate it typically reaches (percent)."""

    id: str
    label: str
    low: int
    high: int
    note: str

    @property
    def rate(self) -> str:
        return f"{self.low}-{self.high}%"


STRATEGIES: dict[str, Approach] = {
    a.id: a
    for a in (
        Approach(
            "listening_tour",
            "Listening tour",
            45,
            60,
            "Ask, don't sell or defend; take their words down verbatim and read them back.",
        ),
        Approach(
            "quick_wins",
            "Quick wins in 7 days",
            55,
            65,
            "Deliver something they feel within a week: an old ticket solved, a pending integration, a report.",
        ),
        Approach(
            "executive_alignment",
            "Executive alignment",
            60,
            70,
            "Your VP calls theirs to listen and understand, not to sell.",
        ),
        Approach(
            "roadmap_sharing",
            "Roadmap sharing",
            40,
            55,
            "Only for something really on the roadmap, and only with concrete dates.",
        ),
        Approach(
            "pricing_restructure",
            "Pricing restructure",
            35,
            50,
            "Only when price and value are out of line, they were oversold, or their finances changed.",
        ),
    )
}

ANTI_PATTERNS: dict[str, Approach] = {
    a.id: a
    for a in (
        Approach(
            "panic_discount",
            "Panic discount",
            15,
            25,
            "A last-minute discount tells them they were overpaying, and the next renewal squeezes harder.",
        ),
        Approach(
            "feature_promise",
            "Empty feature promise",
            10,
            20,
            "Never promise a feature without product, engineering and an executive behind it.",
        ),
        Approach(
            "blaming_customer", "Blaming the customer", 0, 5, "Even when it is true, it has never saved an account."
        ),
        Approach("more_meetings", "More meetings", 20, 30, "Meetings create no value; solving their problem does."),
    )
}

# Words that give an anti-pattern away in an action or a plan (lower case, en and pt-BR).
_TELLS: dict[str, tuple[str, ...]] = {
    "panic_discount": (r"\bdiscount", r"\d+\s*% off\b", r"\bdesconto", r"\bprice cut\b"),
    "feature_promise": (r"\bwe('ll| will) build\b", r"\bpromise\b", r"\bvamos construir\b", r"\bprometer\b"),
    "blaming_customer": (r"\byour fault\b", r"\byou (didn't|did not|never)\b", r"\bif you had\b", r"\bculpa\b"),
    "more_meetings": (
        r"\bweekly (check-?ins?|meetings?|syncs?|calls?)\b",
        r"\bmore meetings\b",
        r"\bdaily (check-?ins?|stand-?ups?)\b",
        r"\breuni(ão|ões) semana(l|is)\b",
    ),
}

PRICING_CONDITIONS: dict[str, str] = {
    "roi_mismatch": "The real ROI does not match the price",
    "oversold": "They were oversold or the contract is the wrong size",
    "finances_changed": "Their finances changed (layoffs, budget cuts)",
}
PRICING_BLOCKERS: dict[str, str] = {
    "no_value": "They simply see no value",
    "negotiating": "They are negotiating with you",
}

ROLES: dict[str, str] = {
    "csm": "CSM (owner)",
    "cs_manager": "CS manager / VP CS",
    "account_executive": "Account executive",
    "product_manager": "Product manager",
    "solutions_engineer": "Solutions engineer",
    "support_engineer": "Support engineer",
    "executive_sponsor": "Executive sponsor",
    "finance": "Finance",
}

# Flags that mean support is the problem, and flags that mean something technical broke.
SUPPORT_FLAGS: dict[str, str] = {
    "sla_misses": "SLA misses",
    "escalations_rising": "escalations rising",
    "unresolved_complaints": "unresolved complaints piling up",
}
TECHNICAL_FLAGS: dict[str, str] = {
    "integration_broken": "integration broken",
    "data_stopped": "data stopped arriving",
}

EXECUTIVE_ARR_ABOVE = 100_000.0


@dataclass(frozen=True)
class SaveTeamRules:
    """Who the save team suggests."""

    executive_arr_above: float = field(
        default=EXECUTIVE_ARR_ABOVE,
        metadata={"doc": "an executive sponsor is suggested for accounts with ARR above this"},
    )


@dataclass(frozen=True, slots=True)
class TeamFacts:
    """What the save team is suggested from: the account, the root cause and the plan."""

    arr: float | None = None
    strategic: bool = False
    root_cause_category: str = ""
    red_flags: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    escalation_asked: bool = False
    contract_negotiation: bool = False
    expansion: bool = False


@dataclass(frozen=True, slots=True)
class TeamMember:
    """A role on the save team, who fills it, and why the role is there."""

    role: str
    name: str = ""
    reason: str = ""


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _executive_reasons(f: TeamFacts, arr_above: float) -> list[str]:
    out = []
    if f.arr is not None and f.arr > arr_above:
        out.append(f"ARR above {_money(arr_above)}")
    if f.strategic:
        out.append("strategic account")
    if f.escalation_asked:
        out.append("the customer asked for an escalation")
    if f.contract_negotiation:
        out.append("contract negotiation")
    return out


def _role_reasons(f: TeamFacts, arr_above: float) -> dict[str, list[str]]:
    flags = set(f.red_flags)
    pricing = f.root_cause_category == "pricing" or "pricing_restructure" in f.strategies
    pricing_reason = (
        "pricing is the root cause" if f.root_cause_category == "pricing" else "pricing restructure on the table"
    )
    reasons: dict[str, list[str]] = {
        "csm": ["owns the account and the plan"],
        "cs_manager": ["always on the save team"],
        "account_executive": [],
        "product_manager": [],
        "solutions_engineer": [],
        "support_engineer": [],
        "executive_sponsor": _executive_reasons(f, arr_above),
        "finance": [],
    }
    if pricing:
        reasons["account_executive"].append(pricing_reason)
        reasons["finance"].append(pricing_reason)
    if f.expansion:
        reasons["account_executive"].append("expansion opportunity")
    if f.contract_negotiation:
        reasons["account_executive"].append("contract renegotiation")
    if f.root_cause_category == "product_gap":
        reasons["product_manager"].append("product gap is the root cause")
    reasons["support_engineer"].extend(label for flag, label in SUPPORT_FLAGS.items() if flag in flags)
    if f.root_cause_category == "support_issue":
        reasons["support_engineer"].append("support issue is the root cause")
    reasons["solutions_engineer"].extend(label for flag, label in TECHNICAL_FLAGS.items() if flag in flags)
    return reasons


def suggest_team(facts: TeamFacts, *, owner: str = "", arr_above: float = EXECUTIVE_ARR_ABOVE) -> list[TeamMember]:
    """The roles the save team needs, in ``ROLES`` order, each with one reason (its triggers joined)."""
    members = []
    for role, reasons in _role_reasons(facts, arr_above).items():
        if reasons:
            reason = "; ".join(reasons)
            members.append(TeamMember(role, owner if role == "csm" else "", reason[0].upper() + reason[1:]))
    return members


def anti_pattern_hits(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(anti-pattern id, the text that gives it away) for every text that reads like one."""
    hits = []
    for text in texts:
        low = text.casefold()
        for anti, tells in _TELLS.items():
            if any(re.search(tell, low) for tell in tells):
                hits.append((anti, text))
    return hits


def strategy_problems(
    strategies: Iterable[str],
    pricing_condition: str,
    pricing_blockers: Iterable[str],
    roadmap_feature: str,
    roadmap_dates: Mapping[str, object],
) -> list[str]:
    """What stops the chosen strategies from being used as the rules allow (empty: fine)."""
    chosen = list(strategies)
    problems = [f"Unknown strategy {s!r}." for s in chosen if s not in STRATEGIES]
    if "pricing_restructure" in chosen:
        if pricing_condition not in PRICING_CONDITIONS:
            problems.append(
                "Pricing restructure: say which condition applies (ROI vs price, oversold, finances changed)."
            )
        blockers = [PRICING_BLOCKERS[b] for b in pricing_blockers if b in PRICING_BLOCKERS]
        if blockers:
            problems.append(
                "Pricing restructure is the wrong tool when: " + "; ".join(b.lower() for b in blockers) + "."
            )
    if "roadmap_sharing" in chosen:
        if not roadmap_feature.strip():
            problems.append("Roadmap sharing: name what is on the roadmap.")
        if not any(roadmap_dates.values()):
            problems.append("Roadmap sharing: give at least one real date (development start, beta or release).")
    return problems


@dataclass(frozen=True, slots=True)
class WalkAwayCondition:
    """One reason to stop trying to save an account, with the signs that show it."""

    id: str
    label: str
    signs: tuple[tuple[str, str], ...]


WALK_AWAY: tuple[WalkAwayCondition, ...] = (
    WalkAwayCondition(
        "toxic",
        "Abusive or toxic",
        (
            ("toxic.yelling", "They yell at or abuse your team"),
            ("toxic.impossible", "They make impossible demands"),
            ("toxic.late_payment", "They do not pay on time"),
            ("toxic.terms", "They violate the terms of service"),
        ),
    ),
    WalkAwayCondition(
        "no_fit",
        "No product fit",
        (
            ("no_fit.never_build", "They need features you will never build"),
            ("no_fit.direction", "Their use case does not match where the product is going"),
            ("no_fit.competitor", "A competitor would serve them better"),
        ),
    ),
    WalkAwayCondition(
        "losing_money",
        "Losing money on the account",
        (
            ("losing_money.cost", "Cost to serve is above the ARR"),
            ("losing_money.support", "Support costs are unsustainable"),
            ("losing_money.cac", "CAC is more than 3x the LTV"),
        ),
    ),
    WalkAwayCondition(
        "wont_engage",
        "They won't engage",
        (
            ("wont_engage.meetings", "They do not attend meetings"),
            ("wont_engage.replies", "They do not answer outreach"),
            ("wont_engage.leaving", "They made it clear they are leaving"),
        ),
    ),
)
WALK_AWAY_SIGNS: dict[str, str] = {sid: label for c in WALK_AWAY for sid, label in c.signs}


def money_signs(
    arr: float | None, cost_to_serve: float | None = None, cac: float | None = None, ltv: float | None = None
) -> list[str]:
    """The losing-money signs that numbers prove: cost to serve > ARR, CAC > 3x LTV."""
    out = []
    if arr is not None and cost_to_serve is not None and cost_to_serve > arr:
        out.append("losing_money.cost")
    if cac is not None and ltv is not None and cac > 3 * ltv:
        out.append("losing_money.cac")
    return out


def walk_away_check(signs: Iterable[str]) -> list[WalkAwayCondition]:
    """The conditions that hold: a condition holds when any of its signs is ticked."""
    ticked = set(signs)
    return [c for c in WALK_AWAY if any(sid in ticked for sid, _ in c.signs)]
