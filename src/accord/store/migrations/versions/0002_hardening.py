"""Hardening (issue 12): serialised schema setup, uniqueness that makes double extraction impossible.

Adds ``extraction_claims`` (an article being extracted, by whom, since when) and an
``ordinal`` column with a unique (article_id, ordinal) index on entities, events, quotes and
claims: one extraction writes ordinals 0..n-1, so a second copy of the same rows cannot be
stored. Schema setup runs under a lock and in one transaction (see accord.store.db).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("entities", "events", "quotes", "claims")


def upgrade() -> None:
    op.create_table(
        "extraction_claims",
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("owner", sa.String(128)),
        sa.Column("claimed_at", sa.DateTime),
    )
    for name in _TABLES:
        op.add_column(name, sa.Column("ordinal", sa.Integer, nullable=True))
        op.create_index(f"ux_{name}_article_ordinal", name, ["article_id", "ordinal"],
                        unique=True)


def downgrade() -> None:
    for name in _TABLES:
        op.drop_index(f"ux_{name}_article_ordinal", table_name=name)
        with op.batch_alter_table(name) as batch:
            batch.drop_column("ordinal")
    op.drop_table("extraction_claims")
