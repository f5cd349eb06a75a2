"""Streamlit glue of curation: the Curate and Review pages, the "show my drafts" switch, card history.

Logic lives in :mod:`syriawatch.curation` (fields, choices, places, diffs) and :mod:`syriawatch.store`
(which checks every role again: a request that bypasses these pages cannot write).
"""

from __future__ import annotations

import streamlit as st

from . import access, curation, data_dir, i18n, identity, published, store, ui
from .i18n import N_, _
from .schema import SPECS
from .textsafe import md

NEW = "__new__"
ROLE_NAMES = {"viewer": N_("viewer"), "editor": N_("editor"), "reviewer": N_("reviewer")}
MSG = "_cur_msg"          # (kind, text) shown once after a callback
FORM = "_cur_form"        # what the form holds: table, key, base_version, draft_version


def _store() -> store.Store | None:
    return published.open_store(data_dir())


def _flash(kind: str, text: str) -> None:
    st.session_state[MSG] = (kind, text)


def _show_flash() -> None:
    msg = st.session_state.pop(MSG, None)
    if msg:
        getattr(st, msg[0])(msg[1])


def _gate(role: str, title: str) -> tuple[store.Identity, store.Store] | None:
    """The page title, then the caller's identity and the store, or None (a notice, no control at all)."""
    ctx = ui.context()                  # the gate, the shared filters and every page's notices
    ui.header(title, ctx, _("{n} events and {sites} site periods published").format(
        n=i18n.number(len(ctx.data.events)), sites=i18n.number(len(ctx.data.sites))))
    who = identity.current()
    if who is None or not who.can(role):
        st.info(_("This page is for signed-in analysts with the {role} role. Everything published is on the "
                  "other pages.").format(role=_(ROLE_NAMES[role])))
        return None
    s = _store()
    if s is None:
        if not published.notice(data_dir()):   # unreachable: the header already says so, as an error
            st.info(_("Curation needs the curation database; this copy serves the release files read-only."))
        return None
    return who, s


# ------------------------------------------------------------------------------------------ sidebar

def drafts_switch() -> None:
    """Sidebar: who is signed in, sign-out, and for editors "show my drafts" in every view (theirs only)."""
    who = identity.current()
    st.session_state["_sw_overlay"] = None
    if who is None:
        return
    sb = st.sidebar
    if st.session_state.get(identity.SESSION_KEY) or access._secret("auth"):   # not for the local editor
        sb.markdown(":gray[" + _("Signed in as {name} ({role}).").format(
            name=md(who.name), role=_(ROLE_NAMES.get(who.role, who.role))) + "]")
        sb.button(_("Sign out"), on_click=access.sign_out, key="sw_sign_out")
    if who.can("editor") and published.store_url(data_dir()) is not None:
        if sb.toggle(_("Show my drafts"), key="sw_show_drafts",
                     help=_("Your unpublished drafts on top of the published rows, in your own views only.")):
            st.session_state["_sw_overlay"] = who.name


def card_history(table: str, key: str) -> None:
    """Under a card: the row's audit trail from the store (nothing when the store is not in use)."""
    s = _store()
    if s is None:
        return
    try:
        entries = s.history(table, key)
    except published.ERRORS:
        return
    with st.expander(_("History of this row ({n} changes)").format(n=i18n.number(len(entries)))):
        st.markdown(curation.history_md(entries))


# ------------------------------------------------------------------------------------------ curate

def _wkey(table: str, col: str) -> str:
    return f"cf_{table}_{col}"


def _put(table: str, row: dict) -> None:
    """Load a row's cells into the form's widgets."""
    for col in curation.editable(table):
        v = row.get(col, "") or ""
        st.session_state[_wkey(table, col)] = curation.to_date(v) if curation.kind(table, col) == "date" else v
    st.session_state[f"cf_{table}_place"] = curation.NONE


