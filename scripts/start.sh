#!/usr/bin/env bash
# Set up (if needed) and serve the dashboard on the bundled curated data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Loopback by default: a single analyst on their own machine may curate (syriawatch/identity.py); pass
# --server.address 0.0.0.0 (last one wins) to serve others, who then need an account (see README, Curation).
exec .venv/bin/streamlit run app.py --server.address 127.0.0.1 "$@"  # app.py: dashboard.py plus the download guard
