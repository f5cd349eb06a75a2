"""Curate: add, edit and retire events and site periods as drafts (editors; logic in syriawatch.curation)."""

from syriawatch import ui_curation

ui_curation.curate_page()
