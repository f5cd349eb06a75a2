"""The deployment and incident map as a pure function: data in, folium.Map out.

No tiles are needed: the basemap is drawn from committed vector layers (Syria's governorates and
districts, neighbouring countries).  An OpenStreetMap layer is offered but off by default.
All text from data goes through :mod:`syriawatch.textsafe` before it reaches HTML or JS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import branca.element
import folium
import folium.plugins
import jinja2
import pandas as pd

from . import foliumsafe, i18n, vocab
from .assets import STATIC_URL, IconPathFix, use_local_assets
from .geo import ATTRIBUTION, GeoLayers
from .i18n import N_, _
from .textsafe import blank, h, safe_url, text

foliumsafe.install()  # rendered text is never re-parsed as a Jinja template (server-side evaluation, speed)

NE_SYRIA_CENTER = (36.0, 40.5)  # northeast Syria: the Euphrates valley, Raqqa, Hasakah and the Tigris corner
NE_SYRIA_ZOOM = 8
AGGREGATE_ABOVE = 1_500  # located events; beyond this the map draws grid cells, not one marker per event
FONT_FILE = "fonts/noto-sans-arabic-arabic-400-normal.woff2"  # under the vendor folder (see assets.py)
# Radius (m) of the uncertainty ring drawn around approximate locations, by ACLED geo_precision.
PRECISION_RADIUS_M = {2: 5_000, 3: 25_000}


class SafePopup(branca.element.MacroElement):
    """A popup whose HTML (already escaped by us) is passed as a JSON string: no jQuery, no template literals."""

    _template = jinja2.Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }}, {{ this.options|tojson }});
    {% endmacro %}""")

    def __init__(self, html: str, max_width: int = 360):
        super().__init__()
        self._name = "SafePopup"
        self.html = html
        self.options = {"maxWidth": max_width}


class SafeTooltip(branca.element.MacroElement):
    _template = jinja2.Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip({{ this.html|tojson }}, {{ this.options|tojson }});
    {% endmacro %}""")

    def __init__(self, html: str, sticky: bool = True, permanent: bool = False, direction: str = "auto", cls: str = ""):
        super().__init__()
        self._name = "SafeTooltip"
        self.html = html
        self.options = {"sticky": sticky, "permanent": permanent, "direction": direction}
        if cls:
            self.options["className"] = cls


class MapChrome(branca.element.MacroElement):
    """Sea-coloured background, attribution and label styles, set from JS so they apply inside the iframe."""

    _template = jinja2.Template("""{% macro script(this, kwargs) %}
        (function (m) {
            m.getContainer().style.background = "#d7e6ef";
            m.attributionControl.setPrefix(false);
            m.attributionControl.addAttribution({{ this.attribution|tojson }});
            var css = document.createElement("style");
            css.textContent = ".sw-label{background:transparent;border:none;box-shadow:none;color:#333;font:12px/1.2 sans-serif;"
                + "text-shadow:0 0 3px #fff,0 0 3px #fff;white-space:nowrap}.sw-label:before{display:none}"
                + ".sw-gov{color:#6d6d6d;font:600 11px/1.2 sans-serif;letter-spacing:.06em;text-transform:uppercase}"
                + ".leaflet-popup-content{font:13px/1.4 sans-serif}.leaflet-popup-content h4{margin:0 0 4px;font-size:14px}"
                + ".sw-legend{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:6px;font:11px/1.4 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}"
                + ".sw-legend i{display:inline-block;width:11px;height:11px;margin-right:6px;vertical-align:-1px}";
            css.textContent += "@font-face{font-family:'Noto Sans Arabic';src:url(" + JSON.stringify({{ this.font_url|tojson }})
                + ") format('woff2');unicode-range:U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF}"
                + ".leaflet-container,.sw-label,.sw-legend,.leaflet-popup-content{font-family:sans-serif,'Noto Sans Arabic'}"
                + "[dir=rtl] ul{margin:4px 16px 0 0 !important}.sw-legend[dir=rtl] i{margin-right:0;margin-left:6px}"
                + ".sw-label{text-align:left;unicode-bidi:plaintext}.sw-gov{text-align:center}";
            document.head.appendChild(css);
            if ({{ this.rtl|tojson }}) {
                document.documentElement.setAttribute("dir", "rtl");
                document.documentElement.setAttribute("lang", {{ this.lang|tojson }});
                m.getContainer().setAttribute("dir", "ltr");  // Leaflet's panes and controls assume ltr
            }
        })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, attribution: str, font_url: str = "", lang: str = "en"):
        super().__init__()
        self._name = "MapChrome"
        self.attribution = attribution
        self.font_url, self.lang, self.rtl = font_url, lang, i18n.is_rtl(lang)


