"""Initial curation store: the six curated tables, drafts, history and counters.

Revision ID: 0001
Create Date: 2026-12-04

The curated columns are frozen here as they were in the codebook on this date (a later codebook
change gets its own migration).  Every curated value is stored as the exact text of its CSV cell, so
an export reproduces the release files byte for byte; types are checked by the loader (pandera).
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

COLUMNS = {'actors': ['code', 'name_en', 'name_ar', 'side', 'colour', 'description'],
 'context_bands': ['band_id', 'kind', 'start', 'end', 'label_en', 'label_ar', 'note', 'event_ids', 'source',
                   'source_url', 'verification'],
 'control': ['row_id', 'snapshot_date', 'admin1', 'adm2_name', 'controller', 'approximate', 'note', 'source',
             'source_title', 'source_date', 'source_url', 'source2', 'source2_title', 'source2_date',
             'source2_url', 'confidence'],
 'events': ['event_id', 'event_date', 'time_precision', 'category', 'event_type', 'sub_event_type', 'actor1',
            'actor2', 'assoc_actor_1', 'assoc_actor_2', 'admin1', 'location', 'location_ar', 'latitude',
            'longitude', 'geo_precision', 'geo_note', 'title_en', 'title_ar', 'notes', 'notes_ar', 'tension',
            'tension_reason', 'fatalities', 'source', 'source_title', 'source_date', 'source_url', 'source2',
            'source2_title', 'source2_date', 'source2_url', 'confidence', 'verification', 'updated_at'],
 'lines': ['line_id', 'name_en', 'name_ar', 'kind', 'operators', 'valid_from', 'valid_from_precision',
           'valid_to', 'valid_to_precision', 'waypoints', 'radius_km', 'approximate', 'note', 'source',
           'source_title', 'source_date', 'source_url', 'source2', 'source2_title', 'source2_date',
           'source2_url', 'confidence'],
 'sites': ['site_id', 'site_key', 'name_en', 'name_ar', 'operator', 'kind', 'admin1', 'latitude', 'longitude',
           'geo_precision', 'geo_note', 'established', 'established_precision', 'vacated',
           'vacated_precision', 'source', 'source_title', 'source_date', 'source_url', 'source2',
           'source2_title', 'source2_date', 'source2_url', 'confidence', 'verification', 'notes',
           'updated_at']}
KEYS = {'events': 'event_id', 'actors': 'code', 'sites': 'site_id', 'control': 'row_id', 'lines': 'line_id', 'context_bands': 'band_id'}


def upgrade() -> None:
    for name, columns in COLUMNS.items():
        key = KEYS[name]
        op.create_table(
            f"cur_{name}",
            *[sa.Column(c, sa.Text(), primary_key=(c == key), nullable=(c != key)) for c in columns],
            sa.Column("rec_seq", sa.Integer(), nullable=False),           # position in the release file
            sa.Column("rec_status", sa.Text(), nullable=False),           # published | retired
            sa.Column("rec_version", sa.Integer(), nullable=False),       # optimistic locking
        )
    op.create_table(
        "cur_drafts",
        sa.Column("draft_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("row_key", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),                   # create | update | retire
        sa.Column("base_version", sa.Integer(), nullable=True),           # published version it was written against
        sa.Column("data", sa.Text(), nullable=False),                     # JSON: the full proposed row
        sa.Column("status", sa.Text(), nullable=False),                   # draft | sent_back | published | rejected
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.Text(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
    )
    op.create_index("ix_cur_drafts_row", "cur_drafts", ["table_name", "row_key", "status"])
    op.create_table(
        "cur_history",
        sa.Column("hist_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("row_key", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),                       # ISO 8601 UTC
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),                  # JSON: {field: [before, after]}
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("draft_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_cur_history_row", "cur_history", ["table_name", "row_key"])
    op.create_index("ix_cur_history_at", "cur_history", ["at"])
    op.create_table(
        "cur_state",
        sa.Column("name", sa.Text(), primary_key=True),
        sa.Column("num", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    for t in ("cur_state", "cur_history", "cur_drafts", *[f"cur_{n}" for n in COLUMNS]):
        op.drop_table(t)
