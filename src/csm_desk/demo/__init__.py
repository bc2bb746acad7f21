"""The demo book: a realistic, deterministic book of accounts to try csm-desk on.

Every date is relative to ``today``, so the book is always live. The hand-written
story accounts of ``content`` come first; the rest are generated, each from
its own ``random.Random`` seeded with (seed, number), so the same seed and today
always give the same book, and account DEMO-0042 is the same whatever the size.

Speed (100,000 accounts in well under a minute): rows are built as tuples and
bulk-inserted in one transaction (on SQLite straight through the driver, see
``store.bulk.insert_tuples``); the derived columns (flags, health, at-risk) are computed here
with the domain functions ``store.evaluate`` uses, so there is no second pass. Tests
check that ``evaluate_accounts`` would change nothing, and that the SQLite path
stores exactly what Core's insert would.

The modules, in the order a book is written:

- ``book``: the entry points, ``write_demo_book`` and ``ensure_demo_book``;
- ``marker``: the ``<db>.demo.json`` file that remembers the day, size and seed;
- ``stories``: the hand-written story accounts of ``content`` as drafts;
- ``generated`` and ``archetypes``: the procedurally generated accounts;
- ``model``: ``Draft``, ``Evaluation`` and the helpers both kinds are built with;
- ``cases``: the risk cases, and an earlier saved episode for some accounts;
- ``writer``: drafts as rows, bulk-inserted (``book`` deletes the previous demo first);
- ``content``: the data (types, our team, stories, pools of names and phrases).
"""

from csm_desk.demo.book import DEFAULT_ACCOUNTS, DEFAULT_SEED, ensure_demo_book, write_demo_book
from csm_desk.demo.marker import BOOK_VERSION
from csm_desk.demo.model import PREFIX, Draft, Evaluation, evaluate

__all__ = [
    "BOOK_VERSION",
    "DEFAULT_ACCOUNTS",
    "DEFAULT_SEED",
    "PREFIX",
    "Draft",
    "Evaluation",
    "ensure_demo_book",
    "evaluate",
    "write_demo_book",
]
