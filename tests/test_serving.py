"""The production server: gunicorn with gunicorn.conf.py keeps answering while idle or slow
clients hold connections open."""

import http.client
import os
import socket
import subprocess
import sys
import time

import pytest

from lms.config import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str = "/login") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    status = connection.getresponse().status
    connection.close()
    return status


def environment(database_url: str, port: int, **extra) -> dict[str, str]:
    secret = "a test-only key of enough length"
    return {**os.environ, "LMS_DATABASE_URL": database_url, "LMS_BIND": f"127.0.0.1:{port}",
            "LMS_SECRET_KEY": secret, "LMS_WORKERS": "2", **extra}  # fmt: skip


def migrate(env: dict) -> None:
    upgrade = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
    subprocess.run(upgrade, cwd=ROOT, env=env, check=True, capture_output=True)


def start(env: dict, port: int) -> subprocess.Popen:
    """gunicorn as the README runs it, with its config file, in a process group of its own."""
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                               "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            assert get(port) == 200
            return server
        except OSError:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn on a fresh SQLite database."""
    port = free_port()
    env = environment(f"sqlite:///{tmp_path / 'g.sqlite3'}", port)
    migrate(env)
    server = start(env, port)
    yield port
    stop(server)


def test_ten_idle_connections_do_not_hold_the_site(gunicorn):
    """Ten connections opened and left silent (more than the threads of both workers)."""
    held = [socket.create_connection(("127.0.0.1", gunicorn)) for _ in range(10)]
    time.sleep(0.5)  # long enough for gunicorn to park them
    try:
        started = time.monotonic()
        assert get(gunicorn) == 200
        assert time.monotonic() - started < 1
    finally:
        for connection in held:
            connection.close()
