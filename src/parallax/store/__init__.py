"""Store: the only package that talks to the database (SQLite by default)."""

from parallax.store.database import DEFAULT_DB, Store, StoreError

__all__ = ["DEFAULT_DB", "Store", "StoreError"]
