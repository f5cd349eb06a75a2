"""syriawatch: data, filters, figures and maps for the US–Russia-in-Syria dashboard.

Everything here works without Streamlit; only ``syriawatch.ui`` imports it.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
GEO_DIR = ROOT / "geo"
STATIC_DIR = ROOT / "static"

__all__ = ["ROOT", "DATA_DIR", "GEO_DIR", "STATIC_DIR"]
