"""The native file format: which columns each kind of file has, and what a cell may hold.

Pure: no database, no files. ``reading`` turns files into raw cells, this module
turns cells into values (or one-line problems), ``export`` turns values back into cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from operator import itemgetter
from typing import Any

from csm_desk.domain import vocab


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason, for a person."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, printed as ``where: column: reason``."""

    where: str
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.column}: {self.reason}" if self.column else f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class Column:
    """One column of a native file: its name, how a cell becomes a value, whether it is a key."""

    name: str
    parse: Callable[[str], object]
    key: bool = False
    strip: bool = True


@dataclass(frozen=True)
class Kind:
    """One kind of native file (accounts, contacts, ...)."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)


@dataclass
class Row:
    """One validated row: where it came from and its values by column name."""

    where: str
    values: dict[str, Any]


@dataclass
class Batch:
    """The validated rows of one kind from one input file."""

    kind: str
    source: str
    rows: list[Row]
    invalid_accounts: set[str] = field(default_factory=set)
    """external_ids of accounts rows that had problems: rows pointing at them are not blamed too"""


# --- cells -> values ---------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_LONGEST_NUMBER = 400  # far beyond any written number; far below the 4,300 digits int() refuses
_TOO_BIG = 1e15  # beyond any ARR or count; keeps values inside what every database stores exactly


def _text(cell: str) -> str:
    return cell


def _required(cell: str) -> str:
    if not cell:
        raise CellError("required, but empty")
    return cell


def _date(cell: str) -> date | None:
    if not cell:
        return None
    try:
        if not _DATE.fullmatch(cell):
            raise ValueError
        return date.fromisoformat(cell)
    except ValueError:
        raise CellError(f"expected a date as YYYY-MM-DD, got {cell!r}") from None


def _key_date(cell: str) -> date:
    return _date(_required(cell))


def _number(label: str, low: float | None = 0, high: float | None = None, whole: bool = False):
    """A parser for a number column with bounds; ``label`` names it in messages."""
    kind = "a whole number" if whole else "a number"
    bounds = f" {low:g}-{high:g}" if high is not None else ""

    def parse(cell: str) -> float | int | None:
        if not cell:
            return None
        if len(cell) > _LONGEST_NUMBER:  # before int(): Python refuses over 4,300 digits with a traceback
            raise CellError(f"{label} is too large (a number {len(cell)} characters long)")
        if cell.isdigit() and cell.isascii():  # the common case, without a regex
            value: float | int = int(cell)
        elif _NUMBER.fullmatch(cell):
            value = float(cell)
            if whole and not value.is_integer():
                raise CellError(f"expected {kind}{bounds}, got {cell!r}")
        else:
            raise CellError(f"expected {kind}{bounds}, got {cell!r}")
        if value >= _TOO_BIG:
            raise CellError(f"{label} is too large (got {cell})")
        if (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                raise CellError(f"{label} cannot be negative (got {cell})")
            raise CellError(f"{label} must be{bounds} (got {cell})")
        return int(value) if whole else float(value)

    return parse


def _choice(label: str, allowed: Iterable[str], default: str):
    """A parser for a closed vocabulary, case-insensitive; empty gives ``default``."""
    allowed = tuple(allowed)
    by_lower = {a.lower(): a for a in allowed}

    def parse(cell: str) -> str:
        if not cell:
            return default
        try:
            return by_lower[cell.lower()]
        except KeyError:
            raise CellError(f"unknown {label} {cell!r} (accepted: {', '.join(allowed)})") from None

    return parse


_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0", ""}


def _boolean(cell: str) -> bool:
    low = cell.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise CellError(f"expected true/false, yes/no or 1/0, got {cell!r}")


def _when(cell: str) -> datetime:
    """An ISO date-time (naive means local time) or a date (local midnight), as UTC."""
    _required(cell)
    try:
        if not _DATE.match(cell):
            raise ValueError
        if len(cell) == 10:
            value = datetime.combine(date.fromisoformat(cell), time())
        elif cell[10] in "T ":
            value = datetime.fromisoformat(cell)
        else:
            raise ValueError
    except ValueError:
        raise CellError(
            f"expected a date-time as YYYY-MM-DDTHH:MM (optional offset or Z) or a date, got {cell!r}"
        ) from None
    if value.tzinfo is None:
        value = value.astimezone()  # the machine's local time zone
    return value.astimezone(UTC)


def _due(cell: str) -> tuple[date, time | None]:
    """A date, optionally followed by a time of day: ``YYYY-MM-DD[ HH:MM]``."""
    _required(cell)
    day = cell[:10]
    rest = cell[10:]
    try:
        parsed_day = _date(day)
        if not rest:
            return parsed_day, None
        if rest[0] not in " T" or len(rest) not in (6, 9):
            raise ValueError
        return parsed_day, time.fromisoformat(rest[1:])
    except (ValueError, CellError):
        raise CellError(
            f"expected a date as YYYY-MM-DD, optionally with a time as YYYY-MM-DD HH:MM, got {cell!r}"
        ) from None


def _quotes(cell: str) -> tuple[str, ...]:
    """Several verbatim quotes, one per line of the cell."""
    return tuple(line.strip() for line in cell.splitlines() if line.strip())


_STAGE = _choice("stage", vocab.STAGES, "")
_SIGNAL_KIND = _choice("signal kind", vocab.SIGNAL_KINDS, "")

KINDS: dict[str, Kind] = {
    "accounts": Kind(
        "accounts",
        (
            Column("external_id", _required, key=True),
            Column("name", _required, key=True),
            Column("arr", _number("ARR")),
            Column("strategic", _boolean),
            Column("segment", _text, strip=False),
            Column("industry", _text, strip=False),
            Column("language", _choice("language", vocab.LANGUAGES, "en")),
            Column("contract_start", _date),
            Column("renewal_date", _date),
            Column("last_expansion", _date),
            Column("last_renewal", _date),
            Column("owner", _text, strip=False),
            Column("stage", _STAGE),
        ),
    ),
    "contacts": Kind(
        "contacts",
        (
            Column("account", _required, key=True),
            Column("name", _required, key=True),
            Column("title", _text, strip=False),
            Column("role", _choice("role", vocab.CONTACT_ROLES, "user")),
            Column("email", _text),
            Column("phone", _text),
            Column("status", _choice("contact status", vocab.CONTACT_STATUSES, "active")),
        ),
    ),
    "metrics": Kind(
        "metrics",
        (
            Column("account", _required, key=True),
            Column("date", _key_date, key=True),
            Column("health", _number("health", 0, 100, whole=True)),
            Column("logins", _number("logins", whole=True)),
            Column("active_users", _number("active users", whole=True)),
            Column("feature_adoption", _number("feature adoption", 0, 100)),
            Column("sla_misses_30d", _number("SLA misses", whole=True)),
            Column("nps", _number("NPS", 0, 10, whole=True)),
            Column("login_benchmark", _number("login benchmark", whole=True)),
        ),
    ),
    "signals": Kind(
        "signals",
        (
            Column("account", _required, key=True),
            Column("date", _key_date, key=True),
            Column("kind", lambda cell: _SIGNAL_KIND(_required(cell)), key=True),
            Column("quote", _text, strip=False),
            Column("resolved_on", _date),
        ),
    ),
    "interactions": Kind(
        "interactions",
        (
            Column("account", _required, key=True),
            Column("when", _when, key=True),
            Column("channel", _choice("channel", vocab.CHANNELS, "note")),
            Column("summary", _text, strip=False),
            Column("quotes", _quotes, strip=False),
            Column("duration_min", _number("duration", whole=True)),
        ),
    ),
    "followups": Kind(
        "followups",
        (
            Column("account", _required, key=True),
            Column("due", _due, key=True),
            Column("title", _required, key=True),
            Column("channel", _choice("channel", vocab.CHANNELS, "email")),
            Column("owner", _text, strip=False),
            Column("status", _choice("follow-up status", vocab.FOLLOWUP_STATUSES, "open")),
        ),
    ),
}

# Accounts first: every other kind points at an account.
ORDER: tuple[str, ...] = tuple(KINDS)
_ALIASES = {name.rstrip("s"): name for name in KINDS} | {"follow-ups": "followups", "follow-up": "followups"}


def kind_named(name: str) -> str | None:
    """The kind a ``--kind`` value names (plural, singular or hyphenated), or None."""
    low = name.strip().lower()
    return low if low in KINDS else _ALIASES.get(low)


def detect_kind(columns: Iterable[str]) -> str | None:
    """The kind a header announces, by its key columns; None when it does not tell."""
    cols = set(columns)
    if "external_id" in cols:
        return "accounts"
    if "account" not in cols:
        return None
    for column, kind in (
        ("when", "interactions"),
        ("due", "followups"),
        ("kind", "signals"),
        ("date", "metrics"),
        ("name", "contacts"),
    ):
        if column in cols:
            return kind
    return None


def check_header(kind: Kind, columns: list[str], where: str) -> list[Problem]:
    """Unknown, empty, repeated and missing key columns of a header."""
    problems, seen = [], set()
    accepted = ", ".join(kind.names)
    for i, name in enumerate(columns, 1):
        if not name:
            problems.append(Problem(where, "header", f"column {i} has no name (accepted: {accepted})"))
        elif name not in kind.names:
            problems.append(Problem(where, "header", f"unknown column {name!r} for {kind.name} (accepted: {accepted})"))
        elif name in seen:
            problems.append(Problem(where, "header", f"column {name!r} appears twice"))
        seen.add(name)
    for key in kind.keys:
        if key not in seen:
            problems.append(Problem(where, "header", f"missing key column {key!r} for {kind.name}"))
    return problems


def row_parser(kind: Kind, columns: list[str]) -> Callable[[str, list[str], list[Problem]], Row | None]:
    """A function reading one record (cells in ``columns`` order) into a Row, or None with its problems."""
    by_name = {c.name: c for c in kind.columns}
    plan = [(i, name, by_name[name].parse, by_name[name].strip) for i, name in enumerate(columns) if name in by_name]

    def parse(where: str, record: list[str], problems: list[Problem]) -> Row | None:
        values: dict[str, Any] = {}
        ok = True
        for i, name, parse_cell, strip in plan:
            cell = record[i]
            try:
                values[name] = parse_cell(cell.strip() if strip else cell)
            except CellError as exc:
                problems.append(Problem(where, name, str(exc)))
                ok = False
        return Row(where, values) if ok else None

    return parse


_KEY_OF = {kind: itemgetter(*spec.keys) for kind, spec in KINDS.items()}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet treat a cell as a formula (OWASP's CSV injection list)."""


