"""The suggested playbook: the account's situation, read against a table, with its precedence (DOMAIN §5,
docs/rules.md). The table here is a small stand-in; tests/scripts/test_suggestion_table.py reads the
shipped library's."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.playbooks import (
    DEFAULT_PLAYBOOK,
    NO_LOGIN,
    PRECEDENCE,
    Suggestion,
    applicable,
    label,
    situation,
    suggest,
)
from csm_desk.domain.vocab import CLOSED_STAGES, CONDITIONS, FLAG_LABELS, OPEN_STAGES

TABLE: dict[str, tuple[str, ...]] = {
    "champion_left": ("champion_left", "new_leader"),
    "competitor": ("competitor_mentioned",),
    "champion_silent": ("champion_unresponsive", "skipped_qbr", NO_LOGIN),
    "usage_drop": ("logins_drop", "users_stopped"),
    "listening_tour": (),
    "graceful_exit": (),
    "zeta_talk": ("budget_change",),
    "alpha_talk": ("budget_change", "restructuring"),
}
# One flag each playbook of the precedence answers, and no other does.
OWN = {
    "champion_left": "new_leader",
    "competitor": "competitor_mentioned",
    "champion_silent": "skipped_qbr",
    "usage_drop": "users_stopped",
}


# --- the situation ----------------------------------------------------------------------------


def test_situation_is_the_flags_then_what_is_known_besides():
    assert situation(("health_low", "skipped_qbr")) == ("health_low", "skipped_qbr")
    assert situation(("health_low",), champion_gone=True) == ("champion_left", "health_low")
    assert situation(("champion_left", "nps_low"), champion_gone=True) == ("champion_left", "nps_low")
    assert situation(("nps_low", "nps_low")) == ("nps_low",)


@pytest.mark.parametrize(("logins", "silent"), [(0, True), (1, False), (None, False)])
def test_a_30_day_login_count_of_0_is_no_login_for_30_days(logins, silent):
    assert (NO_LOGIN in situation((), logins_30d=logins)) is silent


def test_the_condition_has_a_label_and_flags_keep_theirs():
    assert NO_LOGIN in CONDITIONS and NO_LOGIN not in FLAG_LABELS
    assert label(NO_LOGIN) == "No login for 30+ days"
    assert label("skipped_qbr") == FLAG_LABELS["skipped_qbr"]
    assert label("made_up") == "made_up"


# --- the suggestion ---------------------------------------------------------------------------


def test_nothing_applies_gives_the_listening_tour_with_no_reason():
    assert suggest(TABLE, ()) == Suggestion(DEFAULT_PLAYBOOK, ())
    assert suggest(TABLE, ("health_low", "sla_misses")) == Suggestion("listening_tour", ())


@pytest.mark.parametrize(("flag", "playbook"), [(flag, pid) for pid, flag in OWN.items()])
def test_one_flag_gives_the_playbook_the_table_names(flag, playbook):
    assert suggest(TABLE, (flag,)) == Suggestion(playbook, (flag,))


def test_no_login_for_30_days_suggests_the_champion_silent():
    assert suggest(TABLE, situation((), logins_30d=0)) == Suggestion("champion_silent", (NO_LOGIN,))
    assert suggest(TABLE, situation((), logins_30d=1)).playbook == "listening_tour"


@pytest.mark.parametrize(("first", "second"), list(combinations(PRECEDENCE, 2)))
def test_the_earlier_playbook_of_the_precedence_wins(first, second):
    # Whatever order the flags come in, the earlier playbook wins and says only what it answers.
    for active in ((OWN[first], OWN[second]), (OWN[second], OWN[first])):
        assert suggest(TABLE, active) == Suggestion(first, (OWN[first],))


def test_the_precedence_is_champion_left_competitor_silent_usage():
    assert PRECEDENCE == ("champion_left", "competitor", "champion_silent", "usage_drop")


def test_other_playbooks_come_after_the_precedence_by_id():
    assert suggest(TABLE, ("budget_change",)) == Suggestion("alpha_talk", ("budget_change",))
    assert suggest(TABLE, ("budget_change", "users_stopped")).playbook == "usage_drop"
    assert applicable(TABLE, ("budget_change", "skipped_qbr", "new_leader")) == [
        "champion_left",
        "champion_silent",
        "alpha_talk",
        "zeta_talk",
    ]


def test_because_lists_every_part_of_the_situation_the_playbook_answers_in_order():
    got = suggest(TABLE, ("health_low", NO_LOGIN, "skipped_qbr", "logins_drop"))
    assert got == Suggestion("champion_silent", (NO_LOGIN, "skipped_qbr"))


def test_a_playbook_missing_from_the_table_is_skipped():
    table = {k: v for k, v in TABLE.items() if k != "champion_left"}
    assert suggest(table, ("new_leader", "logins_drop")).playbook == "usage_drop"


@pytest.mark.parametrize("stage", CLOSED_STAGES)
def test_a_closed_case_gets_the_listening_tour(stage):
    assert suggest(TABLE, ("champion_left", "logins_drop"), stage) == Suggestion("listening_tour", ())


@pytest.mark.parametrize("stage", ("", *OPEN_STAGES))
def test_an_open_case_follows_its_situation(stage):
    assert suggest(TABLE, ("logins_drop",), stage).playbook == "usage_drop"


items = st.lists(st.sampled_from(sorted({*FLAG_LABELS, NO_LOGIN})), max_size=8, unique=True)
CLAIMED = {x for when in TABLE.values() for x in when}


@given(items)
def test_the_suggestion_answers_the_situation_or_nothing_applies(active):
    got = suggest(TABLE, active)
    if got.because:
        assert set(got.because) <= set(active) & set(TABLE[got.playbook])
    else:
        assert got.playbook == DEFAULT_PLAYBOOK and not applicable(TABLE, active)


@given(items, st.sampled_from(sorted(set(FLAG_LABELS) - CLAIMED)))
def test_a_flag_no_playbook_claims_never_changes_the_suggestion(active, extra):
    assert suggest(TABLE, [*active, extra]) == suggest(TABLE, active)
