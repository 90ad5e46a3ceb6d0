#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint, types, a vulnerability audit of the installed
# dependencies (scripts/audit.py; SECURITY.md), unit, HTTP, browser and remote-store tests.
# Installs Debian's Chromium (browser tests), nginx with njs and Apache httpd (static export tests), Virtuoso
# (remote store tests) and wrk (the load test) when they are missing (needs root or sudo), without the packages they
# recommend; as root, in the background while Python's packages are set up and the code is checked.
#
# Every argument goes to pytest, so the suite's tiers (pytest markers; README, "Tests") can be chosen:
#   bash scripts/test.sh                       everything (what CI runs)
#   bash scripts/test.sh -m "not slow"         lint, types and the fast tier only: under a minute
#   bash scripts/test.sh -m "not slow" -x      ... stopping at the first failure
#   bash scripts/test.sh tests/test_conneg.py  lint, types and one file
#   bash scripts/test.sh -n 0 --pdb            in one process (the suite runs on two by default)
#   bash scripts/test.sh --help                this text
#
# The run's temporary folders (pytest's, the builds and exports the tests make: about 2.3 GB by the end of a run) go
# to a folder of their own in memory, under /dev/shm, where it has TMPFS_FREE_MIB (4096) free and the machine
# MEMORY_AVAILABLE_MIB (8192) available, and are removed when the run ends; elsewhere, or when TMPDIR is set (to keep a
# failed test's files, say), pytest's usual folder under TMPDIR or /tmp. On a disk the tests' many small files cost
# the kernel more than the tests' own work: a static export of the fixture site took 2.8-3.7 s there against 1.6 s
# in memory, and the whole run 1,413 s of test time against 1,559 s (2026-12-07).
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | cut -c3-
  exit 0
fi
cd "$(dirname "$0")/.."

# Debian's packages the tests need: Chromium (browser tests; Liberation, the fonts their layouts were measured with),
# nginx with njs and apache2 (the static export's tests), Virtuoso 7 (the second remote store the SPARQL tests run
# against), wrk (the load test's short form), iproute2 (`ss`: a listening socket's backlog). Without the packages
# they recommend (desktop services, printing, Samba: 50 packages instead of 139), and, as root (CI), in the
# background while Python's packages are installed and the code is checked: on a machine that has none of them that
# is most of the time the installation takes.
MISSING=""
[ -x /usr/bin/chromium ] || MISSING="$MISSING chromium fonts-liberation"
[ -x /usr/sbin/apache2 ] || MISSING="$MISSING apache2-bin"
command -v nginx >/dev/null 2>&1 || MISSING="$MISSING nginx-light"
[ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || MISSING="$MISSING libnginx-mod-http-js"
command -v virtuoso-t >/dev/null 2>&1 || MISSING="$MISSING virtuoso-opensource-7"
command -v wrk >/dev/null 2>&1 || MISSING="$MISSING wrk"
command -v ss >/dev/null 2>&1 || MISSING="$MISSING iproute2"
install_missing() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $MISSING >/dev/null
}
apt_pid=""
apt_log=""
collect_pid=""
run_tmp=""
# On any exit (a failed check, Ctrl-C): the background collection is stopped, and an installation under way is waited
# for, saying so (stopped midway it would leave dpkg's packages half set up). `set -e` holds in the trap too: every
# command in it must succeed, or it would end there, leaving the installation running and the exit code changed.
cleanup() {
  if [ -n "$collect_pid" ]; then kill "$collect_pid" 2>/dev/null || true; fi
  if [ -n "$apt_pid" ]; then
    if kill -0 "$apt_pid" 2>/dev/null; then
      echo "test.sh: waiting for apt-get to finish (stopped midway it would leave packages half set up)" >&2
    fi
    wait "$apt_pid" 2>/dev/null || true
  fi
  if [ -n "$apt_log" ]; then rm -f "$apt_log"; fi
  if [ -n "$run_tmp" ]; then rm -rf "$run_tmp"; fi
}
trap cleanup EXIT
if [ -n "$MISSING" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "== installing$MISSING from Debian's packages (in the background)"
    apt_log=$(mktemp)
    install_missing >"$apt_log" 2>&1 &
    apt_pid=$!
  else  # sudo may ask for a password: here, not in the background
    echo "== installing$MISSING from Debian's packages"
    install_missing
  fi
fi

EXTRAS=test bash scripts/setup.sh

# The test modules' assertions rewritten by pytest and kept as bytecode, while the code is checked below: where
# PYTHONDONTWRITEBYTECODE is set (many container images set it) each of the run's workers rewrote every module again
# (9 s of each one's start), and pytest reads what is kept whether or not it may write.
PYTHONDONTWRITEBYTECODE= .venv/bin/python -m pytest --collect-only -q -p no:cacheprovider -n 0 >/dev/null 2>&1 &
collect_pid=$!

echo "== ruff"
.venv/bin/ruff check byregion scripts tests
echo "== mypy (strict, configured in pyproject.toml)"
.venv/bin/mypy
echo "== pip-audit (the installed dependencies; AUDIT=required fails when the database cannot be reached)"
.venv/bin/python scripts/audit.py
wait "$collect_pid" || true  # a module that cannot be collected is reported by the run itself
collect_pid=""
if [ -n "$apt_pid" ]; then
  if ! wait "$apt_pid"; then
    cat "$apt_log" >&2
    echo "test.sh: installing$MISSING from Debian's packages failed (above); install them and run again" >&2
    apt_pid=""
    exit 1
  fi
  apt_pid=""
  echo "== installed$MISSING"
fi
TMPFS_FREE_MIB=4096
MEMORY_AVAILABLE_MIB=8192
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  tmpfs_free=$(df -Pk /dev/shm | awk 'NR == 2 { print int($4 / 1024) }')
  memory_available=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null || echo 0)
  if [ "${tmpfs_free:-0}" -ge "$TMPFS_FREE_MIB" ] && [ "${memory_available:-0}" -ge "$MEMORY_AVAILABLE_MIB" ]; then
    run_tmp=$(mktemp -d /dev/shm/byregion-tests.XXXXXX)
    # mktemp makes it private (0700), but the static exports the tests make in it (tempfile.mkdtemp, readable by
    # all: tests/support/nginx.py) are read by nginx's and Apache's unprivileged workers, which must pass through
    # it, as through /tmp (every one of their answers had been 403)
    chmod 755 "$run_tmp"
    export TMPDIR="$run_tmp"
    echo "== temporary folders in memory: $run_tmp (removed at the end; set TMPDIR to keep them elsewhere)"
  fi
fi
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
