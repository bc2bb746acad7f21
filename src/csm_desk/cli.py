"""The command line. Bare ``csm-desk`` opens the TUI; subcommands print or change
data and never import textual (it costs ~150 ms and is not needed there)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from csm_desk import __version__
from csm_desk.config import ConfigError
from csm_desk.context import Context, UsageError


class CommandError(Exception):
    """A command that failed for a reason the user can fix; one line, its own exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("queue", help="print the at-risk queue in triage order")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--all", action="store_true", help="every account, not only the at-risk ones")
    p.add_argument("--owner", metavar="NAME", help="only accounts owned by NAME")
    p.set_defaults(handler=cmd_queue)

    p = sub.add_parser("demo", help="write a realistic demo book into the database")
    _common(p, top=False)
    p.add_argument("--accounts", type=int, default=60, metavar="N", help="how many accounts (default 60)")
    p.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help="import native CSV (or JSON export) files in one transaction")
    _common(p, top=False)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kind", help="the kind of every file, when the header does not tell")
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
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

    p = sub.add_parser("config", help="print the effective configuration and where each value came from")
    _common(p, top=False)
    p.set_defaults(handler=cmd_config)
    return parser


def cmd_queue(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.store.queries import queue_entries

    store = ctx.open_store()
    s = ctx.settings
    with store.read() as session:
        entries = queue_entries(session, ctx.today, s.triage, s.score, include_all=args.all, owner=args.owner)
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
        ctx = Context.resolve(db=args.db, config=args.config, today=args.today, demo=args.demo)
        handler = getattr(args, "handler", None)
        return handler(ctx, args) if handler else run_tui(ctx)
    except (ConfigError, UsageError) as exc:
        return _fail(str(exc), 2)
    except CommandError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was written", 130)
    except Exception as exc:
        from csm_desk.store.engine import StoreError

        if isinstance(exc, StoreError):
            return _fail(str(exc), exc.exit_code)
        raise
    finally:
        if ctx is not None:
            ctx.close()


def _fail(message: str, code: int) -> int:
    print(f"csm-desk: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
