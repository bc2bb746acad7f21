"""A transcript on the timeline and the lines kept from it, through the desk: what is stored (the call,
each quote with its speaker and its time), what the account shows, and undo taking it back exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from csm_desk.domain.transcript import Line, read_stored
from csm_desk.domain.transcript_files import read_transcript
from csm_desk.store.actions import ActionError
from csm_desk.store.tables import Contact, Interaction, Quote

from .conftest import add_account
from .dbdump import dump

DATA = Path(__file__).parent.parent / "data" / "transcripts"
AT = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)


@pytest.fixture
def zoom():
    name = "GMT20261120-143000_Recording.transcript.vtt"
    return read_transcript((DATA / name).read_text(encoding="utf-8"), name)


@pytest.fixture
def book(build):
    def make(s):
        a = add_account(
            s,
            "ACME-1",
            name="Acme",
            contacts=[
                Contact(name="Péter Gibbons", role="champion"),  # the transcript spells it without the accent
                Contact(name="Lumbergh", role="sponsor"),
            ],
        )
        ids = {c.name: c.id for c in s.scalars(select(Contact).where(Contact.account_id == a))}
        return {"a": a, "contacts": ids}

    return build(make)


@pytest.fixture
def call(desk, book, zoom):
    return desk.attach_transcript(book["a"], zoom.lines, at=AT, channel="call", duration_min=zoom.duration_min)


def _quotes(store, interaction_id):
    with store.read() as s:
        rows = s.scalars(select(Quote).where(Quote.interaction_id == interaction_id).order_by(Quote.position))
        return [(q.position, q.text, q.speaker_id, q.step) for q in rows]


def test_the_transcript_is_one_call_whose_summary_reads_back_as_its_lines(desk, store, book, zoom, call):
    with store.read() as s:
        row = s.get(Interaction, call)
        assert (row.account_id, row.at, row.channel, row.duration_min, row.script) == (
            book["a"],
            AT,
            "call",
            41,
            "transcript",
        )
        assert read_stored(row.summary) == zoom.lines
        assert row.summary.splitlines()[1] == (
            "[00:00:05] Peter Gibbons: Honestly? Rough. Logins dropped after the reorg and half the ops team "
            "moved to the new warehouse tool."
        )


def test_attaching_is_undone_exactly(desk, book, zoom, db_path):
    before = dump(db_path)
    desk.attach_transcript(book["a"], zoom.lines, at=AT, channel="meeting", duration_min=None)
    assert dump(db_path) != before
    desk.undo_last()
    assert dump(db_path) == before


def test_the_same_call_twice_or_another_channel_is_refused(desk, book, zoom, call, db_path):
    before = dump(db_path)
    with pytest.raises(ActionError, match="already has the transcript of a call at"):
        desk.attach_transcript(book["a"], zoom.lines, at=AT, channel="call", duration_min=None)
    with pytest.raises(ActionError, match="a call or a meeting, not 'email'"):
        desk.attach_transcript(book["a"], zoom.lines, at=AT, channel="email", duration_min=None)
    with pytest.raises(ActionError, match="already has the transcript of a call at"):
        desk.check_transcript(book["a"], at=AT, channel="call")
    assert dump(db_path) == before


def test_kept_lines_become_quotes_with_their_speaker_and_time_and_undo_removes_them(
    desk, store, book, zoom, call, db_path
):
    before = dump(db_path)
    picked = [zoom.lines[4], zoom.lines[2], zoom.lines[6]]  # picked out of order: stored as they were said
    assert desk.keep_quotes(book["a"], call, picked) == 3
    peter = book["contacts"]["Péter Gibbons"]
    assert _quotes(store, call) == [
        (0, "We are not seeing the value we expected from the dashboards.", peter, "[00:00:11] Peter Gibbons"),
        (
            1,
            "If the stock alerts reached the floor leads, not just me. That's the must-have.",
            peter,
            "[00:00:19] Peter Gibbons",
        ),
        (
            2,
            "I'll send the alert routing plan on Friday and we review it together Tuesday.",
            None,  # Sam Rivera is no contact of the account: his name stays with the quote's time
            "[00:41:02] Sam Rivera",
        ),
    ]
    desk.undo_last()
    assert dump(db_path) == before


def test_a_line_already_kept_is_not_kept_twice(desk, store, book, zoom, call, db_path):
    desk.keep_quotes(book["a"], call, [zoom.lines[2]])
    assert desk.keep_quotes(book["a"], call, [zoom.lines[2], zoom.lines[4]]) == 1
    assert [q[0:2] for q in _quotes(store, call)] == [
        (0, "We are not seeing the value we expected from the dashboards."),
        (1, "If the stock alerts reached the floor leads, not just me. That's the must-have."),
    ]
    before = dump(db_path)
    with pytest.raises(ActionError, match="already kept"):
        desk.keep_quotes(book["a"], call, [zoom.lines[4]])
    with pytest.raises(ActionError, match="no longer in the transcript"):
        desk.keep_quotes(book["a"], call, [Line(11, "Peter Gibbons", "words nobody said")])
    assert dump(db_path) == before


def test_the_picker_reads_the_lines_with_their_contact_and_what_is_kept(desk, book, zoom, call):
    desk.keep_quotes(book["a"], call, [zoom.lines[2]])
    view = desk.transcript(book["a"], call)
    assert view.problem == ""
    assert [(row.line, row.contact, row.kept) for row in view.lines[1:4]] == [
        (zoom.lines[1], "Péter Gibbons", False),
        (zoom.lines[2], "Péter Gibbons", True),
        (zoom.lines[3], "", False),
    ]
    (listed,) = desk.transcript_calls(book["a"])
    assert (listed.interaction_id, listed.lines, listed.speakers, listed.kept) == (
        call,
        7,
        ("Sam Rivera", "Peter Gibbons"),
        1,
    )
    assert desk.transcript(book["a"] + 1, call) is None  # another account's id


def test_the_timeline_shows_the_gist_and_the_quotes_and_searches_every_word(desk, book, zoom, call):
    desk.keep_quotes(book["a"], call, [zoom.lines[2], zoom.lines[6]])
    detail = desk.account(book["a"])
    (event,) = [e for e in detail.timeline if e.ref_id == call and e.kind == "interaction"]
    assert event.title == "Call (41 min) · transcript"
    assert event.body == "Transcript: 7 lines · Sam Rivera, Peter Gibbons"
    assert event.quotes == (
        "We are not seeing the value we expected from the dashboards. — Péter Gibbons at 00:00:11",
        "I'll send the alert routing plan on Friday and we review it together Tuesday. — Sam Rivera at 00:41:02",
    )
    assert "warehouse tool" in event.search_text()  # a line nobody kept is still found
    said = {s.text: s.speaker for s in detail.said}
    assert said["I'll send the alert routing plan on Friday and we review it together Tuesday."] == "Sam Rivera"
    assert said["We are not seeing the value we expected from the dashboards."] == "Péter Gibbons"


def test_a_transcript_edited_into_something_else_says_so_and_keeps_nothing(desk, store, book, zoom, call, db_path):
    with store.write() as s:
        s.get(Interaction, call).summary = "Notes typed over the transcript\nand a second line"
    before = dump(db_path)
    with pytest.raises(ActionError, match="no longer reads as one"):
        desk.keep_quotes(book["a"], call, [zoom.lines[0]])
    assert dump(db_path) == before
    view = desk.transcript(book["a"], call)
    assert view.lines == () and "no longer reads as one (its line 1" in view.problem
    (event,) = [e for e in desk.account(book["a"]).timeline if e.ref_id == call and e.kind == "interaction"]
    assert event.body.startswith("The transcript was edited")


def test_editing_the_call_keeps_each_quote_where_it_was_said(desk, store, book, zoom, call):
    desk.keep_quotes(book["a"], call, [zoom.lines[2], zoom.lines[4], zoom.lines[6]])
    note = desk.note(book["a"], call)
    kept = [text for text, _ in note.quotes]
    # The first quote is removed in the note form: the others keep their own time and speaker.
    desk.update_note(
        book["a"],
        call,
        channel=note.channel,
        summary=note.summary,
        quotes=kept[1:],
        speakers=[s for _, s in note.quotes[1:]],
        at=note.at,
        duration_min=note.duration_min,
    )
    assert [(q[1], q[3]) for q in _quotes(store, call)] == [
        (kept[1], "[00:00:19] Peter Gibbons"),
        (kept[2], "[00:41:02] Sam Rivera"),
    ]


@pytest.mark.parametrize(
    ("key", "found"),
    [
        ("ACME-1", ["ACME-1"]),
        ("Acme", ["ACME-1"]),
        ("acmé", ["ACME-1"]),
        ("Twin", ["T-1", "T-2"]),
        ("nobody", []),
    ],
)
def test_a_command_names_an_account_by_external_id_or_name(store, book, build, key, found):
    from csm_desk.store.transcripts import accounts_named

    build(lambda s: (add_account(s, "T-2", name="Twin"), add_account(s, "T-1", name="Twin")))
    with store.read() as s:
        assert [external_id for _, external_id, _ in accounts_named(s, key)] == found


def test_a_note_of_the_same_call_leaves_room_for_its_transcript(desk, store, book, zoom):
    desk.add_note(book["a"], channel="call", summary="Called Peter about the dashboards", at=AT)
    call = desk.attach_transcript(book["a"], zoom.lines, at=AT, channel="call", duration_min=41)
    with store.read() as s:
        keys = s.scalars(select(Interaction.external_id).where(Interaction.account_id == book["a"])).all()
        assert s.get(Interaction, call).script == "transcript"
    assert len(set(keys)) == 2  # each known by a key of its own across exports and imports