class HtmlControl(branca.element.MacroElement):
    """A Leaflet control holding our (already escaped) HTML: the legend and the date stamp."""

    _template = jinja2.Template("""{% macro script(this, kwargs) %}
        (function (m) {
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.setAttribute("dir", {{ this.dir|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            ctl.addTo(m);
        })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, html: str, position: str, css_class: str):
        super().__init__()
        self._name = "HtmlControl"
        self.html, self.position, self.css_class = html, position, css_class
        self.dir = i18n.direction()


def _date_with_precision(value, precision) -> str:
    if blank(value):
        return ""
    d = pd.Timestamp(value)
    p = None if blank(precision) else int(precision)
    if p == 4:
        return _("{year} (year only)").format(year=i18n.date(d, "year"))
    if p == 3:
        return _("{month} (month only)").format(month=i18n.date(d, "month"))
    if p == 2:
        return _("week of {date}").format(date=i18n.date(d))
    return i18n.date(d)


def _source_links(row) -> str:
    items = []
    for k in ("source", "source2"):
        if blank(row.get(k)):
            continue
        label = h(row.get(k))
        title = h(row.get(f"{k}_title"))
        date = "" if blank(row.get(f"{k}_date")) else i18n.date(row.get(f"{k}_date"))
        url = safe_url(row.get(f"{k}_url"))
        head = f'<a href="{h(url)}" target="_blank" rel="noopener noreferrer">{label}</a>' if url else label
        items.append(f"<li>{head}{': ' + title if title else ''}{' (' + date + ')' if date else ''}</li>")
    return "<ul style='margin:4px 0 0 16px;padding:0'>" + "".join(items) + "</ul>" if items else ""


def _names(row, field: str) -> str:
    """A heading in the interface language with the other language's name under it."""
    first = i18n.pick(row, field)
    other = text(row.get(f"{field}_en" if i18n.lang() == "ar" else f"{field}_ar")) if hasattr(row, "get") else ""
    other_dir = "ltr" if i18n.lang() == "ar" else "rtl"
    sub = f"<div dir='{other_dir}'>{h(other)}</div>" if other and other != first else ""
    return f"<h4>{h(first)}</h4>{sub}"


def _popup(body: str) -> str:
    return f"<div dir='{i18n.direction()}'>{body}</div>"


def site_popup(row, actor_names: dict[str, str]) -> str:
    kind = vocab.SITE_KINDS.get(text(row["kind"]))
    period = _date_with_precision(row["established"], row["established_precision"]) or _("date unknown")
    until = _date_with_precision(row["vacated"], row["vacated_precision"]) or _("still active in latest source")
    prec = i18n.pair(vocab.GEO_PRECISION.get(int(row["geo_precision"]), ("", ""))) if not blank(row["geo_precision"]) else ""
    conf = vocab.CONFIDENCE.get(text(row["confidence"]))
    arrow = "←" if i18n.is_rtl() else "→"
    return _popup(
        _names(row, "name")
        + f"<div><b>{h(actor_names.get(text(row['operator']), row['operator']))}</b> · {h(i18n.term(kind) if kind else row['kind'])}</div>"
        f"<div>{h(period)} {arrow} {h(until)}</div>"
        f"<div>{h(_('Location:'))} {h(prec)}{' — ' + h(row['geo_note']) if not blank(row['geo_note']) else ''}</div>"
        f"<div>{h(_('Confidence:'))} {h(i18n.term(conf) if conf else row['confidence'])}</div>"
        + (f"<div style='margin-top:4px'>{h(row['notes'])}</div>" if not blank(row["notes"]) else "")
        + _source_links(row)
        + _last_report(row)
    )


def _last_report(row) -> str:
    """The latest report of the site still being held (sites.csv last_report_date / last_report_url), if given."""
    if not hasattr(row, "get") or blank(row.get("last_report_date")):
        return ""
    when = h(i18n.date(row.get("last_report_date")))
    url = safe_url(row.get("last_report_url"))
    link = f'<a href="{h(url)}" target="_blank" rel="noopener noreferrer">{when}</a>' if url else when
    return f"<div style='margin-top:4px'>{h(_('Last report of it:'))} {link}</div>"


def event_popup(row, actor_names: dict[str, str]) -> str:
    cat = vocab.CATEGORIES.get(text(row["category"]))
    tp = i18n.pair(vocab.TIME_PRECISION.get(int(row["time_precision"]), ("", "")))
    actors = " – ".join(h(actor_names.get(a, a)) for a in row["actors"])
    conf = vocab.CONFIDENCE.get(text(row["confidence"]))
    tension = _("tension {score}").format(score=i18n.signed(int(row["tension"])))
    notes = i18n.pick(row, "notes")
    return _popup(
        _names(row, "title")
        + f"<div>{h(i18n.date(row['event_date']))} ({h(tp)}) · {h(i18n.term(cat) if cat else row['category'])}</div>"
        f"<div>{actors}</div><div>{h(i18n.pick(row, 'location'))} · {h(tension)} · {h(i18n.term(conf) if conf else row['confidence'])}</div>"
        + (f"<div style='margin-top:4px'>{h(notes)}</div>" if notes else "")
        + _source_links(row)
        + f"<div style='color:#777;font-size:11px'>{h(row['event_id'])}</div>"
    )


def _legend_sites() -> str:
    sites = [f"<b>{h(_('Sites held by'))}</b>"]
    for side in ("us_coalition", "russia", "syrian_gov", "sdf", "turkey", "iran"):
        t = vocab.SIDES[side]
        sites.append(f"<div><i style='background:{t.colour};border:1px solid #333'></i>{h(i18n.term(t))}</div>")
    sites.append(f"<div><i style='background:#fff;border:2px solid #555'></i>{h(_('possible / disputed'))}</div>")
    sites.append(f"<div><i style='background:#bbb;border:2px dotted #555;opacity:.6'></i>{h(_('no report for 18+ months'))}</div>")
    sites.append(f"<div><i style='border:1px dashed #555;border-radius:50%'></i>{h(_('approximate location'))}</div>")
    return "".join(sites)


def _legend_areas() -> str:
    areas = [f"<b>{h(_('Areas of control (approximate)'))}</b>"]
    for t in vocab.CONTROLLERS.values():
        areas.append(f"<div><i style='background:{t.colour};opacity:.8'></i>{h(i18n.term(t))}</div>")
    return "".join(areas)


def _legend_lines() -> str:
    lines = [f"<b>{h(_('Lines'))}</b>"]
    for t in vocab.LINE_KINDS.values():
        lines.append(f"<div><i style='border-top:3px solid {t.colour};height:0'></i>{h(i18n.term(t))}</div>")
    return "".join(lines)


def _legend_basemap() -> str:
    return (f"<b>{h(_('Basemap'))}</b>"
            f"<div><i style='border-top:3px solid #6FA8D6;height:0'></i>{h(_('Rivers (Euphrates, Khabur)'))}</div>"
            f"<div><i style='border-top:2px dashed #A0703C;height:0'></i>{h(_('Main roads (approximate course)'))}</div>")


def _legend_events() -> str:
    ev = [f"<b>{h(_('Events (size = |tension|)'))}</b>"]
    for t in vocab.CATEGORIES.values():
        ev.append(f"<div><i style='background:{t.colour};border-radius:50%'></i>{h(i18n.term(t))}</div>")
    return "".join(ev)


# Legend entries by key (a layer names its entry); shown in this order for the layers drawn.
LEGEND = {"sites": _legend_sites, "areas": _legend_areas, "lines": _legend_lines, "basemap": _legend_basemap,
          "events": _legend_events}
LEGEND_COLUMNS = [("sites",), ("areas", "lines", "basemap"), ("events",)]


def _legend_html(keys, open_: bool = True) -> str:
    cols = []
    for column in LEGEND_COLUMNS:
        parts = [LEGEND[k]() for k in column if k in keys]
        if parts:
            cols.append(f"<div>{''.join(parts)}</div>")
    return (f"<details{' open' if open_ else ''}><summary style='cursor:pointer;font-weight:600'>{h(_('Legend'))}</summary>"
            f"<div style='display:flex;gap:14px;margin-top:4px'>{''.join(cols)}</div></details>")


def _square_icon(colour: str, hollow: bool, stale: bool = False) -> folium.DivIcon:
    fill = "#ffffff" if hollow else colour
    style = "dotted" if stale else "solid"
    opacity = "0.45" if stale else "1"
    return folium.DivIcon(
        html=f"<div style='width:14px;height:14px;background:{fill};border:2px {style} {colour};opacity:{opacity};"
             f"outline:1px solid #fff;box-shadow:0 0 2px #000'></div>",
        icon_size=(14, 14), icon_anchor=(7, 7), class_name="sw-site")


def _add_basemap(m: folium.Map, geo: GeoLayers, online_tiles: bool = True) -> None:
    base = folium.FeatureGroup(name=_("Offline basemap (no internet needed)"), overlay=False, control=True, show=True)
    folium.GeoJson(geo.neighbours[["name", "geometry"]].to_json(), name="Neighbouring countries",
                   style_function=lambda _f: {"fillColor": "#eeebe4", "color": "#b6ae9c", "weight": 1, "fillOpacity": 1},
                   interactive=False).add_to(base)
    folium.GeoJson(geo.outline.to_json(), name="Syria",
                   style_function=lambda _f: {"fillColor": "#fcfbf8", "color": "#4d4d4d", "weight": 2, "fillOpacity": 1},
                   interactive=False).add_to(base)
    for _i, r in geo.neighbours.iterrows():
        c = r.geometry.representative_point()
        folium.Marker([c.y, c.x], icon=folium.DivIcon(html=f"<div class='sw-label sw-gov'>{h(i18n.pick(r, 'name'))}</div>",
                                                       icon_size=(120, 14), icon_anchor=(60, 7))).add_to(base)
    base.add_to(m)
    if not online_tiles:
        return
    folium.TileLayer("OpenStreetMap", name=_("OpenStreetMap (online only)"), show=False, overlay=False,
                     control=True, max_zoom=13).add_to(m)


def _add_governorates(m: folium.Map, geo: GeoLayers) -> None:
    govs = folium.FeatureGroup(name="Governorates", control=False)
    for _i, r in geo.governorates.iterrows():
        layer = folium.GeoJson(r.geometry.__geo_interface__,
                               style_function=lambda _f: {"fill": True, "fillOpacity": 0, "color": "#7a7a7a",
                                                         "weight": 1.2, "dashArray": "4 3"})
        SafeTooltip(f"{h(r['admin1'])} · <span dir='rtl'>{h(r['name_ar'])}</span>").add_to(layer)
        layer.add_to(govs)
        p = r["label_point"]
        label = r["name_ar"] if i18n.lang() == "ar" else r["admin1"]
        folium.Marker([p.y, p.x], icon=folium.DivIcon(html=f"<div class='sw-label sw-gov'>{h(label)}</div>",
                                                      icon_size=(140, 14), icon_anchor=(70, 7))).add_to(govs)
    govs.add_to(m)


def _add_towns(m: folium.Map, geo: GeoLayers) -> None:
    towns = folium.FeatureGroup(name="Towns", control=False)
    for _i, r in geo.places.iterrows():
        folium.CircleMarker([r.latitude, r.longitude], radius=2, color="#333", weight=1, fill=True,
                            fill_opacity=1, interactive=False).add_to(towns)
        # Label above-right of the dot, so a site square drawn on the town does not hide it.
        folium.Marker([r.latitude, r.longitude], interactive=False,
                      icon=folium.DivIcon(html=f"<div class='sw-label'>{h(i18n.pick(r, 'name'))}</div>",
                                          icon_size=(150, 14), icon_anchor=(-9, 18))).add_to(towns)
    towns.add_to(m)


def _links(sources) -> str:
    items = []
    for outlet, title, url, date in sources:
        u = safe_url(url)
        head = f'<a href="{h(u)}" target="_blank" rel="noopener noreferrer">{h(outlet)}</a>' if u else h(outlet)
        when = "" if blank(date) else f" ({i18n.date(date)})"
        items.append(f"<li>{head}{': ' + h(title) if not blank(title) else ''}{when}</li>")
    return "<ul style='margin:4px 0 0 16px;padding:0'>" + "".join(items) + "</ul>" if items else ""


def _add_control(m: folium.Map, areas, as_of) -> None:
    if areas is None or len(areas) == 0:
        return
    snap = pd.Timestamp(areas["snapshot_date"].iloc[0])
    group = folium.FeatureGroup(name=_("Areas of control (accurate as of {date})").format(date=i18n.date(snap)), control=False)
    accurate = _("Accurate as of {date} (map date {map_date})").format(date=i18n.date(snap), map_date=i18n.date(as_of))
    method = _("Approximate: assigned per district to the force holding most of its populated area.")
    for _i, r in areas.iterrows():
        ctrl = vocab.CONTROLLERS.get(r["controller"])
        colour = (ctrl or vocab.CONTROLLERS["contested"]).colour
        label = i18n.term(ctrl) if ctrl else r["label"]
        conf = vocab.CONFIDENCE.get(text(r["confidence"]))
        weak = r["confidence"] in ("possible", "disputed")
        layer = folium.GeoJson(r.geometry.__geo_interface__, style_function=lambda _f, c=colour, w=weak: {
            "fillColor": c, "fillOpacity": 0.45, "color": c, "weight": 0.5, "dashArray": "4 4" if w else None})
        SafePopup(_popup(
            f"<h4>{h(label)}</h4><div>{h(accurate)}</div><div><i>{h(method)}</i></div>"
            f"<div>{h(_('Districts:'))} <span dir='ltr'>{h(r['districts'])}</span></div>"
            f"<div>{h(_('Confidence:'))} {h(i18n.term(conf) if conf else r['confidence'])}</div>"
            + (f"<div style='margin-top:4px' dir='ltr'>{h(r['notes'])}</div>" if r["notes"] else "") + _links(r["sources"])
        )).add_to(layer)
        SafeTooltip(h(_("{label} · as of {date} (approximate)").format(label=label, date=i18n.date(snap)))).add_to(layer)
        layer.add_to(group)
    group.add_to(m)


def _add_lines(m: folium.Map, lines, actor_names) -> None:
    if lines is None or len(lines) == 0:
        return
    group = folium.FeatureGroup(name=_("Patrol routes & deconfliction lines ({n})").format(n=len(lines)), control=False)
    arrow = "←" if i18n.is_rtl() else "→"
    for _i, r in lines.iterrows():
        kind = vocab.LINE_KINDS.get(r["kind"])
        colour = kind.colour if kind else "#333"
        ops = " – ".join(h(actor_names.get(a, a)) for a in str(r["operators"]).split(";") if a)
        until = _date_with_precision(r["valid_to"], r["valid_to_precision"]) or _("no end reported")
        html = _popup(_names(r, "name")
                      + f"<div>{h(i18n.term(kind) if kind else r['kind'])} · {ops}</div>"
                      f"<div>{h(_date_with_precision(r['valid_from'], r['valid_from_precision']))} {arrow} {h(until)}</div>"
                      f"<div><i>{h(_('Approximate: straight segments between the towns named by the sources.'))}</i></div>"
                      + (f"<div style='margin-top:4px' dir='ltr'>{h(r['note'])}</div>" if not blank(r.get("note")) else "")
                      + _source_links(r))
        if r.geometry.geom_type == "Point":
            radius = float(r["radius_km"]) * 1000 if not blank(r.get("radius_km")) else 10_000
            shape = folium.Circle([r.geometry.y, r.geometry.x], radius=radius, color=colour, weight=2,
                                  dash_array="8 6", fill=True, fill_opacity=0.05)
        else:
            shape = folium.PolyLine([(y, x) for x, y in r.geometry.coords], color=colour, weight=3,
                                    opacity=0.85, dash_array="10 6" if r["kind"] != "deconfliction_line" else None)
        SafePopup(html).add_to(shape)
        SafeTooltip(h(_("{name} (approximate)").format(name=i18n.pick(r, "name")))).add_to(shape)
        shape.add_to(group)
    group.add_to(m)


def grid_bins(events: pd.DataFrame, cell_deg: float = 0.1) -> pd.DataFrame:
    """Located events counted per grid cell: centre, count, dominant category, tension sum."""
    ev = events[events["latitude"].notna()]
    if ev.empty:
        return pd.DataFrame(columns=["lat", "lon", "count", "category", "tension"])
    gy = (ev["latitude"].astype(float) / cell_deg).round().astype(int)
    gx = (ev["longitude"].astype(float) / cell_deg).round().astype(int)
    g = ev.assign(_gy=gy, _gx=gx, _cat=ev["category"].astype(str)).groupby(["_gy", "_gx"], sort=False)
    out = pd.DataFrame({"count": g.size(), "tension": g["tension"].sum(),
                        "category": g["_cat"].agg(lambda c: c.value_counts().index[0])}).reset_index()
    out["lat"], out["lon"] = out["_gy"] * cell_deg, out["_gx"] * cell_deg
    return out[["lat", "lon", "count", "category", "tension"]].sort_values("count", ascending=False, ignore_index=True)


def context_layer(context, aggregate_above: int) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """(located rows, None) up to ``aggregate_above`` rows, else (None, 0.1° cells).

    ``context`` is a frame of rows or a ContextSelection (syriawatch.contextstore), which answers in the store.
    """
    if not isinstance(context, pd.DataFrame):
        return context.map_layer(aggregate_above)
    located = context[context["latitude"].notna()]
    if len(located) > aggregate_above:
        return None, grid_bins(located.assign(category="context", tension=0))
    return located, None


def _bins_layer(cells: pd.DataFrame, colour_of, label_of, fill_opacity: float = 0.75) -> folium.GeoJson:
    """Grid cells as ONE GeoJSON layer of circle markers: a few hundred cells cost one element, not hundreds."""
    top = max(int(cells["count"].max()), 1) if len(cells) else 1
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(c.lon), float(c.lat)]},
              "properties": {"label": label_of(c), "colour": colour_of(c),
                             "radius": round(4 + 18 * (c.count / top) ** 0.5, 1)}} for c in cells.itertuples()]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": feats}, marker=folium.CircleMarker(),
        style_function=lambda f: {"radius": f["properties"]["radius"], "fillColor": f["properties"]["colour"],
                                  "color": "#222", "weight": 1, "fill": True, "fillOpacity": fill_opacity},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False))


