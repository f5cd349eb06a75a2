"""From an article to draft events: paste or upload a report, review each candidate beside its sentence."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from syriawatch import extract as X
from syriawatch import extract_review as XR
from syriawatch import data_dir, i18n, identity, ui, vocab
from syriawatch.i18n import _
from syriawatch.textsafe import md


@st.cache_resource(show_spinner=False, max_entries=4)
def _lexicon(key: str, _actors: pd.DataFrame) -> X.Lexicon:
    return X.build_lexicon(_actors, pd.read_csv(X.PLACES_CSV, encoding="utf-8"))


def _editor():
    who = identity.current()
    return who if who is not None and who.can("editor") else None


ss = st.session_state
st.html(XR.CSS)
ctx = ui.context()
ui.header(_("From an article to draft events"), ctx,
          _("{n} curated events to check duplicates against").format(n=i18n.number(len(ctx.data.events))))
st.caption(_("Paste an Arabic or English report or upload a .txt/.html file. Candidates are suggestions from "
             "documented rules (codebook: “Candidate events from articles”); accepted ones become drafts that "
             "another reviewer must publish."))
who = _editor()
backend, store_problem = XR.open_drafts(data_dir()) if who is not None else (None, None)
if who is None:
    st.info(_("Read-only: accepting candidates as drafts needs the editor role. You can still extract and download them."))
elif store_problem:
    st.error(_("The curation store cannot be reached, so nothing can be accepted now: {reason}. "
               "The candidates stay on this page; download them as CSV.").format(reason=store_problem))


def _run_extraction() -> None:
    """Button callback (runs before the script, so a rerun cannot drop the click)."""
    upload = ss.get("x_file")
    try:
        body = X.read_article(upload.getvalue(), upload.name) if upload is not None else ss.get("x_text", "")
        title = (ss.get("x_title") or "").strip() or X.headline(body)
        found = X.extract(body, ss.get("x_date"), ss.get("x_outlet", ""), ss.get("x_url", ""),
                          _lexicon(str(getattr(ctx.data, "cache_key", "")), ctx.data.actors), ctx.data.events, title=title)
    except X.ExtractError as err:
        ss["x_error"] = err.localized()
        return
    ss["x_gen"] = ss.get("x_gen", 0) + 1       # fresh widget keys for a new article
    ss["x_cands"] = [{**c.as_dict(), "cid": i} for i, c in enumerate(found)]
    ss["x_status"], ss["x_errors"], ss["x_error"] = {}, {}, None


def _key(cid: int, suffix: str) -> str:
    return f"x{ss.get('x_gen', 0)}_{cid}_{suffix}"


def _decide(cid: int, action: str) -> None:
    """Accept / merge / discard callback; reads the edited fields from the widgets' state."""
    status, errors = ss.setdefault("x_status", {}), ss.setdefault("x_errors", {})
    errors.pop(cid, None)
    if action == "discard":
        status[cid] = ("discarded", "")
        return
    cand = next(c for c in ss["x_cands"] if c["cid"] == cid)["row"]
    edits = {col: ss[_key(cid, suf)] for suf, col in XR.EDITABLE.items() if _key(cid, suf) in ss}
    row = XR.event_row(cand, edits)
    author = _editor()
    if author is None or backend is None:
        errors[cid] = _("Not saved: accepting needs the editor role and a reachable curation store.")
        return
    try:
        if action == "accept":
            missing = XR.problems_before_accepting(row)
            if missing:
                errors[cid] = _("Fix before accepting: {fields}").format(fields=", ".join(missing))
                return
            draft, key = backend.create(row, author, "from article " + cand["source_url"])
            status[cid] = ("accepted", _("Accepted as draft #{draft} (new event {id}); another reviewer must publish it.")
                           .format(draft=draft, id=key))
        else:
            target = ss.get(_key(cid, "target"))
            draft, key = backend.merge(target, {**cand, "evidence": cand["evidence"]}, author, "article added as a source")
            status[cid] = ("merged", _("Merged into {id} as draft #{draft}; another reviewer must publish it.")
                           .format(id=key, draft=draft))
    except Exception as err:  # noqa: BLE001 - the store's refusal (invalid row, role, conflict, unreachable): shown, kept
        errors[cid] = _("The store refused the draft: {reason}").format(reason=XR.refusal(err))


with st.container(border=True):
    st.text_area(_("Article text"), height=180, key="x_text")
    st.file_uploader(_("…or upload a file (used instead of the text)"), type=["txt", "html", "htm"], key="x_file")
    c1, c2, c3 = st.columns([2, 3, 1.4])
    c1.text_input(_("Outlet (required)"), key="x_outlet")
    c2.text_input(_("Article URL (required)"), key="x_url")
    c3.date_input(_("Publication date (required)"), value=None, key="x_date", format="YYYY-MM-DD")
    st.text_input(_("Headline (optional: the first line is used when it reads like one)"), key="x_title")
    st.button(_("Extract candidates"), type="primary", key="x_go", on_click=_run_extraction)
if ss.get("x_error"):
    st.error(_("Cannot extract: {reason}").format(reason=ss["x_error"]))

