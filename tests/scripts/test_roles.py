"""Scripts address the right person: placeholders are filled by role (the champion who left, the one
who took over, the sponsor, a day-to-day user), first names to speak to someone, and a role nobody
holds stays marked instead of naming somebody else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from csm_desk.config import AppSettings, Settings
from csm_desk.desk import Desk
from csm_desk.scripts.loader import fill_text, load_library, placeholders, validate
from csm_desk.scripts.values import PLACEHOLDERS, first_name, script_values
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Account, Contact, Metric, Signal

ME = Settings(app=AppSettings(me="Ana Souza", product="Pulseboard"))


def _account(store, today, *, language="en", contacts=(), ext="R-1") -> str:
    """An account whose champion signal fired, with ``contacts`` as (name, role, status)."""
    with store.write() as s:
        a = Account(external_id=ext, name="Rivera Freight", arr=48_000.0, language=language, owner="Ben")
        a.renewal_date = today + timedelta(days=70)
        s.add(a)
        s.flush()
        for name, role, status in contacts:
            s.add(Contact(account_id=a.id, name=name, role=role, status=status, title="Ops"))
        s.add(Signal(account_id=a.id, date=today - timedelta(days=3), kind="champion_left"))
        for days_ago, users, logins in ((60, 40, 500), (2, 31, 420)):
            s.add(
                Metric(
                    account_id=a.id,
                    date=today - timedelta(days=days_ago),
                    health=70,
                    active_users=users,
                    logins=logins,
                    feature_adoption=61.6,
                )
            )
        s.flush()
        evaluate_accounts(s, None, today, Settings().red_flags)
    return ext


HANDOVER = (
    ("Juliana Prado", "champion", "left"),
    ("Rita Moreira", "champion", "active"),
    ("Paulo Bastos", "sponsor", "active"),
    ("Dan Okafor", "user", "active"),
)


def _sheet(store, ext, **kw):
    return Desk(store, ME).call_sheet(ext, **kw)


def _text(sheet, path: str) -> str:
    return fill_text(dict(sheet.script.texts())[path], sheet.values)


EXPECTED = {
    "en": {
        "steps[0].say": "Hi Rita, I'm Ana Souza, and I look after Rivera Freight's account at Pulseboard. Juliana told me",
        "first_moves[0].text": "Write to Juliana Prado, who left: congratulate them",
        "congrats_departing": "Hi Juliana,\n",
        "intro_new_owner": "Hi Rita,\n\nJuliana mentioned that you're now looking after Pulseboard at Rivera Freight.",
        "linkedin_congrats": "Congratulations on the new role, Juliana!",
    },
    "pt-BR": {
        "steps[0].say": "Oi, Rita, eu sou Ana Souza e cuido da conta de vocês no time de Pulseboard. Juliana me contou",
        "first_moves[0].text": "Escreva para Juliana Prado, que saiu: dê os parabéns",
        "congrats_departing": "Oi, Juliana, tudo bem?\n",
        "intro_new_owner": "Oi, Rita, tudo bem?\n\nJuliana me contou que agora você é a pessoa responsável",
        "linkedin_congrats": "Parabéns pelo novo desafio, Juliana!",
    },
}


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_champion_left_congratulates_who_left_and_welcomes_the_successor(store, today, language):
    ext = _account(store, today, language=language, contacts=HANDOVER)
    sheet = _sheet(store, ext)
    assert sheet.script.id == "champion_left" and sheet.script.language == language
    want = EXPECTED[language]
    assert _text(sheet, "steps[0].say").startswith(want["steps[0].say"])
    assert _text(sheet, "first_moves[0].text").startswith(want["first_moves[0].text"])
    templates = {t.id: t for t in sheet.script.templates}
    for tid in ("congrats_departing", "intro_new_owner", "linkedin_congrats"):
        body = fill_text(templates[tid].body.strip("\n"), sheet.values)
        assert body.startswith(want[tid]), (tid, body)
    # The one who left is never welcomed as the new owner, the successor never congratulated on leaving.
    assert "Rita" not in fill_text(templates["congrats_departing"].body, sheet.values)
    assert "Juliana" not in _text(sheet, "first_moves[3].text")
    assert "Rita Moreira" in _text(sheet, "first_moves[3].text")
    assert "Paulo Bastos" in fill_text(sheet.script.escalate_when[0], sheet.values)
    # The value they inherit is the account's own numbers, not a gap.
    inherited = _text(sheet, "steps[3].say")
    assert "…" not in inherited
    assert ("31 active users, 420 logins in the last 30 days and 62% of the features in use" in inherited) or (
        "31 usuários ativos, 420 logins nos últimos 30 dias e 62% das funcionalidades em uso" in inherited
    )


def test_first_names_are_for_speaking_to_someone():
    assert first_name("Juliana Prado") == "Juliana"
    assert first_name("  Juliana   Prado ") == "Juliana"
    assert first_name("Prado, Juliana") == "Juliana"
    assert first_name("Cher") == "Cher"
    assert first_name("   ") is None


def test_a_script_speaks_to_first_names_and_about_full_names(store, today):
    ext = _account(store, today, language="pt-BR", contacts=HANDOVER)
    sheet = _sheet(store, ext, script_id="champion_silent")
    assert _text(sheet, "steps[0].say").startswith("Oi, Rita, aqui é Ana Souza, do time de Pulseboard.")
    assert "Rita Moreira" not in _text(sheet, "steps[0].say")
    assert _text(sheet, "first_moves[0].text").startswith("Confirme, sem alarde, se Rita Moreira continua")
    sponsor_email = next(t for t in sheet.script.templates if t.id == "sponsor_email")
    assert fill_text(sponsor_email.body.strip("\n"), sheet.values).startswith("Olá, Paulo, tudo bem?")


def test_a_role_nobody_holds_stays_marked_and_is_never_someone_else(store, today):
    # The champion left, nobody took over, no sponsor and no user on record: only a decision maker.
    ext = _account(
        store, today, contacts=(("Juliana Prado", "champion", "left"), ("Omar Haddad", "decision_maker", "active"))
    )
    sheet = _sheet(store, ext)
    welcome = _text(sheet, "steps[0].say")
    assert welcome.startswith("Hi ⟨new_champion_first_name⟩, I'm Ana Souza")
    assert "Juliana told me" in welcome and "Omar" not in welcome
    assert "⟨sponsor_name⟩" in fill_text(sheet.script.escalate_when[0], sheet.values)
    silent = _sheet(store, ext, script_id="champion_silent")
    assert _text(silent, "steps[0].say").startswith("Hi ⟨champion_first_name⟩,")
    sponsor_email = next(t for t in silent.script.templates if t.id == "sponsor_email")
    assert fill_text(sponsor_email.body.strip("\n"), silent.values).startswith("Hi ⟨sponsor_first_name⟩,")
    drop = _sheet(store, ext, script_id="usage_drop")
    assert "Ask ⟨user_name⟩, who uses Pulseboard day to day" in _text(drop, "first_moves[1].text")
    assert _text(drop, "steps[0].say").startswith("Hi Omar,")  # the main contact: the one still there


def test_which_champion_left_is_not_guessed_when_several_did(store, today):
    contacts = (("Juliana Prado", "champion", "left"), ("Bruno Lima", "champion", "left"), *HANDOVER[1:])
    sheet = _sheet(store, _account(store, today, contacts=contacts))
    assert sheet.values["departed_champion_first_name"] is None
    assert _text(sheet, "steps[0].say").startswith("Hi Rita, I'm Ana Souza")
    assert "⟨departed_champion_first_name⟩ told me" in _text(sheet, "steps[0].say")


def test_the_filler_knows_every_placeholder_the_validator_accepts(store, today, desk):
    ext = _account(store, today, contacts=HANDOVER)
    detail = desk.account_by_external_id(ext)
    assert script_values(detail, today, "en").keys() == PLACEHOLDERS.keys()
    for script in load_library().all():
        assert placeholders(script) <= PLACEHOLDERS.keys()
        assert "new_contact_name" not in placeholders(script), script.id  # the older name, for users' own files


def test_the_validator_refuses_a_placeholder_the_filler_does_not_know(tmp_path):
    path = tmp_path / "handover.en.toml"
    path.write_text(
        'id = "handover"\nlanguage = "en"\ntitle = "Handover"\nsummary = "s"\n'
        '[[steps]]\nid = "a"\ntitle = "A"\nsay = "Hi {new_champion_firstname}"\ncue = "commit"\ncue_text = "c"\n',
        encoding="utf-8",
    )
    (error,) = validate(path)
    assert "steps[0].say: unknown placeholder {new_champion_firstname}; did you mean {new_champion_first_name}?" in (
        error
    )
