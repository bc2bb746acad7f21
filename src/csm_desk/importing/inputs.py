"""Reading every input file the way it asks to be read: native, a preset, or the user's mapping.

Activity files are summed up here too, so that the command only writes batches.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from csm_desk.domain.health import HealthFormula
from csm_desk.files import not_readable
from csm_desk.importing.activity import Derived, aggregate
from csm_desk.importing.foreign import FileResult, read_mapped
from csm_desk.importing.mapping import ACTIVITY, Mapping
from csm_desk.importing.native import ORDER, Batch, Problem, Row, detect_kind
from csm_desk.importing.presets import preset_for
from csm_desk.importing.progress import Progress
from csm_desk.importing.reading import read_files
from csm_desk.importing.sources import Layout, SourceError, is_spreadsheet, sheet_rows, text_layout


@dataclass
class FileReport:
    """How one file was read: for the import's summary and the dry run's preview."""

    path: str
    result: FileResult | None = None
    """None: read as a native file"""
    preset: str = ""
    layout: Layout | None = None
    """how a native CSV file or spreadsheet was opened (a mapped file's is its result's)"""


@dataclass
class Inputs:
    """Everything read from the files of one import, before the database is touched."""

    batches: list[Batch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    derived: Derived = field(default_factory=Derived)
    source: str = ""
    activity: dict[str, int] = field(default_factory=dict)
    """rows read per activity kind"""
    files: list[FileReport] = field(default_factory=list)


def read_inputs(
    paths: list[str],
    forced: str | None,
    mapping: Mapping | None,
    today: date,
    formula: HealthFormula,
    progress: Progress,
    preset: Mapping | None = None,
    locale: str | None = None,
) -> Inputs:
    """Every file read and checked; activity summed up into native rows and cases. ``preset``: the preset
    ``--preset`` named, for every file that is not native."""
    if locale is not None:  # --locale: how every non-native file writes its dates and numbers
        mapping = mapping.with_locale(locale) if mapping else None
        preset = preset.with_locale(locale) if preset else None
    out = Inputs(source=mapping.name if mapping else "")
    native: list[str] = []
    activity: list[Batch] = []
    rules = mapping.aggregate if mapping else None
    for path in paths:
        result, used = _read_one(path, forced, mapping, preset, out.problems, progress, locale)
        if result is None:
            native.append(path)
            out.files.append(FileReport(path))
            continue
        out.files.append(FileReport(path, result, used.name if used is not None and used is not mapping else ""))
        if result.ignored:
            out.notes.append(f"{path}: columns not used: {', '.join(result.ignored)}")
        for batch in result.batches:
            if batch.kind in ACTIVITY:
                activity.append(batch)
                out.activity[batch.kind] = out.activity.get(batch.kind, 0) + len(batch.rows)
                rules = rules or (used.aggregate if used is not None else None)
            else:
                if batch.kind == "signals":
                    for row in batch.rows:
                        row.values["source"] = result.mapping_name
                out.batches.append(batch)
        out.source = out.source or result.mapping_name
    if native:
        layouts: dict[str, Layout] = {}
        batches, problems = read_files(native, forced, progress, layouts)
        for report in out.files:
            if report.result is None:
                report.layout = layouts.get(report.path)
        out.batches.extend(batches)
        out.problems.extend(problems)
    if activity:
        if rules is None:  # only a mapping (or a preset) can describe activity files
            raise AssertionError("activity files are only read through a mapping")
        out.derived = aggregate(activity, today, rules, formula, out.source, out.problems)
        _merge(out, activity[0].source)
    out.batches.sort(key=lambda b: ORDER.index(b.kind))
    return out


def _read_one(
    path: str,
    forced: str | None,
    mapping: Mapping | None,
    preset: Mapping | None,
    problems: list[Problem],
    progress: Progress,
    locale: str | None = None,
) -> tuple[FileResult | None, Mapping | None]:
    """The file read through the mapping or a preset (and which); None when it is a native (or JSON) file."""
    refused = not_readable(path)
    if refused and mapping is not None:
        problems.append(Problem(path, "", refused))
        return FileResult(), mapping
    if refused:
        return None, None  # the native reader says so, in the order of the files
    if mapping is not None:
        return read_mapped(path, mapping, problems, progress), mapping
    if forced is not None or Path(path).suffix.lower() == ".json":
        return None, None
    header = peek_header(path)
    if header is not None and _is_native(header):
        return None, None
    if preset is not None:
        return read_mapped(path, preset, problems, progress, strict=False), preset
    if header is None:
        return None, None  # the native reader says what is wrong with the file
    found = preset_for(header)
    if found is None:
        return None, None  # the native reader says what is wrong with the header
    chosen, tables = found
    if locale is not None:
        where = [chosen.files.index(t) for t in tables]
        chosen = chosen.with_locale(locale)
        tables = [chosen.files[i] for i in where]
    return read_mapped(path, chosen, problems, progress, strict=False, tables=tables), chosen


def peek_header(path: str) -> list[str] | None:
    """The first record of a file (any encoding, delimiter, or a spreadsheet's first sheet), or None when
    it cannot be read (the reader will say why)."""
    try:
        if is_spreadsheet(path):
            _, rows = sheet_rows(path, None)
            return next(([c.strip() for c in r] for _, r in rows if any(c.strip() for c in r)), None)
        layout = text_layout(path)
        with open(path, encoding=layout.encoding, errors="replace", newline="") as fh:
            head = fh.read(65536)
        if head.lstrip().startswith("{"):
            return None
        for record in csv.reader(io.StringIO(head, newline=""), delimiter=layout.delimiter):
            if record and any(cell.strip() for cell in record):
                return [cell.strip() for cell in record]
    except (OSError, csv.Error, SourceError):
        return None
    return None


def _is_native(header: list[str]) -> bool:
    """A header naming the native key columns: the native reader reads it (and names what is wrong)."""
    return detect_kind(header) is not None


def _merge(out: Inputs, source: str) -> None:
    """Derived rows join the import: account fields merge into the accounts rows of the same account."""
    derived = out.derived
    by_ext: dict = {}
    for b in out.batches:
        if b.kind == "accounts":
            for r in b.rows:
                by_ext.setdefault(r.values["external_id"], []).append(r)
    extra: list[Row] = []
    for ext, row in derived.accounts.items():
        targets = by_ext.get(ext)
        if targets is None:
            extra.append(row)
        for target in targets or ():
            for key, value in row.values.items():
                if target.values.get(key) in (None, ""):
                    target.values[key] = value
    if extra:
        out.batches.append(Batch("accounts", source, extra, report=True))
    if derived.metrics:
        out.batches.append(Batch("metrics", source, derived.metrics, report=True))
    if derived.signals:
        out.batches.append(Batch("signals", source, derived.signals, report=True))
