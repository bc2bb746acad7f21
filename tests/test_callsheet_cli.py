"""``csm-desk callsheet ACCOUNT``: the account's call script, filled, as a Markdown prep sheet."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from csm_desk.cli import main
from csm_desk.config import Settings
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Account, Contact, Interaction, Metric, Quote, Signal


@pytest.fixture
def book(store, today, db_path, tmp_path):
    with store.write() as s:
        acme = Account(
            external_id="ACME-1",
            name="Acme [bold]Corp[/]",
            arr=120_000.0,
            owner="Jordan",
            renewal_date=today + timedelta(days=45),
            stage="engaged",
        )
        s.add_all([acme, Account(external_id="BARE-2", name="Bare")])
        s.flush()
        s.add(Contact(account_id=acme.id, name="Maria Lopez", title="VP Ops", role="champion"))
        s.add(Contact(account_id=acme.id, name="Paulo Bastos", title="CFO", role="sponsor"))
        s.add(
            Signal(
                account_id=acme.id,
                date=today - timedelta(days=10),
                kind="competitor_mentioned",
                quote="Another team uses Pivotly",
            )
        )
        for days_ago, health, logins in ((60, 80, 400), (2, 45, 180)):
            s.add(Metric(account_id=acme.id, date=today - timedelta(days=days_ago), health=health, logins=logins))
        call = Interaction(account_id=acme.id, at=datetime(2026, 11, 18, 15, tzinfo=UTC), channel="call")
        s.add(call)
        s.flush()
        s.add(Quote(account_id=acme.id, interaction_id=call.id, text="We are re-evaluating the stack"))
        s.flush()
        evaluate_accounts(s, None, today, Settings().red_flags)
    store.dispose()
    config = tmp_path / "config.toml"
    config.write_text('[app]\nme = "Ana Souza"\nproduct = "Pulseboard"\n', encoding="utf-8")
    return ["--db", str(db_path), "--today", today.isoformat(), "--config", str(config)]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sheet_holds_the_facts_the_filled_script_and_the_quotes(book, capsys):
    code, out, err = _run(capsys, *book, "callsheet", "ACME-1")
    assert code == 0 and err == ""
    assert out.startswith("# Call sheet: Acme [bold]Corp[/] (ACME-1)\n")
    for line in (
        "- **ARR**: $120,000",
        "- **Renewal**: 2027-01-07 (in 45 days)",
        "- **Stage**: engaged",
        "- **Champion**: Maria Lopez (VP Ops)",
        "- **Executive sponsor**: Paulo Bastos (CFO)",
        "- **Competitor mentioned**: logged 2026-11-13: “Another team uses Pivotly”",
        "- Renews in 45 days (2027-01-07): inside the 90-day window.",
        "## Script: Competitor in the picture",
        "`competitor` · en · suggested for this account",
        "#### 1. Thank them for being open",
        "> Let's put both tools aside for a moment. Whatever you end up using, what are the three things your "
        "team simply can't do without?",
        "> That makes sense. Let me turn it around: if you moved off Pulseboard tomorrow, what would your team miss?",
        "- “We are re-evaluating the stack” — 18 Nov 2026 (call)",
        "- “Another team uses Pivotly” — 13 Nov 2026 (signal)",
        "⟨competitor⟩ ⟨proposed_day⟩ — the account does not tell these; fill them in as you go.",
    ):
        assert line in out.splitlines(), line
    assert "> Thanks for being open about ⟨competitor⟩." in out  # what the account cannot tell stays marked
    assert "⟨product⟩" not in out and "⟨contact_first_name⟩" not in out
    assert "Hi Maria,\n" not in out  # templates are not part of the sheet; the steps are


def test_script_and_language_can_be_chosen(book, capsys):
    code, out, _ = _run(capsys, *book, "callsheet", "ACME-1", "--script", "listening_tour", "--lang", "pt-BR")
    assert code == 0
    assert "## Script: Rodada de escuta" in out
    assert "`listening_tour` · pt-BR · suggested: competitor" in out
    assert "> Agradeço por reservar esse tempo, Maria. Hoje não tenho nada para vender. Quero ouvir, com toda a " in out
    assert "como Pulseboard está funcionando para vocês" in out


def test_out_writes_the_same_sheet_to_a_private_file(book, capsys, tmp_path):
    _code, printed, _ = _run(capsys, *book, "callsheet", "ACME-1")
    target = tmp_path / "sheets" / "acme.md"
    target.parent.mkdir()
    code, out, err = _run(capsys, *book, "callsheet", "ACME-1", "--out", str(target))
    assert code == 0 and err == ""
    assert out == f"Call sheet for Acme [bold]Corp[/] written to {target}\n"
    assert target.read_text(encoding="utf-8") == printed
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    link = tmp_path / "link.md"
    link.symlink_to(target)
    code, _, err = _run(capsys, *book, "callsheet", "ACME-1", "--out", str(link))
    assert code == 1 and err == f"csm-desk: {link}: is a symbolic link; not replacing it\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("NOPE-9",), 1, "csm-desk: NOPE-9: no account with that external id\n"),
        (("ACME-1", "--script", "no_such"), 2, "csm-desk: --script: no script 'no_such'; expected one of "),
        (("ACME-1", "--lang", "fr"), 2, "csm-desk: --lang: expected one of en, pt-BR, got 'fr'\n"),
    ],
)
def test_an_unknown_account_script_or_language_is_one_line(book, capsys, args, code, message):
    got, out, err = _run(capsys, *book, "callsheet", *args)
    assert got == code and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_control_characters_in_names_quotes_and_the_product_are_made_visible(book, capsys, tmp_path):
    from csm_desk.store.engine import open_store

    hostile = "\x1b]52;c;cHduZWQ=\x07"
    config = tmp_path / "hostile.toml"
    config.write_text('[app]\nproduct = "Pulse\\u001b[2Jboard"\nme = "Ana\\u0007"\n', encoding="utf-8")
    store = open_store(book[1])
    with store.write() as s:
        acme = s.scalars(select(Account).where(Account.external_id == "ACME-1")).one()
        acme.name = f"Acme{hostile}"
        s.add(Contact(account_id=acme.id, name=f"Rui{hostile} Dias", role="user"))
        s.add(Signal(account_id=acme.id, date=datetime(2026, 11, 20).date(), kind="budget_change", quote=hostile))
    store.dispose()
    argv = [*book[:4], "--config", str(config), "callsheet", "ACME-1", "--script", "champion_silent"]
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert not any(c in out for c in ("\x1b", "\x07", "\x9b"))
    assert "# Call sheet: Acme␛]52;c;cHduZWQ=␇ (ACME-1)" in out
    assert "> Hi Maria, it's Ana␇ from Pulse␛[2Jboard." in out
    assert "the heaviest users (such as Rui␛]52;c;cHduZWQ=␇ Dias)" in out
    assert "- “␛]52;c;cHduZWQ=␇” — 20 Nov 2026 (signal)" in out
