"""Save team, strategies, anti-patterns and the walk-away check (DOMAIN §6), at their boundaries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.saving import (
    ANTI_PATTERNS,
    ROLES,
    STRATEGIES,
    WALK_AWAY,
    WALK_AWAY_SIGNS,
    TeamFacts,
    anti_pattern_hits,
    money_signs,
    strategy_problems,
    suggest_team,
    walk_away_check,
)


def roles(facts: TeamFacts, **kw) -> dict[str, str]:
    return {m.role: m.reason for m in suggest_team(facts, **kw)}


def test_csm_and_manager_are_always_on_the_team_and_the_csm_is_named():
    team = suggest_team(TeamFacts(), owner="Ana")
    assert [(m.role, m.name) for m in team] == [("csm", "Ana"), ("cs_manager", "")]
    assert all(m.reason for m in team)


@pytest.mark.parametrize(("arr", "expected"), [(None, False), (99_999.0, False), (100_000.0, False), (100_001.0, True)])
def test_executive_sponsor_above_100k_arr_only(arr, expected):
    got = roles(TeamFacts(arr=arr))
    assert ("executive_sponsor" in got) is expected
    if expected:
        assert got["executive_sponsor"] == "ARR above 100,000"


def test_executive_sponsor_threshold_is_a_parameter():
    assert "executive_sponsor" in roles(TeamFacts(arr=60_000.0), arr_above=50_000)
    assert "executive_sponsor" not in roles(TeamFacts(arr=50_000.0), arr_above=50_000)


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        (TeamFacts(strategic=True), "Strategic account"),
        (TeamFacts(escalation_asked=True), "The customer asked for an escalation"),
        (TeamFacts(contract_negotiation=True), "Contract negotiation"),
    ],
)
def test_executive_sponsor_for_strategic_escalation_or_negotiation(facts, reason):
    assert roles(facts)["executive_sponsor"] == reason


def test_one_reason_per_role_joins_every_trigger():
    got = roles(TeamFacts(arr=250_000.0, strategic=True, escalation_asked=True))
    assert got["executive_sponsor"] == "ARR above 100,000; strategic account; the customer asked for an escalation"


def test_product_gap_brings_the_product_manager():
    assert roles(TeamFacts(root_cause_category="product_gap"))["product_manager"] == "Product gap is the root cause"
    assert "product_manager" not in roles(TeamFacts(root_cause_category="usage_drop"))


@pytest.mark.parametrize(
    ("flag", "reason"),
    [
        ("sla_misses", "SLA misses"),
        ("escalations_rising", "Escalations rising"),
        ("unresolved_complaints", "Unresolved complaints piling up"),
    ],
)
def test_support_trouble_brings_the_support_engineer(flag, reason):
    assert roles(TeamFacts(red_flags=(flag, "health_low")))["support_engineer"] == reason


def test_support_engineer_not_for_unrelated_flags():
    assert "support_engineer" not in roles(TeamFacts(red_flags=("health_low", "nps_low", "ticket_tone")))


@pytest.mark.parametrize(
    ("flag", "reason"), [("integration_broken", "Integration broken"), ("data_stopped", "Data stopped arriving")]
)
def test_technical_trouble_brings_the_solutions_engineer(flag, reason):
    assert roles(TeamFacts(red_flags=(flag,)))["solutions_engineer"] == reason


def test_pricing_brings_finance_and_the_account_executive():
    got = roles(TeamFacts(root_cause_category="pricing"))
    assert got["finance"] == got["account_executive"] == "Pricing is the root cause"
    got = roles(TeamFacts(strategies=("pricing_restructure",)))
    assert got["finance"] == "Pricing restructure on the table"


def test_expansion_and_renegotiation_bring_the_account_executive():
    assert roles(TeamFacts(expansion=True))["account_executive"] == "Expansion opportunity"
    got = roles(TeamFacts(contract_negotiation=True))
    assert got["account_executive"] == "Contract renegotiation"
    assert "finance" not in got


def test_team_comes_in_role_order():
    team = suggest_team(
        TeamFacts(arr=200_000.0, root_cause_category="pricing", red_flags=("sla_misses", "data_stopped"))
    )
    assert [m.role for m in team] == [r for r in ROLES if r in {m.role for m in team}]


@given(
    arr=st.one_of(st.none(), st.floats(0, 5_000_000, allow_nan=False)),
    strategic=st.booleans(),
    flags=st.lists(st.sampled_from(["sla_misses", "data_stopped", "health_low", "integration_broken"])),
    category=st.sampled_from(["", "pricing", "product_gap", "support_issue", "other"]),
)
def test_team_always_has_owner_and_manager_and_a_reason_for_everyone(arr, strategic, flags, category):
    team = suggest_team(TeamFacts(arr=arr, strategic=strategic, red_flags=tuple(flags), root_cause_category=category))
    assert {"csm", "cs_manager"} <= {m.role for m in team}
    assert all(m.reason.strip() and m.role in ROLES for m in team)
    bigger = suggest_team(
        TeamFacts(arr=(arr or 0) + 200_000, strategic=strategic, red_flags=tuple(flags), root_cause_category=category)
    )
    assert {m.role for m in team} <= {m.role for m in bigger}


def test_strategy_and_anti_pattern_rates_match_the_rules():
    assert {k: (v.low, v.high) for k, v in STRATEGIES.items()} == {
        "listening_tour": (45, 60),
        "quick_wins": (55, 65),
        "executive_alignment": (60, 70),
        "roadmap_sharing": (40, 55),
        "pricing_restructure": (35, 50),
    }
    assert {k: v.rate for k, v in ANTI_PATTERNS.items()} == {
        "panic_discount": "15-25%",
        "feature_promise": "10-20%",
        "blaming_customer": "0-5%",
        "more_meetings": "20-30%",
    }


@pytest.mark.parametrize(
    ("text", "anti"),
    [
        ("Offer a 20% discount to keep them", "panic_discount"),
        ("30 % off if they renew", "panic_discount"),
        ("Dar desconto na renovação", "panic_discount"),
        ("Tell them we will build the SSO connector", "feature_promise"),
        ("Promise the export in Q2", "feature_promise"),
        ("Explain that you didn't do the onboarding", "blaming_customer"),
        ("Set up weekly check-ins", "more_meetings"),
        ("Daily stand-ups with their team", "more_meetings"),
    ],
)
def test_anti_patterns_are_spotted_in_the_words_of_the_plan(text, anti):
    assert anti_pattern_hits([text]) == [(anti, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Weekly ticket review",
        "Ship the order-ID fix",
        "Restore the broken workflow",
        "Value review with ROI numbers",
        "Executive briefing for the new owner",
    ],
)
def test_ordinary_actions_raise_no_warning(text):
    assert anti_pattern_hits([text]) == []


def test_pricing_restructure_needs_a_condition_and_no_blocker():
    assert strategy_problems(["pricing_restructure"], "", [], "", {}) == [
        "Pricing restructure: say which condition applies (ROI vs price, oversold, finances changed)."
    ]
    assert strategy_problems(["pricing_restructure"], "oversold", [], "", {}) == []
    assert strategy_problems(["pricing_restructure"], "oversold", ["negotiating"], "", {}) == [
        "Pricing restructure is the wrong tool when: they are negotiating with you."
    ]
    assert strategy_problems(["listening_tour"], "", ["negotiating"], "", {}) == []


def test_roadmap_sharing_needs_what_and_a_real_date():
    assert len(strategy_problems(["roadmap_sharing"], "", [], "", {"dev": None, "beta": None})) == 2
    assert strategy_problems(["roadmap_sharing"], "", [], "SSO", {"beta": None}) == [
        "Roadmap sharing: give at least one real date (development start, beta or release)."
    ]
    assert strategy_problems(["roadmap_sharing"], "", [], "SSO", {"ga": "2027-09-01"}) == []
    assert strategy_problems(["nope"], "", [], "", {}) == ["Unknown strategy 'nope'."]


def test_walk_away_has_four_conditions_and_holds_when_any_sign_is_ticked():
    assert [c.id for c in WALK_AWAY] == ["toxic", "no_fit", "losing_money", "wont_engage"]
    assert walk_away_check([]) == []
    assert [c.id for c in walk_away_check(["wont_engage.leaving"])] == ["wont_engage"]
    assert [c.id for c in walk_away_check(["no_fit.competitor", "toxic.terms", "no_fit.direction"])] == [
        "toxic",
        "no_fit",
    ]
    assert walk_away_check(["unknown.sign"]) == []
    assert len(WALK_AWAY_SIGNS) == sum(len(c.signs) for c in WALK_AWAY)


@pytest.mark.parametrize(
    ("arr", "cost", "cac", "ltv", "expected"),
    [
        (10_000, 10_000, None, None, []),
        (10_000, 10_001, None, None, ["losing_money.cost"]),
        (None, 10_001, None, None, []),
        (None, None, 3_000, 1_000, []),
        (None, None, 3_001, 1_000, ["losing_money.cac"]),
    ],
)
def test_money_signs_at_their_boundaries(arr, cost, cac, ltv, expected):
    assert money_signs(arr, cost, cac, ltv) == expected


def test_saving_modules_stay_pure():
    code = "import csm_desk.domain.saving, csm_desk.domain.save_plan, json, sys; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    modules = json.loads(out.splitlines()[-1])
    assert [m for m in modules if m.split(".")[0] in ("textual", "sqlmodel", "sqlalchemy")] == []
