"""``csm-desk agenda`` and ``csm-desk ics``: text, JSON, options, the calendar file read back."""

from __future__ import annotations

import json
import os
import time as clock
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from csm_desk.cli import main
from csm_desk.store.tables import Account, FollowUp


@pytest.fixture
def booked(store, today, db_path):
    with store.write() as s:
        a = Account(external_id="A-1", name="Acme [bold]x[/]", owner="Ana")
        b = Account(external_id="B-1", name="Beta", owner="Ben")
        s.add_all([a, b])
        s.flush()
        s.add_all(
            [
                FollowUp(account_id=a.id, due=today - timedelta(days=3), title="Late one", owner="Ana"),
                FollowUp(
                    account_id=a.id, due=today, due_time=time(14), title="Call Maria", channel="call", owner="Ana"
                ),
                FollowUp(
                    account_id=b.id, due=today + timedelta(days=2), title="Plan action", owner="Ben", source="save_plan"
                ),
                FollowUp(account_id=b.id, due=today + timedelta(days=20), title="Far away", owner="Ben"),
                FollowUp(account_id=b.id, due=today - timedelta(days=1), title="Closed", owner="Ben", status="done"),
            ]
        )
    return ["--db", str(db_path), "--today", today.isoformat()]


def _json(capsys, *args):
    assert main(["agenda", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_agenda_json_sections(booked, capsys):
    out = _json(capsys, *booked)
    assert [i["title"] for i in out["overdue"]] == ["Late one"]
    assert [(i["title"], i["time"], i["account"], i["account_name"]) for i in out["today"]] == [
        ("Call Maria", "14:00", "A-1", "Acme [bold]x[/]")
    ]
    assert [(i["title"], i["source"]) for i in out["upcoming"]] == [("Plan action", "save_plan")]


def test_agenda_options(booked, capsys):
    assert [i["title"] for i in _json(capsys, *booked, "--days", "30")["upcoming"]] == ["Plan action", "Far away"]
    assert [i["title"] for i in _json(capsys, *booked, "--owner", "Ben")["overdue"]] == []
    moved = _json(capsys, *booked, "--date", "+2d")
    assert [i["title"] for i in moved["today"]] == ["Plan action"]
    assert [i["title"] for i in moved["overdue"]] == ["Late one", "Call Maria"]


def test_agenda_text_prints_names_as_they_are(booked, capsys):
    assert main(["agenda", *booked]) == 0
    out = capsys.readouterr().out
    assert "OVERDUE" in out and "TODAY" in out and "UPCOMING" in out
    assert "Acme [bold]x[/]" in out and "3 days late" in out and "save-plan action" in out


@pytest.mark.parametrize(("args", "message"), [(["--date", "someday"], "--date"), (["--days", "-1"], "--days")])
def test_agenda_bad_options_are_one_line_exit_2(booked, capsys, args, message):
    assert main(["agenda", *booked, *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"csm-desk: {message}") and err.count("\n") == 1


def _events(path):
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_ics_round_trip(booked, tmp_path, capsys, today):
    out = tmp_path / "f.ics"
    assert main(["ics", *booked, "--out", str(out)]) == 0
    assert "Wrote 4 follow-ups" in capsys.readouterr().out
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    events = _events(out)
    assert set(events) == {
        "Late one — Acme [bold]x[/]",
        "Call Maria — Acme [bold]x[/]",
        "Plan action — Beta",
        "Far away — Beta",
    }
    allday = events["Late one — Acme [bold]x[/]"]
    assert allday.decoded("dtstart") == today - timedelta(days=3) and not isinstance(
        allday.decoded("dtstart"), datetime
    )
    assert allday.decoded("dtend") == today - timedelta(days=2)
    timed = events["Call Maria — Acme [bold]x[/]"]
    assert timed.decoded("dtstart") == datetime(2026, 11, 23, 14, 0)  # floating wall time
    assert timed.decoded("dtend") == datetime(2026, 11, 23, 14, 30)
    uids = {str(e["uid"]) for e in events.values()}
    assert len(uids) == 4
    assert main(["ics", *booked, "--out", str(out), "--days", "7"]) == 0
    again = _events(out)
    assert {str(e["uid"]) for e in again.values()} <= uids and len(again) == 3  # same UIDs: updates, not copies


def test_ics_bad_out_is_a_usage_error(booked, tmp_path, capsys):
    assert main(["ics", *booked, "--out", str(tmp_path)]) == 2
    assert main(["ics", *booked, "--out", str(tmp_path / "no" / "f.ics")]) == 2
    assert "--out" in capsys.readouterr().err


@pytest.fixture
def lisbon(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Lisbon")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()


def test_across_a_dst_change_nothing_shifts(lisbon, store, desk_on, db_path, tmp_path, capsys):
    # Lisbon leaves summer time on Sun 25 Oct 2026; a 14:00 follow-up typed for Monday stays 14:00.
    friday = date(2026, 10, 23)
    from csm_desk.domain.dates import parse_when

    day, at = parse_when("mon 14:00", friday)
    with store.write() as s:
        a = Account(external_id="L-1", name="Lisboa")
        s.add(a)
    desk_on(friday).add_followup(a.id, due=day, due_time=at, title="Call after the change")
    common = ["--db", str(db_path), "--today", friday.isoformat()]
    out = _json(capsys, *common)
    assert [(i["due"], i["time"]) for i in out["upcoming"]] == [("2026-10-26", "14:00")]
    ics = tmp_path / "lisbon.ics"
    assert main(["ics", *common, "--out", str(ics)]) == 0
    event = next(iter(_events(ics).values()))
    assert event.decoded("dtstart") == datetime(2026, 10, 26, 14, 0)
    assert "TZID" not in ics.read_text()
    assert os.environ["TZ"] == "Europe/Lisbon"


def test_ics_out_through_a_symlink_is_refused(booked, tmp_path, capsys):
    victim = tmp_path / "victim.ics"
    victim.write_text("keep me")
    link = tmp_path / "f.ics"
    link.symlink_to(victim)
    assert main(["ics", *booked, "--out", str(link)]) == 2
    assert capsys.readouterr().err == f"csm-desk: --out: {link}: is a symbolic link; not replacing it\n"
    assert victim.read_text() == "keep me"
