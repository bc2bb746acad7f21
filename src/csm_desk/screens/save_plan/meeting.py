"""The save plan as the 30-minute save-team meeting, read-only: ``agenda_text`` builds it,
``Reader`` shows it (or any read-only page) until esc."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from csm_desk.domain.save_plan import AgendaBlock, PlanDraft
from csm_desk.render.privacy import PRIVATE_NOTE
from csm_desk.widgets.privacy import PrivateStatic, is_private


def without_words(draft: PlanDraft) -> PlanDraft:
    """The plan with every word typed into it replaced by the private note (privacy mode):
    situation, root cause, actions, success criteria, the roadmap item, the team's reasons.
    Names, owners, dates and the choices from our lists stay."""

    def hide(text: str) -> str:
        return PRIVATE_NOTE if text.strip() else text

    return replace(
        draft,
        situation=hide(draft.situation),
        root_cause=hide(draft.root_cause),
        actions=tuple(replace(a, action=hide(a.action)) for a in draft.actions),
        success_criteria=hide(draft.success_criteria),
        roadmap_feature=hide(draft.roadmap_feature),
        team=tuple(replace(m, reason=hide(m.reason)) for m in draft.team),
    )


class Reader(ModalScreen):
    """A read-only page (the meeting agenda, a script); esc closes it. A page given as a function
    of privacy mode is drawn again when the mode changes."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="close")]
    DEFAULT_CSS = """
    Reader { align: center middle; }
    Reader > VerticalScroll { width: 100; max-width: 95%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, body: RenderableType | Callable[[bool], RenderableType], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draw: Callable[[bool], RenderableType] = body if callable(body) else lambda _private: body

    @property
    def body(self) -> RenderableType:
        """The page as it is shown now."""
        return self.draw(is_private(self))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield PrivateStatic(self.draw, id="reader-body")
            yield Static(Text("esc closes", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


def agenda_text(title: str, blocks: list[AgendaBlock]) -> Group:
    """The 30-minute meeting; user words stay data, never markup."""
    parts: list = [Text.assemble(("Save-team meeting (30 min): ", "bold"), (title, "bold")), Text("")]
    for block in blocks:
        parts.append(Text.assemble((f"Minutes {block.minutes}  ", "bold cyan"), (block.title, "bold")))
        for line in block.lines:
            indent = 4 if line.startswith("  ") else 2
            parts.append(Padding(Text(line.strip()), (0, 0, 0, indent)))
        parts.append(Text(""))
    return Group(*parts)
