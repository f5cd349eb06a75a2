"""Review: the queue of drafts with their diff; publish, send back or reject (reviewers)."""

from syriawatch import ui_curation

ui_curation.review_page()
