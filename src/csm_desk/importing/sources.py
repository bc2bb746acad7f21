"""Opening an input file as records: its encoding and delimiter found out, or its spreadsheet sheet read.

An export arrives as Excel saved it: UTF-8 with or without a BOM, UTF-16, or Windows-1252, with
``,``, ``;``, tab or ``|`` between cells; or as a spreadsheet. Whatever was found is reported back
(``Layout``) so that a dry run can say how the file was read.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from csm_desk.importing.convert import Typed
from csm_desk.importing.native import Problem, number_cell

SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
DELIMITERS = (",", ";", "\t", "|")
AUTO = "auto"

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NAMES = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}
_NAMES |= {"cp1252": "Windows-1252"}
_WESTERN = frozenset(
    {
        "ascii",
        "cp1252",
        "latin_1",
        "iso8859_15",
        "cp1250",
        "iso8859_2",
        "iso8859_3",
        "iso8859_4",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_16",
        "cp1254",
        "cp1257",
        "cp1258",
        "mac_latin2",
    }
)
"""Single-byte Latin code pages a detector may name for a Western European text: Excel on Windows in
Brazil, Portugal, Spain or the US writes Windows-1252, which holds the ``“ ” – €`` latin-1 turns into
control characters."""


class SourceError(Exception):
    """A file that cannot be opened as records; ``problem`` says why and what setting fixes it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Layout:
    """How a file was read, for the dry run and the messages."""

    encoding: str = ""
    """the codec name (``utf-8-sig``, ``cp1252``...); empty for a spreadsheet"""
    delimiter: str = ""
    sheet: str = ""
    detected: bool = False
    """the encoding was found by the detector rather than named or proven (a BOM, valid UTF-8)"""

    def describe(self) -> str:
        if self.sheet:
            return f"sheet {self.sheet!r}"
        shown = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}.get(self.delimiter, repr(self.delimiter))
        how = " (detected)" if self.detected else ""
        return f"{encoding_name(self.encoding)}{how}, {shown}-separated"


def encoding_name(codec: str) -> str:
    """A codec as a person names it: ``cp1252`` -> Windows-1252."""
    return _NAMES.get(codec, codec)


def is_spreadsheet(path: str) -> bool:
    return Path(path).suffix.lower() in SPREADSHEETS


def detect_encoding(path: str, wanted: str = AUTO) -> tuple[str, bool]:
    """The codec to read ``path`` with and whether a detector chose it; ``wanted`` other than ``auto`` is
    taken as named. Raises SourceError for binary data or text no encoding here reads."""
    if wanted != AUTO:
        return wanted, False
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", False
    if head.startswith(_UTF16_BOMS):
        if not _decodes(path, "utf-16"):
            raise SourceError(Problem(path, "file", "UTF-16 text that ends or breaks in the middle of a character"))
        return "utf-16", False
    if b"\x00" in head:
        odd, even = head[1::2], head[0::2]
        if odd and odd.count(0) > 0.9 * len(odd) and 0 not in even and _decodes(path, "utf-16-le"):
            return "utf-16-le", False
        if even and even.count(0) > 0.9 * len(even) and 0 not in odd and _decodes(path, "utf-16-be"):
            return "utf-16-be", False
        raise SourceError(Problem(path, "", "binary data, not a CSV text file"))
    if _decodes(path, "utf-8"):
        return "utf-8-sig", False
    return _detected(path), True


