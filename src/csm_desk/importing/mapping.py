"""Mapping files (TOML): how the columns of someone else's export become csm-desk fields.

A mapping names the source (``name``: signals it raises carry it), how the source
writes dates, numbers and booleans, and one ``[[file]]`` table per kind of file:
which column feeds which field, fixed values, derived fields and value words.
The built-in presets (``presets/*.toml``) are mappings too.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from csm_desk import tomlfile
from csm_desk.files import not_readable
from csm_desk.importing.activity_rules import AggregateRules, parse_aggregate
from csm_desk.importing.convert import LOCALES, NUMBER_FORMATS, Formats, fold, header_key
from csm_desk.importing.native import FOREIGN_KINDS, KINDS

DATE_FIELDS = frozenset(
    {"contract_start", "renewal_date", "last_expansion", "last_renewal", "date", "resolved_on", "start", "end"}
)
NUMBER_FIELDS = frozenset(
    {
        "arr",
        "health",
        "logins",
        "active_users",
        "feature_adoption",
        "sla_misses_30d",
        "nps",
        "login_benchmark",
        "duration_min",
        "count",
        "mrr",
        "first_response_minutes",
        "resolution_hours",
        "satisfaction",
        "seats",
    }
)
BOOL_FIELDS = frozenset({"strategic", "trial", "upgrade", "escalated"})

# Activity files are aggregated into metrics, account fields, signals and closed cases.
ACTIVITY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # kind -> (fields, required)
    "usage": (("account", "subscription", "date", "feature", "count"), ("date",)),
    "subscriptions": (
        ("id", "account", "start", "end", "arr", "mrr", "billing", "trial", "upgrade"),
        ("id", "account", "start"),
    ),
    "tickets": (
        (
            "id",
            "account",
            "date",
            "priority",
            "first_response_minutes",
            "resolution_hours",
            "satisfaction",
            "escalated",
        ),
        ("account", "date"),
    ),
    "churn": (("id", "account", "date", "reason", "feedback"), ("account", "date")),
}
ALL_KINDS = (*FOREIGN_KINDS, *ACTIVITY)


class MappingError(Exception):
    """A mapping file that cannot be used: ``file: key: what is allowed``."""


@dataclass(frozen=True)
class Condition:
    """One test of a ``where``: the cell of ``column`` is one of ``words`` (``in``), is none of them
    (``not_in``), or is empty / not empty (``empty``)."""

    column: tuple[str, ...]
    test: str
    words: frozenset[str] = frozenset()
    empty: bool = False
    shown: tuple[str, ...] = ()
    """the words as the mapping writes them"""

    def holds(self, cell: str) -> bool:
        if self.test == "empty":
            return (not cell.strip()) == self.empty
        found = fold(cell) in self.words
        return found if self.test == "in" else not found

    def describe(self, column: str = "") -> str:
        """The test as a person reads it, naming the column as the file spells it (``column``)."""
        column = column or self.column[0]
        if self.test == "empty":
            return f"{column} is {'empty' if self.empty else 'not empty'}"
        words = ", ".join(self.shown or sorted(self.words))
        return f"{column} {'is one of' if self.test == 'in' else 'is none of'}: {words}"


@dataclass(frozen=True)
class Reading:
    """How files are opened and their values written: a mapping's, or one [[file]] table's own."""

    formats: Formats = field(default_factory=Formats)
    encoding: str = "auto"
    delimiter: str = "auto"
    sheet: str | int | None = None
    pad_short_rows: bool = False
    locale: str = ""


@dataclass(frozen=True)
class FileMap:
    """How one kind of file is read."""

    kind: str
    match: tuple[str, ...] = ()
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    split: dict[str, str] = field(default_factory=dict)
    times: dict[str, Decimal] = field(default_factory=dict)
    """number fields scaled as they are read: ``arr = { column = "Mensalidade", times = 12 }``"""
    where: tuple[Condition, ...] = ()
    """the rows this table takes: every condition holds"""
    group: str = ""
    """tables of one group read a file together when its header fits them"""
    reading: Reading | None = None
    """this table's own way of reading its files (its keys win over the mapping's)"""

    def fields(self) -> tuple[str, ...]:
        return ALL_KINDS_FIELDS[self.kind]

    def required(self) -> tuple[str, ...]:
        if self.kind in ACTIVITY:
            return ACTIVITY[self.kind][1]
        if self.kind == "accounts":
            return ("name",)  # an export without ids keys its accounts by name
        return KINDS[self.kind].keys

    def matches_name(self, path: str) -> bool:
        name = Path(path).name.casefold()
        return any(fnmatch.fnmatchcase(name, pattern.casefold()) for pattern in self.match)


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file (or a preset)."""

    name: str
    path: str
    files: tuple[FileMap, ...]
    reading: Reading = field(default_factory=Reading)
    aggregate: AggregateRules = field(default_factory=AggregateRules)
    description: str = ""

    @property
    def formats(self) -> Formats:
        return self.reading.formats

    def with_locale(self, locale: str) -> Mapping:
        """This mapping with ``locale``'s formats in every table (``--locale``: the user's word wins)."""
        formats = Formats(**LOCALES[locale])

        def relocale(reading: Reading) -> Reading:
            return replace(reading, formats=formats, locale=locale)

        files = tuple(replace(f, reading=relocale(f.reading)) if f.reading else f for f in self.files)
        return replace(self, files=files, reading=relocale(self.reading))

    def named(self, path: str) -> list[FileMap]:
        """The file tables whose ``match`` names this file."""
        return [f for f in self.files if f.matches_name(path)]

    def reading_for(self, filemap: FileMap | None) -> Reading:
        return filemap.reading if filemap is not None and filemap.reading is not None else self.reading

    def tables_for(self, path: str, header: list[str]) -> list[FileMap]:
        """Every table whose ``match`` names this file; else the one whose columns fit its header best, with
        the tables of its group that the header fits too."""
        return self.named(path) or self.fitting(header)

    def fitting(self, header: list[str]) -> list[FileMap]:
        """The table whose columns fit the header best, with the tables of its group the header fits too."""
        best = best_fit(self.files, header)
        if best is None:
            return []
        keys = {header_key(h) for h in header}
        return [best] + [
            f for f in self.files if f is not best and best.group and f.group == best.group and fits(f, keys)
        ]


