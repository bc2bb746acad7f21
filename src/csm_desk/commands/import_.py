"""``csm-desk import``: read and check every file, then write them all in one transaction.

Nothing is written unless every row of every file is valid: a half-imported book
is worse than none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from csm_desk.context import Context
from csm_desk.errors import UsageError
from csm_desk.files import NewFile
from csm_desk.importing.inputs import Inputs
from csm_desk.importing.mapping import Mapping, MappingError, load_mapping
from csm_desk.importing.native import ORDER, Problem, kind_named
from csm_desk.importing.preview import print_reads as _print_reads
from csm_desk.importing.progress import progress_bar
from csm_desk.importing.run import ImportRequest, add_offline_problems, plan_and_write, read_import
from csm_desk.importing.writing import Tally

MAX_SHOWN = 200  # beyond this the rest is one summary line; the first errors tell the story


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    """Check everything first; write only a fully valid import; say what changed."""
    forced = _forced_kind(args.kind)
    mapping = _mapping(getattr(args, "mapping", None))
    preset = _preset(getattr(args, "preset", None))
    if forced and (mapping or preset):
        raise UsageError("--kind: not with --mapping or --preset (their [[file]] tables say what each file holds)")
    if mapping and preset:
        raise UsageError("--preset: not with --mapping (a preset is a mapping: pass one or the other)")
    locale = getattr(args, "locale", None)
    if forced and locale:
        raise UsageError("--locale: not with --kind (native files write ISO dates and 1234.56 numbers)")
    request = ImportRequest(tuple(args.files), forced, mapping, preset, locale)
    new_file = _new_database(ctx)
    with progress_bar() as progress:
        outcome = read_import(request, ctx.today, ctx.settings.health, progress)
        offline = new_file is not None and bool(outcome.problems)  # a failed import leaves no database behind
        if not offline:
            progress.phase("checking and writing the book")
            plan_and_write(ctx.open_store(refresh=False), outcome, ctx.today, ctx.settings, dry_run=args.dry_run)
    if offline:
        add_offline_problems(outcome)
        _print_problems(outcome.problems)
        return 1
    if new_file is not None and not outcome.written:  # nothing written: no database either
        ctx.close()
        new_file.remove()
    if outcome.problems:
        _print_problems(outcome.problems)
        return 1
    _print_report(outcome.tallies, outcome.files, dry_run=args.dry_run)
    _print_reads(outcome.inputs, preview=args.dry_run)
    merged = outcome.merged
    if merged:
        print(f"  {merged} repeated row{'s' if merged != 1 else ''} of a report merged into the record before it")
    _print_notes(outcome.inputs)
    _print_shown(outcome.shown)
    if outcome.lifecycle:
        print(
            f"  {'follow-ups':<13} {outcome.lifecycle} lifecycle follow-ups added or re-dated (cadence, re-engagement)"
        )
    return 0


def _preset(name: str | None) -> Mapping | None:
    if name is None:
        return None
    from csm_desk.importing.presets import preset_named, preset_names

    found = preset_named(name)
    if found is None:
        raise UsageError(f"--preset: expected one of {', '.join(preset_names())}, got {name!r}")
    return found


def _new_database(ctx: Context) -> NewFile | None:
    """The database file this import would create (a SQLite path that does not exist yet), or None."""
    from csm_desk.store.engine import resolve_url

    _url, path = resolve_url(ctx.db)
    if path is None or Path(path).exists():
        return None
    return NewFile.before(Path(path))


def _mapping(path: str | None) -> Mapping | None:
    if path is None:
        return None
    try:
        return load_mapping(path)
    except MappingError as exc:
        raise UsageError(str(exc)) from None


def _forced_kind(value: str | None) -> str | None:
    if value is None:
        return None
    kind = kind_named(value)
    if kind is None:
        raise UsageError(f"--kind: expected one of {', '.join(ORDER)}, got {value!r}")
    return kind


def _print_problems(problems: list[Problem]) -> None:
    """Each problem on its own line (plain text: file contents are data, never markup)."""
    err = sys.stderr
    for problem in problems[:MAX_SHOWN]:
        print(problem, file=err)
    if len(problems) > MAX_SHOWN:
        print(f"... and {len(problems) - MAX_SHOWN} more", file=err)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"csm-desk: {len(problems)} {noun} in the input; nothing was imported", file=err)


def _print_report(tallies: dict[str, Tally], files: int, *, dry_run: bool) -> None:
    noun = "file" if files == 1 else "files"
    if dry_run:
        print(f"Dry run of {files} {noun}: nothing was written. The import would do:")
        verbs = ("to create", "to update", "unchanged")
    else:
        print(f"Imported {files} {noun} in one transaction:")
        verbs = ("created", "updated", "unchanged")
    if not tallies:
        print("  nothing: the files hold no rows")
    for kind in ORDER:
        if kind in tallies:
            t = tallies[kind]
            numbers = (t.created, t.updated, t.unchanged)
            counts = ", ".join(f"{n} {verb}" for n, verb in zip(numbers, verbs, strict=True))
            print(f"  {kind:<13} {counts}")


def _print_shown(lines: list[str]) -> None:
    """Lines whose text held control characters: kept, shown as symbols, and said where."""
    if lines:
        where = ", ".join(lines[:3]) + (f" and {len(lines) - 3} more" if len(lines) > 3 else "")
        print(
            f"  note: {len(lines)} line{'s' if len(lines) != 1 else ''} held control characters (escape sequences); "
            f"kept, and shown as symbols such as ␛ wherever they appear: {where}"
        )


def _print_notes(inputs: Inputs) -> None:
    """What was read without being written as such: activity summed up, columns left out."""
    if inputs.activity:
        read = ", ".join(f"{n} {kind}" for kind, n in inputs.activity.items())
        print(f"  summed up from activity ({inputs.source}): {read}")
    for note in inputs.notes:
        print(f"  skipped {note}")
