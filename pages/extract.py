"""From an article to draft events: paste or upload a report, review each candidate beside its sentence."""

import pandas as pd
import streamlit as st

from syriawatch import extract as X
from syriawatch import extract_review as XR
from syriawatch import i18n, ui, vocab
from syriawatch.i18n import _


@st.cache_resource(show_spinner=False, max_entries=4)
def _lexicon(key: str, _actors: pd.DataFrame) -> X.Lexicon:
    return X.build_lexicon(_actors, pd.read_csv(X.PLACES_CSV, encoding="utf-8"))


ctx = ui.context()
ui.header(_("From an article to draft events"), ctx, _("{n} curated events to check duplicates against").format(n=i18n.number(len(ctx.data.events))))
st.caption(_("Paste an Arabic or English report or upload a .txt/.html file. Candidates are suggestions from "
             "documented rules (codebook: “Candidate events from articles”); nothing is published until a reviewer accepts it."))
backend = XR.drafts_backend(st.session_state)
if not backend.persistent:
    st.info(_("The curation store is not installed here: accepted drafts are kept in this session only; download them below."))

def _run_extraction() -> None:
    """Button callback (runs before the script, so a rerun cannot drop the click)."""
    ss = st.session_state
    upload = ss.get("x_file")
    try:
        body = X.read_article(upload.getvalue(), upload.name) if upload is not None else ss.get("x_text", "")
        found = X.extract(body, ss.get("x_date"), ss.get("x_outlet", ""), ss.get("x_url", ""),
                          _lexicon(ui.fingerprint(ui.data_dir()), ctx.data.actors), ctx.data.events, title=X.headline(body))
        ss["x_cands"], ss["x_status"], ss["x_error"] = [c.as_dict() for c in found], {}, None
    except X.ExtractError as err:
        ss["x_error"] = str(err)


def _decide(i: int, action: str, row: dict, cand_row: dict, target: str | None = None) -> None:
    """Accept / merge / discard callback for candidate i; the outcome is shown beside it."""
    status, errors = st.session_state.setdefault("x_status", {}), st.session_state.setdefault("x_errors", {})
    errors.pop(i, None)
    if action == "discard":
        status[i] = _("Discarded")
        return
    if action == "accept":
        missing = XR.problems_before_accepting(row)
        if missing:
            errors[i] = _("Fix before accepting: {fields}").format(fields=", ".join(missing))
            return
    try:
        if action == "accept":
            ref = backend.create(row, "article extractor", "from article " + cand_row["source_url"])
            status[i] = _("Accepted as draft {ref}").format(ref=ref)
        else:
            ev = ctx.data.events[ctx.data.events["event_id"] == target]
            existing = {c: ("" if pd.isna(v) else str(v)) for c, v in ev.iloc[0].items() if not isinstance(v, (tuple, list))}
            ref = backend.merge(target, existing, cand_row, "article extractor", "article added as a source")
            status[i] = _("Merged into {id} (draft {ref})").format(id=target, ref=ref)
    except Exception as err:  # the store's InvalidRow / PermissionDenied / Conflict: shown, nothing lost
        errors[i] = _("The store refused the draft: {reason}").format(reason=str(err))


with st.container(border=True):
    st.text_area(_("Article text"), height=180, key="x_text")
    st.file_uploader(_("…or upload a file"), type=["txt", "html", "htm"], key="x_file")
    c1, c2, c3 = st.columns([2, 3, 1.4])
    c1.text_input(_("Outlet (required)"), key="x_outlet")
    c2.text_input(_("Article URL (required)"), key="x_url")
    c3.date_input(_("Publication date (required)"), value=None, key="x_date", format="YYYY-MM-DD")
    st.button(_("Extract candidates"), type="primary", key="x_go", on_click=_run_extraction)
if st.session_state.get("x_error"):
    st.error(_("Cannot extract: {reason}").format(reason=st.session_state["x_error"]))

