"""The call's left column: the conversation steps (the current one large and highlighted)
and the first-moves checklist. Filled script text is data: built as ``Text``, never markup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from csm_desk.scripts.loader import Script, cue_label, fill, when_label

LABELS = {
    "en": {"ask": "Ask", "moves": "First moves"},
    "pt-BR": {"ask": "Pergunte", "moves": "Primeiros passos"},
}


def filled(text: str, values: Mapping[str, str | None], style: str = "") -> Text:
    """Script text with its placeholders filled; what cannot be filled shows reversed."""
    out = Text(style=style)
    for segment, missing in fill(text, values):
        out.append(segment, style="reverse bold" if missing else "")
    return out


def step_text(script: Script, index: int, current: int, values: Mapping[str, str | None]) -> Text:
    """One step: title only when it is not the current one; everything to say when it is."""
    step = script.steps[index]
    mark = "✓" if index < current else "▶" if index == current else " "
    head = Text(f"{mark} {index + 1}. ", style="bold")
    head.append(step.title, style="bold")
    if index != current:
        head.stylize("dim" if index < current else "")
        return head
    lang = script.language if script.language in LABELS else "en"
    head.append("\n\n")
    head.append_text(filled(step.say, values))
    if step.ask:
        head.append(f"\n\n{LABELS[lang]['ask']}: ", style="bold")
        head.append_text(filled(step.ask, values, style="italic"))
    head.append(f"\n\n» {cue_label(step.cue, lang)}", style="bold")
    head.append("\n")
    head.append_text(filled(step.cue_text, values, style="italic"))
    return head


class StepsColumn(VerticalScroll, can_focus=False):
    """Every step of the script, one ``Static`` each; the current one is expanded."""

    DEFAULT_CSS = """
    StepsColumn { height: 1fr; }
    StepsColumn > .step { padding: 0 1; }
    StepsColumn > .step.current { background: $boost; border-left: thick $accent; padding: 1 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.script: Script | None = None
        self.values: Mapping[str, str | None] = {}
        self.current = 0

    def show(self, script: Script, values: Mapping[str, str | None], current: int) -> None:
        """Draw ``script``; rebuild the step widgets only when the number of steps changed."""
        self.script, self.values, self.current = script, values, current
        statics = list(self.query(".step").results(Static))
        if len(statics) != len(script.steps):
            self.remove_children()
            statics = [Static(classes="step", markup=False) for _ in script.steps]
            self.mount_all(statics)
        for i, widget in enumerate(statics):
            widget.update(step_text(script, i, current, values))
            widget.set_class(i == current, "current")
        if current == 0:
            self.scroll_home(animate=False)
        else:  # after the layout has taken the new heights into account
            self.call_after_refresh(lambda: self.scroll_to_widget(statics[current], animate=False, top=True))


class MovesList(OptionList):
    """The playbook's first moves with their time boxes; enter or space ticks one."""

    BINDINGS = [Binding("space", "select", "Tick", show=False, id="moves-tick")]
    DEFAULT_CSS = """
    MovesList { height: auto; max-height: 7; border: round $primary-darken-2; }
    MovesList:focus { border: round $accent; }
    """

    class Toggled(Message):
        """The set of ticked moves changed."""

        def __init__(self, checked: list[int]) -> None:
            super().__init__()
            self.checked = checked

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.checked: set[int] = set()
        self._labels: list[Text] = []
        self._language = "en"

    def show(self, script: Script, values: Mapping[str, str | None], checked: Sequence[int]) -> None:
        self._language = script.language
        self.border_title = LABELS.get(script.language, LABELS["en"])["moves"]
        self.checked = set(checked)
        self._labels = []
        for move in script.first_moves:
            label = Text(f"{when_label(move.when, script.language)}: ", style="bold")
            label.append_text(filled(move.text, values))
            self._labels.append(label)
        self._redraw()

    def _prompt(self, i: int) -> Text:
        box = Text("☑ " if i in self.checked else "☐ ", style="green" if i in self.checked else "")
        label = self._labels[i].copy()
        if i in self.checked:
            label.stylize("dim strike")
        return box + label

    def _redraw(self) -> None:
        keep = self.highlighted
        self.clear_options()
        self.add_options([Option(self._prompt(i), id=str(i)) for i in range(len(self._labels))])
        if self.option_count:
            self.highlighted = min(keep or 0, self.option_count - 1)

    @on(OptionList.OptionSelected)
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        i = int(event.option.id)  # type: ignore[arg-type]  # options are always made with an id
        self.checked ^= {i}
        self._redraw()
        self.post_message(self.Toggled(sorted(self.checked)))