def _add_event_bins(group, events: pd.DataFrame) -> None:
    def colour(c):
        cat = vocab.CATEGORIES.get(c.category)
        return cat.colour if cat else "#777"

    text_ = _("{n} events in this 0.1° cell · mostly {category} · net tension {tension}")

    def label(c):  # numbers and vocabulary labels only, escaped all the same
        cat = vocab.CATEGORIES.get(c.category)
        return h(text_.format(n=i18n.number(c.count), category=i18n.term(cat) if cat else c.category,
                              tension=i18n.signed(int(c.tension))))
    _bins_layer(grid_bins(events), colour, label).add_to(group)


def _add_context(m: folium.Map, context, aggregate_above: int) -> None:
    """Imported ACLED/UCDP events: small grey marks, visibly not curated, binned past the threshold."""
    group = folium.FeatureGroup(name=_("Context (ACLED/UCDP)"), control=False)
    located, cells = context_layer(context, aggregate_above)
    if cells is not None:
        cell = _("{n} imported context events (ACLED/UCDP, not curated)")
        _bins_layer(cells, lambda c: "#BDBDBD", lambda c: h(cell.format(n=i18n.number(c.count))),
                    fill_opacity=0.6).add_to(group)
    else:
        prefix = _("Context, not curated")
        for r in located.itertuples():
            marker = folium.CircleMarker([r.latitude, r.longitude], radius=3, color="#616161", weight=1, fill=True,
                                         fill_color="#BDBDBD", fill_opacity=0.7)
            SafeTooltip(f"{h(prefix)} · {h(r.dataset)} · {h(i18n.date(r.event_date))} · "
                        f"{h(r.event_type)} · {h(r.location)}").add_to(marker)
            marker.add_to(group)
    group.add_to(m)


