"""``csm-desk import``: read and check every file, then write them all in one transaction.

Nothing is written unless every row of every file is valid: a half-imported book
is worse than none.
"""

from __future__ import annotations

import argparse
import sys

from csm_desk.context import Context, UsageError
from csm_desk.importing.native import ORDER, Problem, duplicate_problems, kind_named
from csm_desk.importing.reading import read_files
from csm_desk.importing.writing import Tally, missing_accounts, write_batches
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.types import utcnow

MAX_SHOWN = 200  # beyond this the rest is one summary line; the first errors tell the story


class _Rollback(Exception):
    """Leaves the write block so that the transaction is rolled back (errors, or a dry run)."""


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    """Check everything first; write only a fully valid import; say what changed."""
    forced = _forced_kind(args.kind)
    batches, problems = read_files(list(args.files), forced)
    problems += duplicate_problems(batches)
    store = ctx.open_store(refresh=False)
    tallies: dict[str, Tally] = {}
    try:
        with store.write() as session:
            problems += missing_accounts(session, batches)
            if problems:
                raise _Rollback
            tallies, touched = write_batches(session, batches, ctx.today, utcnow())
            if touched and not args.dry_run:  # the plan does not depend on it; save the time
                evaluate_accounts(session, sorted(touched), ctx.today, ctx.settings.red_flags)
            if args.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if problems:
        _print_problems(problems)
        return 1
    _print_report(tallies, len(args.files), dry_run=args.dry_run)
    return 0


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
