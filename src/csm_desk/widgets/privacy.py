"""Privacy mode in the TUI: one switch (``app.private``), followed by every screen and widget.

A screen or widget that shows something private mixes in ``FollowsPrivacy``: it watches the
app's switch from the moment it is mounted, so ``refresh_privacy`` runs on every change, on
every screen of every mode (the queue under the dashboard too), in front or not. The fields
where private words are typed hide them as they are typed: ``PrivateInput`` (and
``PrivateFieldInput`` for forms) draw dots, ``PrivateTextArea`` draws each character as a dot
and keeps the shape, the cursor and the real text. ``PrivateStatic`` (and ``PrivateLabel``) is
drawn by a function of the switch. What is hidden, and how, is ``render/privacy.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.dom import DOMNode
from textual.widgets import Input, Label, Static, TextArea

from csm_desk.render.privacy import masked_glyphs, masked_money
from csm_desk.widgets.field_input import FieldInput


def is_private(node: DOMNode) -> bool:
    """Whether privacy mode is on in ``node``'s app (off in an app that has no such mode)."""
    return bool(getattr(node.app, "private", False))


class FollowsPrivacy:
    """Mixin for a Screen or a Widget: ``refresh_privacy`` runs whenever privacy mode changes.

    ``PRIVACY_AT_MOUNT`` runs it once at mount too (a widget that only hides what it is given);
    a screen draws with ``is_private`` itself when its data arrives."""

    PRIVACY_AT_MOUNT: ClassVar[bool] = False

    def on_mount(self) -> None:  # Textual calls every class's handler: a subclass's own on_mount too
        node: DOMNode = self  # type: ignore[assignment]  # mixed into a DOMNode
        if hasattr(type(node.app), "private"):
            # Textual drops the watch when this node closes (a popped screen, a removed widget).
            node.watch(node.app, "private", self.refresh_privacy, init=False)
        if self.PRIVACY_AT_MOUNT:
            self.refresh_privacy()

    def refresh_privacy(self) -> None:
        """Redraw what privacy mode hides or shows."""
        raise NotImplementedError


class PrivateInput(FollowsPrivacy, Input):
    """An Input for private words or a sum: dots while privacy mode is on (typing still works);
    a figure of money in its placeholder is masked too."""

    PRIVACY_AT_MOUNT = True
    _plain_placeholder = ""

    def validate_placeholder(self, placeholder: str) -> str:
        self._plain_placeholder = placeholder
        return masked_money(placeholder) if self.is_attached and is_private(self) else placeholder

    def refresh_privacy(self) -> None:
        self.password = is_private(self)
        self.placeholder = self._plain_placeholder


class PrivateFieldInput(PrivateInput, FieldInput):
    """A form field (enter moves on) for private words or a sum."""


class PrivateTextArea(FollowsPrivacy, TextArea):
    """A TextArea for private words: in privacy mode each character is drawn as a dot of its width,
    so the text keeps its lines, its cursor and its selection, and can still be typed and saved."""

    PRIVACY_AT_MOUNT = True
    masked = False

    def refresh_privacy(self) -> None:
        masked = is_private(self)
        if masked != self.masked:
            self.masked = masked
            self._line_cache.clear()
            self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if self.masked:
            line.plain = masked_glyphs(line.plain)
        return line


class PrivateStatic(FollowsPrivacy, Static):
    """A Static drawn by ``draw(private)``, again whenever privacy mode changes."""

    PRIVACY_AT_MOUNT = True

    def __init__(self, draw: Callable[[bool], RenderableType], **kwargs) -> None:
        super().__init__("", **kwargs)
        self.draw = draw

    def refresh_privacy(self) -> None:
        self.update(self.draw(is_private(self)))


class PrivateLabel(PrivateStatic, Label):
    """A Label drawn by ``draw(private)`` (a form's title naming a follow-up), again whenever privacy mode changes."""
