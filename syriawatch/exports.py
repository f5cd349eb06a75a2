"""Exports of the filtered view: tables (CSV/XLSX/GeoJSON), the timeline (HTML/PNG/SVG), an offline map.

Everything here returns bytes or text and works without a network: the map's Leaflet files and the
plotly.js bundle are inlined, so an exported file opens in a browser in a room with no internet.
"""

from __future__ import annotations

import base64
import io
import json
import re

import pandas as pd

from . import STATIC_DIR, i18n, vocab
from .assets import VENDOR_FILES
from .schema import EVENTS, SITES
from .i18n import _
from .tables import plain
from .textsafe import safe_workbook

MARK = "/__vendor__"  # placeholder asset base, replaced by the files' contents


def _plain(df: pd.DataFrame, spec) -> pd.DataFrame:
    out = plain(df, spec)
    return out.astype(object).where(out.notna(), None)


def events_xlsx(events: pd.DataFrame, sites: pd.DataFrame, description: str, attribution: str) -> bytes:
    """A workbook with the filtered events and sites and a sheet saying what the filter was."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        counts = _("{n} events, {sites} site periods").format(n=i18n.number(len(events)), sites=i18n.number(len(sites)))
        pd.DataFrame({"": [_("US–Russia in Syria: filtered export"), description, attribution, counts,
                           _("Columns keep the codebook's names and codes (data/README.md), so the sheets reload as data.")]}
                     ).to_excel(xl, sheet_name="about", index=False, header=False)
        if i18n.is_rtl():
            xl.sheets["about"].sheet_view.rightToLeft = True
        _plain(events, EVENTS).to_excel(xl, sheet_name="events", index=False)
        _plain(sites, SITES).to_excel(xl, sheet_name="sites", index=False)
        safe_workbook(xl.book)  # no formula cells: text starting with = + - @ tab CR stays text
    return buf.getvalue()


def geojson(events: pd.DataFrame, sites: pd.DataFrame) -> str:
    """Located events and sites as one GeoJSON FeatureCollection (RFC 7946: lon, lat)."""
    feats = []
    for kind, df, spec in (("event", events, EVENTS), ("site", sites, SITES)):
        plain = _plain(df, spec)
        for (_i, r), lat, lon in zip(plain.iterrows(), df["latitude"], df["longitude"]):
            if pd.isna(lat) or pd.isna(lon):
                continue
            props = {"feature_kind": kind, **{k: (v if not isinstance(v, float) or v == v else None) for k, v in r.items()}}
            props = {k: (int(v) if hasattr(v, "item") and float(v).is_integer() else v.item() if hasattr(v, "item") else v)
                     for k, v in props.items()}
            feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                          "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)


def timeline_html(fig) -> str:
    """The interactive timeline as one HTML file with plotly.js inlined."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})


def timeline_image(fig, fmt: str = "png", width: int = 1600, height: int = 800) -> bytes:
    """PNG or SVG through kaleido, which drives the system Chromium (no download)."""
    return fig.to_image(format=fmt, width=width, height=height, scale=1 if fmt == "svg" else 2)


