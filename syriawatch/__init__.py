"""syriawatch: data, filters, figures and maps for the US–Russia-in-Syria dashboard.

Everything here works without Streamlit except the glue: ``ui.py``, ``ui_*.py`` and ``access.py`` import it
(tests/test_layout.py checks).
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
GEO_DIR = ROOT / "geo"
STATIC_DIR = ROOT / "static"



def data_dir() -> Path:
    """The curated tables' folder; SYRIAWATCH_DATA_DIR points the app at another copy (tests, staging)."""
    return Path(os.environ.get("SYRIAWATCH_DATA_DIR") or DATA_DIR)


__all__ = ["ROOT", "DATA_DIR", "GEO_DIR", "STATIC_DIR", "data_dir"]
