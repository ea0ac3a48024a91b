"""Fixtures shared by all tests: paths to shared data and throwaway databases.

The store, CLI and web app tests run twice, on SQLite and on PostgreSQL: every test
there that takes a ``database`` (or the ``store`` opened on it) gets one of each.
PostgreSQL is the throwaway server ``.ci/with-postgres`` starts around ``make test``
(its URL in ``PARALLAX_TEST_POSTGRES``); each test gets a new database on it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from parallax.annotate import Annotator
from parallax.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EXAMPLES = REPO / "examples" / "corpus"

BACKENDS = ("sqlite", "postgresql")
# Test folders and files (under tests/) whose database tests run on every backend.
EVERY_BACKEND = (
    "store/",
    "cli/",
    "serve/",
    "watch/",
    "stories/test_stories_command.py",
    "stories/test_clusterer.py",  # the stories stage's state in the store
)
POSTGRES_ENV = "PARALLAX_TEST_POSTGRES"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    where = metafunc.definition.path.relative_to(REPO / "tests").as_posix()
    if "backend" in metafunc.fixturenames and where.startswith(EVERY_BACKEND):
        metafunc.parametrize("backend", BACKENDS, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """The database a test runs on: SQLite, unless parametrized over both."""
    name: str = getattr(request, "param", "sqlite")
    if name == "postgresql" and not os.environ.get(POSTGRES_ENV):
        pytest.skip(
            f"no PostgreSQL server ({POSTGRES_ENV} unset): `make test` starts one through "
            ".ci/with-postgres, which needs Debian's postgresql (installed when run as root)"
        )
    return name


class Databases:
    """New, empty databases of one backend, as ``--db`` takes them, dropped when done."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.server = os.environ.get(POSTGRES_ENV, "")

    def _admin(self, sql: str) -> None:
        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(sql)

    @contextmanager
    def new(self, folder: Path, template: str | None = None) -> Iterator[str]:
        """A new database in ``folder`` (SQLite) or on the server (PostgreSQL); with
        ``template``, a copy of that database."""
        if self.backend == "sqlite":
            target = folder / f"{uuid.uuid4().hex[:8]}.db"
            if template:
                shutil.copy(template, target)
            yield str(target)
            return
        name = f"test_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        try:
            yield make_url(self.server).set(database=name).render_as_string(hide_password=False)
        finally:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def name(self, target: str) -> str:
        """What ``new`` takes as ``template`` to copy the database ``target``."""
        return target if self.backend == "sqlite" else str(make_url(target).database)


@pytest.fixture(scope="session")
def databases(backend: str) -> Databases:
    return Databases(backend)


@pytest.fixture
def database(databases: Databases, tmp_path: Path) -> Iterator[str]:
    """A new, empty database for one test: an SQLite file or a PostgreSQL URL."""
    with databases.new(tmp_path) as target:
        yield target


@pytest.fixture
def store(database: str) -> Iterator[Store]:
    with Store(database) as opened:
        yield opened


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    """The spaCy model loads once per test session."""
    return Annotator()