def _formula_like(text: str) -> bool:
    # Leading quotes count too, so that a text that already starts with ' survives the round trip.
    return text.lstrip("'").startswith(FORMULA_START)


def csv_safe(text: str) -> str:
    """A text cell a spreadsheet will not run: one that would start a formula gets a leading ``'``."""
    return "'" + text if _formula_like(text) else text


def csv_unsafe(cell: str) -> str:
    """The text ``csv_safe`` protected, back as it was (the export's own escape, undone on import)."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell[1:]) else cell


def row_key(kind: str, values: dict[str, Any]) -> tuple:
    """The identity of a row inside the file format (re-importing it updates, never duplicates)."""
    if kind == "accounts":
        return (values["external_id"],)
    if kind == "followups":
        return values["account"], values["due"][0], values["title"]
    if kind == "interactions":
        return values["account"], values["when"], values.get("channel", "note")
    return _KEY_OF[kind](values)


# --- values -> cells (export) -----------------------------------------------


def number_cell(value: float | int | None) -> str:
    """A number without a spurious ``.0`` or an exponent: 12000.0 -> ``12000``, 1e-05 -> ``0.00001``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _TOO_BIG:
            return str(int(value))
        text = repr(value)  # the shortest text that reads back as the same float
        return format(Decimal(text), "f") if "e" in text else text
    return str(value)


def when_cell(value: datetime) -> str:
    """A UTC instant as ``YYYY-MM-DDTHH:MM:SSZ`` (microseconds only when there are some)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def due_cell(day: date, at: time | None) -> str:
    if at is None:
        return day.isoformat()
    return f"{day.isoformat()} {at.isoformat(timespec='minutes' if not at.second and not at.microsecond else 'auto')}"


def iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def duplicate_problems(batches: Iterable[Batch]) -> list[Problem]:
    """Rows of one import that name the same record twice (which one should win is a guess)."""
    first: dict[tuple, Row] = {}
    problems = []
    for batch in batches:
        column = "external_id" if batch.kind == "accounts" else KINDS[batch.kind].keys[-1]
        for row in batch.rows:
            seen = first.setdefault((batch.kind, *row_key(batch.kind, row.values)), row)
            if seen is not row:
                problems.append(
                    Problem(row.where, column, f"the same {batch.kind[:-1]} as {seen.where}; keep one of the two")
                )
    return problems
