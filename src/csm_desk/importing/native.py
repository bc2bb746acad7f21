"""The native file format: which columns each kind of file has, and what a cell may hold.

Pure: no database, no files. ``reading`` turns files into raw cells, this module
turns cells into values (or one-line problems), ``export`` turns values back into cells.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cached_property
from operator import itemgetter
from typing import Any

from csm_desk.domain import vocab
from csm_desk.domain.saving import ROLES, STRATEGIES


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
    exported: bool = True
    """written by ``csm-desk export`` (False: accepted on import only, such as the interactions' ``quotes``)"""
    json: bool = False
    """holds JSON (a save plan's team, its details): a JSON export writes the value itself, not its text"""


@dataclass(frozen=True)
class Kind:
    """One kind of native file (accounts, contacts, ...)."""

    name: str
    columns: tuple[Column, ...]
    noun: str = ""
    """one record, as a message names it ("followup", "stage change")"""

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def exported(self) -> tuple[str, ...]:
        """The columns ``csm-desk export`` writes, in order."""
        return tuple(c.name for c in self.columns if c.exported)

    @property
    def counted(self) -> bool:
        """Records may repeat their key: the ``occurrence`` column tells the repeats apart."""
        return "occurrence" in self.names

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)


@dataclass
class Row:
    """One validated row: where it came from and its values by column name."""

    where: str
    values: dict[str, Any]
    content: str = ""
    """an interaction without an id of its own: the key of its content as written (``content_key``)"""


@dataclass
class Batch:
    """The validated rows of one kind from one input file."""

    kind: str
    source: str
    rows: list[Row]
    invalid_accounts: set[str] = field(default_factory=set)
    """external_ids of accounts rows that had problems: rows pointing at them are not blamed too"""
    report: bool = False
    """read from someone else's export, which may repeat a record on every row (a report)"""
    by_name: bool = False
    """accounts keyed by their name: the export has no account id"""


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


def _instant(cell: str) -> datetime | None:
    """An optional date-time (``done_at``, ``closed``): empty is unknown."""
    return _when(cell) if cell else None


def _occurrence(cell: str) -> int:
    """Which of several records with the same key this is: 1 (or empty) for the first, 2 for the second..."""
    if not cell:
        return 1
    if not (cell.isdigit() and cell.isascii()) or len(cell) > 9 or int(cell) < 1:
        raise CellError(f"expected a whole number from 1 (empty for 1), got {cell!r}")
    return int(cell)


def _position(cell: str) -> int:
    """A place in a list, 0 for the first."""
    _required(cell)
    if not (cell.isdigit() and cell.isascii()) or len(cell) > 9:
        raise CellError(f"expected a whole number from 0, got {cell!r}")
    return int(cell)


def _reference(cell: str) -> tuple[str, int] | None:
    """A follow-up named by its source key, ``#2`` after it for the second with that key; empty for none."""
    if not cell:
        return None
    key, sep, tail = cell.rpartition("#")
    if sep and tail.isdigit() and tail.isascii() and key:
        return key, _occurrence(tail)
    return cell, 1


def _strategies(cell: str) -> str:
    """Strategy ids, comma-separated."""
    ids = [part.strip() for part in cell.split(",") if part.strip()]
    unknown = [i for i in ids if i not in STRATEGIES]
    if unknown:
        raise CellError(f"unknown strategy {unknown[0]!r} (accepted: {', '.join(STRATEGIES)})")
    return ",".join(ids)


def _json_text(cell: str) -> object:
    try:
        return json.loads(cell)
    except ValueError as exc:
        where = f" ({exc.msg} at character {exc.pos + 1})" if isinstance(exc, json.JSONDecodeError) else ""
        raise CellError(f"not valid JSON{where}") from None
    except RecursionError:
        raise CellError("not valid JSON (nested too deeply)") from None


_MEMBER_FIELDS = ("role", "name", "reason")