def _tip(text: str, ident) -> str:
    """Tooltip text ending in the row's id in brackets: the page reads it back from a click."""
    return f"{text} [{h(ident)}]"


@dataclass(frozen=True)
class MapInputs:
    """Everything a map shows, built once per run (syriawatch.ui_map.map_inputs) and used by the live map,
    its offline copy and the briefing: already-filtered events and sites, and the map's own state.

    ``control_areas`` is one snapshot from :func:`syriawatch.layers.control_areas` and ``lines`` the
    GeoDataFrame of :func:`syriawatch.layers.line_shapes` already limited to the period.
    """

    events: pd.DataFrame
    sites: pd.DataFrame
    geo: GeoLayers
    actor_names: dict
    layers: tuple | None = None            # layer codes to draw (None = every layer)
    control_areas: Any = None
    lines: Any = None
    as_of: Any = None
    center: tuple = NE_SYRIA_CENTER
    zoom: int = NE_SYRIA_ZOOM
    context: Any = None                    # imported ACLED/UCDP rows or a ContextSelection (grey)
    aggregate_above: int = AGGREGATE_ABOVE

    def wants(self, code: str) -> bool:
        return self.layers is None or code in self.layers


# -------------------------------------------------------------------------------------- the drawers

def _draw_control(m, x: MapInputs) -> None:
    _add_control(m, x.control_areas, x.as_of if x.as_of is not None else pd.Timestamp.today())


