"""The call's two header lines: who, which playbook and why, and how the call is going."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from csm_desk.domain.playbooks import label
from csm_desk.render.privacy import badge
from csm_desk.scripts.loader import Script
from csm_desk.store.calls import CallState


def why_suggested(because: Iterable[str]) -> Text:
    """What in the account's situation the suggested playbook answers (``Suggestion.because``)."""
    hits = [label(x) for x in because]
    if hits:
        return Text("suggested because: " + ", ".join(hits), style="dim")
    return Text("suggested: no playbook matches its flags, so a discovery conversation", style="dim")


def header_text(
    account_name: str, script: Script, suggested: str, why: Text, state: CallState, minutes: int, private: bool = False
) -> Text:
    """Account and playbook (with why, when it is the suggested one); language, step, time and captures;
    the second line starts with ``● PRIVATE`` in privacy mode."""
    head = Text()
    head.append("● CALL ", style="bold reverse red")
    head.append(f" {account_name}", style="bold")
    head.append(f"  ·  {script.title}")
    if script.id == suggested:
        head.append("  ")
        head.append_text(why)
    head.append("\n")
    head.append_text(badge(private))
    head.append(state.language, style="bold")
    head.append(f"  ·  step {state.step + 1}/{len(script.steps)}  ·  {minutes} min")
    head.append(f"  ·  {len(state.quotes)} quotes  ·  {len(state.commitments)} commitments", style="dim")
    return head
