"""``csm-desk scripts``'s table: every call script, its language, when it applies, whose it is."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from csm_desk.domain.playbooks import PRECEDENCE
from csm_desk.scripts.loader import DEFAULT_SCRIPT, Script

PRECEDENCE_NOTE = (
    "The suggested playbook is the one whose 'applies when' names an active red flag of the account, a champion "
    "who left, or no_login_30d (no login for 30+ days); when several do, the first of "
    f"{', '.join(PRECEDENCE)}, then the others by id; when none does (or the case is closed), {DEFAULT_SCRIPT}."
)


def print_scripts(scripts: list[Script], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="Call scripts", caption=PRECEDENCE_NOTE, caption_justify="left", header_style="bold")
    table.add_column("Id", no_wrap=True)
    table.add_column("Lang", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Applies when", no_wrap=True)
    table.add_column("Source", no_wrap=True)
    for s in scripts:
        default = "default discovery" if s.id == DEFAULT_SCRIPT else "chosen by hand"
        applies = "\n".join(s.applies_when) or f"— ({default})"
        table.add_row(
            Text(s.id),
            Text(s.language),
            Text(s.title),
            Text(applies),
            Text("user", style="yellow") if s.user else Text("shipped", style="dim"),
        )
    console.print(table)
