"""Reading meeting transcripts: WebVTT as Zoom and Teams write it, SRT, plain ``Speaker: text`` and
Google Meet's export; the stored form read back line for line; and each way a file goes wrong named
by its line. The fixtures are in tests/data/transcripts/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.transcript import (
    Line,
    TranscriptError,
    head,
    parse_head,
    read_stored,
    speaker_contact,
    split_speaker,
    to_text,
)
from csm_desk.domain.transcript_files import read_transcript

DATA = Path(__file__).parent.parent / "data" / "transcripts"


def read(name: str):
    return read_transcript((DATA / name).read_text(encoding="utf-8"), name)


def said(transcript) -> list[tuple[int | None, str, str]]:
    return [(line.at, line.speaker, line.text) for line in transcript.lines]


# -- each format -------------------------------------------------------------------------------
def test_a_zoom_webvtt_file_keeps_cue_times_speakers_and_joins_a_cue_over_two_lines():
    t = read("GMT20261120-143000_Recording.transcript.vtt")
    assert t.form == "WebVTT"
    assert said(t)[:3] == [
        (1, "Sam Rivera", "Thanks for making the time, Peter. I wanted to hear how the quarter went."),
        (
            5,
            "Peter Gibbons",
            "Honestly? Rough. Logins dropped after the reorg and half the ops team moved to the new warehouse tool.",
        ),
        (11, "Peter Gibbons", "We are not seeing the value we expected from the dashboards."),
    ]
    assert said(t)[5] == (27, "", "(inaudible)")  # a cue that names nobody
    assert t.speakers == ("Sam Rivera", "Peter Gibbons")
    # The last cue ends at 00:41:09.480: 41 minutes; Zoom's file name says when it started (UTC).
    assert (t.end_ms, t.duration_min) == (2_469_480, 41)
    assert t.start is not None and t.start.at == datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    assert t.start.source == "the file name"


def test_a_teams_webvtt_file_reads_voice_tags_skips_style_and_notes_and_reads_references():
    t = read("teams.vtt")
    assert said(t) == [
        (2, "Juliana Costa", "Before we start, our CFO asked me to list every tool we pay for & what we use."),
        (7, "Sam Rivera", "Understood. Which modules are on that list?"),
        (10, "juliana costa", "Reporting, mostly. Another team already uses a competitor for it."),
        (16, "Sam Rivera", "Got it."),  # two voices in one cue are two lines at the cue's time
        (16, "Juliana Costa", "And we need to simplify processes"),  # a voice tag left open
        (18, "Marco Diaz", "The budget cut is real: <30% of last year>."),  # <v.loud …>, <i>, &lt; &gt;
    ]
    assert t.start is None and t.end_ms == 22_730


def test_an_srt_file_with_crlf_drops_formatting_and_reads_the_speaker():
    t = read("call.srt")
    assert t.form == "SRT"
    assert said(t) == [
        (0, "Sam Rivera", "Can you hear me?"),
        (3, "Peter Gibbons", "Yes. Look, the integration broke two weeks ago and nobody told us."),
        (8, "", "[phone rings]"),
        (9, "Peter Gibbons", "We need a fix before the renewal talk."),
    ]
    assert t.duration_min == 1


def test_a_google_meet_export_gives_its_start_its_end_and_the_time_above_each_line():
    t = read("meet.txt")
    assert t.form == "Google Meet"
    assert said(t) == [
        (0, "Sam Rivera", "Good morning, both. Shall we start with the renewal?"),
        (
            0,
            "Juliana Costa",
            "Yes. We are re-evaluating the stack before the budget closes. The board wants fewer tools next year.",
        ),
        (300, "Marco Diaz", "Support was slow twice last month. That's what people remember."),
        (300, "Sam Rivera", "Noted. I will bring the support lead to Thursday's call."),
    ]
    assert t.start is not None and t.start.source == "line 1"
    assert t.start.at == datetime(2026, 11, 18, 9, 0, tzinfo=timezone(timedelta(hours=-3)))
    assert (t.end_ms, t.duration_min) == (461_000, 8)  # "Meeting ended after 00:07:41"


def test_plain_lines_with_times_carry_on_over_a_line_that_names_nobody():
    t = read("plain.txt")
    assert t.form == "plain" and t.start is None and t.duration_min is None
    assert said(t)[1] == (
        9,
        "Juliana Costa",
        "Better. The training helped, but the exports still time out every Monday.",
    )
    assert [line.at for line in t.lines] == [4, 9, 90, 102]


def test_plain_lines_without_times_keep_no_time():
    t = read("untimed.txt")
    assert said(t)[1] == (None, "João Araújo", "A cobrança duplicada. Levou três semanas para resolver.")
    assert {line.at for line in t.lines} == {None}


def test_a_byte_order_mark_and_lone_carriage_returns_are_read_as_line_ends():
    t = read_transcript("\ufeffWEBVTT\r\r00:00:01.000 --> 00:00:02.000\rSam Rivera: one\rtwo\r", "x.vtt")
    assert said(t) == [(1, "Sam Rivera", "one two")]


def test_the_format_is_told_by_the_content_when_the_name_does_not_say():
    assert read_transcript("WEBVTT\n\n00:01.500 --> 00:02.000\nhi\n", "x.txt").form == "WebVTT"
    assert read_transcript("7\n00:00:01,000 --> 00:00:02,000\nhi\n", "x.txt").form == "SRT"
    assert read_transcript("Sam: hi\n", "x").form == "plain"


def test_cue_times_may_leave_out_the_hours_and_pad_nothing():
    t = read_transcript("WEBVTT\n\n0:0:5.5 --> 0:0:7.25\nSam: hi\n\n01:02.000 --> 01:03.000\nAna: yes\n", "t.vtt")
    assert [line.at for line in t.lines] == [5, 62]
    assert t.end_ms == 63_000


def test_a_speaker_that_reads_as_markup_is_kept_as_it_was_said():
    t = read_transcript("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Maria [bold]x[/]>hi [/]</v>\n", "x.vtt")
    assert said(t) == [(1, "Maria [bold]x[/]", "hi [/]")]


def test_control_characters_in_a_cue_are_shown_never_obeyed():
    t = read_transcript("Sam: hi \x1b]52;c;Zm9v\x07 there\n", "x.txt")
    assert t.lines[0].text == "hi ␛]52;c;Zm9v␇ there"


# -- the stored form ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["GMT20261120-143000_Recording.transcript.vtt", "teams.vtt", "call.srt", "meet.txt", "plain.txt", "untimed.txt"],
)
def test_the_stored_form_reads_back_line_for_line(name):
    lines = read(name).lines
    assert read_stored(to_text(lines)) == lines


def test_the_stored_form_is_one_line_per_thing_said():
    lines = (
        Line(723, "Juliana Costa", "we are re-evaluating the stack"),
        Line(729, "", "Note: not a speaker"),
        Line(731, "", "no speaker"),
        Line(None, "Sam", "untimed"),
        Line(None, "", "untimed, nobody"),
    )
    assert to_text(lines) == (
        "[00:12:03] Juliana Costa: we are re-evaluating the stack\n"
        "[00:12:09] : Note: not a speaker\n"
        "[00:12:11] no speaker\n"
        "Sam: untimed\n"
        ": untimed, nobody"
    )
    assert read_stored(to_text(lines)) == lines


@pytest.mark.parametrize(
    "line",
    [
        Line(5, "", "[00:00:09] a time in the words"),
        Line(None, "", ": a colon first"),
        Line(None, "", "Note: reads like a speaker"),
        Line(7, "a]b [c]", "x: y"),
        Line(None, "Room 3:1", "ready: set"),
        Line(3600 * 101, "Sam", "a very long call"),
    ],
)
def test_awkward_lines_read_back_exactly(line):
    assert read_stored(to_text([line])) == (line,)


_name = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30).map(
    lambda s: " ".join(s.replace(":", "").split())
)
_words = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60).map(
    lambda s: " ".join(s.split())
)


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 20_000)), _name, _words), min_size=1, max_size=8))
def test_any_lines_read_back_exactly_from_the_stored_form(raw):
    lines = tuple(Line(at, speaker, text) for at, speaker, text in raw if text)
    if lines:
        assert read_stored(to_text(lines)) == lines


def test_a_quote_keeps_the_head_of_its_line_and_reads_it_back():
    line = Line(3723, "João Araújo", "words")
    assert head(line) == "[01:02:03] João Araújo"
    assert parse_head(head(line)) == (3723, "João Araújo")
    assert parse_head("[00:00:09]") == (9, "")
    assert parse_head("discover") == (None, "discover")  # a call script's step is no transcript head


# -- speakers and contacts ------------------------------------------------------------------------
def test_a_speaker_is_what_comes_before_the_first_colon_and_space():
    assert split_speaker("Room 3:1: ready") == ("Room 3:1", "ready")
    assert split_speaker("see https://example.com") is None
    assert split_speaker("at 10:30 we meet") is None
    assert split_speaker("x" * 81 + ": words") is None


CONTACTS = [
    (1, "João Silva", "left"),
    (2, "Juliana Costa", "active"),
    (3, "João Silva", "active"),
    (4, "Ana Lima", "active"),
    (5, "João Pedro", "active"),
]


@pytest.mark.parametrize(
    ("speaker", "contact"),
    [
        ("Juliana Costa", 2),
        ("JULIANA  COSTA", 2),
        ("Joao Silva", 3),  # accents aside; the active one of two with that name
        ("ana", 4),  # a first name that only one contact has
        ("João", None),  # two people are called João
        ("Juliana C.", None),
        ("", None),
    ],
)
def test_a_speaker_is_a_contact_by_name_without_accents_or_case(speaker, contact):
    assert speaker_contact(speaker, CONTACTS) == contact


# -- what goes wrong, named by its line -------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("bad_no_header.vtt", 1, "expected 'WEBVTT' on the first line"),
        ("bad_arrow.vtt", 8, "expected a timing line (00:00:01.000 --> 00:00:04.000) under the cue id '2'"),
        ("bad_time.vtt", 6, "start: '00:00:75.000' is not a time"),
        ("bad_backwards.srt", 2, "timing: the cue ends (00:00:02,000) before it starts (00:00:05,000)"),
        ("bad_cue_number.srt", 5, "expected a cue number, then a timing line"),
        ("bad_two_timings.vtt", 5, "a second timing line in one cue"),
        ("bad_voice.vtt", 4, "a voice tag '<v …' that never closes"),
        ("bad_plain.txt", 1, "expected 'Speaker: text'"),
        ("bad_empty_cues.vtt", 1, "no cue with words"),
    ],
)
def test_a_malformed_file_is_refused_at_its_line(name, line, reason):
    with pytest.raises(TranscriptError) as caught:
        read(name)
    assert caught.value.line == line
    assert caught.value.reason.startswith(reason), caught.value.reason


@pytest.mark.parametrize(
    ("text", "name", "line", "reason"),
    [
        ("", "x.txt", 1, "empty"),
        ("WEBVTT\n00:00:01.000 --> 00:00:02.000\nhi\n", "x.vtt", 2, "a timing line right under WEBVTT"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dr: Who>hi</v>\n", "x.vtt", 4, "speaker 'Dr: Who' holds ': '"),
        ("1\n00:00:01,000 --> 00:00:02,000\n", "x.srt", 1, "no cue with words"),
        ("Sam: hi\n00:01:00\nthen a line naming nobody\n", "x.txt", 3, "expected 'Speaker: text'"),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v [00:01] Sam>hi</v>\n",
            "x.vtt",
            4,
            "speaker '[00:01] Sam' starts",
        ),
        ("[00:61:00] Sam: hi\n", "x.txt", 1, "time: '00:61:00' is not a time"),
        ("Call - Transcript\nAttendees\nSam\n", "x.txt", 1, "a Google Meet transcript with no time"),
    ],
)
def test_other_malformed_input_is_refused_at_its_line(text, name, line, reason):
    with pytest.raises(TranscriptError) as caught:
        read_transcript(text, name)
    assert (caught.value.line, caught.value.reason[: len(reason)]) == (line, reason)


def test_a_meet_start_in_a_zone_that_cannot_be_read_exactly_is_a_problem_not_a_guess():
    t = read("bad_meet_zone.txt")
    assert t.start is None
    assert t.start_problem is not None and t.start_problem.line == 1
    assert "'BRT' cannot be read exactly" in t.start_problem.reason


def test_a_zoom_stamp_that_is_no_date_is_a_problem_of_the_name():
    t = read_transcript("Sam: hi\n", "GMT20261340-250000_Recording.transcript.txt")
    assert t.start is None and t.start_problem is not None and t.start_problem.line == 0
