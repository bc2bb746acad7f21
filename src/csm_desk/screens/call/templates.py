"""The playbook's message templates, filled from the account: pick, edit, copy, or
hand to ``$EDITOR``. Also the one helper that runs the user's editor on some text."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from csm_desk.render.privacy import masked_values
from csm_desk.scripts.loader import Script, Template, fill_text
from csm_desk.widgets.privacy import FollowsPrivacy, PrivateTextArea, is_private


def filled_template(template: Template, values: Mapping[str, str | None]) -> str:
    """Subject line (for email) and body, placeholders filled or visibly marked."""
    body = fill_text(template.body.strip("\n"), values)
    if template.subject:
        return f"Subject: {fill_text(template.subject, values)}\n\n{body}"
    return body


def edit_in_editor(app: App, text: str, suffix: str = ".md") -> str | None:
    """``text`` after the user's ``$VISUAL``/``$EDITOR`` is done with it; None if it could not run."""
    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as handle:
        handle.write(text)
        path = Path(handle.name)
    try:
        with app.suspend():
            result = subprocess.run([*command, str(path)], check=False)
        if result.returncode != 0:
            app.notify(
                f"{command[0]} exited with code {result.returncode}; text left unchanged.",
                severity="warning",
                markup=False,
            )
            return None
        return path.read_text(encoding="utf-8")
    except Exception as exc:  # SuspendNotSupported, a missing editor: say so, keep the text
        app.notify(
            f"Could not run the editor {command[0]!r}: {exc or type(exc).__name__}", severity="error", markup=False
        )
        return None
    finally:
        path.unlink(missing_ok=True)


class TemplatesModal(FollowsPrivacy, ModalScreen[None]):
    """Templates on top, the chosen one filled and editable below. In privacy mode the subjects
    show sums and typed-in blanks masked and the message is drawn as dots (copied as it is)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="close"),
        Binding("f2,ctrl+y", "copy", "Copy", id="templates-copy", priority=True),
        Binding("f4", "editor", "$EDITOR", id="editor"),
    ]
    DEFAULT_CSS = """
    TemplatesModal { align: center middle; }
    TemplatesModal > Vertical { width: 100; max-width: 98%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    TemplatesModal .title { text-style: bold; }
    TemplatesModal OptionList { height: auto; max-height: 5; }
    TemplatesModal TextArea { height: 1fr; }
    TemplatesModal .hint { color: $text-muted; }
    """

    def __init__(self, script: Script, values: Mapping[str, str | None], *, typed: Sequence[str] = ()) -> None:
        super().__init__()
        self.script = script
        self.values = values
        self.typed = typed
        """The placeholders the CSM filled in on the call (hidden whole in privacy mode)."""

    def _options(self) -> list[Option]:
        values = masked_values(self.values, self.typed) if is_private(self) else self.values
        return [
            Option(
                Text.assemble((f"{t.channel:<9}", "bold"), fill_text(t.subject, values) if t.subject else t.id),
                id=t.id,
            )
            for t in self.script.templates
        ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Templates · {self.script.title}"), classes="title")
            yield OptionList(*self._options(), id="templates")
            yield PrivateTextArea(id="message", soft_wrap=True)
            yield Static(
                "enter opens it below · tab moves · edits stay here · ⟨name⟩ could not be filled",
                classes="hint",
                markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        ol = self.query_one("#templates", OptionList)
        if ol.option_count:
            ol.highlighted = 0
            self._show(ol.get_option_at_index(0).id)
        ol.focus()

    def refresh_privacy(self) -> None:
        ol = self.query_one("#templates", OptionList)
        keep = ol.highlighted
        with ol.prevent(OptionList.OptionHighlighted):  # the message below keeps what was edited
            ol.clear_options()
            ol.add_options(self._options())
            ol.highlighted = keep

    def _show(self, template_id: str | None) -> None:
        template = self.script.template(template_id) if template_id else None
        self.query_one("#message", TextArea).text = filled_template(template, self.values) if template else ""

    @on(OptionList.OptionHighlighted, "#templates")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    @on(OptionList.OptionSelected, "#templates")
    def _picked(self) -> None:
        self.query_one("#message").focus()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.query_one("#message", TextArea).text)
        self.notify("Copied to the clipboard.", markup=False)

    def action_editor(self) -> None:
        area = self.query_one("#message", TextArea)
        edited = edit_in_editor(self.app, area.text, suffix=".txt")
        if edited is not None:
            area.text = edited

    def action_close(self) -> None:
        self.dismiss(None)
