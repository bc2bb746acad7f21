"""``csm-desk queue``: the at-risk queue in triage order, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from csm_desk.context import Context


def run_queue(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.store.queries import queue_entries

    store = ctx.open_store()
    s = ctx.settings
    with store.read() as session:
        owner = None if args.team and not args.owner else ctx.owner_for(args.owner)
        entries = queue_entries(session, ctx.today, s.triage, s.score, include_all=args.all, owner=owner)
    if args.json:
        payload = [e.as_dict(ctx.today, s.triage, s.score) for e in entries]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return 0
    from csm_desk.render.queue import print_queue

    print_queue(entries, ctx.today, s)
    return 0
