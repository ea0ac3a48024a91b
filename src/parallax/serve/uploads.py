"""Ingest by upload: files land in a private temp folder under safe names, then the
ordinary readers and pipeline take over, exactly as ``parallax ingest`` would."""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.ingest import read_path
from parallax.serve.schemas import IngestResult
from parallax.store import Store

if TYPE_CHECKING:  # the pipeline (and spaCy) load on the first upload
    from parallax.annotate import Annotator
    from parallax.pipeline import Outcome

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRejected(ValueError):
    """The whole upload is refused (too many or too large files)."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def safe_name(name: str | None, index: int) -> str:
    """Only the last path component, in a small alphabet: no traversal, no hidden files."""
    base = _UNSAFE.sub("_", Path((name or "").replace("\\", "/")).name).lstrip("._")
    return base[-120:] or f"upload-{index}.txt"


def _relabel(outcome: Outcome, label: str) -> Outcome:
    """Report the uploaded name, never the temp path it was read from."""
    return outcome.model_copy(update={"source": label})


class UploadIngester:
    """Runs uploads one at a time: the story clusterer's state is read and written whole."""

    def __init__(self, store: Store, annotator: Callable[[], Annotator]) -> None:
        self.store = store
        self.annotator = annotator
        self._lock = threading.Lock()

    def ingest(self, uploads: list[Upload]) -> IngestResult:
        with tempfile.TemporaryDirectory(prefix="parallax-upload-") as folder:
            outcomes: list[Outcome] = []
            for index, upload in enumerate(uploads):
                name = safe_name(upload.name, index)
                path = Path(folder) / str(index) / name
                path.parent.mkdir()
                path.write_bytes(upload.data)
                outcomes.extend(_relabel(o, f"upload:{name}") for o in read_path(path))
            from parallax.pipeline import ingest

            with self._lock:
                report = ingest(outcomes, self.store, annotator=self.annotator(), compare=True)
        return IngestResult(added=report.added, unchanged=report.unchanged, errors=report.errors)
