"""Event and site detail cards as escaped Markdown, for st.markdown (no unsafe HTML)."""

from __future__ import annotations

import pandas as pd

from . import vocab
from .textsafe import blank, md, safe_url, text


def _sources_md(row) -> list[str]:
    lines = []
    for k in ("source", "source2"):
        if blank(row.get(k)):
            continue
        url = safe_url(row.get(f"{k}_url"))
        outlet = md(row.get(k))
        title = md(row.get(f"{k}_title"))
        date = "" if blank(row.get(f"{k}_date")) else f" ({pd.Timestamp(row.get(f'{k}_date')):%d %b %Y})"
        link = f"[{outlet}](<{url}>)" if url else outlet
        lines.append(f"- {link}{': ' + title if title else ''}{date}")
    return lines


def event_card(row, actor_names: dict[str, str]) -> str:
    cat = vocab.CATEGORIES.get(text(row["category"]))
    tp = vocab.TIME_PRECISION.get(int(row["time_precision"]), ("?", ""))[0]
    gp = "not geolocated" if blank(row.get("geo_precision")) else vocab.GEO_PRECISION[int(row["geo_precision"])][0]
    conf = vocab.CONFIDENCE.get(text(row["confidence"]))
    ver = vocab.VERIFICATION.get(text(row["verification"]))
    actors = " – ".join(md(actor_names.get(a, a)) for a in row["actors"])
    out = [
        f"#### {md(row['title_en'])}",
        f"**{md(row['title_ar'])}**",
        "",
        f"**{pd.Timestamp(row['event_date']):%d %B %Y}** (date precision: {tp}) · "
        f"{md(cat.label if cat else row['category'])} · tension **{int(row['tension']):+d}**",
        "",
        f"**Actors:** {actors}  ",
        f"**Place:** {md(row.get('location')) or '—'}"
        + (f", {md(row.get('admin1'))}" if not blank(row.get("admin1")) else "") + f" ({gp})  ",
        f"**ACLED type:** {md(row['event_type'])} / {md(row['sub_event_type'])}  ",
        f"**Confidence:** {md(conf.label if conf else row['confidence'])} · **Verification:** "
        f"{md(ver.label if ver else row['verification'])}  ",
    ]
    if not blank(row.get("tension_reason")):
        out.append(f"**Why this score:** {md(row['tension_reason'])}  ")
    if not blank(row.get("notes")):
        out += ["", md(row["notes"])]
    if not blank(row.get("notes_ar")):
        out += ["", md(row["notes_ar"])]
    out += ["", "**Sources**", *_sources_md(row), "", f"ID {md(row['event_id'])} · updated {pd.Timestamp(row['updated_at']):%Y-%m-%d}"]
    return "\n".join(out)
