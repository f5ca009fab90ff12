"""Scale (issue 11): indexes for queries by actor and date.

Events name their actors in "|USAGOV|ISR|" strings, which a filter can only match with
LIKE '%|USA%' over every row. This revision adds ``event_actors``: one row per event and
country (the first three letters of each actor and recipient code) with the article date,
indexed on (code, article_date), so "events of USA, IRN or ISR dated <= D" is an index
range per country instead of a scan of all events. The database keeps the table in step
with ``events`` by triggers (insert, update of the codes or date, delete), so no writer
has to know about it; existing events are filled in here.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# SQLite: split the code strings with json_each (CTEs are not allowed in triggers); quotes
# and backslashes are dropped first so the JSON text is always valid.
_SQLITE_SPLIT = (
    "json_each('[\"' || replace(trim(replace(replace(coalesce({r}.actor_codes, '') || "
    "coalesce({r}.recipient_codes, ''), '\\', ''), '\"', ''), '|'), '|', '\",\"') || '\"]')"
)
_SQLITE_FILL = (
    "INSERT OR IGNORE INTO event_actors (event_id, article_id, code, article_date) "
    "SELECT {r}.id, {r}.article_id, substr(j.value, 1, 3), {r}.article_date "
    "FROM " + _SQLITE_SPLIT + " AS j WHERE j.value <> ''"
)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION accord_event_actors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM event_actors WHERE event_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO event_actors (event_id, article_id, code, article_date)
    SELECT DISTINCT NEW.id, NEW.article_id, left(x, 3), NEW.article_date
    FROM unnest(string_to_array(coalesce(NEW.actor_codes, '') ||
                                coalesce(NEW.recipient_codes, ''), '|')) AS x
    WHERE x <> '';
  END IF;
  RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("article_date", sa.Date),
    )
    op.create_index("ix_event_actors_code_date", "event_actors",
                    ["code", "article_date", "event_id"])
    op.create_index("ix_event_actors_article", "event_actors", ["article_id"])
    op.create_index("ix_events_article_date_id", "events", ["article_date", "article_id", "id"])
    op.create_index("ix_claims_actor_article", "claims", ["actor_code", "article_id"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute("CREATE TRIGGER tr_events_actors AFTER INSERT OR DELETE OR UPDATE OF "
                   "actor_codes, recipient_codes, article_date ON events FOR EACH ROW "
                   "EXECUTE FUNCTION accord_event_actors()")
        op.execute("INSERT INTO event_actors (event_id, article_id, code, article_date) "
                   "SELECT DISTINCT e.id, e.article_id, left(x, 3), e.article_date FROM events e,"
                   " unnest(string_to_array(coalesce(e.actor_codes, '') || "
                   "coalesce(e.recipient_codes, ''), '|')) AS x WHERE x <> ''")
    else:
        op.execute("CREATE TRIGGER tr_events_actors_ins AFTER INSERT ON events BEGIN "
                   + _SQLITE_FILL.format(r="NEW") + "; END")
        op.execute("CREATE TRIGGER tr_events_actors_upd AFTER UPDATE OF actor_codes, "
                   "recipient_codes, article_date ON events BEGIN "
                   "DELETE FROM event_actors WHERE event_id = OLD.id; "
                   + _SQLITE_FILL.format(r="NEW") + "; END")
        op.execute("CREATE TRIGGER tr_events_actors_del AFTER DELETE ON events BEGIN "
                   "DELETE FROM event_actors WHERE event_id = OLD.id; END")
        op.execute(_SQLITE_FILL.format(r="e").replace("FROM json_each", "FROM events AS e, "
                                                                         "json_each"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tr_events_actors ON events")
        op.execute("DROP FUNCTION IF EXISTS accord_event_actors()")
    else:
        for name in ("ins", "upd", "del"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_events_actors_{name}")
    op.drop_index("ix_claims_actor_article", table_name="claims")
    op.drop_index("ix_events_article_date_id", table_name="events")
    op.drop_index("ix_event_actors_article", table_name="event_actors")
    op.drop_index("ix_event_actors_code_date", table_name="event_actors")
    op.drop_table("event_actors")
