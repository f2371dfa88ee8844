"""A document on a real PostgreSQL server: created by the same schema code as a file, refused
when it is not one, reached by every command through --db URL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from model.errors import NotFoundError
from model.store.documents import open_for_editing, server_name
from model.store.schema import APPLICATION_ID, CURRENT_VERSION, DocumentError, identity
from model.store.storage_errors import StorageError
from tests.conftest import DATA
from tests.helpers import SAMPLE, run
from tests.server.postgres import PostgresServer


def test_an_empty_server_database_becomes_a_document(pg_url: str) -> None:
    opened = open_for_editing(pg_url, create=True)
    try:
        assert opened.created
        with opened.engine.connect() as connection:
            app, version, names = identity(connection)
        assert (version, {"result", "change_log", "pitboard_document"} <= names) == (
            CURRENT_VERSION,
            True,
        )
        assert app != 0
    finally:
        opened.close()
    again = open_for_editing(pg_url, create=False)
    assert not again.created
    again.close()


def test_the_history_is_append_only_on_the_server(pg_url: str) -> None:
    opened = open_for_editing(pg_url, create=True)
    try:
        with opened.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO change_log (at, author, host, step, subject, subject_id, action)"
                    " VALUES ('2026-01-01', 'Ann', 'laptop', 'x', 'result', 1, 'added')"
                )
            )
        with pytest.raises(DBAPIError, match="append-only"), opened.engine.begin() as connection:
            connection.execute(text("UPDATE change_log SET author = 'Bob'"))
    finally:
        opened.close()


def test_every_update_raises_the_row_version(
    any_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", any_url, "import-season", str(SAMPLE / "season.json"))[0] == 0
    opened = open_for_editing(any_url, create=False)
    try:
        with opened.engine.begin() as connection:
            before = connection.execute(text("SELECT row_version FROM round WHERE id = 1")).scalar()
            connection.execute(text("UPDATE round SET circuit = 'Elsewhere' WHERE id = 1"))
            after = connection.execute(text("SELECT row_version FROM round WHERE id = 1")).scalar()
        assert (before, after) == (1, 2)
    finally:
        opened.close()


@pytest.mark.parametrize(
    ("prepare", "expected"),
    [
        ("CREATE TABLE other (id INTEGER)", "is a database, but not a Pitboard document"),
        (
            "CREATE TABLE pitboard_document (application_id BIGINT, version INTEGER);"
            f"INSERT INTO pitboard_document VALUES ({APPLICATION_ID}, {CURRENT_VERSION + 1})",
            "was saved by a newer Pitboard",
        ),
    ],
)
def test_a_database_that_is_not_a_document_is_left_untouched(
    pg_server: PostgresServer, pg_url: str, prepare: str, expected: str
) -> None:
    database = pg_url.rsplit("/", 1)[1]
    for statement in prepare.split(";"):
        pg_server.sql(statement, database)
    with pytest.raises(DocumentError, match=expected):
        open_for_editing(pg_url, create=True)


def test_a_missing_document_is_not_created_by_a_reader(pg_url: str) -> None:
    with pytest.raises(NotFoundError, match="no Pitboard document in"):
        open_for_editing(pg_url, create=False)


def test_an_unreachable_server_is_named_without_its_password() -> None:
    url = "postgresql://ann:secret@127.0.0.1:9/pitboard"  # port 9: nobody listens
    with pytest.raises(StorageError) as refused:
        open_for_editing(url, create=True)
    assert "cannot use postgresql+psycopg://ann:***@127.0.0.1:9/pitboard" in str(refused.value)
    assert "secret" not in str(refused.value)
    assert server_name(url).endswith("@127.0.0.1:9/pitboard")


def test_the_command_line_works_on_a_server_document(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", pg_url, "import-season", str(SAMPLE / "season.json"))[0] == 0
    code, out, err = run(
        capsys, "import-results", "--db", pg_url, "--season", "2003", str(SAMPLE / "results.csv")
    )
    assert (code, err) == (0, "")
    code, out, err = run(
        capsys, "standings", "--db", pg_url, "--season", "2003", "--class", "LMP900"
    )
    assert (code, err) == (0, "")
    assert "1  Infineon Team Joest" in out
    assert DATA.exists()
