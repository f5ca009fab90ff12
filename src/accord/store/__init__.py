"""Storage: SQLAlchemy tables, Alembic migrations and the typed Store API."""

from accord.store.db import DEFAULT_URL, Store, resolve_url

__all__ = ["DEFAULT_URL", "Store", "resolve_url"]
