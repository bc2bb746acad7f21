"""Properties of triage that must hold for any book (hypothesis)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm_desk.domain.facts import TriageFacts
from csm_desk.domain.triage import ScoreWeights, TriageRules, points_table, triage, triage_one

T = date(2026, 11, 23)
R = TriageRules()
W = ScoreWeights()

FLAG_IDS = ("health_low", "sla_misses", "nps_low", "champion_left", "competitor_mentioned", "logins_drop")
STAGES = ("", "identified", "engaged", "save_plan", "monitoring", "saved")

# Boundaries of the rules are over-represented: that is where ordering bugs hide.
arrs = st.one_of(
    st.none(),
    st.sampled_from([0.0, 9_999.0, 10_000.0, 25_000.0, 50_000.0, 50_001.0, 200_000.0]),
    st.floats(min_value=0, max_value=2_000_000, allow_nan=False),
)
healths = st.one_of(st.none(), st.sampled_from([39, 40, 60, 61]), st.integers(0, 100))


def day(lo: int = -800, hi: int = 800):
    return st.one_of(st.none(), st.integers(lo, hi).map(lambda n: T + timedelta(days=n)))


@st.composite
def one_fact(draw, ident: int) -> TriageFacts:
    return TriageFacts(
        id=ident,
        # A tiny alphabet makes equal (and case-equal) names likely.
        name=draw(st.text(alphabet="aAbB", min_size=0, max_size=3)),
        arr=draw(arrs),
        strategic=draw(st.booleans()),
        health=draw(healths),
        renewal_date=draw(day()),
        last_expansion=draw(day(-800, 0)),
        last_renewal=draw(day(-800, 0)),
        champion_left=draw(st.booleans()),
        has_active_champion=draw(st.booleans()),
        red_flags=tuple(draw(st.lists(st.sampled_from(FLAG_IDS), max_size=7))),
        at_risk_since=draw(day(-200, 0)),
        stage=draw(st.sampled_from(STAGES)),
        identified_on=draw(day(-60, 0)),
        engaged_on=draw(day(-60, 0)),
        next_due=draw(day(-60, 60)),
        last_contact=draw(day(-200, 0)),
        logins_30d=draw(st.one_of(st.none(), st.integers(0, 3))),
    )


@st.composite
def books(draw, min_size: int = 1, max_size: int = 15) -> list[TriageFacts]:
    n = draw(st.integers(min_size, max_size))
    return [draw(one_fact(i + 1)) for i in range(n)]


whole_days = st.integers(0, 400)
coefficients = st.floats(min_value=0, max_value=10, allow_nan=False)
weights = st.builds(
    ScoreWeights,
    arr=coefficients,
    arr_full=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    renewal=coefficients,
    renewal_horizon_days=whole_days,
    health=coefficients,
    flags=coefficients,
    flags_full=st.integers(0, 10),
    not_engaged=coefficients,
    not_engaged_days=whole_days,
    overdue=coefficients,
    overdue_full_days=whole_days,
    no_contact=coefficients,
    no_contact_full_days=whole_days,
)

money = st.sampled_from([0.0, 10_000.0, 50_000.0, 75_000.0]) | st.floats(
    min_value=0, max_value=300_000, allow_nan=False
)
health_lines = st.integers(0, 100)
# Any rules at all (the config allows them): used where a property must hold whatever they are.
tier_rules = st.builds(
    TriageRules,
    big_arr_above=money,
    low_health_below=health_lines,
    renewal_high_days=whole_days,
    renewal_medium_days=whole_days,
    expansion_days=whole_days,
    renewed_days=whole_days,
    trend_days=whole_days,
    mid_arr_from=money,
    mid_arr_to=money,
    mid_health_from=health_lines,
    mid_health_to=health_lines,
)

COEFFICIENTS = ("arr", "renewal", "health", "flags", "not_engaged", "overdue", "no_contact")


def _ids(book, w=W) -> list[int]:
    return [t.facts.id for t in triage(book, T, R, w)]


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(book=books(), data=st.data())
def test_raising_only_arr_never_moves_an_account_down_the_queue(book, data):
    i = data.draw(st.integers(0, len(book) - 1))
    raise_by = data.draw(st.one_of(st.floats(min_value=0.01, max_value=500_000, allow_nan=False), st.just(1.0)))
    target = book[i]
    before = _ids(book).index(target.id)
    raised = replace(target, arr=(target.arr or 0.0) + raise_by)
    after = _ids([*book[:i], raised, *book[i + 1 :]]).index(target.id)
    assert after <= before


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(f=one_fact(1), w=weights)
def test_score_is_non_negative_and_bounded_by_the_coefficients(f, w):
    score = triage_one(f, T, R, w).score
    assert 0.0 <= score <= sum(getattr(w, c) for c in COEFFICIENTS) + 1e-6
    rows = points_table(f, T, w)
    assert all(0.0 <= r.value <= 1.0 for r in rows)
    assert abs(sum(r.points for r in rows) - score) <= 1e-5


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(book=books(), order=st.randoms(use_true_random=False))
def test_triage_order_is_total_and_independent_of_input_order(book, order):
    shuffled = list(book)
    order.shuffle(shuffled)
    assert _ids(shuffled) == _ids(book)
    keys = [t.sort_key for t in triage(book, T, R, W)]
    assert len(set(keys)) == len(keys)  # no two accounts are ever "equal"


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(book=books(), r=st.one_of(st.just(R), tier_rules), w=st.one_of(st.just(W), weights))
def test_fast_triage_matches_the_readable_rules(book, r, w):
    # triage() inlines fired_rules and score_terms for speed; it must say exactly what they say.
    reference = sorted((triage_one(f, T, r, w) for f in book), key=lambda t: t.sort_key)
    assert triage(book, T, r, w) == reference


def test_strategy_covers_every_fact_field():
    # A new TriageFacts field must be added to the generator above; the order matters
    # too, because store.queries builds the facts positionally (it is the hot path).
    assert [f.name for f in fields(TriageFacts)] == [
        "id",
        "name",
        "arr",
        "strategic",
        "health",
        "renewal_date",
        "last_expansion",
        "last_renewal",
        "champion_left",
        "has_active_champion",
        "red_flags",
        "at_risk_since",
        "stage",
        "identified_on",
        "engaged_on",
        "next_due",
        "last_contact",
        "logins_30d",
    ]
