"""gunicorn settings for production: `.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app`.

Threaded workers (gthread): an idle keep-alive connection waits in the worker's selector, not
in a thread, and so does a new connection that has sent nothing within 0.2 s (see
post_worker_init), so silent or half-open connections cannot hold the site. A few threads per
worker suit CPU-bound Python best. A client that trickles a request in byte by byte can still
hold a thread, so in production put nginx in front (deploy/nginx.conf): it buffers whole
requests and drops slow clients itself. Workers are recycled now and then, so a slow leak cannot
grow without end. Every value can be set from the environment.
"""

import os

bind = os.environ.get("LMS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LMS_WORKERS", 2))
worker_class = "gthread"
threads = int(os.environ.get("LMS_THREADS", 4))
timeout = 30  # a request that runs longer is stopped and its worker replaced
graceful_timeout = 20
keepalive = 5  # seconds an idle keep-alive connection is kept open
max_requests = 5000
max_requests_jitter = 500
limit_request_line = 4094
limit_request_field_size = 8190
# No access log here: paths can carry a password-reset token. nginx logs requests, without it.
accesslog = None
errorlog = "-"


def post_worker_init(worker):
    """A new connection that has sent nothing within 0.2 s waits in the worker's selector
    instead of in a thread (gunicorn's default waits 5 s), so a few threads per worker suffice
    and silent connections cannot take them all."""
    from gunicorn.workers import gthread

    gthread.DEFAULT_WORKER_DATA_TIMEOUT = 0.2
