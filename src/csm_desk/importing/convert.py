"""Reading foreign cells (CRM and tool exports) into the native format's cells.

Pure: dates in several formats, numbers written as ``1.234,56`` or ``$12,000``,
boolean words; each either becomes the native text or raises ``CellError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import date as Day  # Formats.date is a method

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


def header_key(name: str) -> str:
    """A header name as it is matched: case-, space-, underscore- and hyphen-insensitive."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


@dataclass(frozen=True)
class Formats:
    """How one source writes its values."""

    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    number_format: str = "1,234.56"
    true_words: tuple[str, ...] = DEFAULT_TRUE
    false_words: tuple[str, ...] = DEFAULT_FALSE
    _true: frozenset[str] = field(init=False, repr=False, compare=False)
    _false: frozenset[str] = field(init=False, repr=False, compare=False)
    _seen: dict[str, datetime] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_true", frozenset(w.casefold() for w in self.true_words))
        object.__setattr__(self, "_false", frozenset(w.casefold() for w in self.false_words) | {""})
        object.__setattr__(self, "_seen", {})

    def number(self, cell: str) -> float | None:
        """A number from ``cell`` written in this source's format; None for an empty (or blank) cell."""
        text = cell.strip()
        if not text:
            return None
        if _PLAIN.fullmatch(text):  # the common case: already plain
            return float(text)
        negative = text.startswith("(") and text.endswith(")")  # accounting style
        core = _CURRENCY.sub("", text.strip("()").strip())
        thousands, decimal = _SEPARATORS[self.number_format]
        whole, _, fraction = core.partition(decimal)
        if thousands and any(sep in whole for sep in thousands):
            grouped = re.sub(f"[{re.escape(thousands)}]", ",", whole)
            if not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", grouped):  # 1.2.3 is not a number anywhere
                raise CellError(f"expected a number written like {self.number_format}, got {cell!r}")
            whole = grouped.replace(",", "")
        core = f"{whole}.{fraction}" if fraction or core.endswith(decimal) else whole
        if not _PLAIN.fullmatch(core):
            raise CellError(f"expected a number written like {self.number_format}, got {cell!r}")
        value = float(core)
        return -value if negative else value

    def boolean(self, cell: str) -> bool:
        low = cell.strip().casefold()
        if low in self._true:
            return True
        if low in self._false:
            return False
        words = "/".join(self.true_words[:3]) + " or " + "/".join(w for w in self.false_words[:3] if w)
        raise CellError(f"expected {words}, got {cell!r}")

    def instant(self, cell: str) -> datetime | None:
        """A date or date-time by the first format that reads the whole cell (remembered: exports repeat days)."""
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
        if self.date_formats[0] == "%Y-%m-%d" and _ISO_DAY.fullmatch(text):  # strptime is slow; same result
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                pass  # 2024-13-01: let the formats below say what is expected
        for fmt in self.date_formats:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        try:  # ISO 8601 always works, whatever the formats say
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        shown = " or ".join(_human(f) for f in self.date_formats)
        raise CellError(f"expected a date written as {shown}, got {text!r}")

    def date(self, cell: str) -> Day | None:
        value = self.instant(cell)
        if value is None:
            return None
        return value.date()


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


def native_number(formats: Formats, cell: str) -> str:
    value = formats.number(cell)
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def native_boolean(formats: Formats, cell: str) -> str:
    return "true" if formats.boolean(cell) else "false"