cands = ss.get("x_cands")
if cands is not None:
    status, errors = ss.setdefault("x_status", {}), ss.setdefault("x_errors", {})
    shown = [c for c in cands if status.get(c["cid"], ("",))[0] != "discarded"]
    st.subheader(_("{n} candidate(s)").format(n=i18n.number(len(shown))))
    if len(shown) < len(cands):
        st.caption(_("{n} discarded").format(n=i18n.number(len(cands) - len(shown))))
    if not cands:
        st.warning(_("No datable sentence naming a known actor was found."))
    codes = list(ctx.data.actors["code"])
    cats = list(vocab.CATEGORIES)
    govs = ["", *vocab.GOVERNORATE_NAMES]
    ids = list(ctx.data.events["event_id"])
    titles = dict(zip(ctx.data.events["event_id"], i18n.column(ctx.data.events, "title_en", "title_ar")))
    for c in shown:
        cid, r = c["cid"], c["row"]
        with st.container(border=True):
            left, right = st.columns([1, 1])
            with left:
                st.html(XR.highlight_html(c["sentence"], c["spans"]))
                when = (_("Date from «{phrase}»").format(phrase=md(r["date_phrase"])) if r["date_phrase"]
                        else _("No date in the sentence: the publication date is used"))
                st.caption(_("{when} · precision: {p} · window {a} – {b}").format(
                    when=when, p=i18n.pair(XR.PRECISION[int(r["time_precision"])]), a=r["date_from"], b=r["date_to"]))
                if r["verification"] == "secondary_only":
                    st.caption(_("Reported through another outlet: confidence at most probable, verification secondary only."))
                if r.get("duplicate_of"):
                    dup = r["duplicate_of"]
                    st.warning(_("Possible duplicate of [{id}]({link}): {title}").format(
                        id=md(dup), link="./?" + urlencode({"event": dup}), title=md(titles.get(dup, ""))))
            with right:
                done = status.get(cid)
                if done:
                    st.success(done[1])
                    continue
                if who is None:
                    st.markdown(" · ".join(md(v) for v in (r["event_date"], i18n.term(vocab.CATEGORIES[r["category"]]),
                                                           ctx.actor_names.get(r["actor1"], r["actor1"]),
                                                           ctx.actor_names.get(r["actor2"], r["actor2"]) if r["actor2"] else "",
                                                           i18n.governorate(r["admin1"])) if v))
                    continue
                k = lambda s, cid=cid: _key(cid, s)  # noqa: E731
                pick = _("Choose…")
                e1, e2 = st.columns(2)
                e1.text_input(_("Event date"), r["event_date"], key=k("date"))
                e2.selectbox(_("Time precision"), [1, 2, 3, 4, 5], index=int(r["time_precision"]) - 1, key=k("prec"), placeholder=pick,
                             format_func=lambda p: i18n.pair(XR.PRECISION[p]))
                e1.selectbox(_("Category"), cats, index=cats.index(r["category"]), key=k("cat"), placeholder=pick,
                             format_func=lambda x: i18n.term(vocab.CATEGORIES[x]))
                e2.number_input(_("Tension"), vocab.TENSION_MIN, vocab.TENSION_MAX,
                                min(max(int(r["tension"]), vocab.TENSION_MIN), vocab.TENSION_MAX), key=k("tension"))
                e1.selectbox(_("Actor 1"), codes, index=codes.index(r["actor1"]) if r["actor1"] in codes else 0, key=k("a1"), placeholder=pick,
                             format_func=lambda x: ctx.actor_names.get(x, x))
                e2.selectbox(_("Actor 2"), ["", *codes], index=(["", *codes].index(r["actor2"]) if r["actor2"] in codes else 0),
                             key=k("a2"), placeholder=pick, format_func=lambda x: ctx.actor_names.get(x, x) if x else "—")
                e1.selectbox(_("Governorate"), govs, index=govs.index(r["admin1"]) if r["admin1"] in govs else 0, key=k("adm"), placeholder=pick,
                             format_func=lambda g: i18n.governorate(g) if g else "—")
                e2.text_input(_("Location"), r["location"], key=k("loc"))
                st.text_input(_("Title (English)"), r["title_en"], key=k("ten"))
                st.text_input(_("Title (Arabic)"), r["title_ar"], key=k("tar"))
                e1, e2 = st.columns(2)
                e1.selectbox(_("Confidence"), XR.CONFIDENCE_CHOICES, key=k("conf"), placeholder=pick,
                             index=XR.CONFIDENCE_CHOICES.index(r["confidence"]) if r["confidence"] in XR.CONFIDENCE_CHOICES else 0,
                             format_func=lambda x: i18n.term(vocab.CONFIDENCE[x]))
                e2.selectbox(_("Existing event to merge into"), ids, key=k("target"), placeholder=pick,
                             index=ids.index(r["duplicate_of"]) if r.get("duplicate_of") in ids else 0,
                             format_func=lambda x: f"{x} · {titles.get(x, '')[:60]}")
                if errors.get(cid):
                    st.error(errors[cid])
                b1, b2, b3 = st.columns(3)
                b1.button(_("Accept as draft"), key=k("accept"), type="primary", on_click=_decide, args=(cid, "accept"),
                          disabled=backend is None)
                b2.button(_("Merge into existing"), key=k("merge"), on_click=_decide, args=(cid, "merge"),
                          disabled=backend is None or not ids)
                b3.button(_("Discard"), key=k("discard"), on_click=_decide, args=(cid, "discard"))
    if cands:
        st.download_button(_("Download the candidates (CSV)"),
                           X.to_csv([X.Candidate(c["row"], c["sentence"]) for c in shown]).encode("utf-8"),
                           file_name="candidates.csv", mime="text/csv", key="x_dl", on_click="ignore")
