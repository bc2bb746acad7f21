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
from csm_desk.importing.native import KINDS, ORDER, Batch, Problem, Row, check_header, detect_kind
from csm_desk.importing.presets import preset_for
from csm_desk.importing.progress import Progress
from csm_desk.importing.reading import read_files


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


def read_inputs(
    paths: list[str],
    forced: str | None,
    mapping: Mapping | None,
    today: date,
    formula: HealthFormula,
    progress: Progress,
) -> Inputs:
    """Every file read and checked; activity summed up into native rows and cases."""
    out = Inputs(source=mapping.name if mapping else "")
    native: list[str] = []
    activity: list[Batch] = []
    for path in paths:
        result = _read_one(path, forced, mapping, out.problems, progress)
        if result is None:
            native.append(path)
            continue
        if result.ignored:
            out.notes.append(f"{path}: columns not used: {', '.join(result.ignored)}")
        if result.batch is None:
            continue
        if result.batch.kind in ACTIVITY:
            activity.append(result.batch)
            out.activity[result.batch.kind] = out.activity.get(result.batch.kind, 0) + len(result.batch.rows)
        else:
            if result.batch.kind == "signals":
                for row in result.batch.rows:
                    row.values["source"] = result.mapping_name
            out.batches.append(result.batch)
        out.source = out.source or result.mapping_name
    if native:
        batches, problems = read_files(native, forced, progress)
        out.batches.extend(batches)
        out.problems.extend(problems)
    if activity:
        rules = mapping.aggregate if mapping else None
        if rules is None:  # only a mapping can describe activity files
            raise AssertionError("activity files are only read through a mapping")
        out.derived = aggregate(activity, today, rules, formula, out.source, out.problems)
        _merge(out, activity[0].source)
    out.batches.sort(key=lambda b: ORDER.index(b.kind))
    return out


def _read_one(
    path: str, forced: str | None, mapping: Mapping | None, problems: list[Problem], progress: Progress
) -> FileResult | None:
    """The file read through the mapping or a preset; None when it is a native (or JSON) file."""
    refused = not_readable(path)
    if refused and mapping is not None:
        problems.append(Problem(path, "", refused))
        return FileResult(None)
    if refused:
        return None  # the native reader says so, in the order of the files
    if mapping is not None:
        return read_mapped(path, mapping, problems, progress)
    if forced is not None or Path(path).suffix.lower() == ".json":
        return None
    header = _peek_header(path)
    if header is None or _is_native(header):
        return None
    found = preset_for(header)
    if found is None:
        return None  # the native reader says what is wrong with the header
    preset, filemap = found
    return read_mapped(path, preset, problems, progress, strict=False, filemap=filemap)


def _peek_header(path: str) -> list[str] | None:
    """The first record of a text file, or None when it cannot be read (the native reader will say why)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
        text = head.decode("utf-8-sig", errors="replace")
        if text.lstrip().startswith("{"):
            return None
        for record in csv.reader(io.StringIO(text, newline="")):
            if record and any(cell.strip() for cell in record):
                return [cell.strip() for cell in record]
    except (OSError, csv.Error):
        return None
    return None


def _is_native(header: list[str]) -> bool:
    kind = detect_kind(header)
    return kind is not None and not check_header(KINDS[kind], header, "")


def _merge(out: Inputs, source: str) -> None:
    """Derived rows join the import: account fields merge into the accounts rows of the same account."""
    derived = out.derived
    by_ext = {r.values["external_id"]: r for b in out.batches if b.kind == "accounts" for r in b.rows}
    extra: list[Row] = []
    for ext, row in derived.accounts.items():
        target = by_ext.get(ext)
        if target is None:
            extra.append(row)
        else:
            for key, value in row.values.items():
                if target.values.get(key) in (None, ""):
                    target.values[key] = value
    if extra:
        out.batches.append(Batch("accounts", source, extra))
    if derived.metrics:
        out.batches.append(Batch("metrics", source, derived.metrics))
    if derived.signals:
        out.batches.append(Batch("signals", source, derived.signals))
