"""Serve Leaflet and its plugins from this app instead of CDNs, so the map works with no internet.

scripts/setup.sh installs the pinned npm packages (package.json + package-lock.json) and copies the
files named in VENDOR_FILES into static/vendor/ (ignored by git).  Streamlit serves static/ at
<base>/app/static/ when server.enableStaticServing is on (.streamlit/config.toml).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import branca.element
import folium
import folium.plugins
import jinja2

from . import ROOT, STATIC_DIR

# npm package file -> path under static/vendor/
VENDOR_FILES = {
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/images/layers.png": "leaflet/images/layers.png",
    "leaflet/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
    "leaflet/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
    "leaflet/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
    "leaflet/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
    "leaflet.fullscreen/Control.FullScreen.js": "fullscreen/Control.FullScreen.js",
    "leaflet.fullscreen/Control.FullScreen.css": "fullscreen/Control.FullScreen.css",
    "leaflet.fullscreen/icon-fullscreen.svg": "fullscreen/icon-fullscreen.svg",
    "leaflet.markercluster/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
    # Arabic font for the interface, the map and exports (SIL Open Font License; licence copied alongside).
    "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2": "fonts/noto-sans-arabic-arabic-400-normal.woff2",
    "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2": "fonts/noto-sans-arabic-arabic-700-normal.woff2",
    "@fontsource/noto-sans-arabic/LICENSE": "fonts/OFL-noto-sans-arabic.txt",
}
STATIC_URL = "/app/static/vendor"


def install_vendor(node_modules: Path = ROOT / "node_modules", dest: Path = STATIC_DIR / "vendor") -> list[Path]:
    """Copy the pinned npm files into static/vendor (run by scripts/setup.sh)."""
    written = []
    for src, rel in VENDOR_FILES.items():
        s = node_modules / src
        if not s.exists():
            raise SystemExit(f"{s} is missing: run `npm ci` first (scripts/setup.sh does)")
        d = dest / rel
        d.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(s, d)
        written.append(d)
    return written


def missing_vendor(dest: Path = STATIC_DIR / "vendor") -> list[str]:
    return [rel for rel in VENDOR_FILES.values() if not (dest / rel).exists()]


def local_links(base: str = STATIC_URL) -> dict[type, tuple[list, list]]:
    """folium element class -> (js, css) links to the local copies under ``base``."""
    cluster = ([("markerclusterjs", f"{base}/markercluster/leaflet.markercluster.js")],
               [("markerclustercss", f"{base}/markercluster/MarkerCluster.css"),
                ("markerclusterdefaultcss", f"{base}/markercluster/MarkerCluster.Default.css")])
    return {
        folium.Map: ([("leaflet", f"{base}/leaflet/leaflet.js")], [("leaflet_css", f"{base}/leaflet/leaflet.css")]),
        folium.plugins.Fullscreen: ([("Control.Fullscreen.js", f"{base}/fullscreen/Control.FullScreen.js")],
                                    [("Control.FullScreen.css", f"{base}/fullscreen/Control.FullScreen.css")]),
        folium.plugins.MarkerCluster: cluster, folium.plugins.FastMarkerCluster: cluster,
    }


def use_local_assets(m: folium.Map, base: str = STATIC_URL) -> folium.Map:
    """Point this map's own asset links at the local copies (also what Map.save() writes).

    Set on the map's elements (instance attributes), never on folium's classes: a map built for an
    offline export in one session must not change the links of a map another session is rendering.
    Call it once the map holds all its elements.
    """
    links = local_links(base)

    def walk(e):
        yield e
        for child in getattr(e, "_children", {}).values():
            yield from walk(child)
    for e in walk(m):
        for cls, (js, css) in links.items():
            if isinstance(e, cls):
                e.default_js, e.default_css = list(js), list(css)
                break
    return m


class IconPathFix(branca.element.MacroElement):
    """Leaflet guesses the default-icon folder from leaflet.css, which streamlit-folium adds too late."""

    _template = jinja2.Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path|tojson }};{% endmacro %}")

    def __init__(self, base: str = STATIC_URL):
        super().__init__()
        self._name = "IconPathFix"
        self.path = f"{base}/leaflet/images/"


if __name__ == "__main__":  # python -m syriawatch.assets  (run by scripts/setup.sh after npm ci)
    done = install_vendor()
    print(f"copied {len(done)} vendor files into {STATIC_DIR / 'vendor'}")
