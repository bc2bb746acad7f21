"""Privacy mode, as drawn: what a screen shared with colleagues shows instead of what is private.

Private is every sum of money and every piece of free text the CSM or the customer wrote:
notes, quotes, call summaries, outcomes, stage-change notes, follow-up titles a person wrote,
the save plan's words, the call's notes and the blanks filled in on it.
Names (accounts, contacts, owners), dates, health, counts and labels stay: they are how the
CSM finds their way while sharing. Three functions do all the hiding:

- ``format.money(value, private=…)`` for a figure the renderer formats itself;
- ``free_text(text, private)`` for words someone wrote;
- ``masked_money(text)`` for a label or a filled script line that may hold a figure
  already written out (``$184,000``, ``184k``, ``R$ 1.234,00``, ``100,000``);

and ``sentence`` draws a domain sentence (``domain/sentence.py``) whose amounts and quoted
words are kept apart from ours."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rich.cells import cell_len
from rich.text import Text

from csm_desk.domain.sentence import Amount, Sentence, Words, plain
from csm_desk.render.format import HIDDEN

PRIVATE_NOTE = "hidden while sharing the screen"
"""What stands in for a note, a quote or a summary in privacy mode."""


def badge(private: bool) -> Text:
    """What a screen's top line starts with while privacy mode is on (first, so a narrow terminal keeps it)."""
    return Text.assemble(("● PRIVATE", "bold reverse"), "  ") if private else Text()


WIDE_DOT = "\uff0a"
"""A mark two cells wide (fullwidth asterisk), for a wide character (CJK, emoji) hidden in an edited text."""

_NUMBER = r"\d[\d.,]*\d|\d"
_MONEY = re.compile(
    # A currency sign or code, then the figure and an optional scale: $184,000 · R$ 1.234,56 · US$ 2.5M · €90k
    rf"(?:R\$|US\$|\$|€|£|\b(?:USD|BRL|EUR)\s?)\s?(?:{_NUMBER})(?:\s?(?:[kKmM]|mi|mil|bi|million|thousand)\b)?"
    # The figure, then its currency: 184,000 USD · 1.234 reais · 50 mil reais
    rf"|\b(?:{_NUMBER})\s?(?:[kKmM]|mi|mil|million|thousand)?\s?(?:USD|BRL|EUR|dollars|reais|dólares)\b"
    # A figure in thousands with no sign at all: 184k, 1.5K
    rf"|\b(?:{_NUMBER})[kK]\b"
    # A figure grouped in thousands, which in a label is nearly always a sum: 100,000 · 184.000 · 1,234.50
    r"|\b\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?\b"
)


def masked_money(text: str) -> str:
    """``text`` with every figure of money in it replaced by the mask; the other words kept."""
    return _MONEY.sub(HIDDEN, text)


def free_text(text: str, private: bool, style: str = "") -> Text:
    """Words someone wrote, as data (never markup), or the private note that stands in for them."""
    if private:
        return Text(PRIVATE_NOTE, style="dim italic")
    return Text(text, style=style)


def title(text: str, written: bool, private: bool, style: str = "") -> Text:
    """A follow-up's title: a person's words (``written``) are hidden in privacy mode like any note;
    ours (a cadence step) stay, with any figure of money masked."""
    if private and written:
        return free_text(text, True)
    return Text(masked_money(text) if private else text, style=style)


def sentence(parts: Sentence, private: bool) -> str:
    """A domain sentence; in privacy mode each amount, and each person's words, read as what stands in for them."""
    if not private:
        return plain(parts)
    return "".join(part if isinstance(part, str) else _hidden(part) for part in parts)


def _hidden(part: Amount | Words) -> str:
    if isinstance(part, Words):
        return PRIVATE_NOTE
    if part.value is None:
        return "unknown"
    return part.instead or HIDDEN


def masked_glyphs(line: str) -> str:
    """``line`` with each visible character drawn as a dot of the same width (spaces kept), so a
    text being edited keeps its shape and its cursor while nobody can read it."""
    return "".join(ch if ch.isspace() or not cell_len(ch) else "•" if cell_len(ch) == 1 else WIDE_DOT for ch in line)


def masked_values(values: Mapping[str, str | None], typed: Iterable[str] = ()) -> dict[str, str | None]:
    """A script's placeholder values as privacy mode shows them: a sum in any value masked, and
    what the CSM typed in (``typed``: a competitor's name, an amount heard on the call) hidden whole.
    Names, dates and the product stay. Unknown values stay unknown, so blanks still show."""
    hidden = set(typed)
    return {
        name: value if value is None or not value.strip() else HIDDEN if name in hidden else masked_money(value)
        for name, value in values.items()
    }
