"""What the import screen shows of an outcome: what it did (or would do), the problems, and per file how it
was read and its first rows as they will be stored. Every word from a file is data (``rich.text.Text``)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

from rich.text import Text
from textual.widget import Widget
from textual.widgets import DataTable, Static

from csm_desk.domain.text import visible
from csm_desk.importing.foreign import TableRead
from csm_desk.importing.inputs import FileReport
from csm_desk.importing.native import ORDER, Batch, Row
from csm_desk.importing.preview import cell_text
from csm_desk.importing.run import UNDO_ROWS, ImportOutcome
from csm_desk.render.format import HIDDEN
from csm_desk.render.privacy import PRIVATE_NOTE

MAX_PROBLEMS = 200
"""Problems listed one by one; the rest are counted (the first ones tell the story)."""

ROWS_SHOWN = 5
"""First rows shown per table (the command's dry run prints 3: a screen has the room)."""

MONEY = frozenset({"arr", "mrr"})
WORDS = frozenset(
    {"quote", "quotes", "summary", "text", "note", "outcome", "situation", "root_cause", "success_criteria"}
    | {"details", "action", "feedback"}
)
"""Fields privacy mode hides in the first rows: sums of money, and words someone wrote."""


def summary(outcome: ImportOutcome, restore: str = "csm-desk restore") -> Text:
    """The headline: what was written (or would be), what undo can do about it, and the notes of the read.
    ``restore``: the command that puts a backup of this book back (its ``--db`` or ``--demo`` included)."""
    files = f"{outcome.files} file{'s' if outcome.files != 1 else ''}"
    text = Text()
    if outcome.problems:
        n = len(outcome.problems)
        text.append(f"{n} problem{'s' if n != 1 else ''} in the input: ", style="bold red")
        text.append("nothing was imported. " if not outcome.dry_run else "nothing can be imported yet. ")
        text.append("Fix the files (or the mapping) and preview again.")
        return text
    if outcome.dry_run:
        text.append("Preview", style="bold")
        text.append(f" of {files}: nothing is written yet. Importing would do:")
        verbs = ("to create", "to update", "unchanged")
    else:
        text.append("Imported", style="bold green")
        text.append(f" {files} in one transaction:")
        verbs = ("created", "updated", "unchanged")
    if not outcome.tallies:
        text.append("\n  nothing: the files hold no rows")
    for kind in ORDER:
        tally = outcome.tallies.get(kind)
        if tally is not None:
            counts = zip((tally.created, tally.updated, tally.unchanged), verbs, strict=True)
            text.append(f"\n  {kind:<13} " + ", ".join(f"{n:,} {verb}" for n, verb in counts))
    if outcome.lifecycle:
        text.append(f"\n  {'follow-ups':<13} {outcome.lifecycle} lifecycle follow-ups added or re-dated")
    for note in notes(outcome):
        text.append(f"\n  {note}", style="dim")
    text.append("\n")
    text.append_text(undo_note(outcome, restore))
    return text


def notes(outcome: ImportOutcome) -> Iterator[str]:
    """What was read without being written as such, said the way the command says it."""
    inputs = outcome.inputs
    if outcome.merged:
        yield f"{outcome.merged} repeated row{'s' if outcome.merged != 1 else ''} of a report merged into one record"
    if inputs.activity:
        read = ", ".join(f"{n} {kind}" for kind, n in inputs.activity.items())
        yield visible(f"summed up from activity ({inputs.source}): {read}")
    for note in inputs.notes:
        yield visible(f"skipped {note}")
    if outcome.shown:
        yield (
            f"{len(outcome.shown)} line{'s' if len(outcome.shown) != 1 else ''} held control characters: kept, "
            f"and shown as symbols such as ␛ (first at {visible(outcome.shown[0])})"
        )


def undo_note(outcome: ImportOutcome, restore: str) -> Text:
    """What can take the import back: undo, a copy of the book, or (on PostgreSQL, when too big) pg_dump."""
    if outcome.dry_run:
        if outcome.fits_undo:
            return Text("After the import, u takes it back (undo), like any change.", style="dim")
        size = f"about {outcome.size:,} rows" if outcome.size is not None else "its size"
        return Text(
            f"Too big for undo ({size}; undo keeps up to {UNDO_ROWS:,}): a copy of the book is saved in the "
            "backups folder first, and the import says where; csm-desk restore brings the book back from it.",
            style="yellow",
        )
    if outcome.undoable:
        return Text("u takes it back (undo).", style="dim")
    if outcome.backup is not None:
        return Text.assemble(
            ("Too big for undo: the book as it was is saved. To go back to it, close csm-desk and run\n", "yellow"),
            (f"  {restore} {shlex.quote(str(outcome.backup))}", "bold"),
        )
    if outcome.fits_undo:
        return Text("Nothing changed, so there is nothing to undo.", style="dim")
    return Text("Too big for undo, and a PostgreSQL book is not copied by csm-desk: pg_dump is its backup.")


def problems(outcome: ImportOutcome) -> Text:
    """Every problem on its own line, ``file:line: column: reason``, where it is in bold (so that each stands
    out when a narrow screen wraps them)."""
    text = Text()
    for n, problem in enumerate(outcome.problems[:MAX_PROBLEMS]):
        if n:
            text.append("\n")
        text.append(visible(problem.where), style="bold red")
        if problem.column:
            text.append(": ")
            text.append(visible(problem.column), style="bold")
        text.append(f": {visible(problem.reason)}", style="red")
    if len(outcome.problems) > MAX_PROBLEMS:
        text.append(f"\n… and {len(outcome.problems) - MAX_PROBLEMS:,} more", style="dim")
    return text


def file_widgets(outcome: ImportOutcome, *, private: bool = False) -> Iterator[Widget]:
    """Per file: how it was read, and per table its kind, filter, column → field map and first rows."""
    for report in outcome.inputs.files:
        result = report.result
        native = _native_batches(outcome, report.path) if result is None else []
        if result is None and not native and report.layout is None:
            continue  # not read at all: its problem says why
        mapping = outcome.request.mapping
        yield Static(file_heading(report, mapping.name if mapping else ""), classes="file-heading")
        if result is None:
            for batch in native:
                yield Static(_native_line(batch), classes="table-line")
                yield from _rows_table(batch.kind, batch.rows, private=private)
            continue
        for read in result.reads:
            yield Static(table_line(read), classes="table-line")
            yield from _rows_table(read.batch.kind, read.batch.rows, private=private)


def file_heading(report: FileReport, mapping: str = "") -> Text:
    """``empresas.csv · the mapping 'rd' · Windows-1252 (detected), ';'-separated · 3 rows`` (``mapping``: the
    name of the mapping given, for a file none of its tables read)."""
    result = report.result
    text = Text(visible(Path(report.path).name), style="bold")
    if result is None:
        parts = ["csm-desk's own format"]
        if report.layout is not None:  # a JSON file has none: it is UTF-8, and records are its own
            parts.append(report.layout.describe())
        text.append("  · " + " · ".join(parts), style="dim")
        return text
    name = result.mapping_name or mapping
    how = f"the {report.preset} preset" if report.preset else f"the mapping {name!r}"
    parts = [visible(how)]
    if result.layout is not None:
        parts.append(result.layout.describe())
    if result.reads:
        parts.append(f"{result.rows:,} row{'s' if result.rows != 1 else ''}")
    text.append("  · " + " · ".join(parts), style="dim")
    if not result.reads:
        text.append("  · no table of it reads this file", style="yellow")
    return text


def table_line(read: TableRead) -> Text:
    """``accounts where Status is …: CNPJ → external_id, Início → contract_start (DD/MM/YYYY)``."""
    text = Text(read.batch.kind, style="bold cyan")
    if read.where:
        text.append(f" where {visible(read.where)}")
    if read.batch.by_name:
        text.append(" (no account id: keyed by name)", style="yellow")
    text.append(": ")
    for n, (name, label) in enumerate(read.fields):
        if n:
            text.append(", ")
        text.append(visible(label))
        text.append(" → ", style="dim")
        text.append(name, style="cyan")
        if label in read.dates:
            text.append(f" ({read.dates[label]})", style="dim")
    return text


def _native_batches(outcome: ImportOutcome, path: str) -> list[Batch]:
    return [b for b in outcome.inputs.batches if b.source == path or b.source.startswith(f"{path}[")]


def _native_line(batch: Batch) -> Text:
    n = len(batch.rows)
    return Text.assemble((batch.kind, "bold cyan"), f": {n} row{'s' if n != 1 else ''}, every column as named")


def _rows_table(kind: str, rows: list[Row], *, private: bool) -> Iterator[Widget]:
    """The first rows as they will be stored, one column per field that holds something."""
    shown = rows[:ROWS_SHOWN]
    if not shown:
        return
    fields: list[str] = []
    for row in shown:
        fields += [k for k, v in row.values.items() if k not in fields and v not in (None, "")]
    table: DataTable = DataTable(show_cursor=False, zebra_stripes=True, classes="rows")
    table.add_column(Text("line", style="dim"), key="line")
    for name in fields:
        table.add_column(Text(name), key=name)
    for row in shown:
        cells = [Text(visible(row.where.rsplit(":", 1)[-1]), style="dim")]
        cells += [_cell(kind, name, row.values.get(name), private) for name in fields]
        table.add_row(*cells)
    yield table
    if len(rows) > len(shown):
        yield Static(Text(f"… and {len(rows) - len(shown):,} more", style="dim"), classes="more")


def _cell(kind: str, name: str, value: object, private: bool) -> Text:
    if private and value not in (None, ""):
        if name in MONEY:
            return Text(HIDDEN, style="dim")
        if name in WORDS or (kind == "followups" and name == "title"):
            return Text(PRIVATE_NOTE, style="dim italic")
    return Text(cell_text(value))
