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
    Typed,
    ambiguous_dates,
    date_order,
    header_key,
    native_boolean,
    native_date,
    native_number,
    native_when,
)
from csm_desk.importing.derive import compile_template
from csm_desk.importing.mapping import (
    ACTIVITY,
    BOOL_FIELDS,
    DATE_FIELDS,
    NUMBER_FIELDS,
    Condition,
    FileMap,
    Mapping,
    Reading,
)
from csm_desk.importing.native import KINDS, Batch, CellError, Problem, Row, remembered, row_parser
from csm_desk.importing.progress import Progress
from csm_desk.importing.sources import (
    Layout,
    SourceError,
    delimiter_hint,
    encoding_name,
    is_spreadsheet,
    sheet_rows,
    text_layout,
)

_DATED = DATE_FIELDS | {"when", "due"}


@dataclass
class Source:
    """Where one field's cell comes from: a column, a fixed value or a template."""

    label: str
    read: Callable[[list[str]], object]


@dataclass
class TableRead:
    """What one [[file]] table took from a file: its batch, which column fed which field, how dates were read."""

    batch: Batch
    fields: list[tuple[str, str]]
    """(field, source): ``("arr", "Mensalidade × 12")``"""
    where: str = ""
    dates: dict[str, str] = field(default_factory=dict)
    """source column -> the date format it was read with"""


@dataclass
class FileResult:
    """What reading one file gave: one read per table that took it (none when its header is unusable),
    the columns no table used, and how the file was opened."""

    reads: list[TableRead] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    mapping_name: str = ""
    layout: Layout | None = None
    rows: int = 0
    """records read (blank lines left out)"""

    @property
    def batches(self) -> list[Batch]:
        return [r.batch for r in self.reads]


@dataclass
class _Table:
    """One table's plan for one header."""

    filemap: FileMap
    raw: dict[str, tuple[str, Callable[[list[str]], str]]]
    """field -> (source label, the cell as the file writes it, after value words and splits)"""
    tests: list[tuple[Condition, int]]
    formats: Formats
    header: list[str]
    by_name: bool = False
    dates: dict[str, Formats] = field(default_factory=dict)


def read_mapped(
    path: str,
    mapping: Mapping,
    problems: list[Problem],
    progress: Progress,
    strict: bool = True,
    tables: list[FileMap] | None = None,
) -> FileResult:
    """One file read through ``mapping`` (``tables``: the tables to read it with, else the ones the mapping
    picks); ``strict``: a mapped column missing from the file is a problem."""
    named = tables or mapping.named(path)
    reading = mapping.reading_for(named[0] if named else None)
    try:
        layout, header, line, records = _open(path, reading, progress)
        if header is None:
            problems.append(Problem(path, "", "empty file: expected a header line naming the columns"))
            return FileResult(layout=layout)
        chosen = named or mapping.tables_for(path, header)
        if not chosen:
            problems.append(
                Problem(
                    f"{path}:{line}",
                    "header",
                    f"none of the [[file]] tables of {mapping.path} names this file (match) or fits its columns"
                    + delimiter_hint(header),
                )
            )
            return FileResult(layout=layout)
        own = mapping.reading_for(chosen[0])
        if _opened_differently(own, reading):  # the table that fits has its own way of opening files
            reading = own
            getattr(records, "close", lambda: None)()
            layout, header, line, records = _open(path, reading, progress)
        return _read(path, mapping, chosen, layout, header or [], line, records, problems, strict)
    except SourceError as exc:
        problems.append(exc.problem)
    except UnicodeDecodeError:
        problems.append(_not_text(path, reading.encoding))
    except csv.Error as exc:
        problems.append(Problem(path, "file", f"malformed CSV ({exc})"))
    except OSError as exc:
        problems.append(Problem(path, "", f"cannot read the file ({exc.strerror or exc})"))
    return FileResult()


def _opened_differently(a: Reading, b: Reading) -> bool:
    return (a.encoding, a.delimiter, a.sheet) != (b.encoding, b.delimiter, b.sheet)


