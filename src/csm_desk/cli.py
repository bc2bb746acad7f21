"""The command line: parses the arguments and dispatches. Bare ``csm-desk`` opens the TUI;
a subcommand runs its module in ``commands/``, which never imports textual (~150 ms)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from csm_desk import __version__
from csm_desk.context import Context
from csm_desk.errors import CsmDeskError


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="database file or SQLAlchemy URL (default: $CSM_DESK_DB, then the user data folder)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help="config file (default: $CSM_DESK_CONFIG, then config.toml in the user config folder)",
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        default=default,
        help="the day to treat as today (default: $CSM_DESK_TODAY, then the clock)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="use a demo book in the cache folder; never touches your database",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csm-desk",
        description="A keyboard-driven workspace for a Customer Success Manager's at-risk day.",
    )
    parser.add_argument("--version", action="version", version=f"csm-desk {__version__}")
    _common(parser, top=True)
    parser.add_argument(
        "--owner",
        metavar="NAME",
        dest="top_owner",
        help="show NAME's accounts and follow-ups (default: the config's app.me)",
    )
    parser.add_argument("--team", action="store_true", dest="top_team", help="start in team view: everybody's accounts")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_book_commands(sub)
    _add_next_step_commands(sub)
    _add_upkeep_commands(sub)
    return parser


def _command(sub, name: str, help: str, module: str | None = None) -> argparse.ArgumentParser:
    """A subcommand run by ``run_<name>`` of ``csm_desk.commands.<module>`` (default: its name)."""
    p = sub.add_parser(name, help=help)
    _common(p, top=False)
    p.set_defaults(command_module=module or name)
    return p


def _add_book_commands(sub) -> None:
    """What is in the book: the queue, a demo book, import and export, the call scripts."""
    p = _command(sub, "queue", "print the at-risk queue in triage order")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--all", action="store_true", help="every account, not only the at-risk ones")
    p.add_argument("--owner", metavar="NAME", help="only accounts owned by NAME (default: the config's app.me)")
    p.add_argument("--team", action="store_true", help="everybody's accounts, whatever app.me says")

    p = _command(sub, "demo", "write a realistic demo book into the database")
    p.add_argument("--accounts", type=int, default=60, metavar="N", help="how many accounts (default 60)")
    p.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    p.add_argument(
        "--force",
        action="store_true",
        help="write the demo accounts even into a database that holds accounts of its own",
    )

    # "import" is a keyword: its module is import_.
    p = _command(
        sub,
        "import",
        "import native files, or other tools' exports through a preset or a mapping, in one transaction",
        module="import_",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kind", help="the kind of every file, when the header does not tell")
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help="a TOML mapping describing other tools' exports (see importing/presets/ravenstack.toml)",
    )
    p.add_argument(
        "--preset",
        metavar="NAME",
        help="read every file that is not native with this preset (salesforce, hubspot, pipedrive, rdstation, "
        "zendesk, freshdesk, movidesk, stripe, asaas) instead of "
        "the one its header fits",
    )
    p.add_argument(
        "--locale",
        choices=("pt-BR", "en-US", "en-GB"),
        help="how the exports write dates and numbers (pt-BR: 15/03/2024 and 1.234,56), over what the preset "
        "or mapping says; native files are always ISO dates and 1234.56",
    )

    p = _command(sub, "export", "export everything in the native format")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the files into")

    p = _command(sub, "scripts", "list the call scripts and check your own")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--lang", metavar="en|pt-BR", help="only scripts in this language")


def _add_next_step_commands(sub) -> None:
    """What to do next: an account's save plan, the day's follow-ups, the calendar."""
    p = _command(sub, "plan", "print an account's save plan as Markdown (or write it to a file)")
    p.add_argument("account", metavar="ACCOUNT", help="the account's external id")
    p.add_argument("--out", metavar="FILE", help="write the Markdown to FILE (created 0600) instead of printing it")

    p = _command(sub, "callsheet", "print an account's call script, filled, as a Markdown prep sheet")
    p.add_argument("account", metavar="ACCOUNT", help="the account's external id")
    p.add_argument("--script", metavar="ID", help="the script to use (default: the one suggested for the account)")
    p.add_argument("--lang", metavar="en|pt-BR", help="the script's language (default: the account's)")
    p.add_argument("--out", metavar="FILE", help="write the Markdown to FILE (created 0600) instead of printing it")

    p = _command(sub, "transcript", "attach a meeting transcript (WebVTT, SRT, plain) as a call on an account")
    p.add_argument("account", metavar="ACCOUNT", help="the account's external id, or its name")
    p.add_argument("file", metavar="FILE", help="the transcript: .vtt (Zoom, Teams), .srt, or Speaker: text lines")
    p.add_argument(
        "--when",
        metavar="ISO",
        help="when the call started, YYYY-MM-DDTHH:MM (default: what the file says, else now)",
    )
    p.add_argument("--channel", choices=("call", "meeting"), default="call", help="what it was (default: call)")
    p.add_argument("--dry-run", action="store_true", help="show what would be attached, write nothing")

    p = _command(sub, "agenda", "print overdue, today's and upcoming follow-ups")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--date", metavar="D", help="the day to show (today, tomorrow, fri, +3d, 2026-12-01)")
    p.add_argument(
        "--days", type=int, metavar="N", help="how many days ahead 'upcoming' reaches (default: app.upcoming_days)"
    )
    p.add_argument("--owner", metavar="NAME", help="only follow-ups owned by NAME")

    p = _command(sub, "ics", "write open follow-ups as an iCalendar file")
    p.add_argument("--out", required=True, metavar="FILE", help="the .ics file to write (created 0600)")
    p.add_argument("--days", type=int, metavar="N", help="how many days ahead (default 60); overdue ones always")


def _add_upkeep_commands(sub) -> None:
    """Looking after the book and looking back on it: backups, the report, the configuration."""
    p = _command(sub, "backup", "copy the SQLite database now (online backup, file created 0600)")
    p.add_argument(
        "--out", metavar="FILE", help="the new file to write (default: a stamped file in the backups folder)"
    )

    p = _command(
        sub, "restore", "replace the SQLite database with a checked backup, keeping the replaced one", module="backup"
    )
    p.add_argument("file", metavar="FILE", help="a csm-desk database file (a backup)")

    p = _command(sub, "report", "print the at-risk dashboard: save rate, time to detect and engage, trend")
    p.add_argument("--json", action="store_true", help="print JSON instead of panels")
    p.add_argument("--period", metavar="YYYY-MM", help="the month to report on (default: this month)")

    _command(sub, "config", "print the effective configuration and where each value came from")


def run_command(ctx: Context, args: argparse.Namespace) -> int:
    """Run the subcommand; its module is imported only now, so start-up stays light."""
    module = importlib.import_module(f"csm_desk.commands.{args.command_module}")
    return getattr(module, f"run_{args.command}")(ctx, args)


def run_tui(ctx: Context) -> int:
    from csm_desk.app import make_app

    store = ctx.open_store(refresh=False)  # the queue re-evaluates in a worker, after first paint
    app = make_app(ctx, store, pending_refresh=True, first_run=ctx.first_run_config())
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx: Context | None = None
    try:
        ctx = Context.resolve(
            db=args.db, config=args.config, today=args.today, demo=args.demo, owner=args.top_owner, team=args.top_team
        )
        return run_tui(ctx) if args.command is None else run_command(ctx, args)
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
