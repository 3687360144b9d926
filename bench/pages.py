"""Page weight and in-process throughput of the learner's main pages.

Run: .venv/bin/python -m bench.pages [--requests 300]
Uses a throwaway SQLite database with the real curriculum. Not part of the test suite.
"""

import argparse
import gzip
import re
import tempfile
import time
from pathlib import Path

from lms import create_app
from lms.config import ROOT, TestConfig
from lms.content.files import load_tree
from lms.extensions import db
from lms.models import User
from lms.store.importer import import_tree

PASSWORD = "benchmark passphrase 2026"


def build_app(folder: Path):
    """A bench database with the real curriculum and one learner; returns the app."""
    config = type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db"})
    app = create_app(config)
    with app.app_context():
        db.create_all()
        import_tree(db.session, load_tree(ROOT))
        user = User(email="bench@example.org", full_name="Bench", country="TH", locale="en",
                    sector="health", organisation_type="government")  # fmt: skip
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    return app


def signed_in_client(app):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"email": "bench@example.org", "password": PASSWORD, "csrf_token": token}
    client.post("/login", data=data)
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder))
        client = signed_in_client(app)
        css = client.get("/static/css/site.css").data
        print(f"site.css: {len(css)} B, {len(gzip.compress(css))} B gzipped")
        for url in (
            "/",
            "/dashboard",
            "/learn/introductory",
            "/learn/introductory/understanding-trafficking/what-is-trafficking",
        ):
            body = client.get(url).data
            start = time.perf_counter()
            for _ in range(args.requests):
                client.get(url)
            rate = args.requests / (time.perf_counter() - start)
            print(
                f"{url}: {len(body)} B HTML ({len(gzip.compress(body))} B gzipped), "
                f"{rate:.0f} req/s on one core, in-process"
            )


if __name__ == "__main__":
    main()
