"""How an interaction is known from one import to the next (``store.identity``): the source's own id, else
its content as the file wrote it; never the instant a naive time stands for, which the machine's time zone
decides. Runs on SQLite and, with ``CSM_DESK_TEST_DB``, on PostgreSQL."""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, date
from pathlib import Path

import pytest
from sqlalchemy import text

from csm_desk.cli import main
from csm_desk.clock import Clock
from csm_desk.importing.native import content_key
from csm_desk.store.engine import open_store
from csm_desk.store.identity import made_here_key

TODAY = "2026-11-23"
ACCOUNTS = "external_id,name\nA-1,Acme\nA-2,Beta\n"
# A CRM's activity log: days without a time, two calls on one day (one subject even written twice).
LOG = (
    "account,when,channel,summary\n"
    "A-1,2026-11-02,call,Intro\n"
    "A-1,2026-11-02,call,Pricing\n"
    "A-1,2026-11-02,call,Pricing\n"
    "A-1,2026-11-03T10:00,meeting,Kick-off\n"
    "A-2,2026-11-02,call,Intro\n"
)
# The same kind of log through a mapping, as a Brazilian CRM writes it.
MAPPING = """
name = "crm-log"
locale = "pt-BR"

[[file]]
kind = "interactions"
columns = { account = "Conta", when = "Data", summary = "Assunto" }
fixed = { channel = "call" }
"""
MAPPED_LOG = (
    "Conta;Data;Assunto\nA-1;15/10/2026;Ligação inicial\nA-1;15/10/2026;Proposta\nA-2;16/10/2026 14:30;Retorno\n"
)


