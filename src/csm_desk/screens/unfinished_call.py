"""A call left unfinished: what its draft holds, and the question of what to do with it.

Shared by call mode (resume or discard a draft, leave a call) and the account actions
(a draft found when an account opens), so neither has to import the other."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from csm_desk.render.privacy import free_text
from csm_desk.screens.modals import Form
from csm_desk.store.calls import CallState
from csm_desk.widgets.privacy import PrivateStatic


class ChoiceModal(Form):
    """A question with a few answers; an answer marked ``confirm`` needs a second enter. A body
    given as a function of privacy mode (``draft_summary``) is drawn again when the mode changes."""

    def __init__(
        self,
        title: str,
        body: Text | Callable[[bool], Text],
        choices: Sequence[tuple[str, str | Text]],
        confirm: frozenset[str] = frozenset(),
        warning: str = "This throws away everything typed in this call. Press enter again to confirm.",
    ) -> None:
        super().__init__()
        self.warning = warning
        self.title_text = title
        self.body = body
        self.choices = choices
        self.confirm = confirm
        self._armed_for: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), classes="title")
            body = self.body
            yield PrivateStatic(body, id="body") if callable(body) else Static(body, markup=False, id="body")
            yield OptionList(*[Option(label, id=key) for key, label in self.choices], id="choices")
            yield Static("", id="error", classes="error")
            yield Static("↑↓ move · enter picks · esc back", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#choices").focus()

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        if key in self.confirm and self._armed_for != key:
            self._armed_for = key
            self.show_error(self.warning)
            return
        self.dismiss(key)

    def action_save(self) -> None:
        ol = self.query_one("#choices", OptionList)
        if ol.highlighted is not None:
            ol.action_select()


def draft_summary(state: CallState) -> Callable[[bool], Text]:
    """What an unfinished call holds, so the CSM can judge it before resuming or discarding: the
    counts and the notes' last lines (a note that they are hidden, in privacy mode)."""
    when = (state.updated_at or state.started_at).astimezone().strftime("%a %d %b %H:%M")
    words = len(state.notes.split())
    head = f"Last saved {when} · {words} words · {len(state.quotes)} quotes · {len(state.commitments)} commitments\n"
    tail = [line for line in state.notes.strip().splitlines() if line.strip()][-4:]

    def draw(private: bool) -> Text:
        out = Text(head, style="dim")
        if private and tail:
            out.append("│ ")
            out.append_text(free_text("", True))
            out.append("\n")
            return out
        for line in tail:
            out.append("│ " + line[:200] + "\n")
        return out

    return draw