ALL_KINDS_FIELDS: dict[str, tuple[str, ...]] = dict(FOREIGN_KINDS) | {k: fields for k, (fields, _) in ACTIVITY.items()}


def found_fields(filemap: FileMap, keys: set[str]) -> set[str]:
    """The fields of ``filemap`` a header (its keys) has a column for (or every column of its template)."""
    found = {f for f, names in filemap.columns.items() if any(header_key(n) in keys for n in names)}
    return found | {f for f, t in filemap.derived.items() if _template_ok(t, keys)}


def fits(filemap: FileMap, keys: set[str]) -> bool:
    """Whether a header (its keys) has what ``filemap`` requires, and the columns its ``where`` tests."""
    have = found_fields(filemap, keys) | set(filemap.fixed)
    have |= {f for f, t in filemap.derived.items() if _template_ok(t, keys)}
    tested = all(any(header_key(n) in keys for n in c.column) for c in filemap.where)
    return set(filemap.required()) <= have and tested


def best_fit(filemaps, header: list[str]) -> FileMap | None:
    """The file map whose required fields the header has, with the most columns found (its group's
    included); None if none fits."""
    keys = {header_key(h) for h in header}
    best, best_score = None, 0
    for filemap in filemaps:
        if not fits(filemap, keys):
            continue
        score = len(found_fields(filemap, keys))
        if filemap.group:
            score += sum(
                len(found_fields(f, keys))
                for f in filemaps
                if f is not filemap and f.group == filemap.group and fits(f, keys)
            )
        if score > best_score:
            best, best_score = filemap, score
    return best