def _data_uri(path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def inline_assets(html: str, vendor_dir=STATIC_DIR / "vendor") -> str:
    """Replace references to MARK/… by the files themselves (scripts, styles, their images)."""
    def css_text(rel: str) -> str:
        css = (vendor_dir / rel).read_text(encoding="utf-8")
        folder = (vendor_dir / rel).parent

        def repl(m):
            target = folder / m.group(1)
            mime = "image/svg+xml" if target.suffix == ".svg" else "image/png"
            return f"url({_data_uri(target, mime)})" if target.exists() else m.group(0)
        return re.sub(r"url\(['\"]?(?!data:)([^'\")]+)['\"]?\)", repl, css)

    for rel in VENDOR_FILES.values():
        url = f"{MARK}/{rel}"
        if rel.endswith(".js"):
            js = (vendor_dir / rel).read_text(encoding="utf-8").replace("</script", "<\\/script")
            html = re.sub(rf'<script[^>]*src="{re.escape(url)}"[^>]*></script>', lambda _m, js=js: f"<script>{js}</script>", html)
        elif rel.endswith(".css"):
            css = css_text(rel)
            html = re.sub(rf'<link[^>]*href="{re.escape(url)}"[^>]*/?>', lambda _m, css=css: f"<style>{css}</style>", html)
    html = html.replace(f'"{MARK}/leaflet/images/"', '""')  # IconPathFix: no default icons are used offline
    for rel in VENDOR_FILES.values():  # fonts referenced from the map's script (MapChrome)
        if rel.endswith(".woff2") and f'"{MARK}/{rel}"' in html:
            html = html.replace(f'"{MARK}/{rel}"', json.dumps(_data_uri(vendor_dir / rel, "font/woff2")))
    return html


def map_html(build, *args, **kwargs) -> str:
    """A standalone, offline HTML file of a map built by ``build(*args, asset_base=MARK, online_tiles=False)``."""
    m = build(*args, asset_base=MARK, online_tiles=False, **kwargs)
    return inline_assets(m.get_root().render())


def chromium_path() -> str:
    import os
    import shutil

    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
    return path


def map_png(html: str, width: int = 1200, height: int = 800) -> bytes:
    """Screenshot of an offline map HTML file with the system Chromium (headless, no network)."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        page, shot = Path(tmp) / "map.html", Path(tmp) / "map.png"
        page.write_text(html, encoding="utf-8")
        cmd = [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={tmp}/profile", f"--window-size={width},{height}", "--virtual-time-budget=4000",
               f"--screenshot={shot}", page.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)
        return shot.read_bytes()


def briefing_pack(*, title: str, description: str, figures: list[tuple[str, str]], timeline_png: bytes,
                  map_png_bytes: bytes, events: pd.DataFrame, attribution: str, generated: str) -> str:
    """One self-contained HTML file: headline figures, timeline and map images, the events with sources."""
    from .textsafe import h, safe_url

    def img(data: bytes, alt: str) -> str:
        return f'<img alt="{h(alt)}" src="data:image/png;base64,{base64.b64encode(data).decode()}">'

    def sources(r) -> str:
        out = []
        for k in ("source", "source2"):
            if pd.notna(r.get(k)) and str(r.get(k)).strip():
                u = safe_url(r.get(f"{k}_url"))
                out.append(f'<a href="{h(u)}">{h(r[k])}</a>' if u else h(r[k]))
        return "; ".join(out)

    ar = i18n.lang() == "ar"
    other_dir = "ltr" if ar else "rtl"

    def row(r) -> str:
        first, second = ("title_ar", "title_en") if ar and pd.notna(r.get("title_ar")) and str(r["title_ar"]).strip() \
            else ("title_en", "title_ar")
        cat, conf = vocab.CATEGORIES.get(str(r["category"])), vocab.CONFIDENCE.get(str(r["confidence"]))
        return (f"<tr><td>{pd.Timestamp(r['event_date']):%Y-%m-%d}</td><td>{h(r[first])}<div dir='{other_dir}'>"
                f"{h(r[second]) if pd.notna(r.get(second)) else ''}</div></td>"
                f"<td>{h(i18n.term(cat) if cat else str(r['category']))}</td><td dir='ltr'>{i18n.signed(int(r['tension']))}</td>"
                f"<td>{h(i18n.term(conf) if conf else r['confidence'])}</td><td>{sources(r)}</td></tr>")

    rows = "".join(row(r) for _i, r in events.iterrows())
    cards = "".join(f"<div class='fig'><div class='v'>{h(v)}</div><div class='l'>{h(k)}</div></div>" for k, v in figures)
    font = STATIC_DIR / "vendor" / "fonts" / "noto-sans-arabic-arabic-400-normal.woff2"
    face = (f"@font-face{{font-family:'Noto Sans Arabic';src:url({_data_uri(font, 'font/woff2')}) format('woff2');"
            "unicode-range:U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF}") if font.exists() else ""
    t = {k: h(v) for k, v in {
        "generated": _("generated {date}").format(date=generated), "timeline": _("Tension timeline"), "map": _("Map"),
        "events": _("Events ({n})").format(n=i18n.number(len(events))), "date": _("Date"), "event": _("Event"),
        "category": _("Category"), "tension": _("Tension"), "confidence": _("Confidence"), "sources": _("Sources"),
        "timeline_alt": _("Timeline"), "map_alt": _("Map"),
    }.items()}
    align = "right" if ar else "left"
    return f"""<!DOCTYPE html><html lang="{i18n.lang()}" dir="{i18n.direction()}"><head><meta charset="utf-8"><title>{h(title)}</title>
<style>{face}body{{font:15px/1.45 sans-serif,'Noto Sans Arabic';margin:32px;color:#222}}h1{{margin:0 0 4px}}.sub{{color:#555}}
.figs{{display:flex;gap:18px;margin:18px 0}}.fig{{border:1px solid #ddd;border-radius:8px;padding:10px 16px}}
.v{{font-size:30px;font-weight:700}}.l{{color:#555}}img{{max-width:100%;border:1px solid #ddd;margin:8px 0}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #eee;padding:5px;vertical-align:top;text-align:{align}}}
.foot{{color:#666;font-size:12px;margin-top:20px}}</style></head><body>
<h1>{h(title)}</h1><div class="sub">{h(description)} · {t["generated"]}</div>
<div class="figs">{cards}</div><h2>{t["timeline"]}</h2>{img(timeline_png, t["timeline_alt"])}
<h2>{t["map"]}</h2>{img(map_png_bytes, t["map_alt"])}<h2>{t["events"]}</h2>
<table><tr><th>{t["date"]}</th><th>{t["event"]}</th><th>{t["category"]}</th><th>{t["tension"]}</th><th>{t["confidence"]}</th>
<th>{t["sources"]}</th></tr>{rows}</table>
<div class="foot">{h(attribution)}</div></body></html>"""