def _open(path: str, reading: Reading, progress: Progress):
    """The file's layout, header, the line it is on, and an iterator of (line, record) after it."""
    if is_spreadsheet(path):
        name, rows = sheet_rows(path, reading.sheet)
        layout = Layout(sheet=name)
        records = ((f"{path}[{name}]:{n}", record) for n, record in rows)
    else:
        layout = text_layout(path, reading.encoding, reading.delimiter)
        records = _text_records(path, layout, progress)
    for where, record in records:
        if record and any(cell.strip() for cell in record):
            return layout, [cell.strip() for cell in record], where.rpartition(":")[2], records
    return layout, None, "1", records


def _text_records(path: str, layout: Layout, progress: Progress):
    """(``file:line``, record) of a text file, the line being where the record starts."""
    with open(path, encoding=layout.encoding, newline="") as fh:
        reader = csv.reader(progress.lines(fh, path), delimiter=layout.delimiter)
        start = 1
        try:
            for record in reader:
                yield f"{path}:{start}", record
                start = reader.line_num + 1
        except csv.Error as exc:
            raise SourceError(Problem(f"{path}:{start}", "file", f"malformed CSV ({exc})")) from None


def _not_text(path: str, encoding: str) -> Problem:
    """The line of the first byte the encoding cannot read (text is decoded in chunks: find it again)."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        data.decode(encoding)
        line, byte = 1, "?"
    except UnicodeDecodeError as exc:
        line, byte = data.count(b"\n", 0, exc.start) + 1, f"0x{data[exc.start]:02x}"
    return Problem(
        f"{path}:{line}",
        "file",
        f'not {encoding_name(encoding)} text (byte {byte}); leave encoding out (or set encoding = "auto") '
        'to have it detected, or name it, such as encoding = "cp1252" (Windows-1252, what Excel saves)',
    )


def _read(
    path: str,
    mapping: Mapping,
    chosen: list[FileMap],
    layout: Layout,
    header: list[str],
    line: str,
    records,
    problems: list[Problem],
    strict: bool,
) -> FileResult:
    where = f"{path}:{line}" if not layout.sheet else f"{path}[{layout.sheet}]:{line}"
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(header_key(name), i)
    used: set[int] = set()

    def index_of(name: str) -> int | None:
        i = index.get(header_key(name))
        if i is not None:
            used.add(i)
        return i

    count = len(problems)
    plans = [_plan(where, header, f, mapping.reading_for(f).formats, index_of, problems, strict) for f in chosen]
    if len(problems) > count:
        return FileResult(layout=layout, mapping_name=mapping.name)
    tables = [t for t in plans if t is not None]
    pad = mapping.reading_for(chosen[0]).pad_short_rows
    if any(len(t.formats.orders()) > 1 and _DATED & set(t.raw) for t in tables):
        records = list(records)  # dates are decided from all of a column's values: read it twice
        if not _decide_dates(where, tables, records, len(header), problems):
            return FileResult(layout=layout, mapping_name=mapping.name)
    reads = [_table_read(path, t) for t in tables]
    finishes = [_finish(r.batch, t) for r, t in zip(reads, tables, strict=True)]
    converters = [(t, {name: _converted(name, t, raw) for name, (_, raw) in t.raw.items()}) for t in tables]
    width, rows = len(header), 0
    for at, record in records:
        if not record or not any(cell.strip() for cell in record):
            continue  # a blank line
        rows += 1
        if len(record) != width:
            if len(record) > width or not pad:
                problems.append(Problem(at, "row", f"expected {width} cells like the header, found {len(record)}"))
                continue
            record = record + [""] * (width - len(record))
        for (table, convert), finish in zip(converters, finishes, strict=True):
            if all(test.holds(record[i]) for test, i in table.tests):
                finish(at, record, convert, problems)
    ignored = [name for i, name in enumerate(header) if i not in used and name.strip()]
    return FileResult(reads, ignored, mapping.name, layout, rows)


def _table_read(path: str, table: _Table) -> TableRead:
    batch = Batch(table.filemap.kind, path, [])
    batch.report = True
    batch.by_name = table.by_name
    labels = [(name, label) for name, (label, _) in table.raw.items() if not (table.by_name and name == "external_id")]
    dates = {
        label: " or ".join(_human_formats(table.dates.get(name, table.formats)))
        for name, (label, _) in table.raw.items()
        if name in _DATED and name not in table.filemap.fixed
    }
    return TableRead(batch, labels, "; ".join(c.describe(table.header[i]) for c, i in table.tests), dates)


def _human_formats(formats: Formats) -> list[str]:
    from csm_desk.importing.convert import _human

    ordered = [f for f in formats.date_formats if date_order(f) is not None] or list(formats.date_formats)
    return list(dict.fromkeys(_human(f).split(" ")[0] for f in ordered[:2]))


def _plan(
    where: str,
    header: list[str],
    filemap: FileMap,
    formats: Formats,
    index_of,
    problems: list[Problem],
    strict: bool,
) -> _Table | None:
    """How each field is read from this header; None with problems if it cannot be."""
    raw: dict[str, tuple[str, Callable[[list[str]], str]]] = {}
    count = len(problems)
    for name in filemap.fields():
        source = _raw_source(name, filemap, index_of, header)
        if source is not None:
            raw[name] = source
        elif name in filemap.columns and strict:
            problems.append(
                Problem(
                    where,
                    "header",
                    f"no column {' or '.join(map(repr, filemap.columns[name]))} "
                    f"for {name} (the file has {', '.join(map(repr, header))}){delimiter_hint(header)}",
                )
            )
    by_name = filemap.kind == "accounts" and "external_id" not in raw and "name" in raw
    if by_name:  # an export without account ids: its accounts are known by name
        raw = {"external_id": raw["name"], **raw}
    for name in filemap.required():
        if name not in raw and not (name in filemap.columns and strict):
            looked = filemap.columns.get(name) or (filemap.derived.get(name),)
            problems.append(
                Problem(where, "header", f"missing a column for {name} (looked for {', '.join(map(repr, looked))})")
            )
    if filemap.kind == "usage" and not {"account", "subscription"} & set(raw):
        problems.append(Problem(where, "header", "missing a column for the account or the subscription"))
    tests = []
    for condition in filemap.where:
        i = next((j for alt in condition.column if (j := index_of(alt)) is not None), None)
        if i is None:
            problems.append(
                Problem(where, "header", f"no column {' or '.join(map(repr, condition.column))} for the where filter")
            )
        else:
            tests.append((condition, i))
    if len(problems) > count:
        return None
    return _Table(filemap, raw, tests, formats, header, by_name)


def _raw_source(
    name: str, filemap: FileMap, index_of, header: list[str]
) -> tuple[str, Callable[[list[str]], str]] | None:
    """The label and the reader of one field's cell as the file writes it (value words and splits applied)."""
    if name in filemap.columns:
        i = next((j for alt in filemap.columns[name] if (j := index_of(alt)) is not None), None)
        if i is None:
            return None
        label, cell = header[i], _cell_at(i)  # the column as the file spells it
        if name in filemap.times:
            label = f"{label} × {filemap.times[name]:f}"
    elif name in filemap.derived:
        fill = compile_template(filemap.derived[name], index_of)
        if fill is None:
            return None
        label, cell = filemap.derived[name], fill
    elif name in filemap.fixed:
        value = filemap.fixed[name]
        label, cell = f"{value!r} (fixed)", _constant(value)
    else:
        return None
    words = filemap.values.get(name)
    sep = filemap.split.get(name)
    if words is None and sep is None:
        return label, cell

    def read(record: list[str]) -> str:
        text = cell(record)
        if sep is not None:
            text = next((part.strip() for part in text.split(sep) if part.strip()), "")
        if words is not None:
            text = words.get(text.strip().casefold(), text)
        return text

    return label, read


