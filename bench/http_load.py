"""Logged-in page views per second over HTTP: gunicorn on loopback, driven by wrk.

Run: .venv/bin/python -m bench.http_load [--workers 2] [--seconds 10]
Needs `wrk` (apt-get install wrk). Uses a throwaway SQLite database with the real curriculum.
Bounded: each URL is loaded for --seconds, then everything stops. Not part of the test suite.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

from bench.pages import PASSWORD, build_app

URLS = (
    "/",
    "/dashboard",
    "/learn/introductory",
    "/learn/introductory/understanding-trafficking/what-is-trafficking",
)


def sign_in(base: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urlencode({"email": "bench@example.org", "password": PASSWORD, "csrf_token": token})
    opener.open(f"{base}/login", data=data.encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as folder:
        build_app(Path(folder))
        env = {**os.environ, "LMS_DATABASE_URL": f"sqlite:///{folder}/b.db",
               "LMS_SECRET_KEY": "bench-only"}  # fmt: skip
        port = "8765"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "wsgi:app"],
            env=env,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(50):
                try:
                    urllib.request.urlopen(base + "/login")
                    break
                except OSError:
                    time.sleep(0.2)
            cookie = sign_in(base)
            for url in URLS:
                command = ["wrk", "-t2", "-c16", f"-d{args.seconds}s", "-H", f"Cookie: {cookie}"]
                out = subprocess.run(
                    [*command, base + url], capture_output=True, text=True, check=True
                ).stdout
                rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
                errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
                print(f"{url}: {rate} req/s, {errors.group(1) if errors else 0} non-2xx")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
