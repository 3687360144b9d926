"""Signed-in page views per second over HTTP, against two floors and nginx, in one run.

Run: .venv/bin/python -m bench.http_load [--seconds 10] [--rounds 2]
Needs wrk and nginx (apt-get install wrk nginx). Every app runs under gunicorn with the
project's gunicorn.conf.py (2 gthread workers); wrk drives each with 32 connections. Rounds
are interleaved and each figure is the median of the rounds. Targets:

- bare floor:  a bare Flask route rendering a 6 KB lesson template (bench/floor_app.py);
- stack floor: the same template behind Flask-Login + Flask-SQLAlchemy (SQLite), one more
               query, Flask-Babel and a Flask-WTF CSRF token (bench/floor_app.py);
- the LMS's lesson page, course page and dashboard, signed in, real curriculum, SQLite;
- nginx serving the bare floor's HTML as a static file (the machine's limit).
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError

from bench.floor_app import BODY, TEMPLATE, seed
from bench.pages import PASSWORD, build_app
from lms.config import ROOT
from tests.test_serving import environment, free_port, start, stop

LMS_PAGES = {
    "lesson page": "/learn/introductory/understanding-trafficking/what-is-trafficking",
    "course page": "/learn/introductory",
    "dashboard": "/dashboard",
}


def cookie_after(url: str, form: dict | None = None) -> str:
    """The cookie a browser holds after GETting `url` (and POSTing `form` to it)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url).read().decode()
    if form is not None:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = "&".join(f"{k}={v}" for k, v in {**form, "csrf_token": token}.items())
        opener.open(url, data=data.encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(url: str, cookie: str, seconds: int) -> tuple[float, float, int]:
    """(requests per second, p99 latency in ms, non-2xx responses)."""
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    scale = {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, float(p99) * scale, int(errors.group(1)) if errors else 0


def nginx(folder: Path, port: int) -> subprocess.Popen:
    (folder / "lesson.html").write_text(TEMPLATE.replace("{{ body|safe }}", BODY))
    folder.chmod(0o755)  # nginx's workers run as another user
    (folder / "lesson.html").chmod(0o644)
    config = folder / "nginx.conf"
    config.write_text(f"""worker_processes 2; daemon off; pid {folder}/nginx.pid;
error_log {folder}/nginx.err; events {{}}
http {{ access_log off; server {{ listen 127.0.0.1:{port}; root {folder};
  location / {{ default_type text/html; }} }} }}""")
    return subprocess.Popen(["nginx", "-c", str(config)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: apt-get install {tool}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        build_app(folder)
        seed(f"sqlite:///{folder}/floor.db")
        ports = {name: free_port() for name in ("lms", "bare", "stack", "nginx")}
        env = environment(f"sqlite:///{folder}/b.db", ports["lms"], LMS_RATELIMIT_ENABLED="0")
        servers = [start(env, ports["lms"])]
        for floor in ("bare", "stack"):
            floor_env = environment("sqlite://", ports[floor], FLOOR=floor,
                                    FLOOR_DB=f"sqlite:///{folder}/floor.db")  # fmt: skip
            servers.append(start_floor(floor_env, ports[floor]))
        servers.append(nginx(folder, ports["nginx"]))
        try:
            run(ports, args.seconds, args.rounds)
        finally:
            for server in servers:
                stop(server)


def start_floor(env: dict, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "bench.floor_app:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/lesson")
            return server
        except HTTPError:  # answering (the stack floor asks for a sign-in first)
            return server
        except OSError:
            subprocess.run(["sleep", "0.2"], check=True)
    raise RuntimeError("floor app did not start")


def run(ports: dict, seconds: int, rounds: int) -> None:
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    lms_cookie = cookie_after(f"{base['lms']}/login", {"email": "bench@example.org",
                                                       "password": PASSWORD})  # fmt: skip
    stack_cookie = cookie_after(f"{base['stack']}/login")
    targets = {
        "bare floor": (f"{base['bare']}/lesson", ""),
        "stack floor": (f"{base['stack']}/lesson", stack_cookie),
        **{name: (base["lms"] + path, lms_cookie) for name, path in LMS_PAGES.items()},
        "nginx (static)": (f"{base['nginx']}/lesson.html", ""),
    }
    results: dict[str, list[tuple]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (url, cookie) in targets.items():
            results[name].append(wrk(url, cookie, seconds))
    median = {name: (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                     sum(r[2] for r in runs)) for name, runs in results.items()}  # fmt: skip
    bare, stack = median["bare floor"][0], median["stack floor"][0]
    print(f"{'':16}{'req/s':>10}{'p99 ms':>9}{'errors':>8}{'÷ stack':>9}{'÷ bare':>8}")
    for name, (rate, p99, errors) in median.items():
        print(
            f"{name:16}{rate:>10.0f}{p99:>9.1f}{errors:>8}{rate / stack:>9.2f}{rate / bare:>8.2f}"
        )


if __name__ == "__main__":
    main()