cands = st.session_state.get("x_cands")
if cands is not None:
    status = st.session_state.setdefault("x_status", {})
    st.subheader(_("{n} candidate(s)").format(n=i18n.number(len(cands))))
    if not cands:
        st.warning(_("No datable sentence naming a known actor was found."))
    st.html(XR.CSS)
    codes = list(ctx.data.actors["code"])
    cats = list(vocab.CATEGORIES)
    govs = ["", *vocab.GOVERNORATE_NAMES]
    for i, c in enumerate(cands):
        r = c["row"]
        with st.container(border=True):
            left, right = st.columns([1, 1])
            with left:
                st.html(XR.highlight_html(c["sentence"], c["spans"]))
                st.caption(_("Date from «{phrase}» · precision {p} · window {a} – {b}").format(
                    phrase=r["date_phrase"] or _("(publication date)"), p=r["time_precision"], a=r["date_from"], b=r["date_to"]))
                if r["verification"] == "secondary_only":
                    st.caption(_("Reported through another outlet: confidence at most probable, secondary only."))
                if r.get("duplicate_of"):
                    st.warning(_("Possible duplicate of {id}").format(id=r["duplicate_of"]))
            with right:
                k = f"x{i}_"
                e1, e2 = st.columns(2)
                date = e1.text_input(_("Event date"), r["event_date"], key=k + "date")
                prec = e2.selectbox(_("Time precision"), [1, 2, 3, 4, 5], index=int(r["time_precision"]) - 1, key=k + "prec",
                                    format_func=lambda p: _(X.R.PRECISION_LABELS[p]))
                cat = e1.selectbox(_("Category"), cats, index=cats.index(r["category"]), key=k + "cat",
                                   format_func=lambda x: i18n.term(vocab.CATEGORIES[x]))
                tension = e2.number_input(_("Tension"), vocab.TENSION_MIN, vocab.TENSION_MAX, int(r["tension"]), key=k + "tension")
                a1 = e1.selectbox(_("Actor 1"), codes, index=codes.index(r["actor1"]) if r["actor1"] in codes else 0, key=k + "a1",
                                  format_func=lambda x: ctx.actor_names.get(x, x))
                a2 = e2.selectbox(_("Actor 2"), ["", *codes], index=(["", *codes].index(r["actor2"]) if r["actor2"] in codes else 0),
                                  key=k + "a2", format_func=lambda x: ctx.actor_names.get(x, x) if x else "—")
                adm = e1.selectbox(_("Governorate"), govs, index=govs.index(r["admin1"]) if r["admin1"] in govs else 0, key=k + "adm")
                loc = e2.text_input(_("Location"), r["location"], key=k + "loc")
                t_en = st.text_input(_("Title (English)"), r["title_en"], key=k + "ten")
                t_ar = st.text_input(_("Title (Arabic)"), r["title_ar"], key=k + "tar")
                edits = {"event_date": date, "time_precision": prec, "category": cat, "tension": tension, "actor1": a1,
                         "actor2": a2, "admin1": adm, "location": loc, "title_en": t_en, "title_ar": t_ar}
                row = XR.event_row(r, edits)
                done = status.get(i)
                if done:
                    st.success(done)
                    continue
                if st.session_state.get("x_errors", {}).get(i):
                    st.error(st.session_state["x_errors"][i])
                b1, b2, b3 = st.columns(3)
                ids = list(ctx.data.events["event_id"])
                target = b2.selectbox(_("Existing event"), ids, index=ids.index(r["duplicate_of"]) if r.get("duplicate_of") in ids else 0,
                                      key=k + "target", label_visibility="collapsed")
                b1.button(_("Accept as draft"), key=k + "accept", type="primary", on_click=_decide, args=(i, "accept", row, r))
                b2.button(_("Merge into existing"), key=k + "merge", on_click=_decide, args=(i, "merge", row, r, target))
                b3.button(_("Discard"), key=k + "discard", on_click=_decide, args=(i, "discard", row, r))
    st.download_button(_("Download the candidates (CSV)"), X.to_csv([X.Candidate(c["row"], c["sentence"]) for c in cands]).encode("utf-8"),
                       file_name="candidates.csv", mime="text/csv", key="x_dl", on_click="ignore")
    if not backend.persistent and backend.rows:
        st.download_button(_("Download the accepted drafts (CSV)"), backend.csv(), file_name="drafts.csv", mime="text/csv",
                           key="x_dl_drafts", on_click="ignore")
