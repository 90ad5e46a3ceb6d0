#!/usr/bin/env bash
# Create .venv and install the project into it. Used by serve.sh and test.sh; safe to re-run.
#   EXTRAS=test bash scripts/setup.sh   also installs the test tools.
#
# The packages are installed by uv (itself installed by pip from the registry): on a machine with no package
# cache it installs the test extras in about 11 s, where pip took 56 s, with the same versions. When uv cannot
# be installed or fails, pip installs everything as before.
#
# Everything is compiled to bytecode here, the installed packages and the project's own modules: where
# PYTHONDONTWRITEBYTECODE is set (many container images set it) Python never writes the .pyc files it would
# otherwise write on first import, and every start compiled rdflib, Flask and ours again: 0.85 s in the server's
# parent alone, more in each worker, and a server ready in 2.3-3.0 s instead of 1.3-1.8 s (docs/server.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
spec="."
[ -n "${EXTRAS:-}" ] && spec=".[${EXTRAS}]"
# Every version is the lock's (requirements.lock, made from pyproject.toml by uv): a fresh clone installs what the
# suite was run with, not whatever was newest that day.
stamp=".venv/.installed-$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)-${EXTRAS:-none}"
if [ ! -f "$stamp" ]; then
  if .venv/bin/python -m pip install -q uv \
      && .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python -c requirements.lock \
           --upgrade pip -e "$spec"; then
    :
  else
    echo "setup: uv could not install the project; installing with pip instead" >&2
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -c requirements.lock -e "$spec"  # pip compiles what it installs
  fi
  touch "$stamp"
fi
# The project's own modules (an editable install is not compiled by the installers); only changed ones are.
.venv/bin/python -m compileall -q byregion >/dev/null
