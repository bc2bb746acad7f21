"""Reading a file through a mapping (or a preset): streamed, one record at a time.

Native kinds come out as native rows (checked by the native format's own rules);
activity kinds as rows of typed values, aggregated later by ``activity``.
Every problem names the file, the line a record starts on and the source column.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field

from csm_desk.importing.convert import (
    Formats,
    header_key,
    native_boolean,
    native_date,
    native_number,
    native_when,
)
from csm_desk.importing.derive import compile_template
from csm_desk.importing.mapping import ACTIVITY, BOOL_FIELDS, DATE_FIELDS, NUMBER_FIELDS, FileMap, Mapping
from csm_desk.importing.native import KINDS, Batch, CellError, Problem, Row, row_parser
from csm_desk.importing.progress import Progress

_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Source:
    """Where one field's cell comes from: a column, a fixed value or a template."""

    label: str
    read: Callable[[list[str]], str]


@dataclass
class FileResult:
    """What reading one file gave: its batch (None when its header is unusable) and the columns left out."""

    batch: Batch | None
    ignored: list[str] = field(default_factory=list)
    mapping_name: str = ""


def read_mapped(
    path: str,
    mapping: Mapping,
    problems: list[Problem],
    progress: Progress,
    strict: bool = True,
    filemap: FileMap | None = None,
) -> FileResult:
    """One file read through ``mapping``; ``strict``: a mapped column missing from the file is a problem."""
    if not _plain_text(path, problems):
        return FileResult(None)
    try:
        with open(path, encoding=mapping.encoding, newline="") as fh:
            return _read(path, fh, mapping, problems, progress, strict, filemap)
    except OSError as exc:
        problems.append(Problem(path, "", f"cannot read the file ({exc.strerror or exc})"))
    return FileResult(None)


def _plain_text(path: str, problems: list[Problem]) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        problems.append(Problem(path, "", f"cannot read the file ({exc.strerror or exc})"))
        return False
    if head.startswith(_BOMS):
        problems.append(Problem(path, "", 'UTF-16 text; save it as "CSV UTF-8"'))
    elif b"\x00" in head:
        problems.append(Problem(path, "", "binary data, not a CSV text file"))
    else:
        return True
    return False


def _read(
    path: str, fh, mapping: Mapping, problems: list[Problem], progress: Progress, strict: bool, filemap: FileMap | None
) -> FileResult:
    reader = csv.reader(progress.lines(fh, path), delimiter=mapping.delimiter)
    line = 1
    try:
        header, line = _header(reader)
        if header is None:
            problems.append(Problem(path, "", "empty file: expected a header line naming the columns"))
            return FileResult(None)
        filemap = filemap or mapping.file_for(path, header)
        if filemap is None:
            problems.append(
                Problem(
                    f"{path}:{line}",
                    "header",
                    f"none of the [[file]] tables of {mapping.path} names this file (match) or fits its columns",
                )
            )
            return FileResult(None)
        plan = _plan(f"{path}:{line}", header, filemap, mapping.formats, problems, strict)
        if plan is None:
            return FileResult(None)
        sources, used = plan
        batch = Batch(filemap.kind, path, [])
        _rows(path, reader, batch, len(header), sources, mapping.pad_short_rows, problems)
    except UnicodeDecodeError:
        problems.append(_not_text(path, mapping.encoding))
        return FileResult(None)
    except csv.Error as exc:
        problems.append(Problem(f"{path}:{reader.line_num}", "file", f"malformed CSV ({exc})"))
        return FileResult(None)
    ignored = [name for i, name in enumerate(header) if i not in used and name.strip()]
    return FileResult(batch, ignored, mapping.name)


def _not_text(path: str, encoding: str) -> Problem:
    """The line of the first byte the encoding cannot read (text is decoded in chunks: find it again)."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        data.decode(encoding)
        line, byte = 1, "?"
    except UnicodeDecodeError as exc:
        line, byte = data.count(b"\n", 0, exc.start) + 1, f"0x{data[exc.start]:02x}"
    name = "UTF-8" if encoding == "utf-8-sig" else encoding
    return Problem(
        f"{path}:{line}",
        "file",
        f'not {name} text (byte {byte}); set encoding = "latin-1" '
        "(or the file's encoding) in a mapping file (--mapping)",
    )


def _header(reader) -> tuple[list[str] | None, int]:
    start = 1
    for record in reader:
        if record and any(cell.strip() for cell in record):
            return [cell.strip() for cell in record], start
        start = reader.line_num + 1
    return None, start


def _plan(
    where: str, header: list[str], filemap: FileMap, formats: Formats, problems: list[Problem], strict: bool
) -> tuple[dict[str, Source], set[int]] | None:
    """How each field is read from this header, and which columns are used; None with problems if it cannot be."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(header_key(name), i)
    used: set[int] = set()

    def index_of(name: str) -> int | None:
        i = index.get(header_key(name))
        if i is not None:
            used.add(i)
        return i

    sources: dict[str, Source] = {}
    count = len(problems)
    for name in filemap.fields():
        source = _source(name, filemap, index_of, formats, header)
        if source is not None:
            sources[name] = source
        elif name in filemap.columns and strict:
            problems.append(
                Problem(
                    where,
                    "header",
                    f"no column {' or '.join(map(repr, filemap.columns[name]))} "
                    f"for {name} (the file has {', '.join(map(repr, header))})",
                )
            )
    for name in filemap.required():
        if name not in sources and not (name in filemap.columns and strict):
            looked = filemap.columns.get(name) or (filemap.derived.get(name),)
            problems.append(
                Problem(where, "header", f"missing a column for {name} (looked for {', '.join(map(repr, looked))})")
            )
    if filemap.kind == "usage" and not {"account", "subscription"} & set(sources):
        problems.append(Problem(where, "header", "missing a column for the account or the subscription"))
    return None if len(problems) > count else (sources, used)