def _decodes(path: str, codec: str) -> bool:
    """Whether the whole file is text in ``codec``, checked in chunks (a large export is never held whole)."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _detected(path: str) -> str:
    """A non-UTF-8 text's code page: Windows-1252 for Western text, else what charset-normalizer finds."""
    from charset_normalizer import from_bytes  # ~40 ms to import: only for files that need it

    data = Path(path).read_bytes()
    best = from_bytes(data[: 1 << 20]).best()
    guess = best.encoding if best is not None else "cp1252"
    if guess in _WESTERN or guess.startswith("utf"):
        guess = "cp1252"
    try:
        data.decode(guess)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            Problem(
                f"{path}:{line}",
                "file",
                f"neither UTF-8 nor {encoding_name(guess)} text (byte 0x{data[exc.start]:02x}); "
                'name the encoding in a mapping file: encoding = "..." (--mapping)',
            )
        ) from None
    return guess


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the header into the most columns and the lines after it into as many."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            records = [r for r in csv.reader(lines, delimiter=delimiter) if r and any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        steady = sum(len(r) == width for r in records[1:])
        score = (steady, width) if len(records) > 1 else (0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def delimiter_hint(header: list[str]) -> str:
    """When a header read as one column holds another delimiter: the setting that splits it."""
    if len(header) != 1:
        return ""
    found = [d for d in DELIMITERS if d in header[0]]
    if not found:
        return ""
    shown = "\\t" if found[0] == "\t" else found[0]
    return f'; the cells seem separated by {shown!r}: set delimiter = "{shown}" (or "auto") in the mapping'


def text_layout(path: str, encoding: str = AUTO, delimiter: str = AUTO) -> Layout:
    """How a text file is read: its codec and delimiter, named or found (found once per version of the
    file: peeking at its header and reading it ask the same question)."""
    try:
        info = os.stat(path)
    except OSError:
        return _layout(path, encoding, delimiter)
    return _known_layout(path, info.st_size, info.st_mtime_ns, encoding, delimiter)


@lru_cache(maxsize=64)
def _known_layout(path: str, _size: int, _mtime: int, encoding: str, delimiter: str) -> Layout:
    return _layout(path, encoding, delimiter)


def _layout(path: str, encoding: str, delimiter: str) -> Layout:
    codec, detected = detect_encoding(path, encoding)
    if delimiter == AUTO:
        try:
            with open(path, encoding=codec, errors="replace", newline="") as fh:
                sample = [line for _, line in zip(range(50), fh, strict=False)]
        except OSError:
            sample = []
        delimiter = sniff_delimiter(sample)
    return Layout(codec, delimiter, detected=detected)


# --- spreadsheets -------------------------------------------------------------------------------


def sheet_rows(path: str, sheet: str | int | None) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The chosen sheet's name and its rows (row number, cells); a typed cell comes as ``Typed`` text.

    ``sheet``: a name, a number from 1, or None for the first sheet."""
    from python_calamine import CalamineError, CalamineWorkbook  # only for spreadsheet imports

    try:
        book = CalamineWorkbook.from_path(path)
    except (CalamineError, OSError, ValueError) as exc:
        raise SourceError(Problem(path, "file", f"cannot read the spreadsheet ({exc})")) from None
    names = list(book.sheet_names)
    if isinstance(sheet, int):
        if not 1 <= sheet <= len(names):
            raise SourceError(
                Problem(path, "sheet", f"the workbook has {len(names)} sheet(s), not a sheet {sheet}: {names}")
            )
        name = names[sheet - 1]
    elif sheet is None:
        if not names:
            raise SourceError(Problem(path, "sheet", "the workbook has no sheet"))
        name = names[0]
    else:
        found = [n for n in names if n.casefold() == sheet.strip().casefold()]
        if not found:
            raise SourceError(Problem(path, "sheet", f"no sheet named {sheet!r} (the workbook has {names})"))
        name = found[0]
    try:
        grid = book.get_sheet_by_name(name)
        rows = grid.to_python(skip_empty_area=False)
    except (CalamineError, ValueError) as exc:
        raise SourceError(Problem(path, "file", f"cannot read the sheet {name!r} ({exc})")) from None
    return name, ((n, [_cell(v) for v in row]) for n, row in enumerate(rows, 1))


def _cell(value: object) -> str:
    """A spreadsheet value as a cell: text as it is; numbers, dates and booleans as ``Typed``, whose text
    is what the native format writes and whose ``value`` the mapping's formats take as it is."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return Typed("true" if value else "false", value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return Typed(number_cell(value), value)
    if isinstance(value, datetime):
        if value.time() == time():
            return Typed(value.date().isoformat(), value)
        return Typed(value.isoformat(sep=" ", timespec="seconds"), value)
    if isinstance(value, date):
        return Typed(value.isoformat(), datetime.combine(value, time()))
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, timedelta):
        return str(value)
    return "" if value is None else str(value)
