"""The service layer: the one object the screens and the commands talk to.

A :class:`Desk` holds the store (with the clock that stamps its writes), the
settings and whose book is shown.
It hands out read models (frozen dataclasses built in ``store/``) and takes every
change through :meth:`Desk.write`: one transaction, the touched accounts
re-evaluated in it, and an undo step recorded. Screens render and send; they never
open a session. Every method may block on the database: call it from a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.store.engine import Store
from csm_desk.store.undo import UndoStack, UndoStep

if TYPE_CHECKING:
    from sqlmodel import Session

    from csm_desk.domain.facts import TriageFacts
    from csm_desk.domain.measures import Month, Report
    from csm_desk.domain.playbooks import Suggestion
    from csm_desk.domain.records import AccountFields, ContactFields
    from csm_desk.domain.save_plan import PlanDraft
    from csm_desk.domain.transcript import Line
    from csm_desk.importing.progress import Progress
    from csm_desk.importing.run import ImportOutcome, ImportRequest
    from csm_desk.scripts.loader import Library, Script
    from csm_desk.store.agenda import Agenda
    from csm_desk.store.calls import CallState
    from csm_desk.store.changes import ChangeProbe
    from csm_desk.store.note_drafts import NoteDraftView
    from csm_desk.store.views import (
        AccountDetail,
        FollowUpView,
        NoteView,
        PlanRecord,
        QueueEntry,
        SignalView,
        TranscriptCall,
        TranscriptView,
    )

T = TypeVar("T")

FilledMove = tuple[str, list[tuple[str, bool]]]
"""A playbook move: when to make it, and its text as (segment, is an unfilled placeholder)."""


@dataclass(frozen=True)
class CallSheet:
    """One account's call script with its placeholders' values: what ``csm-desk callsheet`` prints."""

    detail: AccountDetail
    script: Script
    values: dict[str, str | None]
    suggested: str
    """The playbook suggested for the account (``script`` may be another, chosen with --script)."""


class Desk:
    """Reads and writes of one run of csm-desk (the TUI or a command)."""

    def __init__(self, store: Store, settings: Settings, *, owner: str | None = None, team: bool = False) -> None:
        self.store = store
        self.settings = settings
        self._owner = owner
        self.me = owner or settings.app.me or None
        """Whose book this is (--owner, else app.me); None when nobody is configured."""
        self.team_view = team or self.me is None
        """Everybody's accounts and follow-ups, instead of only ``me``'s."""
        self.undo = UndoStack()
        """Every change made through this desk, newest last (``u`` takes one back)."""
        self._library: Library | None = None
        self._tables: dict[str, dict[str, tuple[str, ...]]] = {}

    def use_settings(self, settings: Settings) -> None:
        """Go on with ``settings`` (the config file was just written, e.g. on first run). Whose book is
        shown follows a new ``app.me``, but a team view stays one until ``t`` switches it."""
        self.settings = settings
        self.me = self._owner or settings.app.me or None
        if self.me is None:
            self.team_view = True

    @property
    def clock(self) -> Clock:
        """The store's clock: the day the rules see is the day every write is stamped with."""
        return self.store.clock

    @property
    def today(self) -> date:
        return self.clock.today()

    @property
    def owner(self) -> str | None:
        """The owner the queue and agenda are scoped to; None means everybody's."""
        return None if self.team_view else self.me

    # -- reads -------------------------------------------------------------------
    def queue(self, *, whole_book: bool = False, owner: str | None = None) -> list[QueueEntry]:
        """The at-risk queue (or the whole book) in triage order, for ``owner`` (default: the scope)."""
        from csm_desk.store.queries import queue_entries

        s = self.settings
        with self.store.read() as session:
            return queue_entries(
                session,
                self.today,
                s.triage,
                s.score,
                include_all=whole_book,
                owner=owner if owner is not None else self.owner,
            )

    def account(self, account_id: int) -> AccountDetail | None:
        """Everything about one account as of today; None when it no longer exists."""
        from csm_desk.store.detail import load_detail

        s = self.settings
        with self.store.read() as session:
            return load_detail(session, account_id, self.today, s.triage, s.score)

    def account_by_external_id(self, external_id: str) -> AccountDetail | None:
        """The account whose external id (its CRM id, the import key) is ``external_id``, as of today."""
        from csm_desk.store.detail import account_id_for, load_detail

        s = self.settings
        with self.store.read() as session:
            account_id = account_id_for(session, external_id)
            if account_id is None:
                return None
            return load_detail(session, account_id, self.today, s.triage, s.score)

    def account_named(self, key: str) -> AccountDetail:
        """The account a command names: by external id, else by its exact name, else by its name without
        accents or case. Raises ``CommandError`` when none is, or when the name fits several."""
        from csm_desk.errors import CommandError
        from csm_desk.store.transcripts import accounts_named

        with self.store.read() as session:
            found = accounts_named(session, key)
        if not found:
            raise CommandError(f"{key}: no account with that external id or name")
        if len(found) > 1:
            ids = ", ".join(external_id for _, external_id, _ in found[:5])
            raise CommandError(f"{key}: {len(found)} accounts have that name ({ids}); name one by its external id")
        detail = self.account(found[0][0])
        if detail is None:
            raise CommandError(f"{key}: the account was deleted just now")
        return detail

    def transcript_calls(self, account_id: int) -> list[TranscriptCall]:
        """The account's calls and meetings that hold a transcript, newest first."""
        from csm_desk.store.transcripts import transcript_calls

        with self.store.read() as session:
            return transcript_calls(session, account_id, self.today)

    def transcript(self, account_id: int, interaction_id: int) -> TranscriptView | None:
        """A call's transcript line by line, with the lines already kept as quotes."""
        from csm_desk.store.transcripts import load_transcript

        with self.store.read() as session:
            return load_transcript(session, account_id, interaction_id)

    def active_signals(self, account_id: int) -> list[SignalView]:
        """The account's signals still open today, oldest first (what ``r`` can resolve)."""
        from csm_desk.store.detail import active_signals

        with self.store.read() as session:
            return active_signals(session, account_id, self.today)

    def agenda(self, *, day: date | None = None, days: int | None = None, owner: str | None = None) -> Agenda:
        """Overdue, today's and upcoming follow-ups, seen from ``day`` (default today)."""
        from csm_desk.store.agenda import load_agenda

        s = self.settings
        with self.store.read() as session:
            return load_agenda(
                session,
                day or self.today,
                s.app.upcoming_days if days is None else days,
                s.triage,
                s.score,
                s.cadence,
                owner=owner if owner is not None else self.owner,
            )

    def report(self, period: Month) -> Report:
        from csm_desk.store.reporting import load_report

        s = self.settings
        with self.store.read() as session:
            return load_report(session, self.today, period, s.triage, s.score)

    def plan(self, account_id: int) -> PlanRecord | None:
        from csm_desk.store.plans import load_plan

        with self.store.read() as session:
            return load_plan(session, account_id)

    def plan_by_external_id(self, external_id: str) -> PlanRecord | None:
        from csm_desk.store.plans import load_plan_by_external_id

        with self.store.read() as session:
            return load_plan_by_external_id(session, external_id)

    def calendar(self, days: int) -> tuple[str, list[tuple[FollowUpView, str]]]:
        """This book's calendar id, and its open follow-ups (with account names) up to ``days`` ahead."""
        from csm_desk.store.agenda import book_uid, open_followups

        with self.store.read() as session:
            book, rows = book_uid(session, create=False), open_followups(session, self.today, days)
        if book is None:
            with self.store.write() as session:  # the book's id is made on first use, once
                book = book_uid(session, create=True) or ""
        return book, rows

    def export_tables(self) -> dict[str, list[dict]]:
        """The whole book as native import records, kind by kind (what ``csm-desk export`` writes)."""
        from csm_desk.importing.export import book_tables

        with self.store.read() as session:
            return book_tables(session)

    def call_draft(self, account_id: int) -> CallState | None:
        """The account's call left unfinished (the app stopped before it ended), if any."""
        from csm_desk.store.calls import open_draft

        return open_draft(self.store, account_id)

    def change_probe(self) -> ChangeProbe:
        """A cheap "has anyone written since?" stamp for live refresh."""
        from csm_desk.store.changes import ChangeProbe

        return ChangeProbe(self.store)

    # -- the day's upkeep (run after first paint, in a worker) ------------------------
    def refresh_if_stale(self) -> int:
        """Re-evaluate every account not yet evaluated for today; how many were."""
        from csm_desk.store.evaluate import refresh_if_stale

        return refresh_if_stale(self.store, self.today, self.settings.red_flags)

    def daily_check(self) -> int:
        """Once a day: re-engagement nudges that time alone made due; how many were added."""
        from csm_desk.store.lifecycle import daily_check

        return daily_check(self.store, self.today, self.settings.cadence)

    # -- playbooks ---------------------------------------------------------------
    def script_library(self) -> Library:
        """The shipped scripts plus the user's own, loaded once (a bad user file is skipped, in ``errors``)."""
        if self._library is None:
            from csm_desk.scripts.loader import load_library, user_scripts_dir

            self._library = load_library(user_scripts_dir())
        return self._library

    def script_language(self, detail: AccountDetail) -> str:
        """The language of the account's scripts: the account's, else ``app.language``."""
        from csm_desk.domain.vocab import LANGUAGES

        language = detail.account.language
        return language if language in LANGUAGES else self.settings.app.language

    def suggestion(self, facts: TriageFacts, language: str) -> Suggestion:
        """The playbook an account's situation calls for, and the part of it the playbook answers: read
        from the script library's ``applies_when`` in ``language`` (DOMAIN §5; precedence: docs/rules.md)."""
        from csm_desk.domain.playbooks import situation, suggest

        table = self._tables.get(language)
        if table is None:
            table = self._tables[language] = self.script_library().table(language)
        champion_gone = facts.champion_left and not facts.has_active_champion
        return suggest(table, situation(facts.red_flags, champion_gone, facts.logins_30d), facts.stage)

    def entry_suggestion(self, entry: QueueEntry) -> Suggestion:
        """The suggestion for a queue row, in the language of the account's scripts."""
        from csm_desk.domain.vocab import LANGUAGES

        language = entry.language if entry.language in LANGUAGES else self.settings.app.language
        return self.suggestion(entry.facts, language)

    def account_suggestion(self, detail: AccountDetail) -> Suggestion:
        """The suggestion for an account, in the language of its scripts."""
        from csm_desk.domain.facts import TriageFacts

        a = detail.account
        facts = detail.entry.facts if detail.entry is not None else None
        if facts is None:  # the account was read without its queue row: its stored facts are enough
            flags = tuple(x for x in a.red_flags.split(",") if x)
            facts = TriageFacts(a.id, a.name, a.arr, red_flags=flags, stage=a.stage, logins_30d=a.logins_30d)
        return self.suggestion(facts, self.script_language(detail))

    def suggested_script(self, detail: AccountDetail) -> str:
        """The id of the playbook that fits the account (DOMAIN §5)."""
        return self.account_suggestion(detail).playbook

    def script_values(
        self, detail: AccountDetail, language: str, *, proposed_day: date | None = None
    ) -> dict[str, str | None]:
        """What the account fills a script's placeholders with (the call screen fills the same way)."""
        from csm_desk.scripts.values import script_values

        app = self.settings.app
        return script_values(
            detail, self.today, language, csm_name=app.me, product=app.product, proposed_day=proposed_day
        )

    def playbook_for(self, detail: AccountDetail | None) -> tuple[str | None, str | None, list[FilledMove]]:
        """Id, title and first moves of the account's suggested playbook, filled, in its language."""
        if detail is None or detail.entry is None:
            return None, None, []
        from csm_desk.scripts.loader import fill, when_label

        language = self.script_language(detail)
        pid = self.suggested_script(detail)
        script = self.script_library().get(pid, language)
        if script is None:
            return pid, None, []
        values = self.script_values(detail, language)
        moves: list[FilledMove] = [
            (when_label(m.when, language), list(fill(m.text, values))) for m in script.first_moves
        ]
        return pid, script.title, moves

    def call_sheet(self, external_id: str, *, script_id: str | None = None, language: str | None = None) -> CallSheet:
        """The account's script (``script_id``, else the suggested one), filled, in ``language`` (else the
        account's). Raises ``CommandError`` for an account or a script that does not exist."""
        from csm_desk.errors import CommandError, UsageError

        library = self.script_library()
        if script_id is not None and script_id not in library.ids():
            raise UsageError(f"--script: no script {script_id!r}; expected one of {', '.join(library.ids())}")
        detail = self.account_by_external_id(external_id)
        if detail is None:
            raise CommandError(f"{external_id}: no account with that external id")
        suggested = self.suggested_script(detail)
        language = language or self.script_language(detail)
        script = library.get(script_id or suggested, language)
        if script is None:
            raise CommandError(f"{external_id}: no script {script_id or suggested!r} could be loaded")
        return CallSheet(detail, script, self.script_values(detail, script.language), suggested)

    # -- the one write path --------------------------------------------------------
    def write(self, label: str, account_ids: Sequence[int], change: Callable[[Session], T]) -> T:
        """Run ``change`` in one transaction, re-evaluate ``account_ids`` in it, and record the
        undo step (``label`` names it: "stage change on Acme"). ``change`` may touch rows of
        those accounts only; it raises ``ActionError`` to refuse, and then nothing is written."""
        from csm_desk.store.evaluate import evaluate_accounts
        from csm_desk.store.undo import snapshot

        ids = tuple(account_ids)
        with self.store.write() as session:
            before = snapshot(session, ids)
            result = change(session)
            session.flush()
            evaluate_accounts(session, ids, self.today, self.settings.red_flags)
            after = snapshot(session, ids)
        if before != after:
            self.undo.push(UndoStep(label, ids, before, after))
        return result

    def create(self, label: str, change: Callable[[Session], int]) -> int:
        """Like ``write``, for a change that makes a new account: ``change`` returns its id, and undo
        removes the account and everything made with it."""
        from csm_desk.store.evaluate import evaluate_accounts
        from csm_desk.store.undo import empty_image, snapshot

        with self.store.write() as session:
            account_id = change(session)
            session.flush()
            evaluate_accounts(session, (account_id,), self.today, self.settings.red_flags)
            after = snapshot(session, (account_id,))
        self.undo.push(UndoStep(label, (account_id,), empty_image(), after))
        return account_id

    # -- imports: one transaction, undone with ``u`` (or, too big for that, backed up first) ----------
    def preview_import(self, request: ImportRequest, progress: Progress) -> ImportOutcome:
        """The import's dry run: every file read and checked, and written in a transaction that is rolled
        back; what it would create, update and leave, and how big its undo step would be."""
        from csm_desk.importing.run import plan_and_write, read_import

        outcome = read_import(request, self.today, self.settings.health, progress)
        return plan_and_write(self.store, outcome, self.today, self.settings, dry_run=True, sized=True)

    def import_files(self, request: ImportRequest, progress: Progress, *, backups: Path) -> ImportOutcome:
        """The import in one transaction, the accounts it touches re-evaluated in it. Nothing is written when
        any row has a problem (``outcome.problems``). An import that fits ``UNDO_ROWS`` is an undo step like
        any change; a bigger one is preceded by a copy of the book in ``backups`` (SQLite), taken inside the
        transaction so that it holds exactly the book the import starts from."""
        from csm_desk.importing.run import Rollback, check, measure, named_accounts, read_import, write
        from csm_desk.store.undo import snapshot

        outcome = read_import(request, self.today, self.settings.health, progress)
        before = after = None
        ids: tuple[int, ...] = ()
        try:
            with self.store.write() as session:
                if not check(session, outcome):
                    raise Rollback
                named = named_accounts(session, outcome)
                measure(session, outcome, named)
                if outcome.fits_undo:
                    before = snapshot(session, named)
                elif self.store.path is not None:
                    outcome.backup = self._copy_book(backups, "before-import")
                if not write(session, outcome, self.today, self.settings):
                    raise Rollback
                if before is not None:
                    ids = tuple(sorted(set(named) | outcome.touched))
                    after = snapshot(session, ids)  # the new accounts had no rows before: undo removes them
        except Rollback:
            return outcome
        outcome.written = True
        if before is not None and after is not None and before != after:
            outcome.undo_step = UndoStep(_import_label(request.paths), ids, before, after)
            self.undo.push(outcome.undo_step)
        return outcome

    def _copy_book(self, folder: Path, label: str) -> Path:
        from csm_desk.store.backup import backup_to

        assert self.store.path is not None
        return backup_to(self.store.path, None, folder, self.clock, label)

    def undo_last(self) -> UndoStep:
        """Take back the newest change exactly; ``UndoError`` says why when it cannot be."""
        return self.undo.undo(self.store)

    # -- changes, each through ``write`` -----------------------------------------------
    def set_stage(
        self, account_id: int, stage: str, *, reason: str = "", note: str = "", close_followups: bool = False
    ) -> None:
        """Move the account along the pipeline; ``close_followups`` closes its open follow-ups with
        a case closed as churned or let go."""
        from csm_desk.store import actions

        self.write(
            f"stage change on {self._name(account_id)}",
            [account_id],
            lambda s: actions.set_stage(
                s, account_id, stage, self.today, reason=reason, note=note, close_followups=close_followups
            ),
        )

    def open_followup_count(self, account_id: int) -> int:
        """How many follow-ups of the account are open (what closing a case asks about)."""
        from csm_desk.store.queries import open_followup_count

        with self.store.read() as session:
            return open_followup_count(session, account_id)

    # -- the book's records, created and corrected by hand ----------------------------------
    def create_account(self, fields: AccountFields) -> int:
        from csm_desk.store import records

        return self.create(
            f"new account {fields.name.strip()}",
            lambda s: records.create_account(s, fields, self.today, self.settings.cadence),
        )

    def update_account(self, account_id: int, fields: AccountFields) -> None:
        from csm_desk.store import records

        self.write(
            f"edit of {self._name(account_id)}",
            [account_id],
            lambda s: records.update_account(s, account_id, fields, self.today, self.settings.cadence),
        )

    def add_contact(self, account_id: int, fields: ContactFields) -> int:
        from csm_desk.store import records

        return self.write(
            f"new contact on {self._name(account_id)}",
            [account_id],
            lambda s: records.add_contact(s, account_id, fields),
        )

    def update_contact(
        self, account_id: int, contact_id: int, fields: ContactFields, *, successor: int | ContactFields | None = None
    ) -> int | None:
        from csm_desk.store import records

        return self.write(
            f"contact edit on {self._name(account_id)}",
            [account_id],
            lambda s: records.update_contact(s, account_id, contact_id, fields, successor=successor),
        )

    def delete_contact(self, account_id: int, contact_id: int) -> None:
        from csm_desk.store import records

        self.write(
            f"deleted contact on {self._name(account_id)}",
            [account_id],
            lambda s: records.delete_contact(s, account_id, contact_id),
        )

    def update_followup(
        self,
        account_id: int,
        followup_id: int,
        *,
        title: str,
        due: date,
        due_time: time | None,
        channel: str,
        owner: str,
    ) -> None:
        from csm_desk.store import records

        self.write(
            f"follow-up edit on {self._name(account_id)}",
            [account_id],
            lambda s: records.update_followup(
                s, account_id, followup_id, title=title, due=due, due_time=due_time, channel=channel, owner=owner
            ),
        )

    def note(self, account_id: int, interaction_id: int) -> NoteView | None:
        """One note or call as stored, with its quotes and their speakers (what the edit form shows)."""
        from csm_desk.store.queries import load_note

        with self.store.read() as session:
            return load_note(session, account_id, interaction_id)

    def update_note(
        self,
        account_id: int,
        interaction_id: int,
        *,
        channel: str,
        summary: str,
        quotes: Sequence[str],
        speakers: Sequence[int | None] = (),
        at: datetime,
        duration_min: int | None,
    ) -> None:
        from csm_desk.store import records

        self.write(
            f"note edit on {self._name(account_id)}",
            [account_id],
            lambda s: records.update_note(
                s,
                account_id,
                interaction_id,
                channel=channel,
                summary=summary,
                quotes=quotes,
                speakers=speakers,
                at=at,
                duration_min=duration_min,
            ),
        )

    def delete_note(self, account_id: int, interaction_id: int) -> None:
        from csm_desk.store import records

        self.write(
            f"deleted note on {self._name(account_id)}",
            [account_id],
            lambda s: records.delete_note(s, account_id, interaction_id),
        )

    def update_signal(
        self, account_id: int, signal_id: int, *, kind: str, day: date, quote: str, resolved_on: date | None
    ) -> None:
        from csm_desk.store import records

        self.write(
            f"signal edit on {self._name(account_id)}",
            [account_id],
            lambda s: records.update_signal(
                s, account_id, signal_id, self.today, kind=kind, day=day, quote=quote, resolved_on=resolved_on
            ),
        )

    def reopen_signal(self, account_id: int, signal_id: int) -> None:
        from csm_desk.store import records

        self.write(
            f"reopened signal on {self._name(account_id)}",
            [account_id],
            lambda s: records.reopen_signal(s, account_id, signal_id, self.today),
        )

    def delete_signal(self, account_id: int, signal_id: int) -> None:
        from csm_desk.store import records

        self.write(
            f"deleted signal on {self._name(account_id)}",
            [account_id],
            lambda s: records.delete_signal(s, account_id, signal_id),
        )

    def add_note(
        self,
        account_id: int,
        *,
        channel: str,
        summary: str,
        quotes: Sequence[str] = (),
        at: datetime | None = None,
        duration_min: int | None = None,
        speakers: Sequence[int | None] = (),
    ) -> int:
        from csm_desk.store import actions, note_drafts

        def change(s: Session) -> int:
            note = actions.add_note(
                s,
                account_id,
                channel=channel,
                summary=summary,
                quotes=quotes,
                at=at,
                duration_min=duration_min,
                speakers=speakers,
            )
            note_drafts.remove(s, account_id)  # the typed note is stored: its draft goes with it
            return note

        return self.write(f"note on {self._name(account_id)}", [account_id], change)

    def check_transcript(self, account_id: int, *, at: datetime, channel: str) -> None:
        """What ``attach_transcript`` would refuse, said without writing (``--dry-run``)."""
        from csm_desk.store import transcripts

        with self.store.read() as session:
            transcripts.check_free(session, account_id, at, channel)

    def attach_transcript(
        self, account_id: int, lines: Sequence[Line], *, at: datetime, channel: str, duration_min: int | None
    ) -> int:
        """A call or meeting on the timeline holding the transcript ``lines``; its interaction id."""
        from csm_desk.store import transcripts

        return self.write(
            f"transcript on {self._name(account_id)}",
            [account_id],
            lambda s: transcripts.attach(s, account_id, lines, at=at, channel=channel, duration_min=duration_min),
        )

    def keep_quotes(self, account_id: int, interaction_id: int, lines: Sequence[Line]) -> int:
        """Keep transcript lines of a call as its verbatim quotes (who said it, when); how many were new."""
        from csm_desk.store import transcripts

        return self.write(
            f"quotes from a transcript on {self._name(account_id)}",
            [account_id],
            lambda s: transcripts.keep_quotes(s, account_id, interaction_id, lines),
        )

    def log_signal(self, account_id: int, *, kind: str, day: date, quote: str = "") -> int:
        from csm_desk.store import actions

        return self.write(
            f"signal on {self._name(account_id)}",
            [account_id],
            lambda s: actions.log_signal(s, account_id, self.today, kind=kind, day=day, quote=quote),
        )

    def resolve_signal(self, account_id: int, signal_id: int, *, day: date | None = None) -> None:
        from csm_desk.store import actions

        self.write(
            f"resolved signal on {self._name(account_id)}",
            [account_id],
            lambda s: actions.resolve_signal(s, account_id, signal_id, self.today, day=day),
        )

    def add_followup(
        self,
        account_id: int,
        *,
        due: date,
        title: str,
        channel: str = "email",
        owner: str = "",
        due_time: time | None = None,
    ) -> int:
        from csm_desk.store import actions

        return self.write(
            f"follow-up for {self._name(account_id)}",
            [account_id],
            lambda s: actions.add_followup(
                s, account_id, due=due, title=title, channel=channel, owner=owner, due_time=due_time
            ),
        )

    def complete_followup(
        self, account_id: int, followup_id: int, label: str, *, outcome: str = "", skipped: bool = False
    ) -> None:
        from csm_desk.store import followups

        self.write(
            label,
            [account_id],
            lambda s: followups.complete(s, account_id, followup_id, outcome=outcome, skipped=skipped),
        )

    def snooze_followup(self, account_id: int, followup_id: int, label: str, *, until: date) -> None:
        from csm_desk.store import followups

        self.write(label, [account_id], lambda s: followups.snooze(s, account_id, followup_id, self.today, until=until))

    def reschedule_followup(
        self, account_id: int, followup_id: int, label: str, *, due: date, due_time: time | None
    ) -> None:
        from csm_desk.store import followups

        self.write(
            label, [account_id], lambda s: followups.reschedule(s, account_id, followup_id, due=due, due_time=due_time)
        )

    def delete_followup(self, account_id: int, followup_id: int, label: str) -> None:
        from csm_desk.store import followups

        self.write(label, [account_id], lambda s: followups.remove(s, account_id, followup_id))

    def save_plan(self, account_id: int, draft: PlanDraft, *, plan_id: int | None = None) -> int:
        """Create or update the save plan; an account still identified or engaged moves to save_plan."""
        from csm_desk.store import plans

        plans.check(draft)
        return self.write(
            f"save plan for {self._name(account_id)}",
            [account_id],
            lambda s: plans.save_plan(s, account_id, draft, self.today, plan_id=plan_id),
        )

    def end_call(
        self,
        state: CallState,
        *,
        summary: str,
        outcome: str,
        at: datetime | None = None,
        ended_at: datetime | None = None,
    ) -> int:
        """The call's interaction, quotes and commitments, the first call's move to engaged, the draft closed."""
        from csm_desk.store import calls

        return self.write(
            f"call with {self._name(state.account_id)}",
            [state.account_id],
            lambda s: calls.end_call(s, state, self.today, summary=summary, outcome=outcome, at=at, ended_at=ended_at),
        )

    def save_draft(self, state: CallState) -> int:
        """Autosave of the call being typed: not an undo step (ending or discarding the call is)."""
        from csm_desk.store import calls

        return calls.save_draft(self.store, state)

    def note_draft(self, account_id: int) -> NoteDraftView | None:
        """The quick note left typed on this account (the app stopped before it was saved)."""
        from csm_desk.store import note_drafts

        return note_drafts.load(self.store, account_id)

    def save_note_draft(self, account_id: int, *, channel: str, summary: str, quotes: str) -> None:
        """Autosave of the quick note being typed: not an undo step (saving the note is)."""
        from csm_desk.store import note_drafts

        note_drafts.save(self.store, account_id, channel, summary, quotes)

    def discard_note_draft(self, account_id: int) -> None:
        from csm_desk.store import note_drafts

        note_drafts.discard(self.store, account_id)

    def discard_draft(self, account_id: int, draft_id: int) -> None:
        from csm_desk.store import calls

        self.write(
            f"discarded call draft on {self._name(account_id)}",
            [account_id],
            lambda s: calls.discard_draft(s, account_id, draft_id),
        )

    def _name(self, account_id: int) -> str:
        from csm_desk.store.detail import account_name

        with self.store.read() as session:
            return account_name(session, account_id)


def _import_label(paths: Sequence[str]) -> str:
    """The undo step's name: the file imported, or how many."""
    return f"import of {Path(paths[0]).name}" if len(paths) == 1 else f"import of {len(paths)} files"
