"""Alembic environment: always handed a connection by csm_desk.store.migrations.runner."""

from alembic import context

from csm_desk.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through csm_desk (csm_desk.store.migrations.runner.upgrade)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
