# Sourced by scripts/prod-smoke.sh and scripts/bench-portal.sh: deploy/nginx-site.conf.template
# rendered for loopback, and an nginx.conf with its own prefix, pid, logs and temp dirs under $WORK
# (no system configuration is touched). The caller sets ROOT, WORK, NGINX_PID_FILE, PORT_HTTP,
# PORT_HTTPS, PORT_REFRESH, STATIC_ROOT, MEDIA_ROOT, and has put tls.crt/tls.key in $WORK/nginx.
#
#   render_loopback_nginx "UPSTREAM SERVER LINES" WORKER_PROCESSES WORKER_CONNECTIONS
render_loopback_nginx() {
  local upstreams="$1" workers="$2" connections="$3"
  mkdir -p "$WORK/nginx/tmp" "$WORK/logs"
  sed -e "s|@SERVER_NAME@|127.0.0.1 localhost|g" \
      -e "s|@HTTP_LISTEN@|127.0.0.1:$PORT_HTTP|g" -e "s|@HTTPS_LISTEN@|127.0.0.1:$PORT_HTTPS|g" \
      -e "s|@TLS_CERT@|$WORK/nginx/tls.crt|g" -e "s|@TLS_KEY@|$WORK/nginx/tls.key|g" \
      -e "s|@UPSTREAM_SERVERS@|$upstreams|g" \
      -e "s|@STATIC_ROOT@|$STATIC_ROOT|g" -e "s|@MEDIA_ROOT@|$MEDIA_ROOT|g" \
      -e "s|@ACCESS_LOG@|$WORK/logs/nginx.access.log|g" -e "s|@ERROR_LOG@|$WORK/logs/nginx.error.log|g" \
      -e "s|@PROXY_INCLUDE@|$ROOT/deploy/nginx-proxy.conf|g" \
      -e "s|@CACHE_DIR@|$WORK/nginx/cache|g" -e "s|@REFRESH_LISTEN@|127.0.0.1:$PORT_REFRESH|g" \
      "$ROOT/deploy/nginx-site.conf.template" >"$WORK/nginx/site.conf"
  local user_line=""
  # A root master would hand requests to workers running as nobody, who cannot read the temp dir.
  [ "$(id -u)" = "0" ] && user_line="user root root;"
  cat >"$WORK/nginx/nginx.conf" <<CONF
$user_line
worker_processes $workers;
pid $NGINX_PID_FILE;
error_log $WORK/logs/nginx.error.log;
events { worker_connections $connections; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/site.conf;
}
CONF
}
