"""Natural dates: every form the issue lists, the Friday rule, and no DST shift."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.dates import DateError, describe, parse_when

MON = date(2026, 11, 23)  # a Monday
FRI = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", MON),
        ("tomorrow", MON + timedelta(days=1)),
        ("fri", FRI),
        ("friday", FRI),
        ("mon", date(2026, 11, 30)),
        ("next fri", FRI),
        ("+3d", date(2026, 11, 26)),
        ("+2w", date(2026, 12, 7)),
        ("+1m", date(2026, 12, 23)),
        ("next week", date(2026, 11, 30)),
        ("eow", FRI),
        ("eom", date(2026, 11, 30)),
        ("2026-12-04", date(2026, 12, 4)),
        ("  +3D ", date(2026, 11, 26)),
        ("-2d", date(2026, 11, 21)),
    ],
)
def test_each_form_resolves_against_today(text, expected):
    assert parse_when(text, MON) == (expected, None)


def test_fri_on_a_friday_means_next_friday():
    assert parse_when("fri", FRI) == (FRI + timedelta(days=7), None)
    assert parse_when("friday 09:30", FRI) == (FRI + timedelta(days=7), time(9, 30))


def test_eow_on_a_friday_is_that_friday_and_eom_on_the_last_day_is_that_day():
    assert parse_when("eow", FRI)[0] == FRI
    assert parse_when("eom", date(2026, 11, 30))[0] == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri 14:00", (FRI, time(14, 0))),
        ("tomorrow 9am", (MON + timedelta(days=1), time(9, 0))),
        ("+3d 2pm", (date(2026, 11, 26), time(14, 0))),
        ("2026-12-04 08:15", (date(2026, 12, 4), time(8, 15))),
        ("14:00", (MON, time(14, 0))),
        ("next week 10h30", (date(2026, 11, 30), time(10, 30))),
    ],
)
def test_an_optional_time(text, expected):
    assert parse_when(text, MON) == expected


def test_plus_one_month_clamps_to_the_month_end():
    assert parse_when("+1m", date(2027, 1, 31))[0] == date(2027, 2, 28)
    assert parse_when("+1m", date(2028, 1, 31))[0] == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["", "soon", "fri 25:00", "2026-13-01", "+3x", "next someday"])
def test_nonsense_is_one_clear_error(text):
    with pytest.raises(DateError) as info:
        parse_when(text, MON)
    assert "try today, tomorrow" in str(info.value)


def test_across_a_daylight_saving_change_the_wall_time_never_moves():
    # Europe/Lisbon leaves summer time on Sun 25 Oct 2026: dates are calendar days plus
    # a wall-clock time, so "+3d 14:00" typed on the Friday before is 14:00 on the Monday.
    friday = date(2026, 10, 23)
    assert parse_when("+3d 14:00", friday) == (date(2026, 10, 26), time(14, 0))
    assert parse_when("mon 14:00", friday) == (date(2026, 10, 26), time(14, 0))


def test_the_read_back_names_the_day_and_how_far_it_is():
    assert describe(FRI, time(14, 0), MON) == "Fri 27 Nov 2026, 14:00 (in 4 days)"
    assert describe(MON, None, MON).endswith("(today)")
    assert describe(MON - timedelta(days=3), None, MON).endswith("(3 days ago)")


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
)
def test_a_weekday_is_always_one_to_seven_days_ahead_and_that_weekday(today, name):
    day, at = parse_when(name, today)
    assert 1 <= (day - today).days <= 7 and day.strftime("%a").lower() == name and at is None
