"""What the demo book says: story accounts, names, quotes and phrases (en and pt-BR).

Data only; ``csm_desk.demo`` turns it into rows. Every day is relative to the
book's today (negative: in the past). Companies, people and competitors are
invented; e-mail addresses use the reserved ``.example`` domain.

``types`` holds the shapes, ``team`` our side of the table, ``stories`` the
hand-written accounts and ``pools`` what generated accounts are drawn from.
"""

from csm_desk.demo.content.pools import (
    CLOSING_NOTES,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    MOMENTS,
    NAME_NOUNS,
    NAME_SUFFIXES,
    NAME_WORDS,
    PLANS,
    QUOTES,
    ROUTINE,
    TITLES,
    TODO_TITLES,
)
from csm_desk.demo.content.stories import STORIES
from csm_desk.demo.content.team import (
    COMPETITORS,
    EXEC,
    FINANCE,
    JORDAN,
    MAYA,
    OUR_PRODUCT,
    OWNERS,
    PRODUCT,
    RAFAEL,
    SALES,
    SOLUTIONS,
    SUPPORT,
    VP_CS,
)
from csm_desk.demo.content.types import Curve, Move, Person, Plan, Sig, Story, Todo, Touch

__all__ = [
    "CLOSING_NOTES",
    "COMPETITORS",
    "EXEC",
    "FINANCE",
    "FIRST_NAMES",
    "INDUSTRIES",
    "JORDAN",
    "LAST_NAMES",
    "MAYA",
    "MOMENTS",
    "NAME_NOUNS",
    "NAME_SUFFIXES",
    "NAME_WORDS",
    "OUR_PRODUCT",
    "OWNERS",
    "PLANS",
    "PRODUCT",
    "QUOTES",
    "RAFAEL",
    "ROUTINE",
    "SALES",
    "SOLUTIONS",
    "STORIES",
    "SUPPORT",
    "TITLES",
    "TODO_TITLES",
    "VP_CS",
    "Curve",
    "Move",
    "Person",
    "Plan",
    "Sig",
    "Story",
    "Todo",
    "Touch",
]
