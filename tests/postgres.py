"""A throwaway PostgreSQL cluster on loopback, started from the installed binaries.

initdb refuses to run as root, so under root (as in CI) the cluster runs as the unprivileged
`postgres` user that Debian's package creates.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1])
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def cluster(bindir: Path) -> Iterator[str]:
    """Start a cluster; yield a SQLAlchemy URL to its `postgres` database; stop and delete it."""
    base = Path(tempfile.mkdtemp(prefix="lms-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = base / "data"
    options = f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off -c synchronous_commit=off"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "lms", "--auth=trust", "-E", "UTF8",
        "--no-sync", "--locale=C")  # fmt: skip
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w",
        "start")  # fmt: skip
    try:
        yield f"postgresql+psycopg://lms@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)
