"""The names pages use, gathered from the Streamlit-glue modules (one import for a thin page).

The glue is split by concern: ``ui_data`` (cached data), ``ui_lang`` (language, right to left),
``ui_sidebar`` (the filter sidebar), ``ui_page`` (the page frame: context and header), ``ui_nav``
(navigation from the page registry), ``ui_map`` (the map page), ``ui_state`` (the URL-bound view state);
``ui_timeline``, ``ui_briefing`` and ``ui_context`` serve their pages.  A page writes
``ctx = ui.context()``, ``ui.header(...)``, then renders.
"""

from .filters import SCOPE_START, today
from .ui_data import actor_names, dataset, geo_layers, map_layers
from .ui_lang import apply_language, language, language_links
from .ui_map import asset_base, clicked_id, map_controls, map_detail, map_inputs, remember_view
from .ui_nav import ensure_navigation, navigation_pages
from .ui_page import Context, context, event_columns, header
from .ui_sidebar import current_filters, share_link, sidebar

__all__ = ["SCOPE_START", "today", "actor_names", "dataset", "geo_layers", "map_layers", "apply_language", "language",
           "language_links", "asset_base", "clicked_id", "map_controls", "map_detail", "map_inputs", "remember_view",
           "ensure_navigation", "navigation_pages", "Context", "context", "event_columns", "header", "current_filters",
           "share_link", "sidebar"]
