"""Store: the only package that talks to the database (SQLite by default, or PostgreSQL)."""

from parallax.store.backends import describe
from parallax.store.database import DEFAULT_DB, Store, StoreError

__all__ = ["DEFAULT_DB", "Store", "StoreError", "describe"]