def _coords(geom) -> list[list[tuple[float, float]]]:
    parts = geom.geoms if geom.geom_type.startswith("Multi") else [geom]
    return [[(y, xx) for xx, y in p.coords] for p in parts]


def _draw_rivers_roads(m, x: MapInputs) -> None:
    """The Euphrates and the Khabur, and the main roads (approximate: straight segments between the towns
    they pass, flagged so on hover and in the legend), under everything else that is drawn."""
    group = folium.FeatureGroup(name=_("Rivers & main roads"), control=False)
    rivers = x.geo.rivers
    if rivers is not None:
        for _i, r in rivers.iterrows():
            line = folium.PolyLine(_coords(r.geometry), color="#6FA8D6", weight=2.5, opacity=0.95)
            SafeTooltip(h(i18n.pick(r, "name"))).add_to(line)
            line.add_to(group)
    roads = x.geo.roads
    if roads is not None:
        for _i, r in roads.iterrows():
            name = i18n.pick(r, "name")
            line = folium.PolyLine(_coords(r.geometry), color="#A0703C", weight=2, opacity=0.8, dash_array="6 4")
            conf = vocab.CONFIDENCE.get(text(r.get("confidence")))
            source = [(r.get("source"), r.get("source_title"), r.get("source_url"), r.get("source_date"))] \
                if not blank(r.get("source")) else []
            SafePopup(_popup(
                _names(r, "name")
                + f"<div><i>{h(_('Approximate: straight segments between the towns it passes, not the road itself.'))}</i></div>"
                + (f"<div>{h(_('Confidence:'))} {h(i18n.term(conf))}</div>" if conf else
                   f"<div>{h(_('Confidence:'))} {h(_('no source found for its course'))}</div>")
                + (f"<div style='margin-top:4px' dir='ltr'>{h(r['note'])}</div>" if not blank(r.get("note")) else "")
                + _links(source))).add_to(line)
            SafeTooltip(h(_("{name} (approximate)").format(name=name))).add_to(line)
            line.add_to(group)
    group.add_to(m)


