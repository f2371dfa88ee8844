"""A shared document on a PostgreSQL server: what makes a database a Pitboard document there.

SQLite keeps a document's identity in the file header (application_id, user_version); a
server database has no such header, so it keeps the same two numbers in a one-row table,
`pitboard_document`. The history's append-only guard is a trigger function there.
"""

from __future__ import annotations

from sqlalchemy import Connection

IDENTITY_TABLE = "pitboard_document"

APPEND_ONLY_SERVER = (
    "CREATE OR REPLACE FUNCTION pitboard_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the history is append-only'; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS change_log_append_only ON change_log",
    "CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log "
    "FOR EACH ROW EXECUTE FUNCTION pitboard_append_only()",
)


def server_identity(connection: Connection) -> tuple[int, int, set[str]]:
    """(application_id, version, table names) of a server database; (0, 0, …) before it
    holds a document."""
    names = {
        str(row[0])
        for row in connection.exec_driver_sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    }
    if IDENTITY_TABLE not in names:
        return 0, 0, names
    row = connection.exec_driver_sql(
        f"SELECT application_id, version FROM {IDENTITY_TABLE}"
    ).first()
    return (int(row[0]), int(row[1]), names) if row is not None else (0, 0, names)


def stamp_server(connection: Connection, application_id: int, version: int) -> None:
    """Mark the server database as a Pitboard document of `version`."""
    connection.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {IDENTITY_TABLE} "
        "(application_id BIGINT NOT NULL, version INTEGER NOT NULL)"
    )
    connection.exec_driver_sql(f"DELETE FROM {IDENTITY_TABLE}")
    connection.exec_driver_sql(
        f"INSERT INTO {IDENTITY_TABLE} (application_id, version) "
        f"VALUES ({int(application_id)}, {int(version)})"
    )
