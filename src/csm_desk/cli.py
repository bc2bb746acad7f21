"""The command line. Bare ``csm-desk`` opens the TUI; subcommands print or change
data and never import textual (it costs ~150 ms and is not needed there)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from csm_desk import __version__
from csm_desk.context import Context, UsageError
from csm_desk.errors import CsmDeskError


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH_OR_URL", default=default,
                        help="database file or SQLAlchemy URL (default: $CSM_DESK_DB, then the user data folder)")
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="config file (default: $CSM_DESK_CONFIG, then config.toml in the user config folder)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", default=default,
                        help="the day to treat as today (default: $CSM_DESK_TODAY, then the clock)")
    parser.add_argument("--demo", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="use a demo book in the cache folder; never touches your database")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csm-desk",
        description="A keyboard-driven workspace for a Customer Success Manager's at-risk day.",
    )
    parser.add_argument("--version", action="version", version=f"csm-desk {__version__}")
    _common(parser, top=True)
    parser.add_argument("--owner", metavar="NAME", dest="top_owner",
                        help="show NAME's accounts and follow-ups (default: the config's app.me)")
    parser.add_argument("--team", action="store_true", dest="top_team",
                        help="start in team view: everybody's accounts")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("queue", help="print the at-risk queue in triage order")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--all", action="store_true", help="every account, not only the at-risk ones")
    p.add_argument("--owner", metavar="NAME", help="only accounts owned by NAME (default: the config's app.me)")
    p.add_argument("--team", action="store_true", help="everybody's accounts, whatever app.me says")
    p.set_defaults(handler=cmd_queue)

    p = sub.add_parser("demo", help="write a realistic demo book into the database")
    _common(p, top=False)
    p.add_argument("--accounts", type=int, default=60, metavar="N", help="how many accounts (default 60)")
    p.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help="import native, Salesforce, HubSpot or mapped CSV files in one transaction")
    _common(p, top=False)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kind", help="the kind of every file, when the header does not tell")
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument("--mapping", metavar="FILE",
                   help="a TOML mapping describing other tools' exports (see importing/presets/ravenstack.toml)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="export everything in the native format")
    _common(p, top=False)
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the files into")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("scripts", help="list the call scripts and check your own")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--lang", metavar="en|pt-BR", help="only scripts in this language")
    p.set_defaults(handler=cmd_scripts)

    p = sub.add_parser("plan", help="print an account's save plan as Markdown (or write it to a file)")
    _common(p, top=False)
    p.add_argument("account", metavar="ACCOUNT", help="the account's external id")
    p.add_argument("--out", metavar="FILE", help="write the Markdown to FILE (created 0600) instead of printing it")
    p.set_defaults(handler=cmd_plan)

    p = sub.add_parser("agenda", help="print overdue, today's and upcoming follow-ups")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--date", metavar="D", help="the day to show (today, tomorrow, fri, +3d, 2026-12-01)")
    p.add_argument("--days", type=int, metavar="N", help="how many days ahead 'upcoming' reaches (default: app.upcoming_days)")
    p.add_argument("--owner", metavar="NAME", help="only follow-ups owned by NAME")
    p.set_defaults(handler=cmd_agenda)

    p = sub.add_parser("ics", help="write open follow-ups as an iCalendar file")
    _common(p, top=False)
    p.add_argument("--out", required=True, metavar="FILE", help="the .ics file to write (created 0600)")
    p.add_argument("--days", type=int, metavar="N", help="how many days ahead (default 60); overdue ones always")
    p.set_defaults(handler=cmd_ics)

    p = sub.add_parser("backup", help="copy the SQLite database now (online backup, file created 0600)")
    _common(p, top=False)
    p.add_argument("--out", metavar="FILE", help="the new file to write (default: a stamped file in the backups folder)")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="replace the SQLite database with a checked backup, keeping the replaced one")
    _common(p, top=False)
    p.add_argument("file", metavar="FILE", help="a csm-desk database file (a backup)")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("report", help="print the at-risk dashboard: save rate, time to detect and engage, trend")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print JSON instead of panels")
    p.add_argument("--period", metavar="YYYY-MM", help="the month to report on (default: this month)")
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("config", help="print the effective configuration and where each value came from")
    _common(p, top=False)
    p.set_defaults(handler=cmd_config)
    return parser


def cmd_queue(ctx: Context, args: argparse.Namespace) -> int:
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
    from csm_desk.report import print_queue

    print_queue(entries, ctx.today, s)
    return 0


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.demo import write_demo_book

    if args.accounts < 1:
        raise UsageError(f"--accounts: expected a whole number ≥ 1, got {args.accounts}")
    store = ctx.open_store(refresh=False)
    summary = write_demo_book(store, ctx.today, ctx.settings, accounts=args.accounts, seed=args.seed)
    print(summary)
    return 0


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.importing.command import run_import

    return run_import(ctx, args)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.importing.export import run_export

    return run_export(ctx, args)


def cmd_scripts(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.scripts.command import run_scripts

    return run_scripts(ctx, args)


def cmd_plan(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.plan_export import run_plan

    return run_plan(ctx, args)


def cmd_agenda(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.agenda_cli import run_agenda

    return run_agenda(ctx, args)


def cmd_ics(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.agenda_cli import run_ics

    return run_ics(ctx, args)


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.backup_cli import run_backup

    return run_backup(ctx, args)


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.backup_cli import run_restore

    return run_restore(ctx, args)


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.dashboard_view import print_json, print_report
    from csm_desk.domain.measures import Month
    from csm_desk.store.reporting import load_report

    try:
        period = Month.parse(args.period) if args.period else Month.of(ctx.today)
    except ValueError as exc:
        raise UsageError(f"--period: {exc}") from None
    if period > Month.of(ctx.today):
        raise UsageError(f"--period: {period} is after today ({ctx.today.isoformat()})")
    store = ctx.open_store()
    with store.read() as session:
        report = load_report(session, ctx.today, period, ctx.settings.triage, ctx.settings.score)
    print_json(report) if args.json else print_report(report)
    return 0


def cmd_config(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.report import print_config

    print_config(ctx.settings)
    return 0


def run_tui(ctx: Context) -> int:
    from csm_desk.app import make_app

    store = ctx.open_store(refresh=False)  # the queue re-evaluates in a worker, after first paint
    app = make_app(ctx, store, pending_refresh=True)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx: Context | None = None
    try:
        ctx = Context.resolve(db=args.db, config=args.config, today=args.today, demo=args.demo,
                              owner=args.top_owner, team=args.top_team)
        handler = getattr(args, "handler", None)
        return handler(ctx, args) if handler else run_tui(ctx)
    except CsmDeskError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was written", 130)
    finally:
        if ctx is not None:
            ctx.close()


def _fail(message: str, code: int) -> int:
    print(f"csm-desk: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
