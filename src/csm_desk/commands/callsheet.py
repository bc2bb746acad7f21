"""``csm-desk callsheet ACCOUNT``: the account's call script, filled, as a Markdown prep sheet,
printed or written to a private file."""

from __future__ import annotations

import argparse
import sys

from csm_desk.context import Context
from csm_desk.domain.vocab import LANGUAGES
from csm_desk.errors import UsageError
from csm_desk.files import write_private


def run_callsheet(ctx: Context, args: argparse.Namespace) -> int:
    if args.lang is not None and args.lang not in LANGUAGES:
        raise UsageError(f"--lang: expected one of {', '.join(LANGUAGES)}, got {args.lang!r}")
    from csm_desk.render.callsheet import callsheet_markdown

    desk = ctx.desk(ctx.open_store(refresh=False))
    sheet = desk.call_sheet(args.account, script_id=args.script, language=args.lang)
    text = callsheet_markdown(sheet, desk.today, ctx.settings.triage)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    written = write_private(args.out, text)
    print(f"Call sheet for {sheet.detail.account.name} written to {written}")
    return 0
