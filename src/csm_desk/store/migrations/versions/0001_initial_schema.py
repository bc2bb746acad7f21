"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 10:38:48.946351
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import csm_desk.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("arr", sa.Float(), nullable=True),
        sa.Column("strategic", sa.Boolean(), nullable=False),
        sa.Column("segment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("industry", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contract_start", sa.Date(), nullable=True),
        sa.Column("renewal_date", sa.Date(), nullable=True),
        sa.Column("last_expansion", sa.Date(), nullable=True),
        sa.Column("last_renewal", sa.Date(), nullable=True),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at_risk_since", sa.Date(), nullable=True),
        sa.Column("identified_on", sa.Date(), nullable=True),
        sa.Column("engaged_on", sa.Date(), nullable=True),
        sa.Column("health", sa.Integer(), nullable=True),
        sa.Column("health_delta", sa.Integer(), nullable=True),
        sa.Column("red_flags", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at_risk", sa.Boolean(), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=True),
        sa.Column("created_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index("ix_account_at_risk", ["at_risk"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_external_id"), ["external_id"], unique=True)
        batch_op.create_index("ix_account_owner", ["owner"], unique=False)
        batch_op.create_index("ix_account_stage", ["stage"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "name", name="uq_contact_account_name"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index("ix_contact_account_role", ["account_id", "role", "status"], unique=False)

    op.create_table(
        "followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("due_time", sa.Time(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("done_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.create_index("ix_followup_account_status_due", ["account_id", "status", "due"], unique=False)
        batch_op.create_index("ix_followup_status_due", ["status", "due"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("script", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=True),
        sa.Column("created_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "at", "channel", name="uq_interaction_account_at_channel"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_account_at", ["account_id", "at"], unique=False)

    op.create_table(
        "metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("health", sa.Integer(), nullable=True),
        sa.Column("logins", sa.Integer(), nullable=True),
        sa.Column("active_users", sa.Integer(), nullable=True),
        sa.Column("feature_adoption", sa.Float(), nullable=True),
        sa.Column("sla_misses_30d", sa.Integer(), nullable=True),
        sa.Column("nps", sa.Integer(), nullable=True),
        sa.Column("login_benchmark", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "date", name="uq_metric_account_date"),
    )
    op.create_table(
        "signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("quote", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("created_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "date", "kind", name="uq_signal_account_date_kind"),
    )
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.create_index("ix_signal_account", ["account_id", "resolved_on"], unique=False)

    op.create_table(
        "stage_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("from_stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("to_stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stage_change", schema=None) as batch_op:
        batch_op.create_index("ix_stage_change_account_at", ["account_id", "at"], unique=False)

    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["speaker_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.create_index("ix_quote_account", ["account_id"], unique=False)
        batch_op.create_index("ix_quote_interaction", ["interaction_id"], unique=False)

    op.create_table(
        "save_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("situation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("root_cause_category", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("root_cause", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("success_criteria", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("strategies", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("next_checkin_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", csm_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["next_checkin_id"], ["followup.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("save_plan", schema=None) as batch_op:
        batch_op.create_index("ix_save_plan_account", ["account_id"], unique=False)

    op.create_table(
        "save_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("followup_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["followup_id"], ["followup.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["plan_id"], ["save_plan.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("save_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_save_action_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("save_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_save_action_plan_id"))

    op.drop_table("save_action")
    with op.batch_alter_table("save_plan", schema=None) as batch_op:
        batch_op.drop_index("ix_save_plan_account")

    op.drop_table("save_plan")
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_index("ix_quote_interaction")
        batch_op.drop_index("ix_quote_account")

    op.drop_table("quote")
    with op.batch_alter_table("stage_change", schema=None) as batch_op:
        batch_op.drop_index("ix_stage_change_account_at")

    op.drop_table("stage_change")
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.drop_index("ix_signal_account")

    op.drop_table("signal")
    op.drop_table("metric")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_account_at")

    op.drop_table("interaction")
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.drop_index("ix_followup_status_due")
        batch_op.drop_index("ix_followup_account_status_due")

    op.drop_table("followup")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_account_role")

    op.drop_table("contact")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index("ix_account_stage")
        batch_op.drop_index("ix_account_owner")
        batch_op.drop_index(batch_op.f("ix_account_external_id"))
        batch_op.drop_index("ix_account_at_risk")

    op.drop_table("account")
