#!/bin/bash
# The portal benchmark of `make bench` (docs/performance.md); scripts/bench.sh calls it, and it also runs
# alone: `bash scripts/bench-portal.sh .venv/bin`. BENCH_PORTAL_ITEMS (default 200000) scales it down,
# BENCH_PORTAL_WRK_SECONDS (default 10) shortens each wrk run, BENCH_PORTAL_TIMEOUT bounds the whole run.
#
# 1. A scratch SQLite database of its own: migrate, load_demo, then `manage.py bench_portal` fills it with
#    BENCH_PORTAL_ITEMS items and prints the uncached render and search figures.
# 2. The production recipe on loopback: gunicorn (deploy/gunicorn.conf.py, production settings) and nginx
#    with deploy/nginx-site.conf.template rendered as scripts/prod-smoke.sh renders it (HTTPS, full-page
#    cache). For home, a column, an item and a search page: warm the cache, wrk it, then wrk the same bytes
#    as a static file from the same nginx server over the same HTTPS: ratio = cached / static.
# 3. Uncached load: wrk straight at gunicorn over 200 item pages, then each worker's peak RSS (VmHWM).
# Everything it starts is stopped on exit (trap), and a watchdog ends a run that hangs.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/.venv/bin}
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
ITEMS=${BENCH_PORTAL_ITEMS:-200000}
SECONDS_EACH=${BENCH_PORTAL_WRK_SECONDS:-10}
LIMIT=${BENCH_PORTAL_TIMEOUT:-2400}
WORK=$(mktemp -d /tmp/gongkai-bench-portal.XXXXXX)
chmod 755 "$WORK"
PID_GUNICORN=""
NGINX_PID_FILE="$WORK/nginx/nginx.pid"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null
  [ -f "$NGINX_PID_FILE" ] && kill -QUIT "$(cat "$NGINX_PID_FILE")" 2>/dev/null
  [ -n "$PID_GUNICORN" ] && kill -TERM "$PID_GUNICORN" 2>/dev/null
  for _ in $(seq 1 50); do
    alive=""
    [ -n "$PID_GUNICORN" ] && kill -0 "$PID_GUNICORN" 2>/dev/null && alive=1
    [ -f "$NGINX_PID_FILE" ] && kill -0 "$(cat "$NGINX_PID_FILE" 2>/dev/null)" 2>/dev/null && alive=1
    [ -z "$alive" ] && break
    sleep 0.2
  done
  [ -n "$PID_GUNICORN" ] && kill -KILL "$PID_GUNICORN" 2>/dev/null
  [ -f "$NGINX_PID_FILE" ] && kill -KILL "$(cat "$NGINX_PID_FILE" 2>/dev/null)" 2>/dev/null
  if [ "${KEEP:-0}" = "1" ]; then echo "保留临时目录 / kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "中断 / interrupted"; exit 1' INT TERM
(
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep "$LIMIT" & nap=$!
  wait "$nap"
  echo "门户压测超时 / bench-portal timed out after $LIMIT s" >&2
  kill -TERM $$
) >/dev/null 2>&1 &
WATCHDOG=$!

die() { echo "bench-portal: $*" >&2; exit 1; }
# Debian's nginx and wrk, installed when missing (as scripts/prod-smoke.sh does for nginx).
need_package() {
  local tool="$1" package="$2"
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装 Debian 的 $package（门户压测需要）…"
    apt-get update -q >/dev/null && apt-get install -y -q "$package" >/dev/null || die "apt-get install $package failed"
  else
    die "需要 $package：请运行 sudo apt-get install $package / $package is required"
  fi
}
need_package nginx nginx
need_package wrk wrk
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in openssl curl; do command -v "$tool" >/dev/null || die "需要 $tool / $tool is required"; done
[ -x "$BIN/gunicorn" ] || die "需要 gunicorn / gunicorn missing in $BIN"
PY="$BIN/python"
cd "$ROOT" || exit 1

