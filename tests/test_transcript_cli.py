"""``csm-desk transcript ACCOUNT FILE``: a meeting transcript attached as a call on the account's
timeline; what is stored, where its time comes from, and bad input refused with nothing written."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from csm_desk.cli import main
from csm_desk.domain.transcript import read_stored
from csm_desk.store.tables import Account, Contact, Interaction
from store.dbdump import dump  # tests/ is on the path (pytest prepends it); tests/store is a package

DATA = Path(__file__).parent / "data" / "transcripts"
ZOOM = str(DATA / "GMT20261120-143000_Recording.transcript.vtt")


@pytest.fixture
def book(store, today, db_path):
    with store.write() as s:
        acme = Account(external_id="ACME-1", name="Acme [bold]Corp[/]")
        s.add_all([acme, Account(external_id="SP-9", name="São Paulo Foods")])
        s.add_all([Account(external_id="T-1", name="Twin"), Account(external_id="T-2", name="Twin")])
        s.flush()
        s.add(Contact(account_id=acme.id, name="Peter Gibbons", role="champion"))
    store.dispose()
    return ["--db", str(db_path), "--today", today.isoformat()]


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def calls(store) -> list[tuple[str, datetime, str, int | None, str, str]]:
    with store.read() as s:
        rows = s.execute(
            select(Account.external_id, Interaction.at, Interaction.channel, Interaction.duration_min)
            .add_columns(Interaction.script, Interaction.summary)
            .join(Account, Account.id == Interaction.account_id)
            .order_by(Interaction.id)
        ).all()
    return [tuple(r) for r in rows]


def test_a_zoom_file_becomes_a_call_at_the_time_its_name_gives(book, store, capsys):
    code, out, err = run(capsys, *book, "transcript", "ACME-1", ZOOM)
    assert (code, err) == (0, "")
    ((account, at, channel, minutes, script, summary),) = calls(store)
    assert (account, at, channel, minutes, script) == (
        "ACME-1",
        datetime(2026, 11, 20, 14, 30, tzinfo=UTC),
        "call",
        41,
        "transcript",
    )
    lines = read_stored(summary)
    assert len(lines) == 7 and (lines[2].at, lines[2].speaker) == (11, "Peter Gibbons")
    assert "Acme [bold]Corp[/] (ACME-1)" in out  # the name as data, never markup
    assert "(from the file name), 41 min" in out
    assert "Peter Gibbons: 3 lines, the contact Peter Gibbons" in out
    assert "Sam Rivera: 3 lines, not a contact of the account" in out
    assert "(nobody named): 1 line" in out


@pytest.mark.parametrize("name", ["Acme [bold]Corp[/]", "acme [BOLD]corp[/]", "Sao Paulo Foods"])
def test_the_account_is_named_by_its_name_too(book, store, capsys, name):
    code, _, err = run(capsys, *book, "transcript", name, str(DATA / "plain.txt"), "--when", "2026-11-21T10:00")
    assert (code, err) == (0, "")
    assert len(calls(store)) == 1


def test_when_and_channel_are_taken_as_given(book, store, capsys):
    code, out, _ = run(
        capsys,
        *book,
        "transcript",
        "SP-9",
        str(DATA / "windows1252.txt"),
        "--when",
        "2026-11-21T10:15-03:00",
        "--channel",
        "meeting",
    )
    assert code == 0
    ((_, at, channel, minutes, _, summary),) = calls(store)
    assert (at, channel, minutes) == (datetime(2026, 11, 21, 13, 15, tzinfo=UTC), "meeting", None)
    assert "“Não estamos vendo o valor esperado” – foi o que a diretoria disse." in summary
    assert "read as plain (Windows-1252): 3 lines" in out


def test_a_meet_export_starts_when_its_title_says(book, store, capsys):
    assert run(capsys, *book, "transcript", "ACME-1", str(DATA / "meet.txt"))[0] == 0
    ((_, at, _, minutes, _, _),) = calls(store)
    assert (at, minutes) == (datetime(2026, 11, 18, 9, tzinfo=timezone(timedelta(hours=-3))), 8)


def test_a_file_that_does_not_say_when_is_a_call_of_now(book, store, capsys, today):
    code, out, _ = run(capsys, *book, "transcript", "ACME-1", str(DATA / "untimed.txt"))
    assert code == 0 and "(now: the file does not say when)" in out
    ((_, at, _, minutes, _, _),) = calls(store)
    assert at.astimezone().date() == today and minutes is None


def test_a_dry_run_shows_the_lines_and_writes_nothing(book, store, capsys, db_path):
    before = dump(db_path)
    code, out, _ = run(
        capsys, *book, "transcript", "ACME-1", str(DATA / "teams.vtt"), "--when", "2026-11-22T09:00", "--dry-run"
    )
    assert code == 0
    assert out.startswith("Dry run: nothing was written.")
    assert (
        "    [00:00:02] Juliana Costa: Before we start, our CFO asked me to list every tool we pay for & what we use."
        in out
    )
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ACME-1", str(DATA / "bad_time.vtt")], 1, f"{DATA / 'bad_time.vtt'}:6: start: '00:00:75.000' is not a time"),
        (["ACME-1", str(DATA / "bad_cyrillic.txt")], 1, f"{DATA / 'bad_cyrillic.txt'}:1: not UTF-8 text (byte 0xc8)"),
        (
            ["ACME-1", str(DATA / "bad_meet_zone.txt")],
            1,
            f"{DATA / 'bad_meet_zone.txt'}:1: the meeting's time zone 'BRT'",
        ),
        (["NOPE-1", ZOOM], 1, "NOPE-1: no account with that external id or name"),
        (["Twin", ZOOM], 1, "Twin: 2 accounts have that name (T-1, T-2); name one by its external id"),
        (["ACME-1", ZOOM, "--when", "2026-11-21"], 2, "--when: expected a date and time as YYYY-MM-DDTHH:MM"),
        (["ACME-1", ZOOM, "--when", "2026-12-01T10:00"], 1, "2026-12-01 10:00 (--when) is later than now"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(book, capsys, db_path, args, code, message):
    before = dump(db_path)
    got, out, err = run(capsys, *book, "transcript", *args)
    assert got == code
    assert err.startswith(f"csm-desk: {message}"), err
    assert err.count("\n") == 1 and out == ""
    assert dump(db_path) == before


def test_a_meet_zone_that_cannot_be_read_is_given_with_when(book, store, capsys):
    code, _, _ = run(
        capsys, *book, "transcript", "ACME-1", str(DATA / "bad_meet_zone.txt"), "--when", "2026-11-18T09:00Z"
    )
    assert code == 0 and calls(store)[0][1] == datetime(2026, 11, 18, 9, tzinfo=UTC)


def test_the_same_transcript_twice_is_refused(book, store, capsys):
    assert run(capsys, *book, "transcript", "ACME-1", ZOOM)[0] == 0
    code, _, err = run(capsys, *book, "transcript", "ACME-1", ZOOM)
    assert code == 1 and "already has the transcript of a call at" in err and "--when" in err
    assert len(calls(store)) == 1


@pytest.mark.sqlite_only("a database file that a bad transcript must not create")
def test_a_bad_file_creates_no_database(tmp_path, capsys, today):
    db = tmp_path / "new.db"
    bad = tmp_path / "bad.vtt"
    shutil.copy(DATA / "bad_voice.vtt", bad)
    code, _, err = run(capsys, "--db", str(db), "--today", today.isoformat(), "transcript", "X", str(bad))
    assert code == 1 and err == f"csm-desk: {bad}:4: a voice tag '<v …' that never closes with '>'\n"
    assert not db.exists()


def test_a_transcript_and_its_quotes_survive_export_and_import(book, store, settings, capsys, tmp_path, today):
    from csm_desk.clock import Clock
    from csm_desk.desk import Desk
    from csm_desk.store.engine import open_store

    assert run(capsys, *book, "transcript", "ACME-1", ZOOM)[0] == 0
    desk = Desk(store, settings)
    acme = desk.account_named("ACME-1").account.id
    (listed,) = desk.transcript_calls(acme)
    lines = [row.line for row in desk.transcript(acme, listed.interaction_id).lines]
    desk.keep_quotes(acme, listed.interaction_id, [lines[2], lines[6]])
    before = desk.transcript(acme, listed.interaction_id)
    store.dispose()
    out = tmp_path / "export"
    assert run(capsys, *book, "export", "--out", str(out))[0] == 0
    copy = ["--db", str(tmp_path / "copy.db"), "--today", today.isoformat()]
    code, _, err = run(capsys, *copy, "import", *sorted(str(p) for p in out.glob("*.csv")))
    assert (code, err) == (0, "")
    other = open_store(tmp_path / "copy.db", clock=Clock.frozen(today))
    try:
        again = Desk(other, settings)
        acme_again = again.account_named("ACME-1").account.id
        (listed_again,) = again.transcript_calls(acme_again)
        after = again.transcript(acme_again, listed_again.interaction_id)
        assert (after.at, after.duration_min) == (before.at, before.duration_min)
        assert [(r.line, r.contact, r.kept) for r in after.lines] == [(r.line, r.contact, r.kept) for r in before.lines]
    finally:
        other.dispose()
