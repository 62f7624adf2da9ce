#!/bin/sh
# Create the virtual environment. Debian's python3 needs python3-venv for that; install it when we can.
set -e
PY="$1"; VENV="$2"
if [ -x "$VENV/bin/python" ]; then exit 0; fi
if "$PY" -m venv "$VENV" 2>/dev/null; then exit 0; fi
rm -rf "$VENV"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装 python3-venv …"
  apt-get update -q && apt-get install -y -q python3-venv
  "$PY" -m venv "$VENV"
else
  echo "无法创建虚拟环境：请先安装 python3-venv（sudo apt-get install python3-venv）。" >&2
  exit 1
fi
