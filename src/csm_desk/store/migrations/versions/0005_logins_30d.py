"""logins_30d: the latest 30-day login count on the account, and every account evaluated again

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("account", sa.Column("logins_30d", sa.Integer(), nullable=True))
    # The rules changed with this version (month over month, twin flags): what was derived with the
    # old ones is derived again the next time the book is opened.
    op.execute("UPDATE account SET evaluated_on = NULL")


def downgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("logins_30d")