def _source(name: str, filemap: FileMap, index_of, formats: Formats, header: list[str]) -> Source | None:
    """The reader of one field, its cell converted to what the native format (or the aggregation) reads."""
    if name in filemap.columns:
        i = next((j for alt in filemap.columns[name] if (j := index_of(alt)) is not None), None)
        if i is None:
            return None
        label, raw = header[i], _cell_at(i)
    elif name in filemap.derived:
        fill = compile_template(filemap.derived[name], index_of)
        if fill is None:
            return None
        label, raw = name, fill
    elif name in filemap.fixed:
        value = filemap.fixed[name]
        label, raw = name, _constant(value)
    else:
        return None
    return Source(label, _converted(name, filemap, raw, formats))


def _converted(name: str, filemap: FileMap, raw, formats: Formats) -> Callable[[list[str]], object]:
    words = filemap.values.get(name)
    sep = filemap.split.get(name)
    native = filemap.kind in KINDS
    convert = _converter(name, native, formats)

    def read(record: list[str]):
        cell = raw(record)
        if sep is not None:
            cell = next((part.strip() for part in cell.split(sep) if part.strip()), "")
        if words is not None:
            cell = words.get(cell.strip().casefold(), cell)
        return convert(cell)

    return read


def _converter(name: str, native: bool, formats: Formats) -> Callable[[str], object]:
    if name in DATE_FIELDS:
        return (lambda c: native_date(formats, c)) if native else formats.date
    if name == "when":
        return lambda c: native_when(formats, c)
    if name == "due":
        return lambda c: _due(formats, c)
    if name in NUMBER_FIELDS:
        return (lambda c: native_number(formats, c)) if native else formats.number
    if name in BOOL_FIELDS:
        return (lambda c: native_boolean(formats, c)) if native else formats.boolean
    return (lambda c: c) if native else (lambda c: c.strip())


def _due(formats: Formats, cell: str) -> str:
    value = formats.instant(cell)
    if value is None:
        return ""
    if value.hour or value.minute:
        return f"{value.date().isoformat()} {value:%H:%M}"
    return value.date().isoformat()


def _rows(
    path: str, reader, batch: Batch, width: int, sources: dict[str, Source], pad: bool, problems: list[Problem]
) -> None:
    """Every record of the file into ``batch.rows``; problems collected, never raised."""
    names = list(sources)
    labels = {name: s.label for name, s in sources.items()}
    finish = _native_finish(batch, names, labels) if batch.kind in KINDS else _activity_finish(batch.kind, labels)
    start = reader.line_num + 1
    for record in reader:
        where = f"{path}:{start}"
        start = reader.line_num + 1
        if not record or not any(cell.strip() for cell in record):
            continue  # a blank line
        if len(record) != width:
            if len(record) > width or not pad:
                problems.append(Problem(where, "row", f"expected {width} cells like the header, found {len(record)}"))
                continue
            record = record + [""] * (width - len(record))
        values, ok = {}, True
        for name, source in sources.items():
            try:
                values[name] = source.read(record)
            except CellError as exc:
                problems.append(Problem(where, source.label, str(exc)))
                ok = False
        if ok:
            row = finish(where, values, problems)
            if row is not None:
                batch.rows.append(row)
        elif batch.kind == "accounts" and isinstance(values.get("external_id"), str):
            batch.invalid_accounts.add(values["external_id"].strip())


def _native_finish(batch: Batch, names: list[str], labels: dict[str, str]):
    """Native cells -> a native Row, with problems named by the source column."""
    parse = row_parser(KINDS[batch.kind], names)

    def finish(where: str, values: dict, problems: list[Problem]) -> Row | None:
        mine: list[Problem] = []
        row = parse(where, [values[n] for n in names], mine)
        problems.extend(Problem(p.where, labels.get(p.column, p.column), p.reason) for p in mine)
        if row is None and batch.kind == "accounts":
            batch.invalid_accounts.add(str(values.get("external_id", "")).strip())
        return row

    return finish


def _activity_finish(kind: str, labels: dict[str, str]):
    """Typed activity values -> a Row; required values must be there."""
    required = ACTIVITY[kind][1]

    def finish(where: str, values: dict, problems: list[Problem]) -> Row | None:
        empty = [n for n in required if values.get(n) in (None, "")]
        if kind == "usage" and not (values.get("account") or values.get("subscription")):
            empty.append("account" if "account" in labels else "subscription")
        for n in empty:
            problems.append(Problem(where, labels.get(n, n), "required, but empty"))
        return None if empty else Row(where, values)

    return finish


def _cell_at(i: int) -> Callable[[list[str]], str]:
    return lambda record: record[i]


def _constant(value: str) -> Callable[[list[str]], str]:
    return lambda record: value
