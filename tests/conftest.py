"""Shared fixtures: every test gets its own document file, and Qt runs offscreen."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from model.edits.sample import load_sample_season
from model.store.db import open_engine, url_for_path
from tests.server.postgres import PostgresServer, server_for_session, why_no_server

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's documents."""
    monkeypatch.setenv("PITBOARD_DB", str(tmp_path / "default.pitboard"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.pitboard"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_engine(url_for_path(db_path))
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample season imported once; tests copy the file rather than import again."""
    path = tmp_path_factory.mktemp("sample") / "sample.pitboard"
    engine = open_engine(url_for_path(path))
    load_sample_season(engine)
    engine.dispose()
    return path


@pytest.fixture
def sample_path(sample_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "sample.pitboard"
    path.write_bytes(sample_template.read_bytes())
    return path


@pytest.fixture
def sample_engine(sample_path: Path) -> Iterator[Engine]:
    engine = open_engine(url_for_path(sample_path))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on 127.0.0.1 for the whole session (skips, saying why, where
    none can be started)."""
    reason = why_no_server()
    if reason:
        pytest.skip(reason)
    yield from server_for_session(Path(tempfile.mkdtemp(prefix="pitboard-pg-")))


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """A new, empty database on the test server, dropped after the test."""
    name = f"t{next(_DATABASES)}"
    pg_server.sql(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    pg_server.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a document file and on a server document."""
    if request.param == "sqlite":
        return str(tmp_path / "any.pitboard")
    return str(request.getfixturevalue("pg_url"))


_DATABASES = itertools.count(1)
