"""What the demo book leaves in a database to be known by: the external-id prefix of every account
it writes, and the product name its scripts use (a ``meta`` row). The demo decides what to write;
these are the reads and writes of those marks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from csm_desk.store.tables import Account, Meta

DEMO_PREFIX = "DEMO-"
"""Every account the demo writes has an external id starting with this (DEMO-0001…)."""
PRODUCT_KEY = "demo_product"
"""The ``meta`` row holding the product name the demo book's scripts use."""


def _is_demo(column):
    return column.startswith(DEMO_PREFIX, autoescape=True)


def foreign_accounts(session: Session) -> int:
    """How many accounts the demo did not write (their external id does not start with ``DEMO-``)."""
    a = Account.__table__.c
    return session.connection().execute(select(func.count()).where(~_is_demo(a.external_id))).scalar_one()


def record_product(session: Session, product: str) -> None:
    """Remember the product the demo book's accounts use (in the demo's own transaction)."""
    session.merge(Meta(key=PRODUCT_KEY, value=product))


def product_for(session: Session, external_id: str) -> str:
    """The demo's product for one of its accounts; empty for any account the demo did not write."""
    if not external_id.startswith(DEMO_PREFIX):
        return ""
    row = session.get(Meta, PRODUCT_KEY)
    return row.value if row is not None else ""
