"""The small questions a call asks: which playbook, whose words, how it ended, and the
blanks the account could not fill. Each returns its answer by ``dismiss``."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from csm_desk.screens.modals import Form
from csm_desk.scripts.loader import Script
from csm_desk.store.calls import CallState, CapturedQuote
from csm_desk.store.detail import ContactView
from csm_desk.widgets.privacy import PrivateInput

OUTCOMES = (
    "Agreed next steps",
    "Needs another conversation",
    "Escalating",
    "No answer, left a message",
    "Still at risk, no progress",
)


@dataclass(frozen=True)
class CallEnding:
    summary: str
    outcome: str


class ScriptPicker(Form):
    """Any playbook by fuzzy search over its title and id; enter picks."""

    def __init__(self, scripts: list[Script], current: str, suggested: str) -> None:
        super().__init__()
        self.scripts = scripts
        self.current = current
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Pick a playbook", classes="title")
            yield Input(placeholder="type to search (fuzzy)", id="search")
            yield OptionList(id="scripts")
            yield Static("", id="error", classes="error")
            yield Static("↑↓ move · enter picks · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#search").focus()

    def _fill(self, query: str) -> None:
        ol = self.query_one("#scripts", OptionList)
        ol.clear_options()
        matcher = Matcher(query) if query.strip() else None
        ranked = []
        for n, script in enumerate(self.scripts):
            score = matcher.match(f"{script.title} {script.id}") if matcher else 1.0
            if score > 0:
                ranked.append((-score, n, script))
        for _, _, script in sorted(ranked, key=lambda t: (t[0], t[1])):
            label = Text(script.title)
            if script.id == self.suggested:
                label.append("  suggested", style="bold green")
            if script.id == self.current:
                label.append("  (now)", style="dim")
            label.append(f"  {script.id}", style="dim")
            ol.add_option(Option(label, id=script.id))
        if ol.option_count:
            ol.highlighted = 0

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_key(self, event) -> None:
        # Arrows move the list while the cursor stays in the search box.
        if event.key in ("up", "down") and self.query_one("#search").has_focus:
            event.stop()
            ol = self.query_one("#scripts", OptionList)
            ol.action_cursor_down() if event.key == "down" else ol.action_cursor_up()

    @on(Input.Submitted, "#search")
    @on(OptionList.OptionSelected, "#scripts")
    def _done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        ol = self.query_one("#scripts", OptionList)
        if ol.highlighted is None:
            self.show_error("Nothing matches: change the search.")
            return
        self.dismiss(ol.get_option_at_index(ol.highlighted).id)


class QuoteModal(Form):
    """Their exact words (editable) and who said them; enter saves."""

    def __init__(self, text: str, contacts: list[ContactView], speaker_id: int | None, step_title: str) -> None:
        super().__init__()
        self.text = text
        self.contacts = contacts
        self.speaker_id = speaker_id
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Verbatim quote", classes="title")
            yield PrivateInput(value=self.text, placeholder="their words, exactly", id="quote")
            yield Label(Text(f"Answering: {self.step_title}", style="dim"))
            yield Label("Who said it")
            options = [
                Option(Text.assemble(c.name, (f"  {c.role.replace('_', ' ')}", "dim")), id=str(c.id))
                for c in self.contacts
            ]
            yield OptionList(*options, Option("someone else / not known", id="none"), id="speakers")
            yield Static("", id="error", classes="error")
            yield Static("enter saves · tab moves to the speaker · esc cancels", classes="hint")

    def on_mount(self) -> None:
        ol = self.query_one("#speakers", OptionList)
        ids = [str(c.id) for c in self.contacts]
        ol.highlighted = ids.index(str(self.speaker_id)) if str(self.speaker_id) in ids else len(ids)
        self.query_one("#quote").focus()

    def dirty(self) -> bool:
        return self.query_one("#quote", Input).value.strip() != self.text.strip()

    @on(Input.Submitted, "#quote")
    @on(OptionList.OptionSelected, "#speakers")
    def _done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#quote", Input).value.strip()
        if not text:
            self.show_error("A quote needs their words.")
            return
        ol = self.query_one("#speakers", OptionList)
        picked = ol.get_option_at_index(ol.highlighted).id if ol.highlighted is not None else "none"
        self.dismiss(CapturedQuote(text, None if picked == "none" else int(picked)))  # type: ignore[arg-type]  # options are always made with an id


class EndCallModal(Form):
    """A one-line summary and the outcome; the rest (duration, quotes) is already known."""

    def __init__(self, account_name: str, state: CallState, minutes: int) -> None:
        super().__init__()
        self.account_name = account_name
        self.state = state
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        s = self.state
        with Vertical():
            yield Label(Text(f"End the call with {self.account_name}"), classes="title")
            yield Static(
                Text(
                    f"{self.minutes} min · {len(s.quotes)} quotes · {len(s.commitments)} commitments "
                    f"(each becomes a follow-up) · script {s.script_id}",
                    style="dim",
                )
            )
            yield PrivateInput(placeholder="one-line summary of the call", id="summary")
            yield Select([(o, o) for o in OUTCOMES], value=OUTCOMES[0], allow_blank=False, id="outcome")
            yield Static("", id="error", classes="error")
            yield Static("enter moves on · ctrl+s saves the call · esc goes back to it", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#summary").focus()

    def dirty(self) -> bool:
        return bool(self.query_one("#summary", Input).value.strip())

    @on(Input.Submitted, "#summary")
    def _summary_done(self) -> None:
        self.query_one("#outcome").focus()

    @on(Select.Changed, "#outcome")
    def _outcome_done(self) -> None:
        if self.query_one("#summary", Input).value.strip():
            self.action_save()

    def action_save(self) -> None:
        summary = self.query_one("#summary", Input).value.strip()
        if not summary:
            self.show_error("Write a one-line summary first.")
            self.query_one("#summary").focus()
            return
        self.submit(CallEnding(summary, str(self.query_one("#outcome", Select).value)))


class BlanksModal(Form):
    """Fill what the account cannot tell (a competitor's name) once the call reveals it."""

    def __init__(self, names: list[str], current: dict[str, str]) -> None:
        super().__init__()
        self.names = names
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Fill the blanks of the script", classes="title")
            for name in self.names:
                yield Label(Text(f"⟨{name}⟩"))
                yield PrivateInput(
                    value=self.current.get(name, ""), placeholder=name.replace("_", " "), id=f"fill-{name}"
                )
            yield Static("", id="error", classes="error")
            yield Static("enter moves on · ctrl+s saves · an empty box stays a blank · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        boxes = list(self.query(Input))
        i = boxes.index(event.input)
        if i + 1 < len(boxes):
            boxes[i + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.dismiss({name: self.query_one(f"#fill-{name}", Input).value.strip() for name in self.names})
