"""Storage: SQLModel tables, the engine with its pragmas, migrations and queries."""
