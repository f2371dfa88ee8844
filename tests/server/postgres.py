"""A real PostgreSQL server for the tests: one cluster per test session, in a temporary folder,
listening on 127.0.0.1 only, stopped when the session ends.

PostgreSQL refuses to run as root, so under root (as on CI) the cluster belongs to the
`postgres` system user that Debian's package creates. Where no server binaries are installed
(`make test` installs them where it can), the tests that need one are skipped and say why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEARCHED = ("/usr/lib/postgresql/*/bin",)


def server_bin() -> Path | None:
    """The folder of `initdb`, `pg_ctl` and `postgres`, newest version first."""
    for pattern in SEARCHED:
        found = sorted(Path("/").glob(pattern.lstrip("/")), reverse=True)
        for folder in found:
            if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
                return folder
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def why_no_server() -> str:
    """Empty when a cluster can be started here, else why not."""
    if server_bin() is None:
        return "no PostgreSQL server installed (make test installs Debian's postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: PostgreSQL cannot be started"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no 'postgres' user to run the server as"
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    folder: Path
    port: int
    bin: Path

    @property
    def base_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def url(self, database: str) -> str:
        return f"{self.base_url}/{database}"

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def sql(self, statement: str, database: str = "postgres") -> None:
        """One statement run as the superuser (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        ) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


def start_server(folder: Path) -> PostgresServer:
    """initdb a cluster in `folder` and start it on a free port of 127.0.0.1."""
    bin_folder = server_bin()
    assert bin_folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        folder.chmod(0o700)
    server = PostgresServer(folder, _free_port(), bin_folder)
    data = folder / "data"
    server.run(
        "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "-A", "trust"
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    server.run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
    return server


def server_for_session(folder: Path) -> Iterator[PostgresServer]:
    server = start_server(folder)
    try:
        yield server
    finally:
        server.stop()
