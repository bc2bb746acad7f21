"""Reading input files (native CSV, or the JSON export) into validated batches.

Every problem found becomes one ``Problem``; nothing here touches the database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from csm_desk.files import not_readable
from csm_desk.importing.native import (
    KINDS,
    ORDER,
    Batch,
    Problem,
    Row,
    check_header,
    csv_unsafe,
    detect_kind,
    number_cell,
    row_parser,
)
from csm_desk.importing.progress import Progress
from csm_desk.importing.sources import Layout, SourceError, delimiter_hint, is_spreadsheet, sheet_rows, text_layout

# A note can be long (a pasted transcript): the csv module's 128 KB cell limit would refuse our own export.
csv.field_size_limit(2**31 - 1)


def read_files(
    paths: list[str], kind: str | None, progress=None, layouts: dict[str, Layout] | None = None
) -> tuple[list[Batch], list[Problem]]:
    """Every file read and validated; the batches come back in dependency order. ``layouts``, when given,
    gets how each CSV file or spreadsheet was opened, by path."""
    batches: list[Batch] = []
    problems: list[Problem] = []
    for path in paths:
        refused = not_readable(path)  # a pipe or a device would be read forever
        if refused:
            problems.append(Problem(path, "", refused))
            continue
        if Path(path).suffix.lower() == ".json" or _starts_like_json(path):
            text = _decode(path, problems)
            if text is not None:
                batches.extend(_read_json(path, text, problems))
            continue
        batch = _read_records(path, kind, problems, progress, layouts if layouts is not None else {})
        if batch is not None:
            batches.append(batch)
    batches.sort(key=lambda b: ORDER.index(b.kind))  # stable: files keep their order within a kind
    return batches, problems


def _starts_like_json(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def _read_records(
    path: str, forced: str | None, problems: list[Problem], progress, layouts: dict[str, Layout]
) -> Batch | None:
    """A CSV file (any common encoding and delimiter, parsed while it is read: a large export is never
    held as one string) or a spreadsheet's first sheet."""
    mine: list[Problem] = []
    try:
        if is_spreadsheet(path):
            name, rows = sheet_rows(path, None)
            layouts[path] = Layout(sheet=name)
            batch = _read_csv(f"{path}[{name}]", _SheetReader(rows), forced, mine)
        else:
            layout = layouts[path] = text_layout(path)
            with open(path, encoding=layout.encoding, newline="") as fh:
                lines = (progress or Progress()).lines(fh, path)
                batch = _read_csv(path, csv.reader(lines, delimiter=layout.delimiter), forced, mine)
    except SourceError as exc:
        problems.append(exc.problem)
        return None
    except UnicodeDecodeError as exc:  # the file changed since its encoding was found
        problems.append(
            Problem(path, "file", f"the text stops being {exc.encoding} (byte 0x{exc.object[exc.start]:02x})")
        )
        return None
    except OSError as exc:
        problems.append(Problem(path, "", f"cannot read the file ({exc.strerror or exc})"))
        return None
    problems.extend(mine)
    return batch


class _SheetReader:
    """A spreadsheet's rows where the CSV reader's records would be, ``line_num`` the row number."""

    def __init__(self, rows) -> None:
        self._rows = iter(rows)
        self.line_num = 0

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        self.line_num, record = next(self._rows)
        return record


