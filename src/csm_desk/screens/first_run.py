"""The first-run form: the CSM's name and the product, which the call scripts say out loud.

Shown when the TUI starts and the config file holds no ``app.me`` or ``app.product``. Saving
writes both into that file (``config.write_app_keys``: atomic, comments kept) and the running app
uses them at once; esc skips, and records the missing keys empty so the form is not shown again.
The config file is where "asked already" lives: it follows the person, whatever database they open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from csm_desk.config import FIRST_RUN_KEYS, Settings, write_app_keys
from csm_desk.errors import failure_message
from csm_desk.screens.modals import Form


@dataclass(frozen=True)
class Names:
    me: str
    product: str


class FirstRunForm(Form):
    """Two fields; ctrl+s saves into the config file, esc skips."""

    def __init__(self, config: Path, settings: Settings) -> None:
        super().__init__()
        self.config = config
        self.start = Names(settings.app.me, settings.app.product)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Welcome to csm-desk", classes="title")
            yield Static(
                Text(
                    "The call scripts say who is calling and for which product. "
                    f"Both are saved in {self.config} (app.me, app.product) and can be changed there."
                )
            )
            yield Label("Your name, as the owner column spells it")
            yield Input(value=self.start.me, placeholder="e.g. Ana Souza", id="me")
            yield Label("Your product's name")
            yield Input(value=self.start.product, placeholder="e.g. Pulseboard", id="product")
            yield Static("", id="error", classes="error")
            yield Static("enter or tab: next field · ctrl+s saves · esc skips (not asked again)", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#product" if self.start.me else "#me", Input).focus()

    def _names(self) -> Names:
        return Names(
            " ".join(self.query_one("#me", Input).value.split()),
            " ".join(self.query_one("#product", Input).value.split()),
        )

    def dirty(self) -> bool:
        return self._names() != self.start

    @on(Input.Submitted, "#me")
    def _next(self) -> None:
        self.query_one("#product", Input).focus()

    @on(Input.Submitted, "#product")
    def _done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.submit(self._names())


def ask_first_run(app: App, config: Path) -> None:
    """Open the form over the app's first screen; what it saves is used at once (``app.ctx``, ``app.desk``)."""

    def use(settings: Settings) -> None:
        app.ctx.settings = settings
        app.desk.use_settings(settings)

    def run(names: Names, landed, failed) -> None:
        def job() -> None:
            try:
                settings = write_app_keys(config, {"me": names.me, "product": names.product})
            except Exception as exc:  # a read-only folder, a full disk: said in the form, nothing lost
                app.call_from_thread(failed, failure_message(exc))
                return
            app.call_from_thread(use, settings)
            app.call_from_thread(landed)

        app.run_worker(job, thread=True, group="config", exit_on_error=False, description="first run")

    def closed(names: Names | None) -> None:
        if names is not None:
            app.notify(f"Saved in {config}.", markup=False)
            hook = getattr(app.screen, "action_refresh", None)  # the queue's pane shows the filled moves
            if hook is not None:
                hook()
            return
        missing = {k: "" for k in FIRST_RUN_KEYS if app.settings.source(f"app.{k}") == "default"}

        def skip() -> None:
            try:
                settings = write_app_keys(config, missing)
            except Exception as exc:
                app.call_from_thread(
                    app.notify,
                    f"Could not record the skip ({failure_message(exc)}); asked again next time.",
                    severity="warning",
                    markup=False,
                )
                return
            app.call_from_thread(use, settings)

        app.run_worker(skip, thread=True, group="config", exit_on_error=False, description="first run skipped")

    app.push_screen(FirstRunForm(config, app.settings).writing(run), closed)
