"""``csm-desk config``'s listing: every setting as TOML, with where it came from and what it does."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from csm_desk.config import Settings, describe, toml_value


def print_config(settings: Settings, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    where = settings.path or "no config file"
    console.print(Text(f"# effective configuration (file: {where})", style="dim"))
    section = None
    for name, key, value, source, doc in describe(settings):
        if name != section:
            console.print(Text(f"\n[{name}]", style="bold"))
            section = name
        line = Text(f"{key} = {toml_value(value)}")
        line.append(f"  # {source}: {doc}", style="dim")
        console.print(line)
    if settings.keys:
        console.print(Text("\n[keys]", style="bold"))
        for key, value in settings.keys.items():
            console.print(Text(f"{key} = {toml_value(value)}  # {settings.source('keys.' + key)}"))
