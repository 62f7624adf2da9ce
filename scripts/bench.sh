#!/bin/sh
# `make bench`: measurements in a scratch database, each printed next to a reference measured in the
# same run (never timed assertions in tests). BENCH_ITEMS, BENCH_APPLICATIONS, BENCH_IMPORT_ROWS,
# BENCH_DECISIONS, BENCH_OPINION_ITEMS and BENCH_PORTAL_ITEMS scale them down. The figures last recorded are in the docs.
set -eu
BIN="$1"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT INT TERM
export GONGKAI_VAR_DIR="$SCRATCH"
export DATABASE_URL="sqlite:///$SCRATCH/bench.sqlite3"
export DJANGO_SETTINGS_MODULE=gongkai.settings.dev
export DEBUG=0
"$BIN/python" manage.py migrate --noinput -v0
echo "== 年度报告：${BENCH_APPLICATIONS:-100000} 件申请（SQLite）=="
"$BIN/python" manage.py bench_annual_report --applications "${BENCH_APPLICATIONS:-100000}"
echo "== 站内搜索：${BENCH_ITEMS:-20000} 条信息（SQLite）=="
"$BIN/python" manage.py search_benchmark --items "${BENCH_ITEMS:-20000}"
echo "== 行政执法公示：导入 ${BENCH_IMPORT_ROWS:-100000} 行，查询 ${BENCH_DECISIONS:-1000000} 件（SQLite）=="
"$BIN/python" manage.py bench_enforcement --import-rows "${BENCH_IMPORT_ROWS:-100000}" --query-decisions "${BENCH_DECISIONS:-1000000}"
echo "== 舆情监测：${BENCH_OPINION_ITEMS:-100000} 条信息增量聚类（SQLite）=="
"$BIN/python" manage.py bench_opinion --items "${BENCH_OPINION_ITEMS:-100000}"
echo "== 门户：${BENCH_PORTAL_ITEMS:-200000} 条信息，未缓存渲染、检索、wrk 经 nginx 整页缓存对比静态文件、worker 内存（SQLite）=="
bash scripts/bench-portal.sh "$BIN"
