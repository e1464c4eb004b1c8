#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
# Install it when missing and we are allowed to; otherwise say exactly what to run.
set -euo pipefail
CHROMIUM=${COLDSTART_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Chromium is missing: installing Debian's chromium package (about 1-2 minutes)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  echo "Chromium is missing: installing Debian's chromium package with sudo…" >&2
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser tests need Chromium at $CHROMIUM (Debian: apt-get install chromium), or set COLDSTART_CHROMIUM to its path." >&2
  exit 1
fi
