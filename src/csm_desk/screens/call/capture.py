"""What the CSM captures during a call, as plain helpers: who is most likely speaking,
which words the cursor is on, and which placeholders only the call can fill."""

from __future__ import annotations

from collections.abc import Mapping

from textual.widgets import TextArea

from csm_desk.scripts.loader import Script, placeholders
from csm_desk.store.detail import AccountDetail

SPEAKER_ORDER = ("champion", "sponsor", "decision_maker", "user")


def default_speaker(detail: AccountDetail) -> int | None:
    """Who is most likely on the line: the active champion, else the next role down."""
    active = [c for c in detail.contacts if c.status == "active"]
    for role in SPEAKER_ORDER:
        for c in active:
            if c.role == role:
                return c.id
    return None


def current_words(notes: TextArea) -> str:
    """The selected text on one line, else the line the cursor is on."""
    if notes.selected_text.strip():
        return " ".join(notes.selected_text.split())
    row = notes.cursor_location[0]
    return notes.document.get_line(row).strip()


def unknown_blanks(script: Script, values: Mapping[str, str | None]) -> list[str]:
    """The script's placeholders the account cannot fill ({proposed_day} comes from a commitment)."""
    return sorted(n for n in placeholders(script) if n != "proposed_day" and not (values.get(n) or "").strip())
