"""``csm-desk scripts``: list the call scripts and check the user's own script files."""

from __future__ import annotations

import argparse
import json
import sys

from csm_desk.context import Context
from csm_desk.domain.vocab import LANGUAGES
from csm_desk.errors import UsageError
from csm_desk.scripts.loader import Library, Script, load_library, user_scripts_dir


def script_row(script: Script) -> dict[str, object]:
    """What ``--json`` prints for one script."""
    return {
        "id": script.id,
        "language": script.language,
        "title": script.title,
        "summary": script.summary,
        "applies_when": list(script.applies_when),
        "steps": len(script.steps),
        "templates": [t.id for t in script.templates],
        "user": script.user,
        "file": script.source,
    }


def run_scripts(ctx: Context, args: argparse.Namespace) -> int:
    """List scripts (table or JSON); report invalid user scripts on stderr and return 1."""
    lang = getattr(args, "lang", None)
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    library: Library = load_library(user_scripts_dir())
    scripts = library.all(lang)
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps([script_row(s) for s in scripts], indent=2, ensure_ascii=False) + "\n")
    else:
        from csm_desk.render.scripts import print_scripts  # rich costs ~30 ms to import; only the table needs it

        print_scripts(scripts)
    for error in library.errors:
        print(f"csm-desk: {error}", file=sys.stderr)
    return 1 if library.errors else 0
