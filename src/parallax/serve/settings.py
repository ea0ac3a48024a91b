"""What an operator can set for the web app; every limit has a safe default."""

from __future__ import annotations

import os
from dataclasses import dataclass

TOKEN_ENV = "PARALLAX_TOKEN"


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    """Bearer token for write endpoints; without one they are switched off."""
    max_upload_bytes: int = 5 * 1024 * 1024
    """Largest single uploaded file."""
    max_upload_files: int = 20
    """Most files in one upload."""
    page_size: int = 50
    cache_size: int = 256
    """Stories whose comparison and page view are kept in memory."""

    @property
    def writable(self) -> bool:
        return bool(self.token)

    @classmethod
    def from_env(cls, token: str | None = None) -> Settings:
        return cls(token=token or os.environ.get(TOKEN_ENV) or None)
