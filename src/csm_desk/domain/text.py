"""Text from outside (imports, typing, a pasted e-mail) made safe to show in a terminal and to write to
a file: every control character that a terminal or a format would obey is made visible instead.

An account named ``"Acme\\x1b]52;c;…\\x07"`` would otherwise rewrite the user's clipboard on every
repaint. Nothing is dropped: ESC becomes ``␛``, BEL ``␇`` and so on (Unicode's control pictures), C1
controls ``�``, so the CSM sees that the source held something odd, and the text still reads."""

from __future__ import annotations

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_C1 = dict.fromkeys(range(0x80, 0xA0), "\ufffd")
_LINE = {**_PICTURES, **_C1}
_LINES = {k: v for k, v in _LINE.items() if k not in (0x09, 0x0A)}

_ONE_LINE = str.maketrans(_LINE)
_MULTILINE = str.maketrans(_LINES)


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character shown as a visible picture; with ``multiline``, tabs and
    newlines are kept (a note, a quote list). A carriage return is always made visible (CRLF is
    normalised by the readers before this)."""
    return text.translate(_MULTILINE if multiline else _ONE_LINE)


def is_clean(text: str, *, multiline: bool = False) -> bool:
    """True when ``visible`` would leave ``text`` as it is."""
    return visible(text, multiline=multiline) == text
