"""Shared fixtures: every test gets its own document file, and Qt runs offscreen."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine
from sqlmodel import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from model.edits.sample import load_sample_season
from model.store.db import open_engine, url_for_path
from model.store.schema import create_schema
from tests.server.postgres import PostgresServer, server_for_session, why_no_server

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
DATA = Path(__file__).resolve().parent / "data"
MODEL_TESTS = Path(__file__).resolve().parent / "model"
BACKENDS = ["sqlite", "postgresql"]
EMPTY_TEMPLATE = "empty_template"
SAMPLE_TEMPLATE = "sample_template"


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
def backend(request: pytest.FixtureRequest) -> str:
    """Where `engine` and `sample_engine` keep the document: "sqlite" unless the model test is
    run on both (see pytest_generate_tests)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def engine(backend: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty document: a file, or a server database cloned from an empty template."""
    if backend == "sqlite":
        url: URL | str = url_for_path(request.getfixturevalue("db_path"))
    else:
        url = request.getfixturevalue("pg_templates").clone(EMPTY_TEMPLATE)
    engine = open_engine(url)
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
def sample_engine(backend: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The 2003 sample: a copy of the session's file, or a clone of the server template."""
    if backend == "sqlite":
        url: URL | str = url_for_path(request.getfixturevalue("sample_path"))
    else:
        url = request.getfixturevalue("pg_templates").clone(SAMPLE_TEMPLATE)
    engine = open_engine(url)
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


class ServerTemplates:
    """Template databases made once per session (the schema alone; the schema with the 2003
    sample), each cloned per test by the server itself, far faster than building it again."""

    def __init__(self, server: PostgresServer) -> None:
        self.server = server
        self.made: set[str] = set()
        self.clones: list[str] = []

    def clone(self, template: str) -> str:
        if template not in self.made:
            self._make(template)
        name = f"t{next(_DATABASES)}"
        self.server.sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        self.clones.append(name)
        return self.server.url(name)

    def drop_clones(self) -> None:
        for name in self.clones:
            self.server.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.clones.clear()

    def _make(self, template: str) -> None:
        self.server.sql(f"CREATE DATABASE {template}")
        engine = open_engine(self.server.url(template), create=False)
        try:
            create_schema(engine)
            if template == SAMPLE_TEMPLATE:
                load_sample_season(engine)
        finally:
            engine.dispose()  # a template must have no connection while it is cloned
        self.made.add(template)


@pytest.fixture(scope="session")
def _server_templates(pg_server: PostgresServer) -> ServerTemplates:
    return ServerTemplates(pg_server)


@pytest.fixture
def pg_templates(_server_templates: ServerTemplates) -> Iterator[ServerTemplates]:
    """Clones of the session's templates, dropped after the test."""
    yield _server_templates
    _server_templates.drop_clones()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the document file itself; never run on a server"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each model test on a document (`engine`, `sample_engine`, or a fixture built on them) runs
    on a file and on a server document, unless it is about the file itself: it asks for the
    file's path (`db_path`, `sample_path`) or is marked sqlite_only."""
    names = set(metafunc.fixturenames)
    if not names & {"engine", "sample_engine"} or names & {"db_path", "sample_path"}:
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if MODEL_TESTS not in Path(str(metafunc.definition.path)).parents:
        return
    metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(params=BACKENDS)
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a document file and on a server document."""
    if request.param == "sqlite":
        return str(tmp_path / "any.pitboard")
    return str(request.getfixturevalue("pg_url"))


_DATABASES = itertools.count(1)
