#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint, types, a vulnerability audit of the installed
# dependencies (scripts/audit.py; SECURITY.md), unit, HTTP, browser and remote-store tests.
# Installs Debian's Chromium (browser tests), nginx with njs and Apache httpd (static export tests) and Virtuoso
# (remote store tests) when they are missing (needs root or sudo).
#
# Every argument goes to pytest, so the suite's tiers (pytest markers; README, "Tests") can be chosen:
#   bash scripts/test.sh                       everything (what CI runs)
#   bash scripts/test.sh -m "not slow"         lint, types and the fast tier only: under a minute
#   bash scripts/test.sh -m "not slow" -x      ... stopping at the first failure
#   bash scripts/test.sh tests/test_conneg.py  lint, types and one file
#   bash scripts/test.sh -n 0 --pdb            in one process (the suite runs on two by default)
#   bash scripts/test.sh --help                this text
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | cut -c3-
  exit 0
fi
cd "$(dirname "$0")/.."
EXTRAS=test bash scripts/setup.sh

# Debian's packages the tests need: Chromium (browser tests), nginx with njs and apache2 (the static export's tests),
# Virtuoso 7 (the second remote store the SPARQL tests run against), wrk (the load test's short form).
MISSING=""
[ -x /usr/bin/chromium ] || MISSING="$MISSING chromium"
[ -x /usr/sbin/apache2 ] || MISSING="$MISSING apache2-bin"
command -v nginx >/dev/null 2>&1 || MISSING="$MISSING nginx-light"
[ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || MISSING="$MISSING libnginx-mod-http-js"
command -v virtuoso-t >/dev/null 2>&1 || MISSING="$MISSING virtuoso-opensource-7"
command -v wrk >/dev/null 2>&1 || MISSING="$MISSING wrk"
if [ -n "$MISSING" ]; then
  echo "== installing$MISSING from Debian's packages"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING >/dev/null
fi

echo "== ruff"
.venv/bin/ruff check byregion server scripts tests
echo "== mypy (strict, configured in pyproject.toml)"
.venv/bin/mypy
echo "== pip-audit (the installed dependencies; AUDIT=required fails when the database cannot be reached)"
.venv/bin/python scripts/audit.py
echo "== pytest"
set +e
.venv/bin/python -m pytest "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$code"
