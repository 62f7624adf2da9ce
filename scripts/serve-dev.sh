#!/bin/sh
# `make run`: the development server, plus a once-a-minute run of Wagtail's scheduled publishing
# (in production a timer or the task worker does this; see docs/review.md).
BIN="$1"; HOST="$2"; PORT="$3"
(
  while sleep 60; do
    "$BIN/python" manage.py publish_scheduled >/dev/null 2>&1 || true
  done
) &
SCHEDULER=$!
trap 'kill $SCHEDULER 2>/dev/null' EXIT INT TERM
echo "门户网站：http://$HOST:$PORT/    管理后台：http://$HOST:$PORT/admin/"
"$BIN/python" manage.py runserver --noreload "$HOST:$PORT"
