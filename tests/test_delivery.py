"""Light on the wire: a learner's first lesson, and the next ones, within their byte budgets
with compression on; static files cached for good; nothing fetched from another host."""

import gzip
import re

import pytest

FIRST = "/learn/introductory/understanding-trafficking/what-is-trafficking"
NEXT = "/learn/introductory/understanding-trafficking/forms-of-exploitation-in-the-region"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def wire_bytes(response) -> int:
    """What crosses the network: the status line, the headers and the (compressed) body."""
    headers = sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items())
    return len("HTTP/1.1 200 OK\r\n\r\n") + headers + len(response.data)


def assets(page: str) -> list[str]:
    """What a browser fetches for a page (a data: URL is inline: no request)."""
    found = re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', page)
    return [url for url in found if not url.startswith("data:")]


@pytest.mark.parametrize(
    ("locale", "country", "first_budget", "later_budget"),
    [
        ("en", "PH", 8 * 1024, 5 * 1024),
        ("th", "TH", 10 * 1024, 7 * 1024),
        ("my", "MM", 10 * 1024, 7 * 1024),
    ],
)
def test_lessons_fit_their_budgets_on_the_wire(
    client, db, real_content, make_user, login, locale, country, first_budget, later_budget
):
    login(make_user(locale=locale, country=country))
    first = client.get(FIRST, headers=GZIP)
    assert first.headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(first.data).decode()
    static = [client.get(url, headers=GZIP) for url in assets(page)]
    assert all(r.headers["Cache-Control"].endswith("immutable") for r in static)
    first_visit = wire_bytes(first) + sum(wire_bytes(r) for r in static)
    later = wire_bytes(client.get(NEXT, headers=GZIP))  # the stylesheet is in the cache now
    assert first_visit < first_budget, first_visit
    assert later < later_budget, later


def test_no_request_leaves_the_apps_own_host(client, db, real_content, make_user, login):
    login(make_user())
    for url in ("/", "/dashboard", "/learn/introductory", FIRST, "/login"):
        page = client.get(url).get_data(as_text=True)
        for asset in assets(page):
            assert asset.startswith("/") and not asset.startswith("//"), (url, asset)
        assert "@import" not in page and "fonts.googleapis" not in page


def test_a_changed_stylesheet_gets_a_new_address(app, client):
    from lms.delivery import fingerprint

    with app.test_request_context():
        version = fingerprint("css/site.css")
    page = client.get("/login").get_data(as_text=True)
    assert f"/static/css/site.css?v={version}" in page
    stale = client.get("/static/css/site.css?v=0000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")
