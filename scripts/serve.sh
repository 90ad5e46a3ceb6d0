#!/usr/bin/env bash
# Set everything up and serve the embedded default dataset on http://127.0.0.1:8080/
# (builds the graph first when there is no build). Extra arguments go to `byregion serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/byregion serve "$@"
