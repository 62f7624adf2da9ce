#!/bin/sh
# `make run`: the development server, plus `run_tasks` in the background: the task worker and the
# scheduler of periodic jobs (scheduled publishing, digests, feed fetching; docs/tasks.md), as in
# production. Both stop when the server does. The worker's output goes to var/log/run_tasks.log.
BIN="$1"; HOST="$2"; PORT="$3"
mkdir -p var/log
"$BIN/python" manage.py run_tasks >>var/log/run_tasks.log 2>&1 &
WORKER=$!
# TERM lets the worker finish the task it is running; wait so that the shell does not exit before it.
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT
trap 'exit 0' INT TERM
echo "门户网站：http://$HOST:$PORT/    管理后台：http://$HOST:$PORT/admin/"
echo "后台任务：run_tasks（进程 $WORKER，日志 var/log/run_tasks.log）"
"$BIN/python" manage.py runserver --noreload "$HOST:$PORT"
