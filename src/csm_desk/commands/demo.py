"""``csm-desk demo``: write a realistic demo book into the database."""

from __future__ import annotations

import argparse

from csm_desk.context import Context
from csm_desk.errors import UsageError

MAX_ACCOUNTS = 1_000_000
"""A team's whole book; beyond it a demo would run for hours."""


def run_demo(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.demo import write_demo_book

    if not 1 <= args.accounts <= MAX_ACCOUNTS:
        raise UsageError(f"--accounts: expected a whole number from 1 to {MAX_ACCOUNTS:,}, got {args.accounts}")
    store = ctx.open_store(refresh=False)
    summary = write_demo_book(
        store, ctx.today, ctx.settings, accounts=args.accounts, seed=args.seed, force=args.force or ctx.demo
    )
    print(summary)
    return 0
