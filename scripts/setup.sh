#!/usr/bin/env bash
# Install what the dashboard needs, idempotently: a virtualenv (.venv) with requirements, and the
# pinned Leaflet assets from npm copied into static/vendor/ so the map works offline.
#   bash scripts/setup.sh          runtime only
#   bash scripts/setup.sh --dev    plus test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
REQ=requirements.txt
[ "${1:-}" = "--dev" ] && REQ=requirements-dev.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$REQ"
if ! command -v npm >/dev/null; then
  echo "npm is needed to install the map's Leaflet files (Debian: apt-get install npm)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
.venv/bin/python -m syriawatch.assets