def _draw_districts(m, x: MapInputs) -> None:
    districts = folium.FeatureGroup(name="Districts", control=False)
    folium.GeoJson(x.geo.districts[["adm2_name", "geometry"]].to_json(), interactive=False,
                   style_function=lambda _f: {"fill": False, "color": "#a3a3a3", "weight": 0.7, "dashArray": "1 3"}
                   ).add_to(districts)
    districts.add_to(m)


def _sites_drawer(side: str | None, name: str) -> Callable[[folium.Map, MapInputs], None]:
    def draw(m, x: MapInputs) -> None:
        drawable = x.sites[x.sites["latitude"].notna()]  # a site with no traceable coordinate is listed, not drawn
        group = folium.FeatureGroup(name=_(name), control=False)
        subset = drawable[drawable["side"] == side] if side else drawable[~drawable["side"].isin(["us_coalition", "russia"])]
        for _i, r in subset.iterrows():
            _add_site(group, r, x.actor_names)
        group.add_to(m)
    return draw


def _add_site(group, r, actor_names) -> None:
    colour = vocab.SIDES.get(text(r["side"]), vocab.SIDES["un_other"]).colour
    hollow = text(r["confidence"]) in ("possible", "disputed")
    stale = bool(r.get("stale", False))
    marker = folium.Marker([r["latitude"], r["longitude"]], icon=_square_icon(colour, hollow, stale))
    popup = site_popup(r, actor_names)
    status = ""
    if stale:
        status = " · " + _("status unknown: last reported {month}").format(month=i18n.date(r["last_reported"], "month"))
        warning = _("no source since {date} and no end date recorded.").format(date=i18n.date(r["last_reported"]))
        popup = (f"<div style='color:#8a4b00' dir='{i18n.direction()}'><b>{h(_('Status unknown on the map date:'))}</b> "
                 f"{h(warning)}</div>") + popup
    SafePopup(popup).add_to(marker)
    SafeTooltip(_tip(f"{h(i18n.pick(r, 'name'))} · {h(actor_names.get(text(r['operator']), r['operator']))}{h(status)}",
                     r["site_id"])).add_to(marker)
    marker.add_to(group)
    ring = PRECISION_RADIUS_M.get(int(r["geo_precision"]))
    if ring:
        folium.Circle([r["latitude"], r["longitude"]], radius=ring, color=colour, weight=1,
                      dash_array="4 4", fill=False, interactive=False).add_to(group)


