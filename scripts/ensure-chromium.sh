#!/bin/sh
# Browser tests drive Debian's Chromium; test tools cannot download a browser of their own here.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装 Debian 的 chromium（浏览器测试需要）…"
  apt-get update -q && apt-get install -y -q chromium
else
  echo "浏览器测试需要 /usr/bin/chromium：请运行 sudo apt-get install chromium 后重试。" >&2
  exit 1
fi
