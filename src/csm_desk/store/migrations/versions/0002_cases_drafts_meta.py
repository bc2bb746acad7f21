"""cases drafts meta

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:22:31.328448
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import csm_desk.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("script_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("quotes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("commitments", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("checked", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("started_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index("ix_draft_account_status", ["account_id", "status"], unique=False)

    op.create_table(
        "risk_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("at_risk_since", sa.Date(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("engaged_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("arr", sa.Float(), nullable=True),
        sa.Column("segment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("executive_involved", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("risk_case", schema=None) as batch_op:
        batch_op.create_index("ix_risk_case_account", ["account_id", "opened_on"], unique=False)
        batch_op.create_index("ix_risk_case_closed", ["closed_on"], unique=False)

    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.create_index("ix_followup_account_source_key", ["account_id", "source_key"], unique=False)

    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.create_index("ix_quote_speaker", ["speaker_id"], unique=False)

    with op.batch_alter_table("save_action", schema=None) as batch_op:
        batch_op.create_index("ix_save_action_followup", ["followup_id"], unique=False)

    with op.batch_alter_table("save_plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""))
        batch_op.create_index("ix_save_plan_checkin", ["next_checkin_id"], unique=False)

    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="manual")
        )


def downgrade() -> None:
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.drop_column("source")

    with op.batch_alter_table("save_plan", schema=None) as batch_op:
        batch_op.drop_index("ix_save_plan_checkin")
        batch_op.drop_column("details")

    with op.batch_alter_table("save_action", schema=None) as batch_op:
        batch_op.drop_index("ix_save_action_followup")

    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_index("ix_quote_speaker")

    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.drop_index("ix_followup_account_source_key")

    with op.batch_alter_table("risk_case", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_case_closed")
        batch_op.drop_index("ix_risk_case_account")

    op.drop_table("risk_case")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index("ix_draft_account_status")

    op.drop_table("draft")
    op.drop_table("meta")
