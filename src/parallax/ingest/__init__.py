"""Ingest: files and folders in, ``RawDocument`` records (or per-document errors) out."""

from parallax.ingest.readers import READERS, read_path, read_paths

__all__ = ["READERS", "read_path", "read_paths"]