def _team(cell: str) -> str:
    """A save team: a JSON list of ``{"role", "name", "reason"}``, kept as JSON text."""
    if not cell:
        return ""
    team = _json_text(cell)
    if not isinstance(team, list):
        raise CellError('expected a JSON list of members, such as [{"role": "csm", "name": "Ana", "reason": ""}]')
    for i, member in enumerate(team, 1):
        if (
            not isinstance(member, dict)
            or set(member) - set(_MEMBER_FIELDS)
            or not all(isinstance(member.get(f, ""), str) for f in _MEMBER_FIELDS)
        ):
            raise CellError(f"member {i}: expected an object with role, name and reason, each a text")
        if member.get("role") not in ROLES:
            raise CellError(f"member {i}: unknown role {member.get('role')!r} (accepted: {', '.join(ROLES)})")
    return json.dumps(team, ensure_ascii=False)


def _details(cell: str) -> str:
    """A save plan's details (strategy conditions, roadmap dates, walk-away checks): a JSON object."""
    if not cell:
        return ""
    details = _json_text(cell)
    if not isinstance(details, dict):
        raise CellError('expected a JSON object, such as {"walk_away": []}')
    return json.dumps(details, ensure_ascii=False)


def _signal_source(cell: str) -> str:
    return cell or "manual"


_STAGE = _choice("stage", vocab.STAGES, "")
_SIGNAL_KIND = _choice("signal kind", vocab.SIGNAL_KINDS, "")
_CLOSE_REASON = _choice("close reason", vocab.CLOSE_REASONS, "")

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
            Column("identified_on", _date),
            Column("engaged_on", _date),
        ),
        "account",
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
        "contact",
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
        "metric",
    ),
    "signals": Kind(
        "signals",
        (
            Column("account", _required, key=True),
            Column("date", _key_date, key=True),
            Column("kind", lambda cell: _SIGNAL_KIND(_required(cell)), key=True),
            Column("quote", _text, strip=False),
            Column("resolved_on", _date),
            Column("source", _signal_source),
        ),
        "signal",
    ),
    "interactions": Kind(
        "interactions",
        (
            Column("account", _required, key=True),
            Column("external_id", _text),
            Column("when", _when, key=True),
            Column("channel", _choice("channel", vocab.CHANNELS, "note")),
            Column("summary", _text, strip=False),
            Column("quotes", _quotes, strip=False, exported=False),
            Column("duration_min", _number("duration", whole=True)),
            Column("script", _text),
        ),
        "interaction",
    ),
    "quotes": Kind(
        "quotes",
        (
            Column("account", _required, key=True),
            Column("interaction", _text),
            Column("when", _when, key=True),
            Column("channel", _choice("channel", vocab.CHANNELS, "note")),
            Column("position", _position, key=True),
            Column("text", _required, strip=False),
            Column("speaker", _text),
            Column("step", _text),
        ),
        "quote",
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
            Column("snoozed_until", _date),
            Column("source", _choice("follow-up source", vocab.FOLLOWUP_SOURCES, "manual")),
            Column("source_key", _text),
            Column("outcome", _text, strip=False),
            Column("done_at", _instant),
            Column("occurrence", _occurrence),
        ),
        "followup",
    ),
    "stage_changes": Kind(
        "stage_changes",
        (
            Column("account", _required, key=True),
            Column("at", _when, key=True),
            Column("from_stage", _STAGE),
            Column("to_stage", _STAGE),
            Column("reason", _CLOSE_REASON),
            Column("note", _text, strip=False),
            Column("occurrence", _occurrence),
        ),
        "stage change",
    ),
    "cases": Kind(
        "cases",
        (
            Column("account", _required, key=True),
            Column("opened_on", _key_date, key=True),
            Column("at_risk_since", _date),
            Column("engaged_on", _date),
            Column("closed_on", _date),
            Column("outcome", _choice("outcome", vocab.CLOSED_STAGES, "")),
            Column("reason", _CLOSE_REASON),
            Column("arr", _number("ARR")),
            Column("segment", _text, strip=False),
            Column("executive_involved", _boolean),
            Column("note", _text, strip=False),
            Column("source_key", _text),
            Column("occurrence", _occurrence),
        ),
        "case",
    ),
    "save_plans": Kind(
        "save_plans",
        (
            Column("account", _required, key=True),
            Column("created", _when, key=True),
            Column("situation", _text, strip=False),
            Column("root_cause_category", _CLOSE_REASON),
            Column("root_cause", _text, strip=False),
            Column("success_criteria", _text, strip=False),
            Column("strategies", _strategies),
            Column("team", _team, json=True),
            Column("details", _details, json=True),
            Column("outcome", _text),
            Column("closed", _instant),
            Column("next_checkin", _reference),
        ),
        "save plan",
    ),
    "save_actions": Kind(
        "save_actions",
        (
            Column("account", _required, key=True),
            Column("plan", _when, key=True),
            Column("position", _position, key=True),
            Column("action", _text, strip=False),
            Column("owner", _text, strip=False),
            Column("due", _date),
            Column("followup", _reference),
        ),
        "save action",
    ),
}

