"""Review and service (issue 10): analyst corrections, API tokens and stored scenarios.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_key", sa.String(80), nullable=False, index=True),
        sa.Column("article_id", sa.String(32), nullable=False, index=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("changes", sa.JSON),
        sa.Column("original", sa.JSON),
        sa.Column("note", sa.Text),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime),
        sa.Column("undone_at", sa.DateTime),
        sa.Column("undone_by", sa.String(128)),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_table(
        "scenarios",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("payload", sa.JSON),
        sa.Column("author", sa.String(128)),
        sa.Column("updated_at", sa.DateTime),
    )


def downgrade() -> None:
    for name in ("scenarios", "api_tokens", "corrections"):
        op.drop_table(name)
