"""A server killed with SIGKILL in the middle of sustained writes: after a restart the
database is consistent and holds every write it acknowledged."""

import http.client
import os
import re
import signal
import threading
import time
from urllib.parse import urlencode

from sqlalchemy import create_engine, select, text

from lms.models import User
from tests.conftest import PASSWORD
from tests.test_backup import empty_database
from tests.test_serving import environment, free_port, migrate, start, stop


def register(port: int, email: str) -> bool:
    """One registration from a new browser; True if the server acknowledged it (302)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/register")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = {"email": email, "full_name": "Crash Test", "country": "TH", "locale": "en",
                "sector": "health", "organisation_type": "ngo", "password": PASSWORD,
                "confirm": PASSWORD, "consent": "y", "csrf_token": token}  # fmt: skip
        connection.request("POST", "/register", urlencode(form), {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})  # fmt: skip
        return connection.getresponse().status == 302
    except (OSError, http.client.HTTPException, AttributeError):
        return False  # the server died under us: not acknowledged
    finally:
        connection.close()


def test_a_killed_server_loses_no_acknowledged_write(database_url, tmp_path):
    url = empty_database(database_url, tmp_path)
    port = free_port()
    env = environment(url, port, LMS_RATELIMIT_ENABLED="0")
    migrate(env)
    server = start(env, port)
    acknowledged: list[str] = []
    stop_writing = threading.Event()

    def writer(number: int):
        count = 0
        while not stop_writing.is_set():
            email = f"writer{number}-{count}@example.org"
            if register(port, email):
                acknowledged.append(email)
            count += 1

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in writers:
        thread.start()
    time.sleep(3)
    os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-write
    server.wait()
    stop_writing.set()
    for thread in writers:
        thread.join()
    assert len(acknowledged) >= 10

    server = start(env, port)  # the database opens again after the crash
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            if url.startswith("sqlite"):
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            stored = set(connection.scalars(select(User.email)))
        engine.dispose()
        assert set(acknowledged) <= stored
    finally:
        stop(server)
