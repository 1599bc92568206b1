"""gunicorn settings for SafePath (the demo and production alike; override with flags)."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
accesslog = "-"
# %(U)s is the path without its query string: a search query may carry a person's name.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss "%({x-request-id}o)s"'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