def _draw_context(m, x: MapInputs) -> None:
    if x.context is not None and len(x.context):
        _add_context(m, x.context, x.aggregate_above)


def _draw_events(m, x: MapInputs) -> None:
    located = x.events[x.events["latitude"].notna()]
    group = folium.FeatureGroup(name=_("Incidents"), control=False)
    if len(located) > x.aggregate_above:
        _add_event_bins(group, located)
        located = located.iloc[0:0]  # the cells stand for them
    for _i, r in located.iterrows():
        cat = vocab.CATEGORIES.get(text(r["category"]))
        colour = cat.colour if cat else "#777"
        weak = text(r["confidence"]) in ("possible", "disputed")
        ring = PRECISION_RADIUS_M.get(int(r["geo_precision"])) if not blank(r["geo_precision"]) else None
        if ring:
            folium.Circle([r["latitude"], r["longitude"]], radius=ring, color=colour, weight=1,
                          dash_array="4 4", fill=True, fill_opacity=0.06, interactive=False).add_to(group)
        marker = folium.CircleMarker([r["latitude"], r["longitude"]], radius=5 + abs(int(r["tension"])) * 0.7,
                                     color="#222" if not weak else colour, weight=1 if not weak else 2,
                                     dash_array="3 2" if weak else None,
                                     fill=True, fill_color=colour, fill_opacity=0.85 if not weak else 0.15)
        SafePopup(event_popup(r, actor_names=x.actor_names)).add_to(marker)
        SafeTooltip(_tip(f"{h(i18n.date(r['event_date']))} · {h(i18n.pick(r, 'title'))}",
                         r["event_id"])).add_to(marker)
        marker.add_to(group)
    group.add_to(m)


