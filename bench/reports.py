"""Administrators' reports at scale: 10,000 and 100,000 synthetic learners, SQLite and PostgreSQL.

Run: .venv/bin/python -m bench.reports [--sizes 10000 100000] [--databases sqlite postgresql]
For each database and size it seeds demo learners (`flask lms seed-demo`'s generator), then
times, in process, the overview, the donor report, the funnel and the donor CSV export for a
regional administrator, and the bare SQL aggregate behind the donor report (the floor).
Each figure is the median of --repeat runs. Not part of the test suite.
"""

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from lms import create_app
from lms.admin import demo
from lms.admin.reports import Filters, donor_floor
from lms.config import ROOT, TestConfig
from lms.content.files import load_tree
from lms.extensions import db
from lms.models import Role, User
from lms.store.importer import import_tree
from tests import postgres

PASSWORD = "benchmark passphrase 2026"
PAGES = {"overview": "/admin", "donor report": "/admin/donors", "funnel": "/admin/funnel"}


def build(url: str, learners: int):
    app = create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        db.drop_all()
        db.create_all()
        import_tree(db.session, load_tree(ROOT))
        admin = User(email="admin@example.org", full_name="Admin", country="XX", locale="en",
                     sector="other", organisation_type="other", role=Role.ADMIN)  # fmt: skip
        admin.set_password(PASSWORD)
        db.session.add(admin)
        db.session.commit()
        started = time.perf_counter()
        demo.seed(learners)
        db.session.commit()
        if url.startswith("postgresql"):
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        seconds = time.perf_counter() - started
    return app, seconds


def signed_in(app):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD,
                                "csrf_token": token})  # fmt: skip
    page = client.get("/admin/donors").get_data(as_text=True)  # a new session has a new token
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client, token


def median_ms(action, repeat: int) -> float:
    action()  # warm the caches once
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def measure(app, repeat: int) -> dict[str, float]:
    client, token = signed_in(app)
    figures = {name: median_ms(lambda u=url: client.get(u), repeat) for name, url in PAGES.items()}
    export = {"csrf_token": token, "format": "csv"}
    assert client.post("/admin/donors/export", data=export).status_code == 200
    figures["CSV export"] = median_ms(lambda: client.post("/admin/donors/export", data=export),
                                      repeat)  # fmt: skip
    with app.app_context():
        figures["floor (bare SQL)"] = median_ms(lambda: donor_floor(Filters()), repeat)
    return figures


def run(database: str, url: str, sizes: list[int], repeat: int) -> dict[int, dict]:
    results = {}
    for size in sizes:
        app, seconds = build(url, size)
        print(f"{database}: seeded {size:,} learners in {seconds:.0f} s", flush=True)
        results[size] = measure(app, repeat)
        with app.app_context():
            db.engine.dispose()
    return results


def report(database: str, results: dict[int, dict]) -> None:
    sizes = sorted(results)
    print(f"\n{database}: median ms per request (ratio to the bare-SQL floor)")
    print(f"{'':18}" + "".join(f"{size:>22,}" for size in sizes) + "   growth")
    for name in results[sizes[0]]:
        floors = [results[s]["floor (bare SQL)"] for s in sizes]
        cells = [f"{results[s][name]:>12.1f} ({results[s][name] / floor:>5.1f}x)"
                 for s, floor in zip(sizes, floors, strict=True)]  # fmt: skip
        growth = results[sizes[-1]][name] / results[sizes[0]][name] if len(sizes) > 1 else 1
        ratio = sizes[-1] / sizes[0]
        print(
            f"{name:18}" + "".join(f"{c:>22}" for c in cells) + f"   {growth:.1f}x for {ratio:.0f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for database in args.databases:
        if database == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                results = run(database, f"sqlite:///{Path(folder) / 'r.db'}", args.sizes,
                              args.repeat)  # fmt: skip
        else:
            with postgres.cluster(postgres.find_bindir()) as url:
                results = run(database, url, args.sizes, args.repeat)
        report(database, results)


if __name__ == "__main__":
    main()
