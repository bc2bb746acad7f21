"""``csm-desk plan ACCOUNT``: a save plan as Markdown, printed or written to a private file."""

from __future__ import annotations

import argparse
import sys

from csm_desk.context import Context
from csm_desk.domain.save_plan import to_markdown
from csm_desk.errors import CommandError
from csm_desk.files import write_private


def run_plan(ctx: Context, args: argparse.Namespace) -> int:
    record = ctx.desk(ctx.open_store(refresh=False)).plan_by_external_id(args.account)
    if record is None:
        raise CommandError(f"{args.account}: no account with that external id")
    if record.plan_id is None:
        raise CommandError(f"{args.account}: has no save plan yet (press p on the account to write one)")
    text = to_markdown(record.header, record.draft)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    written = write_private(args.out, text)
    print(f"Save plan for {record.header.name} written to {written}")
    return 0
