"""Ingest by upload: files land in a private temp folder under safe names, then the
ordinary readers and pipeline take over, exactly as ``parallax ingest`` would."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from parallax.ingest import read_path
from parallax.models import IngestError
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
    stream: IO[bytes]
    """The uploaded file (spooled to disk past 1 MB by the form parser), read in chunks."""


def safe_name(name: str | None, index: int) -> str:
    """Only the last path component, in a small alphabet: no traversal, no hidden files."""
    base = _UNSAFE.sub("_", Path((name or "").replace("\\", "/")).name).lstrip("._")
    return base[-120:] or f"upload-{index}.txt"


def _relabel(outcome: Outcome, label: str) -> Outcome:
    """Report the uploaded name, never the temp path it was read from."""
    return outcome.model_copy(update={"source": label})


class UploadIngester:
    """Runs uploads one at a time: the story clusterer's state is read and written whole."""

    def __init__(
        self, store: Store, annotator: Callable[[], Annotator], max_records: int = 10_000
    ) -> None:
        self.store = store
        self.annotator = annotator
        self.max_records = max_records
        self._lock = threading.Lock()

    def ingest(self, uploads: list[Upload]) -> IngestResult:
        with tempfile.TemporaryDirectory(prefix="parallax-upload-") as folder:
            files = []
            for index, upload in enumerate(uploads):
                name = safe_name(upload.name, index)
                path = Path(folder) / str(index) / name
                path.parent.mkdir()
                upload.stream.seek(0)
                with path.open("wb") as copy:
                    shutil.copyfileobj(upload.stream, copy)
                files.append((path, name))
            from parallax.pipeline import ingest

            with self._lock:
                report = ingest(
                    self._outcomes(files), self.store, make_annotator=self.annotator, compare=True
                )
        return IngestResult(added=report.added, unchanged=report.unchanged, errors=report.errors)

    def _outcomes(self, files: list[tuple[Path, str]]) -> Iterator[Outcome]:
        """Each file's records, streamed into the pipeline (never all held at once), up
        to ``max_records`` for the whole upload; past that one error says so."""
        count = 0
        for path, name in files:
            for outcome in read_path(path, max_records=self.max_records):
                count += 1
                if count > self.max_records:
                    yield IngestError(
                        source=f"upload:{name}",
                        reason=f"over {self.max_records:,} records in the upload: "
                        "the rest was not read",
                    )
                    return
                yield _relabel(outcome, f"upload:{name}")