# ------------------------------------------------------------------------------------- the registry

@dataclass(frozen=True)
class Layer:
    """One map layer: its code (URL ``layers=``), its label (N_; None: not offered as a choice, drawn
    when its data is given), whether it is on by default, its drawer and its legend entry (a key of
    :data:`LEGEND`).  The registry's order is the drawing order (first = lowest) and the order of the
    layer choices."""

    code: str
    label: str | None
    default: bool
    draw: Callable[[folium.Map, MapInputs], None]
    legend: str | None = None


LAYERS: tuple[Layer, ...] = (
    Layer("control", N_("Areas of control"), True, _draw_control, "areas"),
    Layer("rivers_roads", N_("Rivers & main roads"), True, _draw_rivers_roads, "basemap"),
    Layer("govs", N_("Governorates"), True, lambda m, x: _add_governorates(m, x.geo)),
    Layer("districts", N_("Districts"), False, _draw_districts),
    Layer("towns", N_("Towns"), True, lambda m, x: _add_towns(m, x.geo)),
    Layer("lines", N_("Patrol routes & deconfliction lines"), True, lambda m, x: _add_lines(m, x.lines, x.actor_names),
          "lines"),
    Layer("sites_us", N_("Coalition sites"), True, _sites_drawer("us_coalition", N_("Coalition sites")), "sites"),
    Layer("sites_ru", N_("Russian sites"), True, _sites_drawer("russia", N_("Russian sites")), "sites"),
    Layer("sites_other", N_("Other actors' sites"), True, _sites_drawer(None, N_("Other actors' sites")), "sites"),
    Layer("context", None, True, _draw_context),
    Layer("events", N_("Incidents"), True, _draw_events, "events"),
)
CHOICES = tuple(layer for layer in LAYERS if layer.label)
ALL_LAYERS = tuple(layer.code for layer in CHOICES)
DEFAULT_LAYERS = tuple(layer.code for layer in CHOICES if layer.default)


def render(x: MapInputs, *, asset_base: str = STATIC_URL, online_tiles: bool = True,
           legend_open: bool = True) -> folium.Map:
    """The map for ``x``: the basemap, then every registered layer ``x`` asks for, the stamp and the legend."""
    m = folium.Map(location=list(x.center), zoom_start=x.zoom, tiles=None, min_zoom=5, max_zoom=13,
                   control_scale=True, zoom_control=True)
    m.options["maxZoom"] = 13  # tiles=None: clusters need a maxZoom on the map itself
    IconPathFix(asset_base).add_to(m)
    MapChrome(_(ATTRIBUTION), f"{asset_base}/{FONT_FILE}", i18n.lang()).add_to(m)
    _add_basemap(m, x.geo, online_tiles)
    drawn = []
    for layer in LAYERS:
        if layer.label is None or x.wants(layer.code):
            layer.draw(m, x)
            drawn.append(layer)
    if x.as_of is not None:
        stamp = f"<b>{h(_('Map date {date}').format(date=i18n.date(x.as_of)))}</b>"
        if x.wants("control") and x.control_areas is not None and len(x.control_areas):
            snap = x.control_areas["snapshot_date"].iloc[0]
            stamp += "<br>" + h(_("Areas of control accurate as of {date} (approximate)").format(date=i18n.date(snap)))
        HtmlControl(stamp, "topright", "sw-legend sw-stamp").add_to(m)  # ISW-style "accurate as of"
    keys = [k for k in LEGEND if any(layer.legend == k for layer in drawn)]
    HtmlControl(_legend_html(keys, legend_open), "bottomleft", "sw-legend").add_to(m)
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return use_local_assets(m, asset_base)


def build_map(events: pd.DataFrame, sites: pd.DataFrame, geo: GeoLayers, actor_names: dict[str, str],
              *, center=NE_SYRIA_CENTER, zoom: int = NE_SYRIA_ZOOM, asset_base: str = STATIC_URL,
              layers=None, control_areas=None, lines=None, as_of=None,
              aggregate_above: int = AGGREGATE_ABOVE, online_tiles: bool = True, legend_open: bool = True,
              context: pd.DataFrame | None = None) -> folium.Map:
    """:func:`render` of the :class:`MapInputs` these arguments make (for callers holding the parts)."""
    x = MapInputs(events, sites, geo, actor_names, layers=None if layers is None else tuple(layers),
                  control_areas=control_areas, lines=lines, as_of=as_of, center=tuple(center), zoom=zoom,
                  context=context, aggregate_above=aggregate_above)
    return render(x, asset_base=asset_base, online_tiles=online_tiles, legend_open=legend_open)
