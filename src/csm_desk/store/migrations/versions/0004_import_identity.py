"""import identity: interactions known by a key, not by their instant; risk cases by what made them

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 14:00:00

Interactions were unique by (account, instant, channel): two calls a CRM logs for one day collided,
and a naive time read under another time zone made a new row. Each now has an ``external_id``
(``store.identity``). Rows already stored get the key of a row made in the app, ``at:`` their
instant and channel, which is what they were known by: re-importing the file they came from finds
them by it. A churn case made by an import gets ``source_key`` (its note held the key until now).
"""

from datetime import UTC

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import csm_desk.store.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _key(at, channel: str) -> str:
    # store.identity.made_here_key as of this revision (a test checks they agree)
    return f"at:{at.astimezone(UTC).replace(tzinfo=None).isoformat()}Z/{channel}"


def upgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
    interaction = sa.table(
        "interaction",
        sa.column("id", sa.Integer()),
        sa.column("at", csm_desk.store.types.UTCDateTime(timezone=True)),
        sa.column("channel", sa.String()),
        sa.column("external_id", sa.String()),
    )
    conn = op.get_bind()
    keys = [
        {"row_id": row.id, "key": _key(row.at, row.channel)}
        for row in conn.execute(sa.select(interaction.c.id, interaction.c.at, interaction.c.channel))
    ]
    if keys:
        conn.execute(
            interaction.update()
            .where(interaction.c.id == sa.bindparam("row_id"))
            .values(external_id=sa.bindparam("key")),
            keys,
        )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_constraint("uq_interaction_account_at_channel", type_="unique")
        batch_op.create_unique_constraint("uq_interaction_account_external_id", ["account_id", "external_id"])

    with op.batch_alter_table("risk_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("risk_case", schema=None) as batch_op:
        batch_op.drop_column("source_key")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_constraint("uq_interaction_account_external_id", type_="unique")
        batch_op.create_unique_constraint("uq_interaction_account_at_channel", ["account_id", "at", "channel"])
        batch_op.drop_column("external_id")
