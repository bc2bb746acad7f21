"""Alembic migrations. The revision list is kept here so that opening an up-to-date
database never imports alembic; a test checks it matches the scripts."""

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]
