#!/bin/bash
# `make prod-smoke`: the production recipe of docs/deployment.md, built and tested on this machine.
# A fresh PostgreSQL database, production settings, two gunicorn app servers on loopback and nginx
# (TLS with a throw-away certificate) in front of them; then checks through nginx, one app server
# killed, and everything torn down again. Exits non-zero on any failure, and within bounded time.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/.venv/bin}
PG=${PROD_SMOKE_PG:-postgres://postgres@127.0.0.1:5432}
REDIS_BASE=${PROD_SMOKE_REDIS:-redis://127.0.0.1:6379}
# A Redis database of its own so the smoke never sees (or deletes) anything of another run.
REDIS_DB=${PROD_SMOKE_REDIS_DB:-$(( $$ % 8 + 8 ))}
LIMIT=${PROD_SMOKE_TIMEOUT:-420}
START=$(date +%s)
DB=gongkai_smoke_$$
WORK=$(mktemp -d /tmp/gongkai-prod-smoke.XXXXXX)
chmod 755 "$WORK"
RESULTS="$WORK/results.txt"
: >"$RESULTS"
FAILED=0
PIDS_GUNICORN=""
NGINX_PID_FILE="$WORK/nginx/nginx.pid"

pass() { echo "PASS  $*" | tee -a "$RESULTS"; }
fail() { echo "FAIL  $*" | tee -a "$RESULTS"; FAILED=1; }
# A step the rest depends on: on failure show its output and stop (the trap cleans up).
must() {
  local label="$1"; shift
  if "$@" >"$WORK/step.log" 2>&1; then pass "$label"; else
    fail "$label"; sed 's/^/    | /' "$WORK/step.log" | tail -40; exit 1
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null
  if [ -f "$NGINX_PID_FILE" ]; then kill -QUIT "$(cat "$NGINX_PID_FILE")" 2>/dev/null; fi
  for pid in $PIDS_GUNICORN; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 50); do
    alive=""
    for pid in $PIDS_GUNICORN; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -f "$NGINX_PID_FILE" ] && kill -0 "$(cat "$NGINX_PID_FILE" 2>/dev/null)" 2>/dev/null && alive=1
    [ -z "$alive" ] && break
    sleep 0.2
  done
  for pid in $PIDS_GUNICORN; do kill -KILL "$pid" 2>/dev/null; done
  [ -f "$NGINX_PID_FILE" ] && kill -KILL "$(cat "$NGINX_PID_FILE" 2>/dev/null)" 2>/dev/null
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  "$BIN/python" -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS_BASE/$REDIS_DB" 2>/dev/null
  [ $rc -ne 0 ] && FAILED=1
  local passed failed_n
  passed=$(grep -c '^PASS' "$RESULTS" 2>/dev/null); failed_n=$(grep -c '^FAIL' "$RESULTS" 2>/dev/null)
  if [ "${KEEP:-0}" = "1" ]; then echo "保留临时目录 / kept: $WORK"; else rm -rf "$WORK"; fi
  echo
  echo "================ 生产环境冒烟测试 / production smoke ================"
  echo "通过 passed: ${passed:-0}    失败 failed: ${failed_n:-0}    用时 duration: $(( $(date +%s) - START )) s"
  echo "数据库 database $DB 已删除 dropped; Redis db $REDIS_DB 已清空 flushed; 进程已停止 processes stopped"
  if [ "$FAILED" = "0" ]; then
    echo "结果 result: 通过 PASSED"; exit 0
  else
    echo "结果 result: 失败 FAILED"; exit 1
  fi
}
trap cleanup EXIT
trap 'echo "中断 / interrupted"; exit 1' INT TERM
# Bounded time whatever hangs: the watchdog ends the run, and the EXIT trap still cleans up.
# Its output goes to the results file, not our stdout, so a pipe reading us is not held open by it.
(
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep "$LIMIT" & nap=$!
  wait "$nap"
  echo "FAIL  超时 / timed out after $LIMIT s" >>"$RESULTS"
  kill -TERM $$
) >/dev/null 2>&1 &
WATCHDOG=$!

echo "Gongkai 生产环境冒烟测试 / production smoke — work dir $WORK"

# nginx, as scripts/ensure-chromium.sh does for the browser: Debian's package, installed if missing.
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装 Debian 的 nginx（生产冒烟测试需要）…"
    apt-get update -q >/dev/null && apt-get install -y -q nginx >/dev/null || { fail "apt-get install nginx"; exit 1; }
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  else
    fail "需要 nginx：请运行 sudo apt-get install nginx 后重试 / nginx is required"; exit 1
  fi
