"""The files a meeting transcript comes in, read into ``transcript.Transcript``:

- **WebVTT** (W3C): ``WEBVTT`` first, then cues of an optional id, ``00:00:01.000 --> 00:00:04.000``
  and the words. Zoom writes ``Speaker: words`` and numbers its cues; Teams names the speaker with a
  voice tag, ``<v Speaker>words</v>``, under ids like ``1f2e…/12-0``. NOTE, STYLE and REGION blocks
  are skipped, tags dropped and character references (``&amp;``) read.
- **SRT**: a cue number, ``00:00:01,000 --> 00:00:04,000``, the words; ``Speaker: words`` names who.
- **plain** ``Speaker: text`` lines and Google Meet's export (``transcript.parse_plain``).

A cue over several lines is one line of words. Zoom names its files after the start of the call
(``GMT20240301-140000_Recording.transcript.vtt``, UTC): that is the start the file gives.
Pure: text (already decoded) and the file's name in, a ``Transcript`` out, or ``TranscriptError``."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from csm_desk.domain.transcript import (
    TIME,
    Line,
    Start,
    Transcript,
    TranscriptError,
    check_speaker,
    parse_plain,
    split_speaker,
    time_ms,
    words,
)

_T = TIME.pattern
_TIMING = re.compile(rf"\s*({_T})\s*-->\s*({_T})(?:[ \t].*)?", re.ASCII)
_WEBVTT = re.compile(r"WEBVTT(?:[ \t].*)?")
_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")
_CUE_NUMBER = re.compile(r"\s*\d+\s*", re.ASCII)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>")
_VOICE_END = re.compile(r"</v\s*>")
_VOICE_OPEN = re.compile(r"<v[\s.>]")
_TAG = re.compile(r"<[^>\n]*>")
_SRT_STYLE = re.compile(r"\{\\[^}]*\}")
_ZOOM_NAME = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})", re.ASCII)
_TIMING_HINT = {
    "WebVTT": "00:00:01.000 --> 00:00:04.000",
    "SRT": "00:00:01,000 --> 00:00:04,000",
}


def read_transcript(text: str, name: str = "") -> Transcript:
    """The transcript in ``text``, read as the file ``name`` (its extension and its Zoom stamp) says:
    ``.vtt`` or a first line ``WEBVTT`` is WebVTT, ``.srt`` or a first block shaped like a cue is SRT,
    anything else the plain format."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    rows = text.split("\n")
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if suffix == "vtt" or _WEBVTT.fullmatch(rows[0]):
        transcript = _webvtt(rows)
    elif suffix == "srt" or _looks_like_srt(rows):
        transcript = _srt(rows)
    else:
        transcript = parse_plain(text)
    if transcript.start is None and transcript.start_problem is None:
        start, problem = zoom_start(name)
        return Transcript(transcript.lines, transcript.form, transcript.end_ms, start, problem)
    return transcript


def zoom_start(name: str) -> tuple[Start | None, TranscriptError | None]:
    """The start of the call in a Zoom file name (``GMT20240301-140000…``), in UTC; line 0 is the name."""
    m = _ZOOM_NAME.search(name.replace("\\", "/").rsplit("/", 1)[-1])
    if m is None:
        return None, None
    try:
        year, month, day, hour, minute, second = (int(g) for g in m.groups())
        at = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None, TranscriptError(0, f"the file name's {m.group(0)!r} is not a real date and time")
    return Start(at, "the file name"), None


