"""``csm-desk queue``: the at-risk queue in triage order, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from csm_desk.context import Context


def run_queue(ctx: Context, args: argparse.Namespace) -> int:
    s = ctx.settings
    desk = ctx.desk()
    if args.owner:
        entries = desk.queue(whole_book=args.all, owner=args.owner)
    else:
        desk.team_view = desk.team_view or args.team
        entries = desk.queue(whole_book=args.all)
    if args.json:
        payload = [e.as_dict(ctx.today, s.triage, s.score, desk.entry_suggestion(e).playbook) for e in entries]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return 0
    from csm_desk.render.queue import print_queue

    print_queue(entries, ctx.today, s)
    return 0