def _decide_dates(where: str, tables: list[_Table], records: list, width: int, problems: list[Problem]) -> bool:
    """Each date column's format, decided from all its values; a column no value settles takes the order
    the file's other date columns settled, else it is a problem naming the settings that would read it."""
    open_columns: list[tuple[_Table, str, set[str], list[str]]] = []
    settled: set[str] = set()
    for table in tables:
        if len(table.formats.orders()) < 2:
            continue
        for name, (_, cell) in table.raw.items():
            if name not in _DATED:
                continue
            values = {cell(r) for _, r in records if len(r) == width and any(c.strip() for c in r)}
            values = {v for v in values if v.strip()}
            formats, left = table.formats.decide(values)
            if left:
                open_columns.append((table, name, values, left))
                continue
            table.dates[name] = formats
            orders = formats.orders()
            if len(orders) == 1 and any(_one_order(table.formats, v) for v in values):
                settled |= orders
    for table, name, values, left in open_columns:
        if len(settled) == 1 and settled <= set(left):
            table.dates[name] = table.formats.only(next(iter(settled)))
            continue
        example = next(v for v in sorted(values) if len({table.formats.only(o).instant(v) for o in left}) > 1)
        problems.append(Problem(where, table.raw[name][0], ambiguous_dates(left, example)))
    return not open_columns or all(name in table.dates for table, name, _, _ in open_columns)


