"""Mapping files (TOML): how the columns of someone else's export become csm-desk fields.

A mapping names the source (``name``: signals it raises carry it), how the source
writes dates, numbers and booleans, and one ``[[file]]`` table per kind of file:
which column feeds which field, fixed values, derived fields and value words.
The built-in presets (``presets/*.toml``) are mappings too.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csm_desk import tomlfile
from csm_desk.files import not_readable
from csm_desk.importing.activity_rules import AggregateRules, parse_aggregate
from csm_desk.importing.convert import NUMBER_FORMATS, Formats, header_key
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
class FileMap:
    """How one kind of file is read."""

    kind: str
    match: tuple[str, ...] = ()
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    split: dict[str, str] = field(default_factory=dict)

    def fields(self) -> tuple[str, ...]:
        return ALL_KINDS_FIELDS[self.kind]

    def required(self) -> tuple[str, ...]:
        if self.kind in ACTIVITY:
            return ACTIVITY[self.kind][1]
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
    formats: Formats = field(default_factory=Formats)
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    pad_short_rows: bool = False
    aggregate: AggregateRules = field(default_factory=AggregateRules)
    description: str = ""

    def file_for(self, path: str, header: list[str]) -> FileMap | None:
        """The file table whose ``match`` names this file; else the one whose columns fit its header best."""
        for filemap in self.files:
            if filemap.matches_name(path):
                return filemap
        return best_fit(self.files, header)


ALL_KINDS_FIELDS: dict[str, tuple[str, ...]] = dict(FOREIGN_KINDS) | {k: fields for k, (fields, _) in ACTIVITY.items()}


def best_fit(filemaps, header: list[str]) -> FileMap | None:
    """The file map whose required fields the header has, with the most columns found; None if none fits."""
    keys = {header_key(h) for h in header}
    best, best_score = None, 0
    for filemap in filemaps:
        found = {f for f, names in filemap.columns.items() if any(header_key(n) in keys for n in names)}
        have = found | set(filemap.fixed) | {f for f, t in filemap.derived.items() if _template_ok(t, keys)}
        if not set(filemap.required()) <= have:
            continue
        if len(found) > best_score:
            best, best_score = filemap, len(found)
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


_TOP = {
    "name",
    "description",
    "encoding",
    "delimiter",
    "date_formats",
    "number_format",
    "true_words",
    "false_words",
    "pad_short_rows",
    "file",
    "aggregate",
}


def parse_mapping(raw: dict[str, Any], where: str) -> Mapping:
    """A mapping from parsed TOML, or a MappingError naming the key."""
    for key in raw:
        if key not in _TOP:
            raise MappingError(f"{where}: {key}: unknown key (allowed: {', '.join(sorted(_TOP))})")
    name = _text(raw, "name", where, Path(where).stem)
    encoding = _text(raw, "encoding", where, "utf-8-sig")
    try:
        "".encode(encoding)
    except LookupError:
        raise MappingError(
            f"{where}: encoding: unknown text encoding {encoding!r} (e.g. utf-8, latin-1, cp1252)"
        ) from None
    if encoding.replace("-", "").replace("_", "").lower() == "utf8":
        encoding = "utf-8-sig"  # a BOM is never part of the data
    number_format = _text(raw, "number_format", where, "1,234.56")
    if number_format not in NUMBER_FORMATS:
        raise MappingError(
            f"{where}: number_format: expected one of {', '.join(NUMBER_FORMATS)}, got {number_format!r}"
        )
    formats = Formats(
        date_formats=_words(raw, "date_formats", where, Formats.date_formats),
        number_format=number_format,
        true_words=_words(raw, "true_words", where, Formats.true_words),
        false_words=_words(raw, "false_words", where, Formats.false_words),
    )
    tables = raw.get("file", [])
    if not isinstance(tables, list) or not tables:
        raise MappingError(f"{where}: file: expected one or more [[file]] tables")
    files = tuple(_filemap(t, f"{where}: file[{i}]") for i, t in enumerate(tables, 1))
    pad = raw.get("pad_short_rows", False)
    if not isinstance(pad, bool):
        raise MappingError(f"{where}: pad_short_rows: expected true or false")
    aggregate = parse_aggregate(raw.get("aggregate", {}), f"{where}: aggregate", MappingError)
    delimiter = _text(raw, "delimiter", where, ",")
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise MappingError(f'{where}: delimiter: expected one character such as ",", ";" or "\\t"')
    return Mapping(
        name, where, files, formats, encoding, delimiter, pad, aggregate, _text(raw, "description", where, "")
    )


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


_FILE_KEYS = {"kind", "match", "columns", "fixed", "derived", "values", "split"}


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


def _filemap(raw: Any, where: str) -> FileMap:
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected a table")
    for key in raw:
        if key not in _FILE_KEYS:
            raise MappingError(f"{where}.{key}: unknown key (allowed: {', '.join(sorted(_FILE_KEYS))})")
    kind = raw.get("kind")
    if kind not in ALL_KINDS:
        raise MappingError(f"{where}.kind: expected one of {', '.join(ALL_KINDS)}, got {kind!r}")
    allowed = ALL_KINDS_FIELDS[kind]
    columns = {f: _alternatives(v, f"{where}.columns.{f}") for f, v in _table(raw, "columns", where, allowed).items()}
    fixed = {f: _scalar(v, f"{where}.fixed.{f}") for f, v in _table(raw, "fixed", where, allowed).items()}
    derived = {f: _template(v, f"{where}.derived.{f}") for f, v in _table(raw, "derived", where, allowed).items()}
    values = {}
    for f, words in _table(raw, "values", where, allowed).items():
        if not isinstance(words, dict) or not all(isinstance(w, str) for w in words.values()):
            raise MappingError(f'{where}.values.{f}: expected a table of "source word" = "csm-desk value"')
        values[f] = {k.strip().casefold(): v for k, v in words.items()}
    split = {f: _separator(v, f"{where}.split.{f}") for f, v in _table(raw, "split", where, allowed).items()}
    filemap = FileMap(
        kind, _alternatives(raw.get("match", []), f"{where}.match", empty=True), columns, fixed, derived, values, split
    )
    _check_required(filemap, where)
    return filemap


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