fi
[ -x "$BIN/gunicorn" ] || { fail "需要 gunicorn：pip install -r requirements.txt / gunicorn missing in $BIN"; exit 1; }
for tool in openssl psql curl; do
  command -v "$tool" >/dev/null || { fail "需要 $tool / $tool is required"; exit 1; }
done

# Five free loopback ports: two app servers, nginx HTTP, HTTPS and the page-cache refresh listener.
read -r PORT_A PORT_B PORT_HTTP PORT_HTTPS PORT_REFRESH < <("$BIN/python" - <<'PY'
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
PY
)

VAR="$WORK/var"
mkdir -p "$VAR" "$WORK/nginx/tmp" "$WORK/logs"
export DJANGO_SETTINGS_MODULE=gongkai.settings.production
SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
GONGKAI_AUDIT_CHAIN_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY GONGKAI_AUDIT_CHAIN_KEY
export DATABASE_URL="$PG/$DB"
export REDIS_URL="$REDIS_BASE/$REDIS_DB"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export GONGKAI_BASE_URL="https://127.0.0.1:$PORT_HTTPS"
export GONGKAI_TRUST_X_REAL_IP=1
# Publications purge nginx's page cache through its loopback refresh listener (docs/caching.md).
export GONGKAI_PAGE_CACHE_REFRESH_URL="http://127.0.0.1:$PORT_REFRESH" GONGKAI_PAGE_CACHE_HOST="127.0.0.1:$PORT_HTTPS"
export GONGKAI_VAR_DIR="$VAR"
export STATIC_ROOT="$VAR/static" MEDIA_ROOT="$VAR/media" GONGKAI_PRIVATE_MEDIA_ROOT="$VAR/private"
export GONGKAI_AUDIT_CHAIN_PATH="$VAR/audit/audit-{host}.jsonl"
# Production defaults stay on: SECURE_SSL_REDIRECT=1, HSTS, secure cookies, GONGKAI_REQUIRE_2FA=1.
unset SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS GONGKAI_REQUIRE_2FA GONGKAI_ALLOW_DEMO
cd "$ROOT" || exit 1
PY="$BIN/python"
manage() { timeout 180 "$PY" manage.py "$@"; }

# `check --deploy --fail-level WARNING` must be clean. PROD_SMOKE_KNOWN_WARNINGS may list warning ids that
# wait for a settings change (none now: production.py silences security.W019 with its reason).
KNOWN_WARNINGS=${PROD_SMOKE_KNOWN_WARNINGS:-}
deploy_check() {
  manage check --deploy --fail-level WARNING >"$WORK/check.log" 2>&1 && return 0
  cat "$WORK/check.log"
  grep -q "ERRORS:" "$WORK/check.log" && return 1
  local found unknown=""
  found=$(grep -o '(\([a-z_]*\.W[0-9]*\))' "$WORK/check.log" | tr -d '()' | sort -u)
  [ -z "$found" ] && return 1
  for id in $found; do
    case " $KNOWN_WARNINGS " in *" $id "*) ;; *) unknown="$unknown $id" ;; esac
  done
  [ -z "$unknown" ] || return 1
  echo "$found" >"$WORK/known.txt"
}
must "Django 部署检查 / check --deploy --fail-level WARNING" deploy_check
if [ -s "$WORK/known.txt" ]; then
  echo "NOTE  已知警告，待改设置 / known warning waiting for a settings change: $(tr '\n' ' ' <"$WORK/known.txt")"
fi
must "创建数据库 / create database $DB" psql "$PG/postgres" -qc "CREATE DATABASE $DB"
must "数据库迁移 / migrate" manage migrate --noinput
must "收集静态文件 / collectstatic" manage collectstatic --noinput
if manage load_demo >"$WORK/demo.log" 2>&1; then
  fail "生产环境拒绝演示数据 / load_demo must be refused"
elif grep -q "不允许载入演示数据" "$WORK/demo.log"; then
  pass "生产环境拒绝演示数据 / load_demo refused"
else
  fail "load_demo 失败但原因不明 / load_demo failed for another reason"; sed 's/^/    | /' "$WORK/demo.log" | tail -5
fi
ADMIN_PASSWORD="Smoke-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(16))')"
export ADMIN_PASSWORD
must "创建超级用户 / createsuperuser" env DJANGO_SUPERUSER_PASSWORD="$ADMIN_PASSWORD" \
  timeout 60 "$PY" manage.py createsuperuser --noinput --username smoke_admin --email smoke@example.invalid

