"""An Input for forms where enter moves on: typing ahead never lands in the old box."""

from __future__ import annotations

from textual.widgets import Input


class FieldInput(Input):
    """A form field where enter moves to the next field at once, so typing ahead never lands in the old box."""

    async def action_submit(self) -> None:
        await super().action_submit()
        self.screen.focus_next()
