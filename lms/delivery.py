"""Light on the wire: text responses gzipped, static files fingerprinted and cached for good.

A static URL carries a hash of the file (`/static/css/site.css?v=1a2b3c4d5e`), so a browser
may keep it forever (`immutable`): a changed file gets a new URL. A later page then costs
only its own HTML.
"""

import gzip
import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

COMPRESSIBLE = {"text/html", "text/css", "image/svg+xml", "application/json", "text/csv",
                "text/plain"}  # fmt: skip
SMALLEST = 500  # bytes: below this, gzip's own overhead eats the saving
ONE_YEAR = 365 * 24 * 3600


@cache
def _fingerprint(path: Path, mtime: float) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def fingerprint(filename: str) -> str | None:
    path = Path(current_app.static_folder) / filename
    return _fingerprint(path, path.stat().st_mtime) if path.is_file() else None


def add_fingerprint(endpoint: str, values: dict) -> None:
    """url_for('static', filename=...) gains ?v=<hash of the file>."""
    if endpoint == "static" and "v" not in values and (version := fingerprint(values["filename"])):
        values["v"] = version


def cache_static(response: Response) -> Response:
    """A fingerprinted static URL never changes: let every cache keep it for a year."""
    if request.endpoint == "static" and response.status_code == 200:
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == fingerprint(filename):
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


@cache
def _gzipped_static(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=9, mtime=0)


def compress(response: Response) -> Response:
    """gzip text responses for clients that accept it (static files once, at top level)."""
    if (
        response.mimetype not in COMPRESSIBLE
        or response.status_code not in (200, 403, 404, 410, 422, 429)
        or "Content-Encoding" in response.headers
        or "gzip" not in request.accept_encodings
    ):
        return response
    response.direct_passthrough = False  # a static file is read, to be compressed
    body = response.get_data()
    if len(body) < SMALLEST:
        return response
    static = request.endpoint == "static"
    response.set_data(_gzipped_static(body) if static else gzip.compress(body, 6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    if etag := response.headers.get("ETag"):  # another body, so at most a weak match
        response.headers["ETag"] = etag if etag.startswith("W/") else f"W/{etag}"
    return response


def link(endpoint: str) -> str:
    """url_for for an address without arguments, worked out once per app: the layout has a
    dozen of them on every page."""
    links = current_app.extensions.setdefault("lms_links", {})
    if endpoint not in links:
        links[endpoint] = url_for(endpoint)
    return links[endpoint]


def register(app: Flask) -> None:
    app.jinja_env.globals["link"] = link
    app.url_defaults(add_fingerprint)
    app.after_request(compress)
    app.after_request(cache_static)  # after_request runs last-registered first
