"""gunicorn for GIR: `gunicorn -c config/gunicorn.conf.py config.wsgi` (README "Running GIR
in production"). Every value can be set from the environment; the defaults suit a small
machine of 2 to 4 cores.

Workers. A log-in checks its password with Argon2 (Django's defaults: 2 passes over 100 MiB
in 8 lanes), about 130 ms of CPU on an idle core, and argon2-cffi lets go of Python's lock
while it hashes: measured on the 2-core test machine under load, two threads verifying at
once took 1.9 s for 6 checks against 2.9 s one after another, each check holding 100 MiB
while it runs. A burst of 50 log-ins is therefore bound by the cores whatever the server
does (50 x 130 ms / 2 cores = 3.3 s); what the configuration decides is whether the other
requests wait behind it, and how much memory the burst takes. Most requests wait on the
database, not the CPU, so each worker process runs a few threads (gthread): a report or a
page is served beside a log-in that hashes, where a sync worker would sit idle. And a sync
worker is killed when one request outlasts `timeout`: a 50 MB video sent from a phone can,
while with gthread the timeout only watches that the process is alive. Processes:
2 x cores + 1 (gunicorn's rule for mixed work: Python code needs a process per core to use
it, the rest covers waiting); threads: 2, which keeps the worst burst at
workers x threads x 100 MiB (5 x 2 x 100 MiB = 1 GiB on 2 cores) and the database
connections at workers x threads per web server (CONN_MAX_AGE keeps one per thread).
More memory: raise GIR_WEB_THREADS; less: lower GIR_WEB_WORKERS.

Measured roughly (30 log-ins at once on PostgreSQL, the 2-core machine shared with other
work at load 11-18, so the figures are noisy): 5 sync workers took 13.0 and 12.8 s for the
burst, 5 x 2 gthread 15.0 and 21.8 s; the log-in page asked meanwhile was served 11 and 38
times (sync) against 30 and 61 times (gthread), the slowest answer 10-15 s in every run.
More threads do not make a burst faster (the cores are the limit) and do not make it
much slower; the choice of gthread rests on the uploads and the database waits above.
"""

import multiprocessing
import os
import sys
from pathlib import Path

# gunicorn reads this file before it imports the application: make GIR importable from
# wherever gunicorn was started (the formatter below lives in gir.core.logs).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gir.core.logs import ACCESS_TEXT_FORMAT  # noqa: E402


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)  # unset or empty: the default


bind = os.environ.get("GIR_BIND", "0.0.0.0:8000").split(",")
workers = _int("GIR_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = _int("GIR_WEB_THREADS", 2)

# A worker that does not answer its master for this long is killed and replaced (with
# gthread this guards the process, not one slow request). The slowest page should stay far
# below: the dashboard recount that once took 54 s belongs to the worker, not a request.
timeout = _int("GIR_WEB_TIMEOUT", 60)
# On a restart or a deploy (SIGTERM), requests in progress get this long to finish.
graceful_timeout = _int("GIR_WEB_GRACEFUL_TIMEOUT", 30)
# Behind a proxy that keeps connections open to GIR; a little longer than nothing.
keepalive = _int("GIR_WEB_KEEPALIVE", 5)
# Restart each worker now and then (with jitter, so not all at once): a slow leak in any
# library cannot grow without end.
max_requests = _int("GIR_WEB_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GIR_WEB_MAX_REQUESTS_JITTER", 500)

# Request line and headers: gunicorn's defaults, stated. A longer URL or header is answered
# 400 by gunicorn before Django sees it; bodies are limited by GIR itself
# (GIR_REQUEST_MAX_MB, GIR_EVIDENCE_MAX_MB: gir.core.middleware, gir.core.uploads).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Temporary heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Several servers on one machine (and the tests) must not share one control socket.
control_socket_disable = True
# Only the proxy in front may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GIR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr, in the same format as GIR's own (GIR_LOG_FORMAT: json in
# production, text when GIR_DEBUG is on). The access log leaves out query strings.
_debug = os.environ.get("GIR_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
_format = os.environ.get("GIR_LOG_FORMAT", "text" if _debug else "json")
accesslog = "-"
errorlog = "-"
access_log_format = ACCESS_TEXT_FORMAT
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"levelname": "level", "name": "logger", "process": "pid"},
            "timestamp": "time",
        },
        "access_json": {
            "()": "gir.core.logs.AccessJsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"levelname": "level", "name": "logger", "process": "pid"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json" if _format == "json" else "text",
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "access_json" if _format == "json" else "text",
        },
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
