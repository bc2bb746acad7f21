"""``csm-desk export``: everything in the native format, as CSV files or one JSON file."""

from __future__ import annotations

import argparse
from pathlib import Path

from csm_desk.context import Context
from csm_desk.errors import CommandError
from csm_desk.files import write_private
from csm_desk.importing.export import JSON_NAME, csv_text, json_text
from csm_desk.importing.native import ORDER


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    """Write the book into ``--out`` and say what was written."""
    out = Path(args.out).expanduser()
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out: {out} is a file, not a folder", 2)
    tables = ctx.desk().export_tables()
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        if args.format == "json":
            written = [write_private(out / JSON_NAME, json_text(tables))]
        else:
            written = [write_private(out / f"{kind}.csv", csv_text(kind, tables[kind])) for kind in ORDER]
    except OSError as exc:
        raise CommandError(f"{exc.filename or out}: cannot write the export ({exc.strerror})") from None
    counts = ", ".join(f"{len(tables[k])} {k.replace('_', ' ')}" for k in ORDER)
    print(f"Exported {counts} to {len(written)} {'file' if len(written) == 1 else 'files'} in {out}")
    return 0
