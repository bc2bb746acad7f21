"""The call's notes editor: a TextArea that stays fast with thousands of lines.

Textual's TextArea (8.x) joins the whole document (``text``) and sums every line's
wrap (``wrapped_document.height``) for each screen line it draws, so one key on a
5,000-line note cost ~50 ms. Both values only change on an edit or a re-wrap; here
they are remembered until then, and a key repaints in well under 10 ms."""

from __future__ import annotations

from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument

from csm_desk.widgets.privacy import PrivateTextArea


class _RememberedText(Document):
    """A Document that keeps its joined text until the next edit."""

    _joined: str | None = None

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = Document.text.fget(self)
        return self._joined

    def replace_range(self, start, end, text):
        self._joined = None
        return super().replace_range(start, end, text)


class _RememberedHeight(WrappedDocument):
    """A WrappedDocument that keeps its height until the next wrap."""

    _known_height: int | None = None

    @property
    def height(self) -> int:
        if self._known_height is None:
            self._known_height = WrappedDocument.height.fget(self)
        return self._known_height

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._known_height = None
        super().wrap(width, tab_width)

    def wrap_range(self, start, old_end, new_end) -> None:
        self._known_height = None
        super().wrap_range(start, old_end, new_end)


class NotesEditor(PrivateTextArea):
    """Soft-wrapped plain-text notes; tab leaves the editor (it never indents); drawn as dots in privacy mode."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        super().__init__(**kwargs)
        self._remember()

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        self._remember()

    def _remember(self) -> None:
        # Swap in the caching subclasses; they add no state beyond a cache slot.
        if type(self.document) is Document:
            self.document.__class__ = _RememberedText
        if type(self.wrapped_document) is WrappedDocument:
            self.wrapped_document.__class__ = _RememberedHeight