# --- 1. Fill, uncached render, search (in process) ---
VAR="$WORK/var"
mkdir -p "$VAR" "$WORK/nginx/tmp" "$WORK/nginx/cache" "$WORK/logs"
export GONGKAI_VAR_DIR="$VAR"
export DATABASE_URL="sqlite:///$WORK/portal.sqlite3"
export STATIC_ROOT="$VAR/static" MEDIA_ROOT="$VAR/media" GONGKAI_PRIVATE_MEDIA_ROOT="$VAR/private"
export DJANGO_SETTINGS_MODULE=gongkai.settings.dev DEBUG=0
"$PY" manage.py migrate --noinput -v0 || die "migrate failed"
"$PY" manage.py load_demo >"$WORK/logs/demo.log" 2>&1 || { tail -20 "$WORK/logs/demo.log"; die "load_demo failed"; }
"$PY" manage.py bench_portal --items "$ITEMS" --urls "$WORK/urls.json" 2>&1 | grep -v ' INFO '
[ "${PIPESTATUS[0]}" = "0" ] || die "bench_portal failed"

# --- 2. gunicorn and nginx on free loopback ports, production settings ---
read -r PORT_APP PORT_HTTP PORT_HTTPS PORT_REFRESH < <("$PY" - <<'PY'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
PY
)
export DJANGO_SETTINGS_MODULE=gongkai.settings.production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
GONGKAI_AUDIT_CHAIN_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY GONGKAI_AUDIT_CHAIN_KEY
export ALLOWED_HOSTS="127.0.0.1,localhost" GONGKAI_TRUST_X_REAL_IP=1
export GONGKAI_BASE_URL="https://127.0.0.1:$PORT_HTTPS"
export GONGKAI_AUDIT_CHAIN_PATH="$VAR/audit/audit-{host}.jsonl"
export GONGKAI_PAGE_CACHE_REFRESH_URL="http://127.0.0.1:$PORT_REFRESH" GONGKAI_PAGE_CACHE_HOST="127.0.0.1:$PORT_HTTPS"
# wrk sends thousands of searches a second from one address; the per-person limit would answer 429.
export GONGKAI_SEARCH_PER_MINUTE=1000000000
"$PY" manage.py collectstatic --noinput -v0 || die "collectstatic failed"

# Two workers x 4 threads as production on 2 CPUs; no recycling, so a worker's peak RSS covers the whole load.
GUNICORN_BIND="127.0.0.1:$PORT_APP" GUNICORN_WORKERS=2 GUNICORN_THREADS=4 GUNICORN_MAX_REQUESTS=0 \
  GUNICORN_PROC_NAME="gongkai-bench" GUNICORN_LOG_LEVEL=warning \
  GUNICORN_ACCESS_LOG=/dev/null GUNICORN_ERROR_LOG="$WORK/logs/gunicorn.error.log" \
  "$BIN/gunicorn" -c deploy/gunicorn.conf.py gongkai.wsgi:application &
PID_GUNICORN=$!

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout "$WORK/nginx/tls.key" -out "$WORK/nginx/tls.crt" \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || die "openssl failed"
. "$ROOT/scripts/nginx-loopback.sh"
render_loopback_nginx "server 127.0.0.1:$PORT_APP max_fails=1 fail_timeout=10s;" auto 1024
NGX=("$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx.error.log")
"${NGX[@]}" -t >"$WORK/logs/nginx-t.log" 2>&1 || { cat "$WORK/logs/nginx-t.log"; die "nginx -t failed"; }
"${NGX[@]}" || die "nginx did not start"

HTTPS="https://127.0.0.1:$PORT_HTTPS"
APP="http://127.0.0.1:$PORT_APP"
wait_http() {
  for _ in $(seq 1 150); do
    code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 5 "$@" 2>/dev/null)
    [ "$code" = "200" ] && return 0
    sleep 0.2
  done
  return 1
}
wait_http -H "X-Forwarded-Proto: https" "$APP/" || { tail -20 "$WORK/logs/gunicorn.error.log"; die "gunicorn did not answer"; }
wait_http "$HTTPS/" || die "nginx did not answer"

