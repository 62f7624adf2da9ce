"""Gunicorn for Gongkai behind nginx (docs/deployment.md).

gthread workers: our views are synchronous Django; on this hardware 2 workers x 4 threads answered
about 2,200-2,400 requests/s with the best p99 of the servers measured (shared/tech-notes.md).
Every value can be overridden from the environment so one file serves every machine.
"""

import multiprocessing
import os

# Loopback only: nginx is the single way in, and it sets X-Real-IP (GONGKAI_TRUST_X_REAL_IP=1).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

worker_class = "gthread"
# One worker per CPU; threads absorb waits on PostgreSQL and Redis inside each worker.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# nginx buffers request bodies (large uploads included) before it calls us, so a slow client never
# holds a thread; 60 s is for slow work such as Word/PDF letters and exports.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM or SIGHUP a worker finishes the requests it has before it exits.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# nginx keeps upstream connections open (keepalive in the upstream block).
keepalive = 5

# Recycle workers now and then so a slow leak never grows; jitter keeps them from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Load the app in the master only when asked: without preload, SIGHUP reloads new code worker by worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "0") == "1"

# Tell the master the client's real address came through nginx (only from loopback).
forwarded_allow_ips = "127.0.0.1"

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address from nginx, request, status, bytes, duration in microseconds, and the Host header,
# so a line can be matched to nginx's log.
access_log_format = '%({x-real-ip}i)s %(t)s "%(r)s" %(s)s %(B)s %(D)sus "%(f)s" "%(a)s" %({host}i)s'

pidfile = os.environ.get("GUNICORN_PIDFILE") or None
proc_name = os.environ.get("GUNICORN_PROC_NAME", "gongkai")
