"""Sentences the product says that hold something private: a sum of money (``Amount``) or
words a person wrote (``Words``), kept apart from our own words so that a screen shared with
others (privacy mode) can hide them and still say the rest. ``plain`` writes a sentence out
in full, as the command line and the files show it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money inside a sentence."""

    value: float | None
    instead: str = ""
    """What the sentence says in place of the figure when it is hidden ("the threshold");
    empty: the renderer's mask."""


@dataclass(frozen=True, slots=True)
class Words:
    """Words a person wrote (a note, a quote, a plan's situation), inside one of our sentences."""

    text: str


Sentence = tuple[str | Amount | Words, ...]
"""Our words, amounts and a person's words, in reading order."""


def money_text(value: float | None) -> str:
    """A sum in a sentence: every dollar (``$184,000``), or ``unknown``."""
    return "unknown" if value is None else f"${value:,.0f}"


def plain(sentence: Sentence) -> str:
    """The sentence written out in full."""
    return "".join(
        part if isinstance(part, str) else part.text if isinstance(part, Words) else money_text(part.value)
        for part in sentence
    )


def title_written_by_person(source: str, source_key: str) -> bool:
    """Whether a follow-up's title holds a person's words (typed, imported, a plan's action, a call's
    commitment) rather than ours (a cadence step, a save plan's check-in): privacy mode hides the first."""
    return not (source == "cadence" or (source == "save_plan" and source_key.endswith(":checkin")))
