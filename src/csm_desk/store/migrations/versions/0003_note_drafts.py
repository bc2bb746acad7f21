"""note drafts: the quick note kept as it is typed

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:20:00
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import csm_desk.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "note_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("quotes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("updated_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id"),
    )


def downgrade() -> None:
    op.drop_table("note_draft")