def _template_ok(template: str, keys: set[str]) -> bool:
    from csm_desk.importing.derive import placeholders

    return all(any(header_key(alt) in keys for alt in alts) for alts in placeholders(template))


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file."""
    path = Path(path)
    refused = not_readable(path)
    if refused:
        raise MappingError(f"{path}: {refused}")
    try:
        raw = tomlfile.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path}: the mapping file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{path}: not valid TOML ({exc})") from None
    return parse_mapping(raw, str(path))


_READING = {
    "locale",
    "encoding",
    "delimiter",
    "sheet",
    "date_formats",
    "number_format",
    "true_words",
    "false_words",
    "pad_short_rows",
}
"""Keys of the top level a [[file]] table may set for itself."""
_TOP = {"name", "description", "file", "aggregate"} | _READING


def parse_mapping(raw: dict[str, Any], where: str) -> Mapping:
    """A mapping from parsed TOML, or a MappingError naming the key."""
    for key in raw:
        if key not in _TOP:
            raise MappingError(f"{where}: {key}: unknown key (allowed: {', '.join(sorted(_TOP))})")
    name = _text(raw, "name", where, Path(where).stem)
    reading = _reading(raw, where, Reading())
    tables = raw.get("file", [])
    if not isinstance(tables, list) or not tables:
        raise MappingError(f"{where}: file: expected one or more [[file]] tables")
    files = tuple(_filemap(t, f"{where}: file[{i}]", reading) for i, t in enumerate(tables, 1))
    aggregate = parse_aggregate(raw.get("aggregate", {}), f"{where}: aggregate", MappingError)
    return Mapping(name, where, files, reading, aggregate, _text(raw, "description", where, ""))


def _reading(raw: dict, where: str, base: Reading) -> Reading:
    """The reading keys of a table (the top level, or a [[file]] table over the top level's)."""
    if not _READING & set(raw):
        return base
    formats = base.formats
    locale = raw.get("locale", base.locale)
    if "locale" in raw:
        if locale not in LOCALES:
            raise MappingError(f"{where}: locale: expected one of {', '.join(LOCALES)}, got {locale!r}")
        formats = Formats(**LOCALES[locale])
    encoding = _text(raw, "encoding", where, base.encoding)
    if encoding != "auto":
        try:
            "".encode(encoding)
        except LookupError:
            raise MappingError(
                f'{where}: encoding: unknown text encoding {encoding!r} (e.g. "auto", "utf-8", "cp1252", "utf-16")'
            ) from None
        if encoding.replace("-", "").replace("_", "").lower() == "utf8":
            encoding = "utf-8-sig"  # a BOM is never part of the data
    number_format = _text(raw, "number_format", where, formats.number_format)
    if number_format not in NUMBER_FORMATS:
        raise MappingError(
            f"{where}: number_format: expected one of {', '.join(NUMBER_FORMATS)}, got {number_format!r}"
        )
    formats = replace(
        formats,
        date_formats=_words(raw, "date_formats", where, formats.date_formats),
        number_format=number_format,
        true_words=_words(raw, "true_words", where, formats.true_words),
        false_words=_words(raw, "false_words", where, formats.false_words),
    )
    pad = raw.get("pad_short_rows", base.pad_short_rows)
    if not isinstance(pad, bool):
        raise MappingError(f"{where}: pad_short_rows: expected true or false")
    delimiter = _text(raw, "delimiter", where, base.delimiter)
    if delimiter != "auto" and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise MappingError(f'{where}: delimiter: expected "auto" or one character such as ",", ";" or "\\t"')
    sheet = raw.get("sheet", base.sheet)
    if sheet is not None and (isinstance(sheet, bool) or not isinstance(sheet, (str, int)) or sheet == ""):
        raise MappingError(f"{where}: sheet: expected a sheet's name or its number (the first is 1)")
    if isinstance(sheet, int) and sheet < 1:
        raise MappingError(f"{where}: sheet: sheets are numbered from 1, got {sheet}")
    return Reading(formats, encoding, delimiter, sheet, pad, locale)


def _text(raw: dict, key: str, where: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (key == "name" and not value.strip()):
        raise MappingError(f"{where}: {key}: expected a non-empty text")
    return value


def _words(raw: dict, key: str, where: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = raw.get(key, list(default))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise MappingError(f"{where}: {key}: expected a list of texts")
    return tuple(value)


_FILE_KEYS = {"kind", "match", "columns", "fixed", "derived", "values", "split", "where", "group"} | _READING


def _template(value: Any, where: str) -> str:
    """A derived field's template: text with at least one ``{Column}`` (or ``{A|B}``) and no stray brace."""
    from csm_desk.importing.derive import placeholders, without_placeholders

    text = _scalar(value, where)
    if not placeholders(text) or any(not alt for alts in placeholders(text) for alt in alts):
        raise MappingError(f'{where}: expected a template naming columns such as "{{First}} {{Last}}", got {text!r}')
    if "{" in without_placeholders(text) or "}" in without_placeholders(text):
        raise MappingError(f"{where}: a brace without its pair in {text!r} (placeholders are {{Column}} or {{A|B}})")
    return text


def _separator(value: Any, where: str) -> str:
    text = _scalar(value, where)
    if not text:
        raise MappingError(f'{where}: expected the text that separates the parts (such as ";"), got ""')
    return text


def _filemap(raw: Any, where: str, base: Reading) -> FileMap:
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected a table")
    for key in raw:
        if key not in _FILE_KEYS:
            raise MappingError(f"{where}.{key}: unknown key (allowed: {', '.join(sorted(_FILE_KEYS))})")
    kind = raw.get("kind")
    if kind not in ALL_KINDS:
        raise MappingError(f"{where}.kind: expected one of {', '.join(ALL_KINDS)}, got {kind!r}")
    allowed = ALL_KINDS_FIELDS[kind]
    columns, times = {}, {}
    for f, v in _table(raw, "columns", where, allowed).items():
        columns[f], scale = _column(v, f"{where}.columns.{f}", f)
        if scale is not None:
            times[f] = scale
    fixed = {f: _scalar(v, f"{where}.fixed.{f}") for f, v in _table(raw, "fixed", where, allowed).items()}
    derived = {f: _template(v, f"{where}.derived.{f}") for f, v in _table(raw, "derived", where, allowed).items()}
    values = {}
    for f, words in _table(raw, "values", where, allowed).items():
        if not isinstance(words, dict) or not all(isinstance(w, str) for w in words.values()):
            raise MappingError(f'{where}.values.{f}: expected a table of "source word" = "csm-desk value"')
        values[f] = {k.strip().casefold(): v for k, v in words.items()}
    split = {f: _separator(v, f"{where}.split.{f}") for f, v in _table(raw, "split", where, allowed).items()}
    group = raw.get("group", "")
    if not isinstance(group, str):
        raise MappingError(f"{where}.group: expected a name shared by the tables that read one file together")
    reading = _reading(raw, where, base)
    filemap = FileMap(
        kind,
        _alternatives(raw.get("match", []), f"{where}.match", empty=True),
        columns,
        fixed,
        derived,
        values,
        split,
        times,
        _conditions(raw.get("where"), f"{where}.where"),
        group,
        None if reading is base else reading,
    )
    _check_required(filemap, where)
    return filemap


def _column(value: Any, where: str, field_name: str) -> tuple[tuple[str, ...], Decimal | None]:
    """A field's column (or alternatives), and its scale when written ``{ column = ..., times = 12 }``."""
    if not isinstance(value, dict):
        return _alternatives(value, where), None
    unknown = set(value) - {"column", "times"}
    if unknown or "column" not in value:
        raise MappingError(f'{where}: expected {{ column = "Name", times = 12 }}, got keys {sorted(value)}')
    if field_name not in NUMBER_FIELDS:
        raise MappingError(f"{where}: times: only a number field can be scaled")
    times = value.get("times", 1)
    try:
        if isinstance(times, bool) or not isinstance(times, (int, float, str)):
            raise InvalidOperation
        scale = Decimal(str(times))
        if not scale.is_finite() or scale <= 0:
            raise InvalidOperation
    except InvalidOperation:
        raise MappingError(f"{where}.times: expected a positive number such as 12, got {times!r}") from None
    return _alternatives(value["column"], f"{where}.column"), scale


def _conditions(raw: Any, where: str) -> tuple[Condition, ...]:
    """A ``where``: one table, or a list of tables that must all hold."""
    if raw is None:
        return ()
    tables = raw if isinstance(raw, list) else [raw]
    out = []
    for i, table in enumerate(tables, 1):
        at = where if len(tables) == 1 else f"{where}[{i}]"
        tests = {"in", "not_in", "empty"} & set(table) if isinstance(table, dict) else set()
        if not isinstance(table, dict) or "column" not in table or len(tests) != 1 or set(table) - tests - {"column"}:
            raise MappingError(
                f'{at}: expected {{ column = "Status", in = ["Done"] }} (or not_in = [...], or empty = true/false)'
            )
        column = _alternatives(table["column"], f"{at}.column")
        (test,) = tests
        if test == "empty":
            if not isinstance(table["empty"], bool):
                raise MappingError(f"{at}.empty: expected true or false")
            out.append(Condition(column, "empty", empty=table["empty"]))
        else:
            words = _alternatives(table[test], f"{at}.{test}")
            out.append(Condition(column, test, frozenset(fold(w) for w in words), shown=words))
    return tuple(out)


def _table(raw: dict, key: str, where: str, allowed: tuple[str, ...]) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"{where}.{key}: expected a table of field = value")
    for f in value:
        if f not in allowed:
            raise MappingError(f"{where}.{key}.{f}: unknown field (allowed: {', '.join(allowed)})")
    return value


def _alternatives(value: Any, where: str, empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value) or (not value and not empty):
        raise MappingError(f"{where}: expected a column name or a list of alternative names")
    return tuple(value)


def _scalar(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise MappingError(f"{where}: expected a text, a number or true/false")


def _check_required(filemap: FileMap, where: str) -> None:
    have = set(filemap.columns) | set(filemap.fixed) | set(filemap.derived)
    if filemap.kind == "usage" and not {"account", "subscription"} & have:
        raise MappingError(f"{where}: a usage file needs an account or a subscription column")
    for name in filemap.required():
        if name not in have:
            raise MappingError(
                f"{where}.columns: {filemap.kind} needs a column (or fixed or derived value) for {name!r}"
            )