# Accounts first: every other kind points at an account; each kind after the ones it refers to.
ORDER: tuple[str, ...] = tuple(KINDS)
_ALIASES = {
    alias: name
    for name in KINDS
    for alias in (name.rstrip("s"), name.replace("_", "-"), name.rstrip("s").replace("_", "-"))
} | {"follow-ups": "followups", "follow-up": "followups", "risk_cases": "cases", "risk-cases": "cases"}

_BOOK_ONLY = frozenset(
    {
        "identified_on",
        "engaged_on",
        "source",
        "script",
        "snoozed_until",
        "source_key",
        "outcome",
        "done_at",
        "occurrence",
    }
)
FOREIGN_KINDS: dict[str, tuple[str, ...]] = {
    kind: tuple(name for name in KINDS[kind].names if name not in _BOOK_ONLY)
    for kind in ("accounts", "contacts", "metrics", "signals", "interactions", "followups")
}
"""The kinds (and their columns) a mapping file can fill from someone else's export; the rest of the
native format is the book's own history, which only ``csm-desk export`` writes."""


def kind_named(name: str) -> str | None:
    """The kind a ``--kind`` value names (plural, singular or hyphenated), or None."""
    low = name.strip().lower()
    return low if low in KINDS else _ALIASES.get(low)


_DETECT = (
    ("plan", "save_actions"),
    ("created", "save_plans"),
    ("opened_on", "cases"),
    ("at", "stage_changes"),
    ("position", "quotes"),
    ("text", "quotes"),
    ("when", "interactions"),
    ("due", "followups"),
    ("kind", "signals"),
    ("date", "metrics"),
    ("name", "contacts"),
)


def detect_kind(columns: Iterable[str]) -> str | None:
    """The kind a header announces, by its key columns; None when it does not tell."""
    cols = set(columns)
    if "account" not in cols:
        return "accounts" if "external_id" in cols else None
    for column, kind in _DETECT:
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


_FREE_TEXT = frozenset({_text, _required, _quotes})
"""Parsers of free text: its cells rarely repeat, so remembering them would only hold memory."""


def remembered(
    parse: Callable[[str], Any], *, limit: int = 50_000, keep: Callable[[str], bool] | None = None
) -> Callable[[str], Any]:
    """``parse`` with each distinct cell read once (up to ``limit`` cells; ``keep`` says which may be
    remembered): a column of days, scores or channels repeats them. A cell it refuses is refused each time."""
    seen: dict[str, Any] = {}
    missing = object()

    def read(cell: str) -> Any:
        value = seen.get(cell, missing)
        if value is missing:
            value = parse(cell)
            if len(seen) < limit and (keep is None or keep(cell)):
                seen[cell] = value
        return value

    return read


