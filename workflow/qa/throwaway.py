"""Throwaway servers on loopback for the tests and the benchmark of the Q&A intake: a free
port, and a PostgreSQL server of our own in a temporary folder, stopped and removed after."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PG_USER = "postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is missing: `make test` installs the Debian package "
                           "postgresql")
    return found[-1]


@dataclass
class Postgres:
    """A PostgreSQL server of our own on 127.0.0.1, in a temporary folder."""

    folder: Path
    port: int
    as_user: list[str] = field(default_factory=list)

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, cwd="/")

    def url(self, database: str) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        name = f"qa_{uuid.uuid4().hex[:12]}"
        self.run(_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER,
                 name)
        return self.url(name)


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """initdb, start, yield, stop. PostgreSQL refuses to run as root, so under root it runs as
    the `postgres` user the Debian package creates, in a folder that user owns."""
    folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam(PG_USER)
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", PG_USER, "--"]
    server = Postgres(folder, free_port(), as_user)
    data = folder / "data"
    try:
        server.run(_pg_bin("initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust",
                   "--encoding=UTF8", "--no-locale")
        server.run(_pg_bin("pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
                   "-o", f"-h 127.0.0.1 -p {server.port} -k {folder} -c fsync=off", "start")
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            server.run(_pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)