def _load_form(s: store.Store, table: str, pick: str) -> None:
    if pick == NEW:
        _put(table, curation.blank_row(table))
        st.session_state[FORM] = {"table": table, "key": None, "base_version": None, "draft_version": None}
    else:
        rec, d = s.record(table, pick), s.open_draft(table, pick)
        _put(table, d.data if d else rec.data)
        st.session_state[FORM] = {"table": table, "key": pick, "base_version": rec.version if rec else None,
                                  "draft_version": d.version if d else None,
                                  "draft_author": d.author if d else None}
    st.session_state["cf_comment"] = ""
    st.session_state["cf_source"] = ""
    st.session_state["_cur_loaded"] = (table, pick)


def _form_row(table: str) -> dict[str, str]:
    return {col: curation.cell(st.session_state.get(_wkey(table, col))) for col in curation.editable(table)}


def _fill_place(table: str) -> None:
    gid = st.session_state.get(f"cf_{table}_place")
    place = next((p for p in curation.gazetteer() if p.geonameid == gid), None)
    if place is not None:
        for col, v in curation.place_fields(place, table).items():
            st.session_state[_wkey(table, col)] = v


def _save(s: store.Store, who: store.Identity, table: str) -> None:
    form = st.session_state.get(FORM) or {}
    row = _form_row(table)
    comment = st.session_state.get("cf_comment") or None
    source = st.session_state.get("cf_source") or row.get("source_url") or None
    try:
        if form.get("key"):
            d = s.save_draft(table, row, who, key=form["key"], base_version=form.get("base_version"),
                             draft_version=form.get("draft_version"), comment=comment, source=source)
        else:
            d = s.save_draft(table, row, who, comment=comment, source=source)
    except store.Conflict as err:
        _flash("error", _("Not saved: someone else changed this row. Your edit is still in the form.") + " " + md(str(err)))
        return
    except store.InvalidRow as err:
        _flash("error", _("Not saved: some fields are not valid.") + " " + md(str(err)))
        return
    except store.StoreError as err:
        _flash("error", _("Not saved:") + " " + md(str(err)))
        return
    st.session_state[FORM] = {"table": table, "key": d.key, "base_version": d.base_version,
                              "draft_version": d.version, "draft_author": d.author}
    st.session_state[f"cur_pick_{table}"] = d.key
    st.session_state["_cur_loaded"] = (table, d.key)
    _flash("success", _("Draft {id} saved for review (draft no. {n}). A reviewer other than you publishes it.").format(
        id=d.key, n=d.draft_id))


def _retire(s: store.Store, who: store.Identity, table: str) -> None:
    form = st.session_state.get(FORM) or {}
    try:
        d = s.retire(table, form["key"], who, base_version=form.get("base_version"),
                     comment=st.session_state.get("cf_retire_why") or "", source=st.session_state.get("cf_source") or None)
    except store.Conflict as err:
        _flash("error", _("Not saved: someone else changed this row. Your edit is still in the form.") + " " + md(str(err)))
        return
    except store.StoreError as err:
        _flash("error", _("Not saved:") + " " + md(str(err)))
        return
    st.session_state[FORM] = {**form, "draft_version": d.version, "draft_author": d.author}
    _flash("success", _("Retirement of {id} proposed (draft no. {n}); the id stays reserved.").format(id=d.key, n=d.draft_id))


def _field(table: str, col: str, actor_codes: list[str], names: dict[str, str], errors: dict[str, list[str]]) -> None:
    key, lab = _wkey(table, col), curation.label(col)
    required = SPECS[table].columns[col].required
    lab = lab + (" *" if required else "")
    helptext = SPECS[table].columns[col].doc or None
    k = curation.kind(table, col)
    if k == "choice":
        opts = curation.choices(table, col, actor_codes)
        cur = st.session_state.get(key, "")
        if cur not in opts:                    # a value the loader will reject: shown, not silently replaced
            opts = [*opts, cur]
        labels = {o: curation.choice_label(table, col, o, names) for o in opts}
        st.selectbox(lab, opts, key=key, format_func=labels.get, help=helptext, placeholder=_("Choose an option"))
    elif k == "date":
        st.date_input(lab, key=key, min_value=curation.to_date("1990-01-01"), max_value=ui.today(), format="YYYY-MM-DD",
                      help=helptext)
    elif k == "long":
        st.text_area(lab, key=key, height=80 if col.startswith("title") else 110, help=helptext)
    else:
        st.text_input(lab, key=key, help=helptext)
    for reason in errors.get(col, []):
        st.markdown(f":red[{md(reason)}]")


