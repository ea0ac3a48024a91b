"""What an operator can set for the web app; every limit has a safe default."""

from __future__ import annotations

from dataclasses import dataclass

TOKEN_ENV = "PARALLAX_TOKEN"
"""Where ``parallax serve`` also looks for the token."""


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    """Bearer token for write endpoints; without one they are switched off."""
    max_upload_bytes: int = 5 * 1024 * 1024
    """Largest single uploaded file."""
    max_upload_files: int = 20
    """Most files in one upload."""
    max_upload_records: int = 10_000
    """Most records (documents and errors) read from one upload, all files together."""
    allowed_hosts: tuple[str, ...] | None = None
    """Host header values answered (DNS rebinding points a stranger's name at loopback);
    None answers any. ``parallax serve`` sets the bound address, the loopback names
    and each ``--allowed-host``."""
    page_size: int = 50
    cache_size: int = 256
    """Stories whose comparison and page view are kept in memory."""

    @property
    def writable(self) -> bool:
        return bool(self.token)