# A public media file and a private upload, to prove nginx serves the one and never the other.
mkdir -p "$MEDIA_ROOT/smoke" "$GONGKAI_PRIVATE_MEDIA_ROOT/smoke"
echo "public-media-ok" >"$MEDIA_ROOT/smoke/public.txt"
echo "PRIVATE-APPLICANT-ID-CARD" >"$GONGKAI_PRIVATE_MEDIA_ROOT/smoke/secret.txt"

# Two app servers, one worker each (the machine is shared); production uses the CPU count.
start_app() {
  local name="$1" port="$2"
  GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=1 GUNICORN_THREADS=4 GUNICORN_PROC_NAME="gongkai-smoke-$name" \
    GUNICORN_ACCESS_LOG="$WORK/logs/gunicorn-$name.access.log" GUNICORN_ERROR_LOG="$WORK/logs/gunicorn-$name.error.log" \
    "$BIN/gunicorn" -c deploy/gunicorn.conf.py gongkai.wsgi:application &
  PIDS_GUNICORN="$PIDS_GUNICORN $!"
  eval "PID_$name=$!"
}
wait_http() {
  for _ in $(seq 1 150); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" 2>/dev/null)
    [ -n "$code" ] && [ "$code" != "000" ] && return 0
    sleep 0.2
  done
  return 1
}
start_app a "$PORT_A"
start_app b "$PORT_B"
# The task service (docs/tasks.md) on the database queue, as production runs it: page-cache purges
# and scheduled jobs are its work.
"$PY" manage.py run_tasks --tick 5 >"$WORK/logs/run_tasks.log" 2>&1 &
PIDS_GUNICORN="$PIDS_GUNICORN $!"
must "应用服务器 A 启动 / gunicorn A on 127.0.0.1:$PORT_A" wait_http "http://127.0.0.1:$PORT_A/"
must "应用服务器 B 启动 / gunicorn B on 127.0.0.1:$PORT_B" wait_http "http://127.0.0.1:$PORT_B/"

# nginx as this user, with its own prefix, pid, logs and temp dirs; no system config is touched.
must "自签名证书 / throw-away TLS certificate" openssl req -x509 -newkey rsa:2048 -nodes -days 1 \
  -keyout "$WORK/nginx/tls.key" -out "$WORK/nginx/tls.crt" -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1"
. "$ROOT/scripts/nginx-loopback.sh"
render_loopback_nginx "server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=10s; server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=10s;" 1 256
NGX=("$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx.error.log")
must "nginx 配置检查 / nginx -t" "${NGX[@]}" -t
must "nginx 启动 / nginx on 127.0.0.1:$PORT_HTTPS (TLS) and :$PORT_HTTP" "${NGX[@]}"
must "nginx 就绪 / nginx answers" wait_http --cacert "$WORK/nginx/tls.crt" "https://127.0.0.1:$PORT_HTTPS/api/v1/"

export SMOKE_HTTPS="https://127.0.0.1:$PORT_HTTPS" SMOKE_HTTP="http://127.0.0.1:$PORT_HTTP" SMOKE_CA="$WORK/nginx/tls.crt"
export SMOKE_LOGS="$WORK/logs" SMOKE_RESULTS="$RESULTS" SMOKE_STATIC_ROOT="$STATIC_ROOT" SMOKE_DB="$DB"
timeout 120 "$PY" "$ROOT/deploy/smoke_checks.py" through-nginx || FAILED=1

# A publication reaches readers at once although the home page sits in nginx's cache (600 s):
# publishing refreshes it through the refresh listener.
SMOKE_CACHED_DATE=$(timeout 30 "$PY" "$ROOT/deploy/smoke_checks.py" cached-date)
export SMOKE_CACHED_DATE
sleep 1.2  # HTTP dates have whole seconds
must "发布新版本 / publish a new revision of the home page" manage shell -c "
from wagtail.models import Page
page = Page.objects.filter(depth=2).first().specific
page.title = '冒烟测试更新'
page.save_revision().publish()
"
timeout 60 "$PY" "$ROOT/deploy/smoke_checks.py" purge || FAILED=1

# One app server dies: nginx must carry on with the other.
kill -TERM "$PID_a" 2>/dev/null
for _ in $(seq 1 100); do kill -0 "$PID_a" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$PID_a" 2>/dev/null; then fail "应用服务器 A 未停止 / gunicorn A did not stop"; else
  pass "应用服务器 A 已停止 / gunicorn A stopped"; fi
export SMOKE_SURVIVOR="127.0.0.1:$PORT_B"
timeout 60 "$PY" "$ROOT/deploy/smoke_checks.py" failover || FAILED=1
exit "$FAILED"
