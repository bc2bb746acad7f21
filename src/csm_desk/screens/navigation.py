"""Where a screen asks to go: messages the app answers by pushing the screen.

Screens post these instead of importing each other, so no screen module depends on
another and each big screen loads only when first opened. The screen underneath
redraws in ``on_screen_resume`` when the one it opened is closed."""

from __future__ import annotations

from textual.message import Message


class OpenAccount(Message):
    """Show the whole account (overview, timeline, metrics, contacts)."""

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id


class OpenCall(Message):
    """Start call mode on the account: its suggested playbook, or ``script_id``; ``resume`` its draft."""

    def __init__(
        self,
        account_id: int,
        *,
        script_id: str | None = None,
        resume: bool = False,
        followup: tuple[int, str] | None = None,
    ) -> None:
        super().__init__()
        self.account_id = account_id
        self.script_id = script_id
        self.resume = resume
        self.followup = followup
        """(id, title) of the agenda item the call was started from: ending the call offers to mark it done."""


class OpenSavePlan(Message):
    """Write or review the account's save plan."""

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id
