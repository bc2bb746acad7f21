"""``csm-desk transcript ACCOUNT FILE``: a meeting transcript (WebVTT, SRT, plain ``Speaker: text``)
attached as a call or meeting on the account's timeline, with its speakers and times.

The file is read and checked before the database is opened: a file that cannot be read writes
nothing. The call is one write through the desk; its lines are picked as quotes in the TUI."""

from __future__ import annotations

import argparse
from datetime import datetime

from csm_desk.context import Context
from csm_desk.domain.transcript import Transcript, clock, format_line, speaker_contact
from csm_desk.errors import CommandError, UsageError
from csm_desk.importing.transcript import TranscriptFile, TranscriptFileError, read_transcript_file, where
from csm_desk.store.views import AccountDetail

SHOWN = 5
"""Lines of the transcript a dry run prints."""


def run_transcript(ctx: Context, args: argparse.Namespace) -> int:
    given = _when(args.when) if args.when is not None else None
    file = read_transcript_file(args.file)
    desk = ctx.desk(ctx.open_store(refresh=False))
    detail = desk.account_named(args.account)
    at, source = _start(file, given, desk.clock.now())
    if at > desk.clock.now():
        raise CommandError(
            f"{_local(at)} ({source}) is later than now: a transcript is of a call that happened; give its start with --when"
        )
    t = file.transcript
    if args.dry_run:
        desk.check_transcript(detail.account.id, at=at, channel=args.channel)
        print(f"Dry run: nothing was written. {args.file} would become, on {_name(detail)}:")
    else:
        desk.attach_transcript(detail.account.id, t.lines, at=at, channel=args.channel, duration_min=t.duration_min)
        print(f"Attached {args.file} to {_name(detail)}:")
    _report(file, detail, args.channel, at, source)
    if args.dry_run:
        print("  first lines as they will be stored:")
        for line in t.lines[:SHOWN]:
            print(f"    {format_line(line)}")
    else:
        print("  To keep lines as quotes: open the account in csm-desk and press t.")
    return 0


def _when(text: str) -> datetime:
    """``--when``: an ISO date and time (naive means the machine's local time)."""
    try:
        if len(text.strip()) <= 10:
            raise ValueError
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--when: expected a date and time as YYYY-MM-DDTHH:MM (optional offset), got {text!r}"
        ) from None
    return value if value.tzinfo is not None else value.astimezone()


def _start(file: TranscriptFile, given: datetime | None, now: datetime) -> tuple[datetime, str]:
    """When the call started, and where that came from: --when, else the file, else now."""
    if given is not None:
        return given, "--when"
    t = file.transcript
    if t.start_problem is not None:
        raise TranscriptFileError(where(file.path, t.start_problem) + "; give the start with --when")
    if t.start is not None:
        at = t.start.at if t.start.at.tzinfo is not None else t.start.at.astimezone()
        return at, f"from {t.start.source}"
    return now, "now: the file does not say when"


def _local(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def _name(detail: AccountDetail) -> str:
    return f"{detail.account.name} ({detail.account.external_id})"


def _report(file: TranscriptFile, detail: AccountDetail, channel: str, at: datetime, source: str) -> None:
    t: Transcript = file.transcript
    minutes = f", {t.duration_min} min" if t.duration_min else ""
    print(f"  a {channel} at {_local(at)} ({source}){minutes}")
    last = max((line.at for line in t.lines if line.at is not None), default=None)
    times = f", the last at {clock(last)}" if last is not None else ", without times"
    print(f"  read as {t.form} ({file.encoding}): {len(t.lines)} lines{times}")
    contacts = [(c.id, c.name, c.status) for c in detail.contacts]
    names = {c.id: c.name for c in detail.contacts}
    for speaker in t.speakers:
        count = sum(1 for line in t.lines if line.speaker == speaker)
        match = speaker_contact(speaker, contacts)
        who = f"the contact {names[match]}" if match is not None else "not a contact of the account"
        print(f"    {speaker}: {count} line{'s' if count != 1 else ''}, {who}")
    unnamed = sum(1 for line in t.lines if not line.speaker)
    if unnamed:
        print(f"    (nobody named): {unnamed} line{'s' if unnamed != 1 else ''}")
