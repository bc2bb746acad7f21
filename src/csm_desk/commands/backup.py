"""``csm-desk backup`` and ``csm-desk restore``: the SQLite book, copied and put back safely."""

from __future__ import annotations

import argparse
from pathlib import Path

from csm_desk.context import Context
from csm_desk.errors import CommandError


def _sqlite_path(ctx: Context, verb: str) -> Path:
    from csm_desk.store.engine import resolve_url

    _url, path = resolve_url(ctx.db)
    if path is None:
        raise CommandError(f"{verb} works on SQLite files; back up a PostgreSQL book with pg_dump (see the README)", 2)
    return path


def run_backup(ctx: Context, args: argparse.Namespace) -> int:
    """Copy the book now (through migrations first, so the copy is a current schema)."""
    from csm_desk.store.backup import backup_to
    from csm_desk.store.engine import StoreError

    path = _sqlite_path(ctx, "backup")
    if not path.exists():
        raise StoreError(f"{path}: no database here to back up")
    ctx.open_store(refresh=False)
    out = Path(args.out).expanduser() if args.out else None
    made = backup_to(path, out, ctx.backups_folder(), ctx.clock)
    print(f"Backed up {path} to {made}")
    return 0


def run_restore(ctx: Context, args: argparse.Namespace) -> int:
    """Put a backup back, keeping the book it replaces."""
    from csm_desk.store.backup import check_backup, restore

    path = _sqlite_path(ctx, "restore")
    source = Path(args.file).expanduser()
    revision = check_backup(source)
    kept = restore(path, source, ctx.backups_folder(), ctx.clock)
    print(f"Restored {path} from {source} (schema {revision}).")
    if kept is not None:
        print(f"The replaced database was kept as {kept}")
    return 0
