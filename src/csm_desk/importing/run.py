"""One import, the same for ``csm-desk import`` and the import screen: read and check every file, then write
it all in one transaction (or, for a dry run, roll it back and keep only what it would have done).

The steps are separate functions so that the service layer can take its undo images between them, inside
the same transaction; ``plan_and_write`` runs them in order for the command and the preview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from csm_desk.config import Settings
from csm_desk.domain.health import HealthFormula
from csm_desk.importing.case_writes import resolve_stale_signals, unknown_accounts, write_cases
from csm_desk.importing.inputs import Inputs, read_inputs
from csm_desk.importing.mapping import Mapping
from csm_desk.importing.native import Problem, duplicate_problems
from csm_desk.importing.progress import Progress
from csm_desk.importing.reports import merge_repeats, resolve_names, same_name_problems
from csm_desk.importing.writing import Tally, is_restore, missing_accounts, write_batches
from csm_desk.store.bulk import existing_account_ids
from csm_desk.store.evaluate import evaluate_accounts, load_histories
from csm_desk.store.types import stamp
from csm_desk.store.undo import image_rows

UNDO_ROWS = 20_000
"""The most rows an import's undo step may hold (the stored rows of the accounts it names, plus the rows it
brings). Undo keeps two images of them in memory: a bigger import is backed up to a file instead."""


@dataclass(frozen=True)
class ImportRequest:
    """What to import: the files, and how to read them (``--kind``, ``--mapping``, ``--preset``)."""

    paths: tuple[str, ...]
    forced: str | None = None
    """every file is this native kind"""
    mapping: Mapping | None = None
    preset: Mapping | None = None
    locale: str | None = None
    """``--locale``: how every non-native file writes dates and numbers, over what its mapping says"""


@dataclass
class ImportOutcome:
    """What an import read, found wrong and wrote (or, in a dry run, would write)."""

    request: ImportRequest
    inputs: Inputs
    problems: list[Problem]
    """every problem of every file, as ``file:line: column: reason``; any one means nothing is written"""
    merged: int = 0
    """repeated rows of a report merged into the record before them"""
    shown: list[str] = field(default_factory=list)
    """``file:line`` of lines whose control characters are kept and shown as symbols"""
    tallies: dict[str, Tally] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)
    """the accounts created or changed"""
    lifecycle: int = 0
    """cadence and re-engagement follow-ups added or re-dated"""
    dry_run: bool = False
    written: bool = False
    """committed to the database"""
    size: int | None = None
    """about how many rows an undo step of this import would hold (None: not measured)"""
    undo_step: object | None = None
    """the undo step that takes the import back (``store.undo.UndoStep``), when it was recorded as one"""
    backup: Path | None = None
    """the copy of the book taken just before an import too big for undo"""

    @property
    def files(self) -> int:
        return len(self.request.paths)

    @property
    def undoable(self) -> bool:
        return self.undo_step is not None

    @property
    def fits_undo(self) -> bool:
        """Small enough for undo to hold (as measured by the preview or the write)."""
        return self.size is not None and self.size <= UNDO_ROWS


class Rollback(Exception):
    """Leaves the write block so that the transaction is rolled back (problems, or a dry run)."""


def read_import(request: ImportRequest, today: date, formula: HealthFormula, progress: Progress) -> ImportOutcome:
    """Every file read and checked on its own (no database yet): rows, the repeats of reports merged, and
    the problems a file shows by itself."""
    inputs = read_inputs(
        list(request.paths), request.forced, request.mapping, today, formula, progress, request.preset, request.locale
    )
    batches = inputs.batches
    merged = merge_repeats(batches)
    problems = inputs.problems + same_name_problems(batches) + duplicate_problems(batches)
    return ImportOutcome(request, inputs, problems, merged=merged, shown=progress.shown)


def add_offline_problems(outcome: ImportOutcome) -> None:
    """The problems that need a database, said as if it were empty (there is none yet)."""
    batches = outcome.inputs.batches
    outcome.problems += (
        resolve_names(None, batches, outcome.inputs.derived.cases)
        + missing_accounts(None, batches)
        + _unknown(None, outcome)
    )


def check(session, outcome: ImportOutcome) -> bool:
    """The problems only the book can show (references to accounts by name or id); True when none."""
    batches = outcome.inputs.batches
    outcome.problems += resolve_names(session, batches, outcome.inputs.derived.cases)
    outcome.problems += missing_accounts(session, batches) + _unknown(session, outcome)
    return not outcome.problems


def named_accounts(session, outcome: ImportOutcome) -> list[int]:
    """The stored accounts the import names (after ``check``): every account it can change is one of these,
    or one it creates."""
    inputs = outcome.inputs
    names = {r.values["external_id"] for b in inputs.batches if b.kind == "accounts" for r in b.rows}
    names |= {r.values["account"] for b in inputs.batches if b.kind != "accounts" for r in b.rows}
    names |= {c["account"] for c in inputs.derived.cases}
    return sorted(existing_account_ids(session, names).values())


def measure(session, outcome: ImportOutcome, named: list[int]) -> int:
    """About how many rows the import's undo images would hold: the stored rows of the accounts it names
    and the rows it brings."""
    incoming = sum(len(b.rows) for b in outcome.inputs.batches) + len(outcome.inputs.derived.cases)
    outcome.size = incoming + image_rows(session, named, UNDO_ROWS)
    return outcome.size


def write(session, outcome: ImportOutcome, today: date, settings: Settings) -> bool:
    """Write every checked row, then re-evaluate the accounts it touched and bring their lifecycle
    follow-ups up to date (not in a dry run: the plan does not depend on it). False, with the problems,
    when a row names a record that exists nowhere: the caller rolls back."""
    batches = outcome.inputs.batches
    tallies, touched, unresolved = write_batches(session, batches, today, stamp(session))
    if unresolved:
        outcome.problems += unresolved
        return False
    touched |= _write_derived(session, outcome.inputs, today, tallies)
    outcome.tallies, outcome.touched = tallies, touched
    if touched and not outcome.dry_run:
        ids = sorted(touched)
        histories = load_histories(session, ids, today)  # read once for every rule below
        evaluate_accounts(session, ids, today, settings.red_flags, histories)
        # A restored book keeps the follow-ups it had: none is added (or brought back) by the cadence.
        if not is_restore(batches):
            from csm_desk.store.lifecycle import sync_cadence, sync_reengagement

            rules = settings.cadence
            outcome.lifecycle = sync_cadence(session, ids, today, rules) + sync_reengagement(
                session, ids, today, rules, histories
            )
    return True


def plan_and_write(
    store, outcome: ImportOutcome, today: date, settings: Settings, *, dry_run: bool, sized: bool = False
) -> ImportOutcome:
    """Check and write the import in one transaction; commit it unless it is a dry run or has problems (the
    problems of the files are completed with those only the book shows, so all are said at once). ``sized``: also measure what an undo step of it would hold (for the preview)."""
    outcome.dry_run = dry_run
    try:
        with store.write() as session:
            if not check(session, outcome):
                raise Rollback
            if sized:
                measure(session, outcome, named_accounts(session, outcome))
            if not write(session, outcome, today, settings) or dry_run:
                raise Rollback
    except Rollback:
        return outcome
    outcome.written = True
    return outcome


def _unknown(session, outcome: ImportOutcome) -> list[Problem]:
    """Accounts that only activity names (subscriptions, churn events) must exist somewhere."""
    inputs = outcome.inputs
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


def _write_derived(session, inputs: Inputs, today: date, tallies: dict[str, Tally]) -> set[int]:
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
