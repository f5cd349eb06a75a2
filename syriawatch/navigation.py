"""The page registry: every page of the app, once (key, file, URL path, title, icon).

Read by the navigation (dashboard.py through :func:`syriawatch.ui_nav.navigation`), saved views and
slides (:mod:`syriawatch.views`, :mod:`syriawatch.ui_briefing`) and the tests.  Pages stay in ``pages/``.

Adding a page: write ``pages/<name>.py`` (thin: ``ctx = ui.context()``, ``ui.header(...)``, render) and
add one :class:`Page` row below, in the order of the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_


@dataclass(frozen=True)
class Page:
    key: str        # what saved views call it ("page": "map")
    file: str       # path from the project root
    url_path: str   # "" = the default page at the root URL
    title: str      # catalogue key (N_): translated where shown
    icon: str       # Material icon name
    role: str = ""  # curation pages: registered only for this role (syriawatch.identity.offers)

    @property
    def default(self) -> bool:
        return self.url_path == ""


PAGES: tuple[Page, ...] = (
    Page("overview", "pages/overview.py", "", N_("Overview"), ":material/dashboard:"),
    Page("timeline", "pages/timeline.py", "timeline", N_("Timeline"), ":material/timeline:"),
    Page("map", "pages/map.py", "map", N_("Map"), ":material/map:"),
    Page("events", "pages/events.py", "events", N_("Events"), ":material/table_rows:"),
    Page("briefing", "pages/briefing.py", "briefing", N_("Briefing"), ":material/co_present:"),
    Page("extract", "pages/extract.py", "extract", N_("Article to drafts"), ":material/article:"),
    Page("about", "pages/about.py", "about", N_("About the data"), ":material/info:"),
    Page("curate", "pages/curate.py", "curate", N_("Curate"), ":material/edit_note:", "editor"),
    Page("review", "pages/review.py", "review", N_("Review"), ":material/fact_check:", "reviewer"),
)
BY_KEY = {p.key: p for p in PAGES}
