"""Initial schema: articles, extractions, entities, events, quotes, claims, questions, forecasts.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _article_fk() -> sa.Column:
    return sa.Column(
        "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False, index=True,
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("date", sa.Date, index=True),
        sa.Column("date_source", sa.String(16)),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("duplicate_of", sa.String(32), sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("similarity", sa.Float),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("ingested_at", sa.DateTime),
    )
    op.create_table(
        "extractions",
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("coder_version", sa.String(64)),
        sa.Column("extracted_at", sa.DateTime),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("code", sa.String(16), index=True),
        sa.Column("payload", sa.JSON),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("type", sa.String(16), index=True),
        sa.Column("quad", sa.Integer),
        sa.Column("score", sa.Float),
        sa.Column("date", sa.Date, index=True),
        sa.Column("article_date", sa.Date, index=True),
        sa.Column("actor_codes", sa.Text),
        sa.Column("recipient_codes", sa.Text),
        sa.Column("negated", sa.Boolean),
        sa.Column("payload", sa.JSON),
    )
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("payload", sa.JSON),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("actor_code", sa.String(16), index=True),
        sa.Column("payload", sa.JSON),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("payload", sa.JSON),
        sa.Column("resolved", sa.String(32)),
    )
    op.create_table(
        "forecasts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question", sa.String(64), index=True),
        sa.Column("as_of", sa.Date, index=True),
        sa.Column("horizon_days", sa.Integer),
        sa.Column("model_version", sa.String(64)),
        sa.Column("inputs_hash", sa.String(64)),
        sa.Column("payload", sa.JSON),
        sa.Column("created_at", sa.DateTime),
    )
    op.create_index("ix_forecast_q_asof", "forecasts", ["question", "as_of"])


def downgrade() -> None:
    for name in ("forecasts", "questions", "claims", "quotes", "events", "entities",
                 "extractions", "articles"):
        op.drop_table(name)
