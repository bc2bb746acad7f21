"""Reading foreign cells (CRM and tool exports) into the native format's cells.

Pure: dates in several formats, numbers written as ``1.234,56`` or ``$12,000``,
boolean words; each either becomes the native text or raises ``CellError``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from datetime import date as Day  # Formats.date is a method
from decimal import Decimal

from csm_desk.importing.native import CellError

NUMBER_FORMATS = ("1,234.56", "1.234,56", "1 234,56", "1234.56")
_SEPARATORS = {  # format -> (thousands separators, decimal mark)
    "1,234.56": (",", "."),
    "1.234,56": (".", ","),
    "1 234,56": (" \u00a0\u202f", ","),
    "1234.56": ("", "."),
}
# Currency symbols and ISO codes before or after the number ("$12,000", "12.000 EUR", "R$ 5").
_CURRENCY = re.compile(r"^(?:[A-Z]{3}|R\$|[$€£¥₹]|\s)+|(?:[A-Z]{3}|[$€£¥₹]|\s)+$")
_STRFTIME_WORDS = {
    "%Y": "YYYY",
    "%m": "MM",
    "%d": "DD",
    "%b": "Mon",
    "%B": "Month",
    "%H": "HH",
    "%I": "HH",
    "%M": "MM",
    "%S": "SS",
    "%p": "AM/PM",
    "%f": "ffffff",
    "%z": "+HHMM",
    "%y": "YY",
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?", re.ASCII)
DEFAULT_DATE_FORMATS = ("%Y-%m-%d",)
DEFAULT_TRUE = ("true", "yes", "1", "y", "t")
DEFAULT_FALSE = ("false", "no", "0", "n", "f", "")


def fold(text: str) -> str:
    """A word as a ``where`` compares it: without case, accents or surrounding spaces (``Concluída`` =
    ``concluida``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def header_key(name: str) -> str:
    """A header name as it is matched: case-, space-, underscore- and hyphen-insensitive."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


class Typed(str):
    """A spreadsheet cell that held a number, a date or a boolean: its text is what the native format
    writes, ``value`` the value itself, which no locale setting reinterprets."""

    value: object

    def __new__(cls, text: str, value: object) -> Typed:
        cell = super().__new__(cls, text)
        cell.value = value
        return cell


_PT_MONTHS = {
    "janeiro": "Jan", "fevereiro": "Feb", "março": "Mar", "marco": "Mar", "abril": "Apr", "maio": "May",
    "junho": "Jun", "julho": "Jul", "agosto": "Aug", "setembro": "Sep", "outubro": "Oct",
    "novembro": "Nov", "dezembro": "Dec",
    "jan": "Jan", "fev": "Feb", "mar": "Mar", "abr": "Apr", "mai": "May", "jun": "Jun", "jul": "Jul",
    "ago": "Aug", "set": "Sep", "out": "Oct", "nov": "Nov", "dez": "Dec",
}  # fmt: skip
_PT_MONTH_WORD = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(_PT_MONTHS, key=len, reverse=True)) + r")\.?(?![^\W\d_])"
)

LOCALES: dict[str, dict] = {
    "pt-BR": {
        "date_formats": (
            "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y", "%d/%m/%y %H:%M",
            "%d-%m-%Y", "%d.%m.%Y", "%d/%b/%Y", "%d %b %Y", "%d-%b-%Y", "%d/%b/%y",
        ),
        "number_format": "1.234,56",
        "true_words": ("sim", "s", "verdadeiro", "true", "1"),
        "false_words": ("não", "nao", "n", "falso", "false", "0"),
        "months": "pt",
    },
    "en-US": {
        "date_formats": (
            "%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%y",
            "%b %d, %Y", "%d %b %Y", "%B %d, %Y",
        ),
        "number_format": "1,234.56",
        "true_words": ("true", "yes", "1", "y", "t"),
        "false_words": ("false", "no", "0", "n", "f"),
    },
    "en-GB": {
        "date_formats": ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y", "%d %b %Y", "%d %B %Y"),
        "number_format": "1,234.56",
        "true_words": ("true", "yes", "1", "y", "t"),
        "false_words": ("false", "no", "0", "n", "f"),
    },
}  # fmt: skip
"""What ``locale = "..."`` sets in a mapping (each key can still be set on its own)."""


def date_order(fmt: str) -> str | None:
    """Which of day and month a format writes first (``DM`` or ``MD``); None when it cannot be misread
    (no day, no numeric month, or a month name)."""
    if "%d" not in fmt or "%m" not in fmt:
        return None
    return "DM" if fmt.index("%d") < fmt.index("%m") else "MD"


_NUMBER_HINT = " (number_format or locale in the mapping say how the file writes numbers)"
_DATE_HINT = " (date_formats or locale in the mapping say how the file writes dates)"
_ORDER_WORDS = {"DM": "day first (DD/MM/YYYY)", "MD": "month first (MM/DD/YYYY)"}


@dataclass(frozen=True)
class Formats:
    """How one source writes its values."""

    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    number_format: str = "1,234.56"
    true_words: tuple[str, ...] = DEFAULT_TRUE
    false_words: tuple[str, ...] = DEFAULT_FALSE
    months: str = ""
    """``pt``: Portuguese month names (``dez``, ``dezembro``) are read too"""
    _true: frozenset[str] = field(init=False, repr=False, compare=False)
    _false: frozenset[str] = field(init=False, repr=False, compare=False)
    _seen: dict[str, datetime] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_true", frozenset(w.casefold() for w in self.true_words))
        object.__setattr__(self, "_false", frozenset(w.casefold() for w in self.false_words) | {""})
        object.__setattr__(self, "_seen", {})

    def number(self, cell: str, times: Decimal | None = None) -> float | None:
        """A number from ``cell`` written in this source's format (times ``times``); None for an empty cell."""
        value = self.decimal(cell)
        if value is None:
            return None
        return float(value * times if times is not None else value)

    def decimal(self, cell: str) -> Decimal | None:
        """The exact number a cell writes: ``12.500`` in ``1.234,56`` is twelve thousand five hundred."""
        if isinstance(cell, Typed) and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            return Decimal(repr(cell.value)) if isinstance(cell.value, float) else Decimal(cell.value)
        text = cell.strip()
        if not text:
            return None
        thousands, decimal = _SEPARATORS[self.number_format]
        if _PLAIN.fullmatch(text) and (decimal == "." or "." not in text):  # already plain, and unambiguous
            return Decimal(text)
        negative = text.startswith("(") and text.endswith(")")  # accounting style
        core = _CURRENCY.sub("", text.strip("()").strip())
        whole, _, fraction = core.partition(decimal)
        if thousands and any(sep in whole for sep in thousands):
            grouped = re.sub(f"[{re.escape(thousands)}]", ",", whole)
            if not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", grouped):  # 1.2.3 is not a number anywhere
                raise CellError(f"expected a number written like {self.number_format}, got {cell!r}{_NUMBER_HINT}")
            whole = grouped.replace(",", "")
        core = f"{whole}.{fraction}" if fraction or core.endswith(decimal) else whole
        if not _PLAIN.fullmatch(core) or (decimal != "." and "." in whole):
            raise CellError(f"expected a number written like {self.number_format}, got {cell!r}{_NUMBER_HINT}")
        value = Decimal(core)
        return -value if negative else value

    def boolean(self, cell: str) -> bool:
        if isinstance(cell, Typed) and isinstance(cell.value, (bool, int, float)) and cell.value in (0, 1):
            return bool(cell.value)
        low = cell.strip().casefold()
        if low in self._true:
            return True
        if low in self._false:
            return False
        words = "/".join(self.true_words[:3]) + " or " + "/".join(w for w in self.false_words[:3] if w)
        raise CellError(f"expected {words}, got {cell!r}")

    def instant(self, cell: str) -> datetime | None:
        """A date or date-time by the first format that reads the whole cell (remembered: exports repeat days)."""
        if isinstance(cell, Typed) and isinstance(cell.value, datetime):
            return cell.value
        text = cell.strip()
        if not text:
            return None
        value = self._seen.get(text)
        if value is None:
            value = self._read_instant(text)
            if len(self._seen) < 200_000:
                self._seen[text] = value
        return value

    def _read_instant(self, text: str) -> datetime:
        if _ISO_DAY.fullmatch(text):  # strptime is slow; an ISO day is never ambiguous
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                pass  # 2024-13-01: let the formats below say what is expected
        written = self._english_months(text) if self.months else text
        for fmt in self.date_formats:
            try:
                return datetime.strptime(written, fmt)
            except ValueError:
                continue
        try:  # ISO 8601 always works, whatever the formats say
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        shown = " or ".join(_human(f) for f in self.date_formats[:4])
        raise CellError(f"expected a date written as {shown}, got {text!r}{_DATE_HINT}")

    @staticmethod
    def _english_months(text: str) -> str:
        """Portuguese month names as the English abbreviations strptime reads: ``15 de dez. de 2024`` ->
        ``15 Dec 2024``."""
        low = text.casefold()
        if not any(ch.isalpha() for ch in low):
            return text
        low = re.sub(r"\s+de\s+", " ", low)
        return _PT_MONTH_WORD.sub(lambda m: _PT_MONTHS[m.group(1)], low)

    def date(self, cell: str) -> Day | None:
        value = self.instant(cell)
        if value is None:
            return None
        return value.date()

    def orders(self) -> set[str]:
        """The day/month orders among the date formats: two means a column's dates must be decided."""
        return {o for f in self.date_formats if (o := date_order(f)) is not None}

    def only(self, order: str) -> Formats:
        """These formats without the ones writing day and month the other way round."""
        kept = tuple(f for f in self.date_formats if date_order(f) in (None, order))
        return replace(self, date_formats=kept)

    def decide(self, values: set[str]) -> tuple[Formats, list[str]]:
        """The formats to read one column with, decided from all its values: the one day/month order that
        reads every value; when several do and they disagree on some value, the orders left open."""
        orders = sorted(self.orders())
        if len(orders) < 2:
            return self, []
        readers = {o: self.only(o) for o in orders}
        fits = [o for o in orders if _reads_all(readers[o], values)]
        if len(fits) == 1:
            return readers[fits[0]], []
        if not fits:  # no order reads them all: the order reading the most, and the cells say what is wrong
            counts = {o: sum(_reads(readers[o], v) for v in values) for o in orders}
            return readers[max(orders, key=lambda o: counts[o])], []
        if all(len({readers[o].instant(v) for o in fits}) == 1 for v in values):
            return readers[fits[0]], []  # 01/01/2024: every order reads the same day
        return self, fits


def _reads(formats: Formats, cell: str) -> bool:
    try:
        formats.instant(cell)
    except CellError:
        return False
    return True


def _reads_all(formats: Formats, values: set[str]) -> bool:
    return all(_reads(formats, v) for v in values)


def ambiguous_dates(orders: list[str], example: str) -> str:
    """Why a column's dates cannot be read, and the settings that would read them."""
    ways = " and as ".join(_ORDER_WORDS[o] for o in orders)
    return (
        f"every date in this column reads as {ways} (such as {example!r}); say which with --locale pt-BR "
        '(day first) or --locale en-US (month first), or locale = "..." in a mapping file'
    )


def _human(fmt: str) -> str:
    """A strftime format as a person writes it: ``%d/%m/%Y`` -> ``DD/MM/YYYY``."""
    return re.sub(r"%[a-zA-Z]", lambda m: _STRFTIME_WORDS.get(m.group(0), m.group(0)), fmt)


def native_date(formats: Formats, cell: str) -> str:
    value = formats.date(cell)
    return "" if value is None else value.isoformat()


def native_when(formats: Formats, cell: str) -> str:
    value = formats.instant(cell)
    if value is None:
        return ""
    return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()


_SIMPLE = {
    ".": re.compile(r"-?\d+(?:\.\d+)?", re.ASCII),
    ",": re.compile(r"-?\d+(?:,\d+)?", re.ASCII),
}
"""A number with no thousands separator and at most the format's decimal mark: most cells of an export."""


def native_number(formats: Formats, cell: str, times: Decimal | None = None) -> str:
    if times is None and not isinstance(cell, Typed):
        text = cell.strip()
        decimal = _SEPARATORS[formats.number_format][1]
        if _SIMPLE[decimal].fullmatch(text) and (decimal == "." or "." not in text):
            return text.replace(",", ".") if decimal == "," else text  # the common case, without Decimal
    value = formats.decimal(cell)
    if value is None:
        return ""
    if times is not None:
        value *= times
    text = format(value.normalize(), "f")
    return text[:-2] if text.endswith(".0") else text


def native_boolean(formats: Formats, cell: str) -> str:
    return "true" if formats.boolean(cell) else "false"
