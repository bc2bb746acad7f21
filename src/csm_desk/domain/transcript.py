"""A meeting transcript as csm-desk keeps it: lines of who said what, and when into the call.

The stored form is the plain format itself, one line per cue::

    [00:12:03] Juliana Costa: we are re-evaluating the stack
    [00:12:09] : (a line whose speaker the file does not name, when its words hold ": ")
    Juliana Costa: a line of a file that gives no times

so a call's summary is read back by the same parser that reads a plain ``Speaker: text`` file, and a
quote kept from a line carries that line's head (``[00:12:03] Juliana Costa``) as where it was said.

Pure: text in, frozen lines out; a file that cannot be read raises ``TranscriptError`` naming the
line. Times are kept to the second (a cue's milliseconds are dropped, never rounded up)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from csm_desk.domain.text import visible

MAX_SPEAKER = 80
"""A speaker's name is at most this many characters (a longer run before ": " is words, not a name)."""

_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
TIME = re.compile(_TIME, re.ASCII)
"""A time into the call: ``HH:MM:SS.mmm``, ``MM:SS.mmm``, ``H:MM:SS``, ``HH:MM:SS,mmm`` (SRT)."""
_MARKER = re.compile(rf"{_TIME}", re.ASCII)
_BRACKETED = re.compile(rf"\[{_TIME}\](?:\s+(.*))?", re.ASCII)
_SPEAKER = re.compile(r"(.*?):(?:\s+(.*)|)")
_ENDS_WITH_TIME = re.compile(rf".*?\s{_TIME}", re.ASCII)
_MEET_TITLE = re.compile(r".+ - (?:Transcript|Transcrição|Transcripción|Transcription)", re.IGNORECASE)
_STARTED = re.compile(
    r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?:\s*(?:(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?(?![A-Za-z])|([A-Z]{2,5})\b))?",
    re.ASCII,
)


