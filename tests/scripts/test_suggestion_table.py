"""One table: the script library's ``applies_when`` lists decide the suggested playbook, so what
``csm-desk scripts`` says a playbook applies to and what the queue suggests can never disagree."""

from __future__ import annotations

import argparse
import json
from datetime import date

import pytest

from csm_desk.clock import Clock
from csm_desk.commands.scripts import run_scripts
from csm_desk.config import Settings
from csm_desk.context import Context
from csm_desk.domain.playbooks import DEFAULT_PLAYBOOK, PRECEDENCE, situation, suggest
from csm_desk.domain.vocab import CONDITIONS, METRIC_FLAGS, SIGNAL_KINDS
from csm_desk.scripts.loader import load_library

from .test_library import user_script

LANGS = ("en", "pt-BR")
EVERY = sorted({*METRIC_FLAGS, *SIGNAL_KINDS, *CONDITIONS})

# What each red flag and condition suggests alone, as the shipped library says it. Written out so
# that a change to a script's applies_when shows up here, in review, as a change of suggestion.
EXPECTED = {
    # metric flags
    "health_low": "listening_tour",
    "health_crash": "usage_drop",
    "logins_drop": "usage_drop",
    "logins_below_benchmark": "listening_tour",
    "active_users_drop": "usage_drop",
    "sla_misses": "listening_tour",
    "nps_low": "listening_tour",
    "low_adoption": "listening_tour",
    # engagement
    "champion_unresponsive": "champion_silent",
    "meetings_cancelled": "champion_silent",
    "skipped_qbr": "champion_silent",
    "emails_ignored": "champion_silent",
    # usage
    "integration_broken": "usage_drop",
    "data_stopped": "usage_drop",
    "users_stopped": "usage_drop",
    # organisational
    "champion_left": "champion_left",
    "sponsor_disengaged": "listening_tour",
    "restructuring": "listening_tour",
    "new_leader": "champion_left",
    "budget_change": "listening_tour",
    # relationship
    "ticket_tone": "listening_tour",
    "slow_responses": "listening_tour",
    "escalations_rising": "listening_tour",
    "unresolved_complaints": "listening_tour",
    "competitor_mentioned": "competitor",
    # conditions
    "no_login_30d": "champion_silent",
}


@pytest.fixture(scope="module")
def shipped():
    return load_library()


def test_the_expectations_cover_every_flag_signal_and_condition():
    assert sorted(EXPECTED) == EVERY


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("item", EVERY)
def test_every_flag_maps_to_the_playbook_whose_applies_when_names_it(shipped, item, language):
    claimants = [pid for pid, when in shipped.table(language).items() if item in when]
    assert len(claimants) <= 1, f"{item} is claimed by {claimants}: the library names one playbook per flag"
    says = claimants[0] if claimants else DEFAULT_PLAYBOOK
    got = shipped.suggestion(situation((item,)), language)
    assert got.playbook == says == EXPECTED[item]
    assert got.because == ((item,) if claimants else ())


def test_the_issues_disagreements_are_settled_by_the_library(shipped):
    def playbook(*flags: str, champion_gone: bool = False, logins_30d: int | None = None) -> str:
        return shipped.suggestion(situation(flags, champion_gone, logins_30d), "en").playbook

    assert playbook("skipped_qbr", "health_low") == "champion_silent"
    assert playbook("new_leader", "sla_misses") == "champion_left"
    assert playbook("users_stopped", "nps_low") == "usage_drop"
    assert playbook("health_low", logins_30d=0) == "champion_silent"
    assert playbook("health_low", logins_30d=1) == "listening_tour"
    assert playbook("nps_low", champion_gone=True) == "champion_left"


def test_the_precedence_decides_between_playbooks_that_both_apply(shipped):
    one_each = {
        "champion_left": "new_leader",
        "competitor": "competitor_mentioned",
        "champion_silent": "meetings_cancelled",
        "usage_drop": "data_stopped",
    }
    for i, first in enumerate(PRECEDENCE):
        for later in PRECEDENCE[i + 1 :]:
            for flags in ((one_each[first], one_each[later]), (one_each[later], one_each[first])):
                assert shipped.suggestion(flags, "pt-BR").playbook == first
    # Zero logins and a fall of logins: nobody to diagnose the drop with, so the silence goes first.
    assert shipped.suggestion(situation(("logins_drop",), logins_30d=0), "en").playbook == "champion_silent"


def test_a_closed_case_gets_the_listening_tour(shipped):
    assert shipped.suggestion(("competitor_mentioned",), "en", "saved").playbook == "listening_tour"


def test_what_csm_desk_scripts_prints_is_the_table_the_suggestion_reads(shipped, capsys):
    ctx = Context(settings=Settings(), clock=Clock.frozen(date(2026, 11, 23)), db="unused.db")
    for language in LANGS:
        assert run_scripts(ctx, argparse.Namespace(json=True, lang=language)) == 0
        printed = {row["id"]: tuple(row["applies_when"]) for row in json.loads(capsys.readouterr().out)}
        assert printed == shipped.table(language)
        for item in EVERY:
            assert suggest(printed, (item,)) == shipped.suggestion((item,), language)


def test_a_users_own_applies_when_moves_the_suggestion(tmp_path):
    # The user's champion_silent (English only) answers a budget change and nothing else.
    (tmp_path / "champion_silent.en.toml").write_text(user_script("champion_silent"), encoding="utf-8")
    (tmp_path / "budget_talk.pt-BR.toml").write_text(user_script(language="pt-BR"), encoding="utf-8")
    library = load_library(tmp_path)
    assert library.errors == []
    assert library.suggestion(("budget_change",), "en").playbook == "champion_silent"
    assert library.suggestion(("skipped_qbr",), "en").playbook == "listening_tour"
    # In Portuguese the shipped champion_silent still applies, and the user's own playbook comes after it.
    assert library.suggestion(("skipped_qbr",), "pt-BR").playbook == "champion_silent"
    assert library.suggestion(("budget_change",), "pt-BR").playbook == "budget_talk"
    assert [s.id for s in library.suggest(("budget_change", "skipped_qbr"), "pt-BR")] == [
        "champion_silent",
        "budget_talk",
    ]
