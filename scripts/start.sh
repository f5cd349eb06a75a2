#!/usr/bin/env bash
# Set up (if needed) and serve the dashboard on the bundled curated data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py "$@"  # app.py: dashboard.py plus the download guard (syriawatch/access.py)