def _one_order(formats: Formats, value: str) -> bool:
    """Whether only one day/month order reads ``value`` (``25/03/2024``)."""
    readable = 0
    for order in formats.orders():
        try:
            formats.only(order).instant(value)
            readable += 1
        except CellError:
            pass
    return readable == 1


def _converted(name: str, table: _Table, raw: Callable[[list[str]], str]) -> Callable[[list[str]], object]:
    formats = table.dates.get(name, table.formats)
    convert = _converter(name, table.filemap.kind in KINDS, formats, table.filemap.times.get(name))
    return lambda record: convert(raw(record))


def _converter(name: str, native: bool, formats: Formats, times=None) -> Callable[[str], object]:
    if name in DATE_FIELDS:
        return _remembered((lambda c: native_date(formats, c)) if native else formats.date)
    if name == "when":
        return _remembered(lambda c: native_when(formats, c))
    if name == "due":
        return _remembered(lambda c: _due(formats, c))
    if name in NUMBER_FIELDS:
        return _remembered(
            (lambda c: native_number(formats, c, times)) if native else (lambda c: formats.number(c, times))
        )
    if name in BOOL_FIELDS:
        return _remembered((lambda c: native_boolean(formats, c)) if native else formats.boolean)
    return (lambda c: c) if native else (lambda c: c.strip())


def _remembered(convert: Callable[[str], object]) -> Callable[[str], object]:
    """``convert``, each distinct text cell converted once (a typed spreadsheet cell is converted as
    itself: its text alone does not say what it holds)."""
    return remembered(convert, limit=100_000, keep=lambda cell: not isinstance(cell, Typed))


def _due(formats: Formats, cell: str) -> str:
    value = formats.instant(cell)
    if value is None:
        return ""
    if value.hour or value.minute:
        return f"{value.date().isoformat()} {value:%H:%M}"
    return value.date().isoformat()


def _finish(batch: Batch, table: _Table):
    """A function taking one record into ``batch`` (native rows checked by the native format's rules,
    activity rows by their required values), problems named by the source column."""
    labels = {name: label for name, (label, _) in table.raw.items()}
    if batch.kind in KINDS:
        names = list(table.raw)
        parse = row_parser(KINDS[batch.kind], names)
    required = ACTIVITY[batch.kind][1] if batch.kind in ACTIVITY else ()

    def finish(where: str, record: list[str], convert: dict, problems: list[Problem]) -> None:
        values, ok = {}, True
        for name, read in convert.items():
            try:
                values[name] = read(record)
            except CellError as exc:
                problems.append(Problem(where, labels[name], str(exc)))
                ok = False
        if not ok:
            if batch.kind == "accounts" and isinstance(values.get("external_id"), str):
                batch.invalid_accounts.add(values["external_id"].strip())
            return
        if batch.kind in KINDS:
            mine: list[Problem] = []
            row = parse(where, [values[n] for n in names], mine)
            problems.extend(Problem(p.where, labels.get(p.column, p.column), p.reason) for p in mine)
            if row is None and batch.kind == "accounts":
                batch.invalid_accounts.add(str(values.get("external_id", "")).strip())
        else:
            empty = [n for n in required if values.get(n) in (None, "")]
            if batch.kind == "usage" and not (values.get("account") or values.get("subscription")):
                empty.append("account" if "account" in labels else "subscription")
            for n in empty:
                problems.append(Problem(where, labels.get(n, n), "required, but empty"))
            row = None if empty else Row(where, values)
        if row is not None:
            batch.rows.append(row)

    return finish


def _cell_at(i: int) -> Callable[[list[str]], str]:
    return lambda record: record[i]


def _constant(value: str) -> Callable[[list[str]], str]:
    return lambda record: value
