"""Codebook additions of December 2026: actors.aliases, sites.last_report_date / last_report_url.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

`aliases` lists the other spellings the article extractor matches for an actor; the two site columns
record the latest public report that a still-open site is in use (the 18-month status-unknown rule).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ADDED = {"actors": ["aliases"], "sites": ["last_report_date", "last_report_url"]}


def upgrade() -> None:
    for name, columns in ADDED.items():
        with op.batch_alter_table(f"cur_{name}") as batch:
            for c in columns:
                batch.add_column(sa.Column(c, sa.Text(), nullable=True))


def downgrade() -> None:
    for name, columns in ADDED.items():
        with op.batch_alter_table(f"cur_{name}") as batch:
            for c in columns:
                batch.drop_column(c)
