"""What an import says about how it read each file: the preset or mapping, the encoding and delimiter,
which source column became which field, and (in a dry run) the first rows as they will be stored."""

from __future__ import annotations

from datetime import date, datetime

from csm_desk.domain.text import visible
from csm_desk.importing.native import number_cell

PREVIEW_ROWS = 3


def print_reads(inputs, *, preview: bool) -> None:
    """One paragraph per file read through a preset or a mapping (native files need no explaining)."""
    for report in inputs.files:
        result = report.result
        if result is None or not result.reads:
            continue
        how = f"the {report.preset} preset" if report.preset else f"the mapping {result.mapping_name!r}"
        layout = f"{result.layout.describe()}, " if result.layout is not None else ""
        print(f"  read {visible(report.path)} with {how} ({layout}{result.rows} rows):")
        for read in result.reads:
            taken = f" where {read.where}" if read.where else ""
            fields = ", ".join(
                f"{visible(label)} → {name}" + (f" ({read.dates[label]})" if label in read.dates else "")
                for name, label in read.fields
            )
            by_name = " (no account id: keyed by name)" if read.batch.by_name else ""
            print(f"    {read.batch.kind}{taken}{by_name}: {fields}")
            if preview:
                for row in read.batch.rows[:PREVIEW_ROWS]:
                    cells = ", ".join(f"{k}={_shown(v)}" for k, v in row.values.items() if v not in (None, ""))
                    print(f"      {visible(row.where)}: {cells}")


def cell_text(value: object) -> str:
    """A stored value as a table cell shows it: text as it is (control characters made visible), the rest as
    the dry run writes it; nothing for an empty value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return visible(value)
    return _shown(value)


def _shown(value: object) -> str:
    """A stored value as the preview writes it: numbers without a spurious .0, dates as ISO."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number_cell(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + "; ".join(_shown(v) for v in value) + "]"
    return repr(visible(str(value)))