# -- blocks ------------------------------------------------------------------------------------
def _blocks(rows: list[str], first: int) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines from ``rows[first]`` on, each with the index of its first line."""
    out: list[tuple[int, list[str]]] = []
    block: list[str] = []
    for i in range(first, len(rows)):
        if rows[i].strip():
            if not block:
                out.append((i, block))
            block.append(rows[i])
        else:
            block = []
    return out


def _timing(row: str, number: int, form: str) -> tuple[int, int]:
    m = _TIMING.fullmatch(row)
    if m is None:
        raise TranscriptError(number, f"timing: cannot read {row.strip()!r} as 'start --> end' ({_TIMING_HINT[form]})")
    start = time_ms(TIME.fullmatch(m.group(1)), number, "start")  # type: ignore[arg-type]  # group 1 matched TIME
    end = time_ms(TIME.fullmatch(m.group(6)), number, "end")  # type: ignore[arg-type]  # group 6 matched TIME
    if end < start:
        raise TranscriptError(number, f"timing: the cue ends ({m.group(6)}) before it starts ({m.group(1)})")
    return start, end


def _captions(rows: list[str], first: int, form: str) -> Transcript:
    lines: list[Line] = []
    end_ms: int | None = None
    for index, block in _blocks(rows, first):
        head = block[0].strip()
        if form == "WebVTT" and _SKIPPED.fullmatch(head) and "-->" not in head:
            continue
        if "-->" in block[0]:
            at = 0
        elif len(block) > 1 and "-->" in block[1] and (form == "WebVTT" or _CUE_NUMBER.fullmatch(block[0])):
            at = 1
        else:
            raise _no_timing(block, index, form)
        start, end = _timing(block[at], index + at + 1, form)
        payload = [row.strip() for row in block[at + 1 :]]
        for offset, row in enumerate(payload):
            if "-->" in row:
                raise TranscriptError(
                    index + at + 2 + offset,
                    f"a second timing line in one cue: {form} needs a blank line before each cue",
                )
        number = index + at + 2
        said = _vtt_said(payload, number) if form == "WebVTT" else _zoom_style(_srt_text(payload), number)
        lines += [Line(start // 1000, speaker, text) for speaker, text in said]
        end_ms = end if end_ms is None else max(end_ms, end)
    if not lines:
        raise TranscriptError(1, f"no cue with words: the {form} file holds nothing said")
    return Transcript(tuple(lines), form, end_ms)


def _no_timing(block: list[str], index: int, form: str) -> TranscriptError:
    """What is wrong with a block that has no timing line where one belongs."""
    head, hint = block[0].strip(), _TIMING_HINT[form]
    if len(block) > 1 and (form == "WebVTT" or _CUE_NUMBER.fullmatch(head)):
        what = "cue number" if form == "SRT" else "cue id"
        found = block[1].strip()[:60]
        return TranscriptError(index + 2, f"expected a timing line ({hint}) under the {what} {head!r}, found {found!r}")
    expected = "a cue number, then a timing line" if form == "SRT" else "a timing line"
    return TranscriptError(index + 1, f"expected {expected} ({hint}), found {head[:60]!r}")


# -- WebVTT ------------------------------------------------------------------------------------
def _webvtt(rows: list[str]) -> Transcript:
    if not _WEBVTT.fullmatch(rows[0]):
        raise TranscriptError(1, f"expected 'WEBVTT' on the first line of a WebVTT file, found {rows[0][:60]!r}")
    first = 1
    while first < len(rows) and rows[first].strip():  # the header: WEBVTT's own lines up to a blank one
        if "-->" in rows[first]:
            raise TranscriptError(first + 1, "a timing line right under WEBVTT: leave a blank line between them")
        first += 1
    return _captions(rows, first, "WebVTT")


def _vtt_said(payload: list[str], number: int) -> list[tuple[str, str]]:
    """A cue's words by speaker: its voice tags name them (Teams), else a leading ``Speaker:`` (Zoom)."""
    joined = " ".join(payload)
    if _VOICE.search(joined) is None:
        if _VOICE_OPEN.search(joined):
            raise TranscriptError(number, "a voice tag '<v …' that never closes with '>'")
        return _zoom_style(_vtt_text(joined), number)
    out: list[tuple[str, str]] = []
    speaker, position = "", 0
    for m in _VOICE.finditer(joined):
        out += _voiced(speaker, joined[position : m.start()], number)
        speaker, position = check_speaker(m.group(1) or "", number), m.end()
    out += _voiced(speaker, joined[position:], number)
    merged: list[tuple[str, str]] = []
    for who, text in out:
        if merged and merged[-1][0] == who:
            merged[-1] = (who, f"{merged[-1][1]} {text}")
        else:
            merged.append((who, text))
    return merged


def _voiced(speaker: str, chunk: str, number: int) -> list[tuple[str, str]]:
    """The words of one voice span: up to ``</v>`` they are the speaker's, after it nobody's."""
    if _VOICE_OPEN.search(chunk):
        raise TranscriptError(number, "a voice tag '<v …' that never closes with '>'")
    inside, *after = _VOICE_END.split(chunk, maxsplit=1)
    said = [(speaker, _vtt_text(inside)), ("", _vtt_text(after[0]) if after else "")]
    return [(who, text) for who, text in said if text]


def _vtt_text(chunk: str) -> str:
    return words(html.unescape(_TAG.sub("", chunk)))


def _zoom_style(text: str, number: int) -> list[tuple[str, str]]:
    """Words that may start with who said them: ``Speaker: words`` (Zoom, SRT)."""
    if not text:
        return []
    said = split_speaker(text)
    if said is None or not said[1]:
        return [("", text)]
    return [(check_speaker(said[0], number) if said[0] else "", said[1])]


# -- SRT -------------------------------------------------------------------------------------
def _looks_like_srt(rows: list[str]) -> bool:
    """A first block of a cue number and a timing line (or a timing line alone)."""
    filled = [row for row in rows if row.strip()][:2]
    if filled and _TIMING.fullmatch(filled[0]):
        return True
    return len(filled) == 2 and bool(_CUE_NUMBER.fullmatch(filled[0])) and bool(_TIMING.fullmatch(filled[1]))


def _srt(rows: list[str]) -> Transcript:
    return _captions(rows, 0, "SRT")


def _srt_text(payload: list[str]) -> str:
    """An SRT cue's words: its formatting tags (``<i>``, ``<font …>``, ``{\\an8}``) dropped."""
    return words(_SRT_STYLE.sub("", _TAG.sub("", " ".join(payload))))
