#!/usr/bin/env bash
# Set up (if needed) and run the benchmark at scale: the dashboard's timeline and map pages against a
# naive build, at 10k, 100k and 1M synthetic ACLED-format events (bench/bench_scale.py; ~5 minutes on
# 2 cores, most of it the naive build at 1M).  Not part of the tests.  Extra arguments go to the script,
# e.g. bash scripts/bench.sh --sizes 10000,100000 --reruns 5
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import streamlit, streamlit_folium, pyarrow, plotly, folium" 2>/dev/null \
   || ! .venv/bin/python -c "import sys; from syriawatch import assets; sys.exit(bool(assets.missing_vendor()))" 2>/dev/null; then
  bash scripts/setup.sh
fi
exec .venv/bin/python bench/bench_scale.py "$@"
