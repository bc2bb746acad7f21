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
from csm_desk.importing.case_writes import resolve_stale_signals, unknown_accounts, write_cases
from csm_desk.importing.inputs import Inputs, read_inputs
from csm_desk.importing.mapping import Mapping, MappingError, load_mapping
from csm_desk.importing.native import ORDER, Problem, duplicate_problems, kind_named
from csm_desk.importing.preview import print_reads as _print_reads
from csm_desk.importing.progress import progress_bar
from csm_desk.importing.reports import merge_repeats, resolve_names, same_name_problems
from csm_desk.importing.writing import Tally, is_restore, missing_accounts, write_batches
from csm_desk.store.evaluate import evaluate_accounts, load_histories
from csm_desk.store.types import stamp

MAX_SHOWN = 200  # beyond this the rest is one summary line; the first errors tell the story


class _Rollback(Exception):
    """Leaves the write block so that the transaction is rolled back (errors, or a dry run)."""


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    """Check everything first; write only a fully valid import; say what changed."""
    forced = _forced_kind(args.kind)
    mapping = _mapping(getattr(args, "mapping", None))
    preset = _preset(getattr(args, "preset", None))
    if forced and (mapping or preset):
        raise UsageError("--kind: not with --mapping or --preset (their [[file]] tables say what each file holds)")
    if mapping and preset:
        raise UsageError("--preset: not with --mapping (a preset is a mapping: pass one or the other)")
    with progress_bar() as progress:
        inputs = read_inputs(list(args.files), forced, mapping, ctx.today, ctx.settings.health, progress, preset)
    batches, problems = inputs.batches, inputs.problems
    merged = merge_repeats(batches)
    problems += same_name_problems(batches) + duplicate_problems(batches)
    new_file = _new_database(ctx)
    if new_file is not None and problems:  # a failed import leaves no database behind
        problems += resolve_names(None, batches) + missing_accounts(None, batches) + _unknown(None, inputs)
        _print_problems(problems)
        return 1
    store = ctx.open_store(refresh=False)
    tallies: dict[str, Tally] = {}
    lifecycle = 0
    try:
        with store.write() as session:
            problems += resolve_names(session, batches)
            problems += missing_accounts(session, batches) + _unknown(session, inputs)
            if problems:
                raise _Rollback
            tallies, touched, unresolved = write_batches(session, batches, ctx.today, stamp(session))
            if unresolved:
                problems += unresolved
                raise _Rollback
            touched |= _write_derived(session, inputs, ctx.today, tallies)
            if touched and not args.dry_run:  # the plan does not depend on it; save the time
                ids = sorted(touched)
                histories = load_histories(session, ids, ctx.today)  # read once for every rule below
                evaluate_accounts(session, ids, ctx.today, ctx.settings.red_flags, histories)
                # A restored book keeps the follow-ups it had: none is added (or brought back) by the cadence.
                lifecycle = 0 if is_restore(batches) else _lifecycle(session, ids, ctx, histories)
            if args.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if new_file is not None and (problems or args.dry_run):  # nothing written: no database either
        ctx.close()
        new_file.remove()
    if problems:
        _print_problems(problems)
        return 1
    _print_report(tallies, len(args.files), dry_run=args.dry_run)
    _print_reads(inputs, preview=args.dry_run)
    if merged:
        print(f"  {merged} repeated row{'s' if merged != 1 else ''} of a report merged into the record before it")
    _print_notes(inputs)
    _print_shown(progress.shown)
    if lifecycle:
        print(f"  {'follow-ups':<13} {lifecycle} lifecycle follow-ups added or re-dated (cadence, re-engagement)")
    return 0


def _lifecycle(session, ids: list[int], ctx: Context, histories) -> int:
    """Cadence follow-ups from each contract start, and re-engagement nudges; idempotent."""
    from csm_desk.store.lifecycle import sync_cadence, sync_reengagement

    rules = ctx.settings.cadence
    return sync_cadence(session, ids, ctx.today, rules) + sync_reengagement(session, ids, ctx.today, rules, histories)


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


def _unknown(session, inputs: Inputs) -> list[Problem]:
    """Accounts that only activity names (subscriptions, churn events) must exist somewhere."""
    incoming = {
        r.values["external_id"] for b in inputs.batches if b.kind == "accounts" for r in b.rows if "name" in r.values
    }
    incoming |= {ext for b in inputs.batches for ext in b.invalid_accounts}
    refs = {
        r.values["external_id"]: r.where
        for b in inputs.batches
        if b.kind == "accounts"
        for r in b.rows
        if "name" not in r.values
    }
    refs |= {c["account"]: c["where"] for c in inputs.derived.cases if c["account"] not in refs}
    return unknown_accounts(session, refs, incoming)


def _write_derived(session, inputs: Inputs, today, tallies: dict[str, Tally]) -> set[int]:
    """Closed cases from churn events; signals of this source that its data no longer supports."""
    derived = inputs.derived
    if derived.cases:
        found = write_cases(session, derived.cases)
        total = tallies.setdefault("cases", Tally())
        total.created, total.updated = total.created + found.created, total.updated + found.updated
        total.unchanged += found.unchanged
    current = {(r.values["account"], r.values["date"], r.values["kind"]) for r in derived.signals}
    accounts = {r.values["account"] for r in derived.metrics} | {a for a, _, _ in current}
    resolved = resolve_stale_signals(session, inputs.source, derived.signal_kinds, accounts, current, today)
    if resolved:
        tallies.setdefault("signals", Tally()).updated += len(resolved)
    return resolved


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
