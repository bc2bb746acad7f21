"""Control characters from outside never reach a terminal or a file: they are shown, never obeyed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csm_desk.domain.text import is_clean, visible

OSC52 = "Acme\x1b]52;c;ZWNobyBwd25lZA==\x07 Corp"


def test_an_osc52_clipboard_write_is_shown_not_obeyed():
    shown = visible(OSC52)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "Acme␛]52;c;ZWNobyBwd25lZA==␇ Corp"


def test_c1_controls_and_del_are_made_visible():
    assert visible("a\x9bb\x7fc") == "a\ufffdb\u2421c"


def test_tabs_and_newlines_stay_in_multiline_text_only():
    assert visible("one\ttwo\nthree", multiline=True) == "one\ttwo\nthree"
    assert visible("one\ttwo\nthree") == "one␉two␊three"
    assert visible("a\rb", multiline=True) == "a␍b"


def test_ordinary_text_in_any_language_is_untouched():
    for text in ("Atlas Comércio Digital", "[bold]x[/]", "Ünïcödé — “quotes” ✓", "日本語", ""):
        assert visible(text) == text and is_clean(text)


@given(st.text())
def test_nothing_a_terminal_obeys_survives(text):
    shown = visible(text, multiline=True)
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert visible(shown, multiline=True) == shown  # idempotent


@given(st.text(alphabet=st.characters(min_codepoint=0x20, exclude_categories=("Cc",))))
def test_printable_text_is_never_changed(text):
    assert visible(text) == text
