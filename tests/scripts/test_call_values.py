"""Every script, in both languages, filled from the demo book's accounts: what the account
knows is filled; what only the call reveals is filled by a commitment or a typed blank."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from csm_desk.demo import write_demo_book
from csm_desk.domain.playbooks import situation
from csm_desk.scripts.loader import load_library, missing_in, placeholders
from csm_desk.scripts.values import script_values
from csm_desk.store.detail import load_detail
from csm_desk.store.tables import Account

TODAY = date(2026, 11, 23)
# Learned on the call, never in the book: typed with F2 (blanks) during the call.
CALL_FACTS = {
    "competitor": "Pivotly",
    "new_champion_name": "Rita Moreira",
    "new_champion_first_name": "Rita",
    "new_contact_name": "Rita Moreira",
}
SITUATIONS = {  # the demo accounts of the four playbook situations
    "Calder & Finch": "usage_drop",
    "Tidewater": "champion_silent",
    "Ferrovia Nova": "champion_left",
    "Quanta Anal": "competitor",
}


@pytest.fixture(scope="module")
def details(tmp_path_factory):
    from csm_desk.config import Settings
    from csm_desk.store.engine import open_store

    settings = Settings()
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.db")
    write_demo_book(store, TODAY, settings, accounts=20)
    found = {}
    with store.read() as s:
        for prefix in SITUATIONS:
            account = s.scalars(select(Account).where(Account.name.like(f"{prefix}%"))).one()
            found[prefix] = load_detail(s, account.id, TODAY, settings.triage, settings.score)
    store.dispose()
    return found


def test_the_four_demo_situations_suggest_their_playbook(details):
    library = load_library(None)
    for prefix, playbook in SITUATIONS.items():
        f = details[prefix].entry.facts
        active = situation(f.red_flags, f.champion_left and not f.has_active_champion, f.logins_30d)
        assert library.suggestion(active, details[prefix].account.language, f.stage).playbook == playbook


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_every_placeholder_is_filled_from_a_demo_account_and_the_call(details, language):

    library = load_library(None)
    for script in library.all(language):
        assert script.steps, script.id
        account = next((p for p, sid in SITUATIONS.items() if sid == script.id), "Calder & Finch")
        values = script_values(
            details[account],
            TODAY,
            language,
            csm_name="Ana Souza",
            product="csm-desk",
            proposed_day=TODAY + timedelta(days=4),
        )
        values.update({k: v for k, v in CALL_FACTS.items() if not values.get(k)})
        for field, text in script.texts():
            assert not missing_in(text, values), f"{script.id}.{language} {field}: {missing_in(text, values)}"
        unknown_in_book = {
            n
            for n in placeholders(script)
            if not script_values(
                details[account], TODAY, language, csm_name="Ana Souza", product="csm-desk", proposed_day=TODAY
            ).get(n)
        }
        assert unknown_in_book <= set(CALL_FACTS), (script.id, unknown_in_book)
