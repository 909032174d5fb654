"""A throw-away PostgreSQL cluster for the tests and for CI (standard library only).

``start(folder)`` runs ``initdb`` into ``folder`` and ``pg_ctl start`` with the
server listening only on a Unix socket in that folder (no port to collide
with), trust authentication and no fsync (the data is thrown away), and
returns the URL of its ``postgres`` database.  As root (CI), the server runs
as the ``postgres`` user that Debian's package creates, since initdb refuses
root.  ``stop(folder)`` stops it.

    python3 tests/postgres_server.py start DIR   # prints the URL
    python3 tests/postgres_server.py stop DIR
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

SERVER_USER = "postgres"  # the account Debian's postgresql package creates
PORT = 5432  # names the socket file only: the server listens on no TCP port
SEARCH = ["/usr/lib/postgresql/*/bin"]


class NoServer(Exception):
    """No PostgreSQL server can be started here (and why)."""


def binaries() -> Path:
    """The folder with initdb and pg_ctl: on PATH, else Debian's newest."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob(SEARCH[0]), key=lambda p: int(Path(p).parent.name),
                         reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    raise NoServer("PostgreSQL's initdb and pg_ctl are not installed "
                   "(Debian: apt-get install postgresql)")


def _as_server_user() -> list[str]:
    """The prefix that runs a command as a non-root user ([] when we are not root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise NoServer(f"running as root and there is no {SERVER_USER!r} user for the server") \
            from None
    runuser = shutil.which("runuser")
    if not runuser:
        raise NoServer("running as root and runuser (util-linux) is missing")
    return [runuser, "-u", SERVER_USER, "--"]


def _run(prefix: list[str], command: list[str]) -> None:
    done = subprocess.run(prefix + command, capture_output=True, text=True)
    if done.returncode:
        raise NoServer(f"{Path(command[0]).name} failed: {(done.stderr or done.stdout).strip()}")


def start(folder: str | os.PathLike) -> str:
    folder = Path(folder).resolve()
    bin_dir, prefix = binaries(), _as_server_user()
    data, socket_dir = folder / "data", folder / "socket"
    folder.mkdir(parents=True, exist_ok=True)
    socket_dir.mkdir(exist_ok=True)
    if prefix:
        user = pwd.getpwnam(SERVER_USER)
        for path in (folder, socket_dir):
            os.chown(path, user.pw_uid, user.pw_gid)
    _run(prefix, [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
    options = (f"-c listen_addresses='' -c unix_socket_directories={socket_dir} -p {PORT} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
               "-c max_connections=50")
    _run(prefix, [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start"])
    return f"postgresql://postgres@/postgres?host={socket_dir}&port={PORT}"


def stop(folder: str | os.PathLike) -> None:
    data = Path(folder).resolve() / "data"
    if (data / "postmaster.pid").exists():
        _run(_as_server_user(), [str(binaries() / "pg_ctl"), "-D", str(data), "-m", "fast",
                                 "-w", "stop"])


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit(__doc__.split("\n\n")[-1])
    try:
        if sys.argv[1] == "start":
            print(start(sys.argv[2]))
        else:
            stop(sys.argv[2])
    except NoServer as exc:
        sys.exit(f"postgres_server: {exc}")