def _decode(path: str, problems: list[Problem]) -> str | None:
    """A JSON file's text (UTF-8, BOM allowed), or None with one problem naming the file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        problems.append(Problem(path, "", f"cannot read the file ({exc.strerror or exc})"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(f"{path}:{line}", "file", f"not UTF-8 text (byte 0x{data[exc.start]:02x}); JSON is UTF-8")
        )
        return None
    if not text.strip():
        problems.append(Problem(path, "", "empty file: expected a header line naming the columns"))
        return None
    return text


def _read_csv(path: str, reader, forced: str | None, problems: list[Problem]) -> Batch | None:
    """One file's records (a CSV reader, or a sheet's rows) as a batch; header problems stop it, row
    problems are all collected."""
    try:
        header, header_line = _first_record(reader)
    except csv.Error as exc:
        problems.append(Problem(f"{path}:{reader.line_num}", "file", f"malformed CSV ({exc})"))
        return None
    if header is None:
        problems.append(Problem(path, "", "empty file: expected a header line naming the columns"))
        return None
    columns = [name.strip() for name in header]
    where = f"{path}:{header_line}"
    kind = forced or detect_kind(columns)
    if kind is None:
        problems.append(
            Problem(
                where,
                "header",
                "cannot tell what the file holds from its columns "
                f"{', '.join(map(repr, columns))}; name it with --kind ({', '.join(ORDER)}) "
                f"or describe it in a mapping file (--mapping){delimiter_hint(columns)}",
            )
        )
        return None
    header_problems = check_header(KINDS[kind], columns, where)
    if header_problems:
        problems.extend(header_problems)
        return None
    batch = Batch(kind, path, [])
    batch.rows = _csv_rows(path, reader, batch, columns, problems)
    return batch


def _first_record(reader) -> tuple[list[str] | None, int]:
    """The first non-blank record and the line it starts on."""
    start = 1
    for record in reader:
        if record and any(cell.strip() for cell in record):
            return record, start
        start = reader.line_num + 1
    return None, start


def _csv_rows(path: str, reader, batch: Batch, columns: list[str], problems: list[Problem]) -> list[Row]:
    """The data rows, each with the physical line it starts on."""
    parse = row_parser(KINDS[batch.kind], columns)
    id_at = columns.index("external_id") if batch.kind == "accounts" else None
    rows = []
    start = reader.line_num + 1
    width = len(columns)
    try:
        for record in reader:
            where = f"{path}:{start}"
            start = reader.line_num + 1
            if not record or (width > 1 and len(record) == 1 and not record[0].strip()):
                continue  # a blank line
            row = None
            if len(record) != width:
                problems.append(Problem(where, "row", f"expected {width} cells like the header, found {len(record)}"))
            else:
                row = parse(where, [csv_unsafe(cell) for cell in record], problems)
            if row is not None:
                rows.append(row)
            elif id_at is not None and id_at < len(record):
                batch.invalid_accounts.add(record[id_at].strip())
    except csv.Error as exc:
        problems.append(Problem(f"{path}:{start}", "file", f"malformed CSV ({exc})"))
    return rows


def _read_json(path: str, text: str, problems: list[Problem]) -> list[Batch]:
    """The JSON export: {"accounts": [{column: value}, ...], ...}; each record read like a CSV row."""
    try:
        payload = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        problems.append(Problem(f"{path}:{exc.lineno}", "file", f"not valid JSON ({exc.msg})"))
        return []
    except RecursionError:
        problems.append(Problem(path, "file", "not valid JSON (nested too deeply)"))
        return []
    except ValueError as exc:  # a number no column can hold (1e400), NaN, Infinity
        problems.append(Problem(path, "file", f"not valid JSON ({exc})"))
        return []
    if not isinstance(payload, dict):
        problems.append(Problem(path, "", f"expected a JSON object with the sections {', '.join(ORDER)}"))
        return []
    batches = []
    for section, records in payload.items():
        if section not in KINDS:
            problems.append(
                Problem(f"{path}:{section}", "section", f"unknown section {section!r} (accepted: {', '.join(ORDER)})")
            )
        elif not isinstance(records, list):
            problems.append(Problem(f"{path}:{section}", "section", "expected a list of records"))
        else:
            batch = Batch(section, path, [])
            batch.rows = _json_rows(path, batch, records, problems)
            batches.append(batch)
    return batches


def _finite(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is out of range")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number csm-desk stores")


def _json_rows(path: str, batch: Batch, records: list, problems: list[Problem]) -> list[Row]:
    spec = KINDS[batch.kind]
    json_columns = {c.name for c in spec.columns if c.json}
    parsers: dict[tuple[str, ...], Callable | None] = {}  # by the record's columns: most records share them
    rows = []
    for i, record in enumerate(records):
        where = f"{path}:{batch.kind}[{i}]"
        if not isinstance(record, dict):
            problems.append(Problem(where, "record", "expected an object of column: value"))
            continue
        cells, ok = {}, True
        for name, value in record.items():
            cell = _json_cell(value, as_json=name in json_columns)
            if cell is None:
                problems.append(Problem(where, name, "expected a string, a number, true/false or null"))
                ok = False
            cells[name] = cell or ""
        columns = tuple(cells)
        if columns not in parsers:
            parsers[columns] = None if check_header(spec, list(columns), where) else row_parser(spec, list(columns))
        parse = parsers[columns]
        if parse is None:
            problems.extend(check_header(spec, list(columns), where))
        row = None
        if ok and parse is not None:
            row = parse(where, list(cells.values()), problems)
        if row is not None:
            rows.append(row)
        elif batch.kind == "accounts" and cells.get("external_id"):
            batch.invalid_accounts.add(cells["external_id"].strip())
    return rows


def _json_cell(value, *, as_json: bool = False) -> str | None:
    """A JSON value as the cell the CSV would hold; None when no cell can hold it. A column that
    holds JSON (``as_json``: a save plan's team) takes a list or an object as the JSON text of it."""
    if value is None:
        return ""
    if as_json and isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_cell(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return None