def write(folder: Path, name: str, content: str) -> str:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def run(capsys, db, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, db, *args: str) -> dict[str, tuple[int, int, int]]:
    """Import; what it did per kind: (created, updated, unchanged)."""
    code, out, err = run(capsys, db, "import", *args)
    assert code == 0, err
    tallies = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\w+)\s+(\d+) created, (\d+) updated, (\d+) unchanged", line)
        if m:
            tallies[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return tallies


def interactions(db) -> list[tuple]:
    """(account, key, at, channel, summary) of every stored interaction, in key order."""
    store = open_store(db)
    try:
        with store.read() as s:
            rows = s.execute(
                text(
                    "SELECT a.external_id, i.external_id, i.at, i.channel, i.summary FROM interaction i "
                    "JOIN account a ON a.id = i.account_id ORDER BY a.external_id, i.external_id"
                )
            ).all()
    finally:
        store.dispose()
    return [(a, k, _utc(at), c, s) for a, k, at, c, s in rows]


def _utc(value) -> str:
    if isinstance(value, str):  # SQLite: the UTC wall time as text
        return value[:19].replace(" ", "T")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat()[:19]


@pytest.fixture
def zone():
    """``zone(name)``: the machine's local time zone for the rest of the test."""
    old = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_zone
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def book(db_path, tmp_path, capsys):
    """A book with the two accounts."""
    assert imported(capsys, db_path, write(tmp_path, "accounts.csv", ACCOUNTS))["accounts"] == (2, 0, 0)
    return db_path


def test_two_same_day_calls_of_a_date_only_log_are_two_and_stay_two(book, tmp_path, capsys):
    log = write(tmp_path, "log.csv", LOG)
    assert imported(capsys, book, log)["interactions"] == (5, 0, 0)
    stored = interactions(book)
    acme_calls = [r for r in stored if r[0] == "A-1" and r[3] == "call"]
    assert sorted(r[4] for r in acme_calls) == ["Intro", "Pricing", "Pricing"]
    assert len({r[2] for r in acme_calls}) == 1  # one instant, three calls
    pricing = content_key({"account": "A-1", "channel": "call", "summary": "Pricing"}, "2026-11-02")
    assert {r[1] for r in acme_calls} == {
        content_key({"account": "A-1", "channel": "call", "summary": "Intro"}, "2026-11-02"),
        pricing,
        pricing + "#2",  # the same words written twice: two calls, told apart by their order
    }
    assert imported(capsys, book, log)["interactions"] == (0, 0, 5)
    assert interactions(book) == stored


def test_two_same_day_calls_through_a_mapping_are_two(book, tmp_path, capsys):
    mapping = write(tmp_path, "crm.toml", MAPPING)
    log = write(tmp_path, "atividades.csv", MAPPED_LOG)
    assert imported(capsys, book, "--mapping", mapping, log)["interactions"] == (3, 0, 0)
    assert [r[4] for r in interactions(book) if r[0] == "A-1"] == sorted(
        ["Ligação inicial", "Proposta"],
        key=lambda s: content_key({"account": "A-1", "channel": "call", "summary": s}, "2026-10-15T00:00:00"),
    )
    assert imported(capsys, book, "--mapping", mapping, log)["interactions"] == (0, 0, 3)


@pytest.mark.parametrize("mapped", [False, True], ids=["native", "mapping"])
def test_the_time_zone_never_changes_what_a_reimport_does(book, tmp_path, capsys, zone, mapped):
    args = (
        ["--mapping", write(tmp_path, "crm.toml", MAPPING), write(tmp_path, "atividades.csv", MAPPED_LOG)]
        if mapped
        else [write(tmp_path, "log.csv", LOG)]
    )
    zone("America/Sao_Paulo")
    created = imported(capsys, book, *args)["interactions"]
    first = interactions(book)
    assert created[0] == len(first) > 0
    assert all(
        at.endswith("03:00:00") or at.endswith("13:00:00") or at.endswith("17:30:00") for _, _, at, _, _ in first
    )
    zone("UTC")  # the same naive days and times now stand for other instants
    assert imported(capsys, book, *args)["interactions"] == (0, 0, len(first))
    zone("Asia/Tokyo")
    assert imported(capsys, book, *args)["interactions"] == (0, 0, len(first))
    assert interactions(book) == first  # nothing moved either


def test_the_sources_id_wins_over_the_content(book, tmp_path, capsys):
    header = "account,external_id,when,channel,summary\n"
    first = header + "A-1,act-1,2026-11-02,call,Intro\nA-1,act-2,2026-11-02,call,Intro\nA-1,,2026-11-02,call,Intro\n"
    assert imported(capsys, book, write(tmp_path, "a.csv", first))["interactions"] == (3, 0, 0)
    intro = content_key({"account": "A-1", "channel": "call", "summary": "Intro"}, "2026-11-02")
    assert [r[1] for r in interactions(book)] == ["act-1", "act-2", intro]
    # The CRM moved act-1 and renamed it: the same interaction, updated, whatever its content now is.
    moved = header + "A-1,act-1,2026-11-04T15:00Z,meeting,Intro (moved)\n"
    assert imported(capsys, book, write(tmp_path, "b.csv", moved))["interactions"] == (0, 1, 0)
    rows = {r[1]: r for r in interactions(book)}
    assert len(rows) == 3
    assert rows["act-1"][2:] == ("2026-11-04T15:00:00", "meeting", "Intro (moved)")


def test_an_id_a_mapping_maps_is_the_key(book, tmp_path, capsys):
    mapping = MAPPING.replace('columns = { account = "Conta"', 'columns = { external_id = "ID", account = "Conta"')
    log = "ID;Conta;Data;Assunto\n77;A-1;15/10/2026;Ligação\n78;A-1;15/10/2026;Ligação\n"
    args = ["--mapping", write(tmp_path, "crm.toml", mapping), write(tmp_path, "atividades.csv", log)]
    assert imported(capsys, book, *args)["interactions"] == (2, 0, 0)
    assert [r[1] for r in interactions(book)] == ["77", "78"]
    changed = log.replace("78;A-1;15/10/2026;Ligação", "78;A-1;16/10/2026;Ligação remarcada")
    write(tmp_path, "atividades.csv", changed)
    assert imported(capsys, book, *args)["interactions"] == (0, 1, 1)


def test_one_id_twice_in_an_import_is_refused(book, tmp_path, capsys):
    log = "account,external_id,when,channel\nA-1,act-1,2026-11-02,call\nA-1,act-1,2026-11-03,email\n"
    path = write(tmp_path, "a.csv", log)
    code, out, err = run(capsys, book, "import", path)
    assert code == 1 and out == ""
    assert err.splitlines()[0] == f"{path}:3: external_id: the same interaction as {path}:2; keep one of the two"


def test_notes_made_in_the_app_at_one_instant_are_two_and_round_trip(book, tmp_path, capsys, settings):
    from csm_desk.desk import Desk

    clock = Clock.frozen(date.fromisoformat(TODAY))  # it does not move: both notes are at one instant
    store = open_store(book, clock=clock)
    try:
        with store.read() as s:
            account = s.execute(text("SELECT id FROM account WHERE external_id = 'A-1'")).scalar_one()
        desk = Desk(store, settings)
        desk.add_note(account, channel="call", summary="first", quotes=["one"])
        desk.add_note(account, channel="call", summary="second", quotes=["two"])
    finally:
        store.dispose()
    base = made_here_key(clock.now(), "call")
    assert [(r[1], r[4]) for r in interactions(book)] == [(base, "first"), (base + "#2", "second")]

    first, second = tmp_path / "first", tmp_path / "second"
    assert run(capsys, book, "export", "--out", str(first))[0] == 0
    quotes = (first / "quotes.csv").read_text().splitlines()
    assert [line.split(",")[1] for line in quotes[1:]] == [base, base + "#2"]  # each names its own call
    target = tmp_path / "restored.db"
    imported(capsys, target, *(str(p) for p in sorted(first.iterdir())))
    assert run(capsys, target, "export", "--out", str(second))[0] == 0
    assert {p.name: p.read_bytes() for p in first.iterdir()} == {p.name: p.read_bytes() for p in second.iterdir()}
    again = imported(capsys, book, *(str(p) for p in sorted(first.iterdir())))
    assert again["interactions"] == (0, 0, 2) and again["quotes"] == (0, 0, 2)


def test_quotes_of_an_older_export_find_their_interaction_by_instant_and_channel(book, tmp_path, capsys):
    talks = write(tmp_path, "interactions.csv", "account,when,channel,summary\nA-1,2026-11-02T10:00Z,call,Intro\n")
    quotes = write(
        tmp_path, "quotes.csv", "account,when,channel,position,text,speaker,step\nA-1,2026-11-02T10:00Z,call,0,Hi,,\n"
    )
    assert imported(capsys, book, talks, quotes)["quotes"] == (1, 0, 0)
    assert imported(capsys, book, talks, quotes)["quotes"] == (0, 0, 1)


def test_a_quote_naming_two_interactions_by_instant_says_which_column_settles_it(book, tmp_path, capsys):
    log = write(
        tmp_path, "interactions.csv", "account,when,channel,summary\nA-1,2026-11-02,call,a\nA-1,2026-11-02,call,b\n"
    )
    quotes = write(tmp_path, "quotes.csv", "account,when,channel,position,text\nA-1,2026-11-02,call,0,Hi\n")
    code, out, err = run(capsys, book, "import", log, quotes)
    assert code == 1 and out == ""
    assert f"{quotes}:2: when: account 'A-1' has 2 interactions on call at " in err
    assert "name the one these words belong to in an interaction column (its external_id)" in err
    assert len(err.strip().splitlines()) == 2  # the problem, and that nothing was imported
    unknown = write(
        tmp_path, "q2.csv", "account,interaction,when,channel,position,text\nA-1,nope,2026-11-02,call,0,Hi\n"
    )
    code, _, err = run(capsys, book, "import", log, unknown)
    assert code == 1
    assert f"{unknown}:2: interaction: no interaction 'nope' of account 'A-1'" in err
    assert interactions(book) == []  # nothing written