def curate_page() -> None:
    got = _gate("editor", _("Curate"))
    if got is None:
        return
    who, s = got
    _show_flash()
    mine = s.drafts(author=who.name, statuses=store.OPEN)
    if mine:
        with st.expander(_("Your open drafts ({n})").format(n=i18n.number(len(mine))), expanded=any(d.status == "sent_back" for d in mine)):
            for d in mine:
                note = f" — {_('review note:')} {md(d.review_note)}" if d.review_note else ""
                st.markdown(f"- **{md(d.key)}** ({_(curation.STATUS[d.status])}): {md(curation.row_title(d.table, d.data))}{note}")
    table = st.segmented_control(_("Table"), list(curation.TABLES), key="cur_table", default="events",
                                 format_func=lambda t: _(curation.TABLES[t])) or "events"
    rows = s.published_rows(table)
    keycol = SPECS[table].key
    new_drafts = [d for d in s.drafts(statuses=store.OPEN, table=table) if d.action == "create"]
    options = [NEW, *[d.key for d in new_drafts], *reversed([r[keycol] for r in rows])]
    titles = {r[keycol]: curation.row_title(table, r) for r in rows}
    titles.update({d.key: curation.row_title(table, d.data) + " · " + _("draft") for d in new_drafts})
    titles[NEW] = _("— add a new row —")
    pick_key = f"cur_pick_{table}"
    if st.session_state.get(pick_key) not in options:
        st.session_state[pick_key] = NEW
    pick = st.selectbox(_("Row to edit"), options, key=pick_key, format_func=lambda k: titles.get(k, k))
    if st.session_state.get("_cur_loaded") != (table, pick):
        _load_form(s, table, pick)
    form = st.session_state.get(FORM) or {}
    if form.get("draft_version"):
        st.info(_("This row has an open draft by {author}; you are editing that draft.").format(
            author=md(form.get("draft_author") or "")))
    actors = s.published_rows("actors")
    actor_codes = [a["code"] for a in actors]
    names = {a["code"]: (a["name_ar"] if i18n.lang() == "ar" and a["name_ar"] else a["name_en"]) for a in actors}

    row = _form_row(table)
    probe = {**row, keycol: form.get("key") or "NEW-0", "updated_at": ui.today().isoformat()}
    errors = curation.by_field(s.validate(table, probe))
    errors.pop(keycol, None)
    for group, cols in curation.GROUPS[table]:
        st.subheader(_(group))
        if "latitude" in cols:
            places = {p.geonameid: p for p in curation.gazetteer()}
            st.selectbox(_("Place from the gazetteer (fills the coordinates; all stay editable)"),
                         [curation.NONE, *places], key=f"cf_{table}_place", on_change=_fill_place, args=(table,),
                         format_func=lambda g, places=places: places[g].label() if g in places else "—")
        c = st.columns(2)
        for i, col in enumerate(cols):
            with c[i % 2] if curation.kind(table, col) != "long" else st.container():
                _field(table, col, actor_codes, names, errors)
    st.subheader(_("Save"))
    st.text_input(_("Why this change (comment for the reviewer and the history)"), key="cf_comment")
    st.text_input(_("Source that justifies the change (URL; default: the row's source URL)"), key="cf_source")
    whole = [r for f, rs in errors.items() if f not in curation.editable(table) for r in rs]
    for reason in whole:
        st.markdown(f":red[{md(reason)}]")
    invalid = bool(errors)
    if invalid:
        st.warning(_("Fix the fields marked in red: nothing is saved while a field is invalid."))
    st.button(_("Save draft"), type="primary", disabled=invalid, on_click=_save, args=(s, who, table), key="cf_save")
    if form.get("key") and form.get("base_version") is not None:
        with st.expander(_("Retire this row")):
            st.caption(_("Retiring takes the row out of every view and export after review; its id is never reused."))
            st.text_input(_("Why is it retired?"), key="cf_retire_why")
            st.button(_("Propose retirement"), on_click=_retire, args=(s, who, table), key="cf_retire",
                      disabled=not (st.session_state.get("cf_retire_why") or "").strip())


