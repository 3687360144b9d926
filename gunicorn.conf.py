"""gunicorn settings for production: `.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app`.

Threaded workers (gthread): an idle keep-alive connection waits in a selector, not in a thread,
and a new connection that sends nothing is moved there after 5 seconds; many threads per worker
mean a few slow or half-open clients take a few threads, never the site. A client that trickles
a request in can still hold a thread for as long as it likes, so in production put nginx in
front (deploy/nginx.conf): it buffers whole requests and drops slow clients itself. Workers are
also recycled now and then, so a slow leak cannot grow without end. Every value can be set from
the environment.
"""

import os

bind = os.environ.get("LMS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LMS_WORKERS", 2))
worker_class = "gthread"
threads = int(os.environ.get("LMS_THREADS", 32))
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