def row_parser(kind: Kind, columns: list[str]) -> Callable[[str, list[str], list[Problem]], Row | None]:
    """A function reading one record (cells in ``columns`` order) into a Row, or None with its problems."""
    by_name = {c.name: c for c in kind.columns}
    plan = [
        (i, name, p if (p := by_name[name].parse) in _FREE_TEXT else remembered(p), by_name[name].strip)
        for i, name in enumerate(columns)
        if name in by_name
    ]
    when_at = columns.index("when") if kind.name == "interactions" and "when" in columns else None

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
        if not ok:
            return None
        if when_at is not None and not values.get("external_id"):
            return Row(where, values, content_key(values, record[when_at].strip()))
        return Row(where, values)

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
    """The identity of a row inside the file format (re-importing it updates, never duplicates).

    A follow-up with a source key (a cadence step, a save-plan action, a call's commitment) is that key;
    one without is its day and title. Either way ``occurrence`` tells apart the repeats (a done check-in
    and the next one, two calls booked the same day under one title)."""
    if kind == "accounts":
        return (values["external_id"],)
    if kind == "followups":
        group = followup_group(values["account"], values["due"][0], values["title"], values.get("source_key", ""))
        return *group, values.get("occurrence", 1)
    if kind == "interactions":
        return values["account"], values.get("external_id") or ("when", values["when"], values.get("channel", "note"))
    if kind == "quotes":
        if values.get("interaction"):
            return values["account"], values["interaction"], values["position"]
        return values["account"], ("when", values["when"], values.get("channel", "note")), values["position"]
    key = _KEY_OF[kind](values)
    return (*key, values.get("occurrence", 1)) if KINDS[kind].counted else key


def content_key(values: dict[str, Any], when: str) -> str:
    """An interaction's key when its source gives it no id: a hash of its account, its ``when`` cell as written
    (never the instant it stands for, which a naive time makes depend on the machine's time zone), its channel
    and its summary."""
    parts = (values["account"], when, values.get("channel", "note"), values.get("summary", ""))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return "content:" + digest[:24]


def interaction_keys(rows: Iterable[Row]) -> list[str]:
    """Each interaction's key, rows taken in import order: its own ``external_id``, else its content key, with
    ``#2``, ``#3``... for the repeats of one content (two calls a CRM logged for one day with one subject)."""
    seen: Counter[str] = Counter()
    keys = []
    for row in rows:
        own = row.values.get("external_id")
        if own:
            keys.append(own)
            continue
        seen[row.content] += 1
        n = seen[row.content]
        keys.append(row.content if n == 1 else f"{row.content}#{n}")
    return keys


def followup_group(account: object, due: date, title: str, source_key: str) -> tuple:
    """The follow-ups among which one's ``occurrence`` counts: those with its source key, or (without a
    key) those of its day and title."""
    return (account, "key", source_key) if source_key else (account, "day", due, title)


def occurrences(groups: Iterable[Hashable]) -> list[int]:
    """Each record's occurrence in its group, records taken in the order given (oldest first): 1, 2..."""
    seen: Counter[Hashable] = Counter()
    out = []
    for group in groups:
        seen[group] += 1
        out.append(seen[group])
    return out


def reference_cell(source_key: str, occurrence: int) -> str:
    """How a save plan names a follow-up: its source key, and ``#n`` for the n-th with that key."""
    if occurrence > 1 or "#" in source_key:
        return f"{source_key}#{occurrence}"
    return source_key


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
    batches = list(batches)
    talks = [row for b in batches if b.kind == "interactions" for row in b.rows]
    talk_keys = {id(row): key for row, key in zip(talks, interaction_keys(talks), strict=True)}
    for batch in batches:
        spec = KINDS[batch.kind]
        column = {"accounts": "external_id", "interactions": "external_id"}.get(batch.kind, spec.keys[-1])
        hint = " (or number the repeats in an occurrence column: 2, 3...)" if spec.counted else ""
        for row in batch.rows:
            key = (row.values["account"], talk_keys[id(row)]) if batch.kind == "interactions" else None
            seen = first.setdefault((batch.kind, *(key or row_key(batch.kind, row.values))), row)
            if seen is not row:
                named = "occurrence" if "occurrence" in row.values else column
                problems.append(
                    Problem(row.where, named, f"the same {spec.noun} as {seen.where}; keep one of the two{hint}")
                )
    return problems