# ------------------------------------------------------------------------------------------ review

def _review(s: store.Store, who: store.Identity, draft_id: int, version: int, verb: str) -> None:
    note = (st.session_state.get(f"rv_note_{draft_id}") or "").strip() or None
    try:
        if verb == "publish":
            rec = s.publish(draft_id, who, draft_version=version, comment=note)
            _flash("success", _("{id} published: it is in every view and shared link now.").format(id=rec.key))
        elif verb == "send_back":
            s.send_back(draft_id, who, draft_version=version, comment=note or "")
            _flash("info", _("Draft no. {n} sent back to its author.").format(n=draft_id))
        else:
            s.reject(draft_id, who, draft_version=version, comment=note)
            _flash("info", _("Draft no. {n} rejected.").format(n=draft_id))
    except store.StoreError as err:
        _flash("error", _("Nothing changed:") + " " + md(str(err)))


def review_page() -> None:
    got = _gate("reviewer", _("Review"))
    if got is None:
        return
    who, s = got
    _show_flash()
    queue = s.queue()
    st.caption(_("{n} draft(s) waiting for review. Publish, send back with a comment, or reject; a draft is "
                 "reviewed by someone other than its author.").format(n=i18n.number(len(queue))))
    for d in queue:
        with st.container(border=True):
            verb = _(curation.ACTIONS.get(d.action, d.action))
            st.markdown(f"**{md(curation.row_title(d.table, d.data))}**  \n"
                        + _("{action} · {table} · by {author} · {when}").format(
                            action=verb, table=_(curation.TABLES.get(d.table, d.table)), author=md(d.author),
                            when=i18n.date(d.updated_at[:10], "iso") + " " + d.updated_at[11:16] + " UTC"))
            if d.comment:
                st.markdown(f"{_('Comment:')} {md(d.comment)}")
            if d.source:
                st.markdown(f"{_('Source:')} {md(d.source)}")
            diff = s.diff(d)
            st.dataframe(curation.diff_rows(diff), hide_index=True, width="stretch")
            problems = s.validate(d.table, d.data) if d.action != "retire" else []
            for p in problems:
                st.markdown(f":red[{md(p.as_text())}]")
            if d.author == who.name:
                st.caption(_("You wrote this draft: another reviewer must publish it."))
                continue
            st.text_input(_("Comment to the author (required to send back)"), key=f"rv_note_{d.draft_id}")
            c1, c2, c3, _rest = st.columns([1, 1, 1, 3])
            c1.button(_("Publish"), type="primary", key=f"rv_pub_{d.draft_id}", on_click=_review,
                      args=(s, who, d.draft_id, d.version, "publish"), disabled=bool(problems))
            c2.button(_("Send back"), key=f"rv_back_{d.draft_id}", on_click=_review,
                      args=(s, who, d.draft_id, d.version, "send_back"),
                      disabled=not (st.session_state.get(f"rv_note_{d.draft_id}") or "").strip())
            c3.button(_("Reject"), key=f"rv_rej_{d.draft_id}", on_click=_review,
                      args=(s, who, d.draft_id, d.version, "reject"))
