"""``csm-desk report``: the at-risk dashboard for a month, as panels or JSON."""

from __future__ import annotations

import argparse

from csm_desk.context import Context
from csm_desk.errors import UsageError


def run_report(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.domain.measures import Month
    from csm_desk.render.report import print_json, print_report

    try:
        period = Month.parse(args.period) if args.period else Month.of(ctx.today)
    except ValueError as exc:
        raise UsageError(f"--period: {exc}") from None
    if period > Month.of(ctx.today):
        raise UsageError(f"--period: {period} is after today ({ctx.today.isoformat()})")
    report = ctx.desk().report(period)
    print_json(report) if args.json else print_report(report)
    return 0