# wrk's summary → "requests/s p99-ms"; latencies come as 812.00us, 12.34ms or 1.20s.
wrk_run() {
  wrk -t2 -c32 -d"${SECONDS_EACH}s" --latency "$@" 2>&1 | awk '
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
                  p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.1f %s\n", rps, p99, (bad == "" ? 0 : bad) }'
}
mkdir -p "$STATIC_ROOT/bench"
echo
echo "wrk -t2 -c32 -d${SECONDS_EACH}s，HTTPS（模板的 TLS，HTTP/1.1 keep-alive），同一 nginx；静态参照 = 同一响应体作为 /static/ 文件"
printf '%-8s %-44s %10s %9s %10s %9s %7s %s\n' page url "cached/s" "p99 ms" "static/s" "p99 ms" ratio cache
min_ratio=""
for kind in home column item search; do
  url=$("$PY" -c 'import json,sys; t=json.load(open(sys.argv[1])); v={"home":t["home"],"column":t["columns"][0],"item":t["items"][0],"search":t["searches"][2]}[sys.argv[2]]; print(v)' "$WORK/urls.json" "$kind")
  # Warm: the first request fills the cache, the second must be a hit.
  curl -sk -o /dev/null "$HTTPS$url"
  status=$(curl -sk -D - -o "$STATIC_ROOT/bench/$kind.html" "$HTTPS$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache-status"{print $2}')
  read -r rps p99 bad < <(wrk_run "$HTTPS$url")
  read -r srps sp99 sbad < <(wrk_run "$HTTPS/static/bench/$kind.html")
  ratio=$(awk -v a="$rps" -v b="$srps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  [ "$bad" != "0" ] && status="$status，非2xx $bad"
  printf '%-8s %-44.44s %10s %9s %10s %9s %7s %s\n' "$kind" "$url" "$rps" "$p99" "$srps" "$sp99" "$ratio" "${status:-无}"
  echo "WRK $kind cached=$rps p99=$p99 static=$srps static_p99=$sp99 ratio=$ratio cache=${status:-none}" >>"$WORK/summary.txt"
  min_ratio=$(awk -v a="$ratio" -v m="$min_ratio" 'BEGIN { print (m == "" || a < m) ? a : m }')
done
ok=$(awk -v m="$min_ratio" 'BEGIN { print (m >= 0.8) ? "达到" : "未达到" }')
echo "TARGET 缓存的匿名页 ≥ 0.8 × nginx 静态文件 requests/s：$ok（最低比值 $min_ratio）"

# --- 3. Uncached load straight at gunicorn: 200 item pages in turn, so the workers really render ---
"$PY" - "$WORK/urls.json" >"$WORK/items.lua" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"]
print("local paths = {" + ",".join(json.dumps(u) for u in items) + "}")
print('local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend')
PY
read -r urps up99 ubad < <(wrk_run -s "$WORK/items.lua" -H "X-Forwarded-Proto: https" "$APP/")
count=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$WORK/urls.json")
echo "UNCACHED 信息页（直连 gunicorn，2 worker × 4 线程，$count 个地址轮流）：${urps} 次/秒，p99 ${up99} ms，非2xx ${ubad}"

largest=0
for pid in $(cat "/proc/$PID_GUNICORN/task/$PID_GUNICORN/children" 2>/dev/null); do
  hwm=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
  rss=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
  echo "RSS gunicorn worker $pid：峰值 VmHWM ${hwm:-?} MiB，当前 VmRSS ${rss:-?} MiB"
  [ -n "$hwm" ] && [ "$hwm" -gt "$largest" ] && largest=$hwm
done
ok=$([ "$largest" -gt 0 ] && [ "$largest" -lt 300 ] && echo 达到 || echo 未达到)
echo "TARGET 单个 worker 压测后峰值内存 < 300 MB：$ok（最大 ${largest} MiB）"
echo "机器负载 uptime：$(uptime)"
