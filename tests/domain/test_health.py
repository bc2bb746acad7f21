"""The health formula for imported activity: boundaries, unknowns, and its range."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.health import HealthFormula, health_score, usual_level

F = HealthFormula()


def test_nothing_known_is_unknown_never_zero():
    assert health_score(F, None, None, None, None) is None
    assert health_score(HealthFormula(usage=0, adoption=0, support=0), 10, 10, 50, 0) is None


def test_each_term_alone_is_scaled_to_100():
    assert health_score(F, 10, 20, None, None) == 50
    assert health_score(F, None, None, 25.0, None) == 50
    assert health_score(F, None, None, None, 1) == 67


def test_boundaries_of_each_term():
    assert health_score(F, 20, 20, 50.0, 0) == 100  # at the usual level, full adoption, no misses
    assert health_score(F, 40, 20, 80.0, 0) == 100  # above the usual level earns no more
    assert health_score(F, 0, 20, 0.0, 3) == 0  # support_zero_at misses lose the whole support weight
    assert health_score(F, 0, None, None, None) == 0  # usage known but never any: no usage points


def test_the_worked_example_of_the_docs():
    # 40·(15/19.5) + 30·1 + 30·(1 − 3/3) = 60.8 -> 61
    assert health_score(F, 15, 19.5, 50.0, 3) == 61


def test_usual_level_is_the_median_of_the_active_periods():
    assert usual_level([]) is None
    assert usual_level([0, 0]) is None
    assert usual_level([0, 10, 30, 20]) == 20
    assert usual_level([10, 30]) == 20


@given(
    st.one_of(st.none(), st.floats(0, 1e6)),
    st.one_of(st.none(), st.floats(0.001, 1e6)),
    st.one_of(st.none(), st.floats(0, 100)),
    st.one_of(st.none(), st.integers(0, 100)),
)
def test_health_is_always_0_to_100_or_unknown(logins, usual, adoption, support):
    score = health_score(F, logins, usual, adoption, support)
    known = logins is not None or adoption is not None or support is not None
    assert (score is None) == (not known)
    assert score is None or 0 <= score <= 100
