"""Event and site detail cards as escaped Markdown, for st.markdown (no unsafe HTML)."""

from __future__ import annotations


from . import i18n, vocab
from .i18n import _
from .textsafe import blank, md, safe_url, text


def _sources_md(row) -> list[str]:
    lines = []
    for k in ("source", "source2"):
        if blank(row.get(k)):
            continue
        url = safe_url(row.get(f"{k}_url"))
        outlet = md(row.get(k))
        title = md(row.get(f"{k}_title"))
        date = "" if blank(row.get(f"{k}_date")) else f" ({i18n.date(row.get(f'{k}_date'))})"
        link = f"[{outlet}](<{url}>)" if url else outlet
        lines.append(f"- {link}{': ' + title if title else ''}{date}")
    return lines


def event_card(row, actor_names: dict[str, str]) -> str:
    """An event as Markdown in the interface language; the other language's title and notes follow."""
    ar = i18n.lang() == "ar"
    cat = vocab.CATEGORIES.get(text(row["category"]))
    tp = i18n.pair(vocab.TIME_PRECISION.get(int(row["time_precision"]), ("?", "?")))
    gp = _("not geolocated") if blank(row.get("geo_precision")) else i18n.pair(vocab.GEO_PRECISION[int(row["geo_precision"])])
    conf = vocab.CONFIDENCE.get(text(row["confidence"]))
    ver = vocab.VERIFICATION.get(text(row["verification"]))
    actors = " – ".join(md(actor_names.get(a, a)) for a in row["actors"])
    first, second = ("title_ar", "title_en") if ar and not blank(row.get("title_ar")) else ("title_en", "title_ar")
    place = md(i18n.pick(row, "location")) or "—"
    if not blank(row.get("admin1")):
        place += _(", ") + md(i18n.governorate(text(row.get("admin1"))))
    tr = {
        "Actors:": _("Actors:"),
        "Place:": _("Place:"),
        "ACLED type:": _("ACLED type:"),
        "Confidence:": _("Confidence:"),
        "Verification:": _("Verification:"),
        "Why this score:": _("Why this score:"),
        "Sources": _("Sources"),
        "tension": _("tension"),
    }
    when = _("date precision: {precision}").format(precision=tp)
    out = [
        f"#### {md(row[first])}",
        f"**{md(row[second])}**" if not blank(row.get(second)) else "",
        "",
        f"**{i18n.date(row['event_date'], 'long')}** ({when}) · "
        f"{md(i18n.term(cat) if cat else row['category'])} · {tr['tension']} **{i18n.signed(int(row['tension']))}**",
        "",
        f"**{tr['Actors:']}** {actors}  ",
        f"**{tr['Place:']}** {place} ({gp})  ",
        f"**{tr['ACLED type:']}** {md(row['event_type'])} / {md(row['sub_event_type'])}  ",
        f"**{tr['Confidence:']}** {md(i18n.term(conf) if conf else row['confidence'])} · **{tr['Verification:']}** "
        f"{md(i18n.term(ver) if ver else row['verification'])}  ",
    ]
    if not blank(row.get("tension_reason")):
        out.append(f"**{tr['Why this score:']}** {md(row['tension_reason'])}  ")
    notes = [n for n in (("notes_ar", "notes") if ar else ("notes", "notes_ar")) if not blank(row.get(n))]
    for n in notes:
        out += ["", md(row[n])]
    out += ["", f"**{tr['Sources']}**", *_sources_md(row), "",
            _("ID {id} · updated {date}").format(id=md(row["event_id"]), date=i18n.date(row["updated_at"], "iso"))]
    return "\n".join(out)