class TranscriptError(ValueError):
    """The text cannot be read as a transcript: ``line`` (from 1) and ``reason`` say where and why."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"{line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Line:
    """One thing said: when into the call (seconds; None when the file gives no time), by whom
    (empty when the file names nobody), and the words, joined onto one line."""

    at: int | None
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class Start:
    """When the call started, as the file itself says (a Zoom file name, a Google Meet title)."""

    at: datetime
    """Aware when the file gives the time zone; naive (the reader's local time) when it gives none."""
    source: str
    """Where it was read: ``the file name`` or ``line 1``."""


@dataclass(frozen=True, slots=True)
class Transcript:
    lines: tuple[Line, ...]
    form: str
    """What the file was read as: ``WebVTT``, ``SRT``, ``Google Meet`` or ``plain``."""
    end_ms: int | None = None
    """When the call ended, milliseconds into it (the last cue's end, or Meet's closing line); None: unknown."""
    start: Start | None = None
    start_problem: TranscriptError | None = None
    """The file names its start in a form that cannot be read exactly (a zone such as ``BST``)."""

    @property
    def speakers(self) -> tuple[str, ...]:
        """Everyone named, in the order they first spoke."""
        return tuple(dict.fromkeys(line.speaker for line in self.lines if line.speaker))

    @property
    def duration_min(self) -> int | None:
        """Whole minutes to the end of the call (nearest, at least 1); None when the file does not say."""
        if self.end_ms is None:
            return None
        return max(1, (self.end_ms + 30_000) // 60_000)


# -- times ---------------------------------------------------------------------------------
def time_ms(match: re.Match[str], line: int, what: str) -> int:
    """Milliseconds of a ``TIME`` match; minutes and seconds above 59 are refused."""
    hours, minutes, seconds, fraction = match.group(1, 2, 3, 4)
    if int(minutes) > 59 or int(seconds) > 59:
        start = match.start(1 if hours is not None else 2)
        shown = match.string[start : match.end(4 if fraction is not None else 3)]
        raise TranscriptError(line, f"{what}: {shown!r} is not a time (minutes and seconds go up to 59)")
    ms = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms


def clock(seconds: int) -> str:
    """``HH:MM:SS`` for a time into the call."""
    minutes, s = divmod(seconds, 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{s:02d}"


# -- speakers ----------------------------------------------------------------------------
def split_speaker(text: str) -> tuple[str, str] | None:
    """``Speaker: words`` as (speaker, words): the speaker is what comes before the first ": " (at most
    ``MAX_SPEAKER`` characters; empty for ``: words``); None when the text names nobody."""
    m = _SPEAKER.fullmatch(text)
    if m is None:
        return None
    name = m.group(1).strip()
    if len(name) > MAX_SPEAKER or name.endswith(":"):
        return None
    return name, (m.group(2) or "").strip()


def check_speaker(name: str, line: int) -> str:
    """A speaker named by a voice tag, as kept: refused when the stored line could not give it back."""
    name = visible(" ".join(name.split()))
    if _BRACKETED.match(name):
        raise TranscriptError(line, f"speaker {name!r} starts with a time, which cannot be told apart from the line's")
    if ": " in name or name.endswith(":"):
        raise TranscriptError(line, f"speaker {name!r} holds ': ', which cannot be told apart from the words")
    if len(name) > MAX_SPEAKER:
        raise TranscriptError(line, f"speaker name longer than {MAX_SPEAKER} characters: {name[:40]!r}…")
    return name


def words(text: str) -> str:
    """Words as kept: runs of white space (line breaks of a cue too) as one space, control characters shown."""
    return visible(" ".join(text.split()))


def name_key(name: str) -> str:
    """A name compared without accents, case or extra spaces: ``João  SILVA`` and ``joao silva`` match."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def speaker_contact(speaker: str, contacts: Sequence[tuple[int, str, str]]) -> int | None:
    """The contact (id, name, status) a speaker is: the one whose full name matches (an active one when
    several do), else the one whose first name a one-word speaker is; None when none or several fit."""
    key = name_key(speaker)
    if not key:
        return None
    full = [c for c in contacts if name_key(c[1]) == key]
    if not full and " " not in key:
        full = [c for c in contacts if name_key(c[1]).split(" ")[0] == key]
    if len(full) > 1:
        full = [c for c in full if c[2] == "active"]
    return full[0][0] if len(full) == 1 else None


# -- the stored form -------------------------------------------------------------------------
def head(line: Line) -> str:
    """What a line says before its words: ``[00:12:03] Juliana``, ``[00:12:03]``, ``Juliana`` or nothing.
    A quote kept from the line stores it as where it was said."""
    when = f"[{clock(line.at)}]" if line.at is not None else ""
    return f"{when} {line.speaker}".strip()


def parse_head(step: str) -> tuple[int | None, str]:
    """(seconds into the call, speaker) of a quote kept from a transcript line (``head``'s inverse)."""
    m = _BRACKETED.fullmatch(step)
    if m is None:
        return None, step
    try:
        seconds = time_ms(m, 1, "time") // 1000
    except TranscriptError:  # not a head this module wrote: the step as it is
        return None, step
    return seconds, (m.group(5) or "").strip()


def format_line(line: Line) -> str:
    """One line of the stored form; ``: `` stands before words that would otherwise read as a speaker."""
    if line.speaker:
        return f"{head(line)}: {line.text}"
    if line.at is None:
        return f": {line.text}"  # without the colon it would carry on the line above
    guard = ": " if split_speaker(line.text) is not None else ""
    return f"{head(line)} {guard}{line.text}"


def to_text(lines: Sequence[Line]) -> str:
    """The stored form of a transcript: one line per thing said."""
    return "\n".join(format_line(line) for line in lines)


def read_stored(text: str) -> tuple[Line, ...]:
    """The lines of a stored transcript (a call's summary); ``TranscriptError`` when it no longer reads
    as one (it was edited by hand)."""
    return parse_plain(text, meet=False).lines


# -- the plain format (and Google Meet's) ------------------------------------------------------
@dataclass
class _Open:
    at: int | None
    speaker: str
    parts: list[str]

    def close(self) -> Line | None:
        text = words(" ".join(self.parts))
        return Line(self.at, self.speaker, text) if text else None


def parse_plain(text: str, *, meet: bool = True) -> Transcript:
    """``Speaker: text`` lines, each optionally after ``[00:01:02]``; a line naming nobody carries on the
    line above. With ``meet``, Google Meet's export is read too: a title ending ``- Transcript``,
    attendees and a notice, then a time on its own line every few minutes (the lines under it take that
    time) and ``Meeting ended after 00:41:10`` (the end of the call)."""
    rows = text.split("\n")
    filled = [i for i, row in enumerate(rows) if row.strip()]
    if not filled:
        raise TranscriptError(1, "empty: no line reads as 'Speaker: text'")
    first = rows[filled[0]].strip()
    titled = meet and _MEET_TITLE.fullmatch(first) is not None and split_speaker(first) is None
    end_ms, closing = _closing(rows, filled[-1]) if titled else (None, None)
    lines: list[Line] = []
    header: list[int] = []
    current: _Open | None = None
    marker: int | None = None
    timed = False
    for i in filled if closing is None else filled[:-1]:
        row, number = rows[i].strip(), i + 1
        stamp = _MARKER.fullmatch(row) or _BRACKETED.fullmatch(row)
        if stamp is not None and (stamp.re is _MARKER or not stamp.group(5)):
            # A time on its own line: what follows was said from then on.
            _flush(current, lines)
            current, marker, timed = None, time_ms(stamp, number, "time") // 1000, True
            continue
        if titled and not timed:
            header.append(number)  # Meet's title, attendees and notice
            continue
        if stamp is not None:
            _flush(current, lines)
            said = split_speaker(stamp.group(5))
            speaker, rest = said if said is not None else ("", stamp.group(5))
            current = _Open(time_ms(stamp, number, "time") // 1000, _speaker(speaker, number), [rest])
        elif (said := split_speaker(row)) is not None:
            _flush(current, lines)
            current = _Open(marker, _speaker(said[0], number), [said[1]])
        elif current is not None:
            current.parts.append(row)
            continue
        elif not meet or timed:
            raise TranscriptError(
                number, f"expected 'Speaker: text' (or '[00:01:02] Speaker: text'), found {_shown(row)}"
            )
        else:
            header.append(number)  # a header is read only when a time on its own line ends it
            continue
        if header and not timed:
            raise TranscriptError(
                header[0],
                f"expected 'Speaker: text' (or '[00:01:02] Speaker: text'), found {_shown(rows[header[0] - 1].strip())}",
            )
    _flush(current, lines)
    if titled and not timed:
        raise TranscriptError(filled[0] + 1, "a Google Meet transcript with no time on its own line (such as 00:00:00)")
    if not lines:
        raise TranscriptError(filled[0] + 1, "no line reads as 'Speaker: text' (or '[00:01:02] Speaker: text')")
    if not header:
        return Transcript(tuple(lines), "plain", end_ms)
    start, problem = meet_start(first, filled[0] + 1)
    return Transcript(tuple(lines), "Google Meet", end_ms, start, problem)


def _speaker(name: str, line: int) -> str:
    return check_speaker(name, line) if name else ""


def _flush(current: _Open | None, lines: list[Line]) -> None:
    if current is not None and (done := current.close()) is not None:
        lines.append(done)


def _closing(rows: list[str], index: int) -> tuple[int | None, int | None]:
    """Meet's last line, ``Meeting ended after 00:41:10`` (in whatever language): the end of the call."""
    row = rows[index].strip()
    if _BRACKETED.fullmatch(row) or split_speaker(row) is not None or _MARKER.fullmatch(row):
        return None, None
    m = _ENDS_WITH_TIME.fullmatch(row)
    if m is None or not m.group(1):
        return None, None
    return time_ms(m, index + 1, "end of the call"), index


def _shown(row: str) -> str:
    return repr(row if len(row) <= 60 else row[:60] + "…")


def meet_start(title: str, line: int) -> tuple[Start | None, TranscriptError | None]:
    """The start written in a Meet title (``Weekly sync (2026-10-05 10:00 GMT+3) - Transcript``)."""
    m = _STARTED.search(title)
    if m is None:
        return None, None
    year, month, day, hour, minute, second, sign, off_h, off_m, zone = m.groups()
    try:
        naive = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None, TranscriptError(line, f"the meeting's date {m.group(0)!r} is not a real date")
    if zone is not None:
        return None, TranscriptError(line, f"the meeting's time zone {zone!r} cannot be read exactly")
    if "GMT" in m.group(0) or "UTC" in m.group(0):
        offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0)) * (-1 if sign == "-" else 1)
        return Start(naive.replace(tzinfo=timezone(offset) if offset else UTC), f"line {line}"), None
    return Start(naive, f"line {line}"), None
