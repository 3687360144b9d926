"""Exports never carry a live formula; admin pages cost the same number of queries at any size."""

import csv
import io
import re
import zipfile

import pytest
from sqlalchemy import event

from lms.admin import demo
from lms.exports import as_csv, as_xlsx
from lms.extensions import db as _db
from tests.conftest import csrf_token

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB",
           "\r=1"]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(value):
    rows = list(csv.reader(io.StringIO(as_csv((["Name"], [[value], [42]])).decode("utf-8-sig"))))
    assert rows[1] == ["'" + value] and rows[2] == ["42"]
    with zipfile.ZipFile(io.BytesIO(as_xlsx({"Sheet": (["Name"], [[value], [42]])}))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    assert "<t>'" in strings or '<t xml:space="preserve">\'' in strings


def test_a_learner_named_like_a_formula_is_exported_as_text(
    client, db, content, make_user, regional_admin, login
):
    make_user(full_name='=HYPERLINK("http://evil.example","Click")')
    login(regional_admin)
    for kind in ("csv", "xlsx"):
        token = csrf_token(client, "/admin/learners")
        body = client.post("/admin/learners/export", data={"csrf_token": token, "format": kind})
        data = body.get_data()
        if kind == "csv":
            assert "'=HYPERLINK" in data.decode("utf-8-sig")
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
                assert "'=HYPERLINK" in book.read("xl/sharedStrings.xml").decode()


ADMIN_PAGES = ["/admin", "/admin/donors", "/admin/funnel", "/admin/items", "/admin/learners",
               "/admin/audit"]  # fmt: skip


def queries_per_page(app, client) -> dict[str, int]:
    counts = {}
    with app.app_context():
        engine = _db.engine
    seen: list[str] = []

    def count(_connection, _cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for url in ADMIN_PAGES:
            seen.clear()
            assert client.get(url).status_code == 200, url
            counts[url] = len(seen)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counts


def test_admin_pages_cost_the_same_queries_at_any_number_of_learners(
    app, client, db, real_content, regional_admin, login
):
    login(regional_admin)
    demo.seed(30, rng_seed=1)
    db.session.commit()
    small = queries_per_page(app, client)
    demo.seed(120, rng_seed=2)
    db.session.commit()
    large = queries_per_page(app, client)
    assert small == large
    assert max(large.values()) <= 30, large
    page = client.get("/admin/learners").get_data(as_text=True)
    assert len(re.findall(r'href="/admin/learners/\d+"', page)) == 50  # one page of many
