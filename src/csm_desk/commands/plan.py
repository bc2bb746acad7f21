"""``csm-desk plan ACCOUNT``: a save plan as Markdown, printed or written to a private file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from csm_desk.context import Context
from csm_desk.domain.save_plan import to_markdown
from csm_desk.errors import CommandError


class ExportError(Exception):
    """The file cannot be written; the message says which and why."""


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` readable by its owner only (0600), replacing what was there."""
    path = path.expanduser()
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the file ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fd = -1
            fh.write(text)
    finally:
        if fd != -1:
            os.close(fd)
    return path


def run_plan(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.store.plans import load_plan_by_external_id

    store = ctx.open_store(refresh=False)
    with store.read() as session:
        record = load_plan_by_external_id(session, args.account)
    if record is None:
        raise CommandError(f"{args.account}: no account with that external id")
    if record.plan_id is None:
        raise CommandError(f"{args.account}: has no save plan yet (press p on the account to write one)")
    text = to_markdown(record.header, record.draft)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        written = write_private(Path(args.out), text)
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    print(f"Save plan for {record.header.name} written to {written}")
    return 0
