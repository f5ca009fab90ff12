"""The store: open a database by URL, migrate it, and read/write domain objects.

SQLite (default ``accord.db`` in the working directory, WAL, foreign keys on) or PostgreSQL
by URL. Each article and each extraction is written in one transaction, so a batch killed
mid-way keeps everything committed before and a re-run completes it without duplicates.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, event, func, insert, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from accord.errors import StoreError
from accord.store.tables import (
    ArticleRow,
    ClaimRow,
    EntityRow,
    EventActorRow,
    EventRow,
    ExtractionClaimRow,
    ExtractionRow,
    ForecastRow,
    QuestionRow,
    QuoteRow,
)
from accord.types import Article, Claim, Entity, Event, Extraction, Forecast, Question, Quote

DEFAULT_URL = "sqlite:///accord.db"
_SCHEMA_LOCK = 0x61636364  # advisory lock key serialising schema setup on PostgreSQL ("accd")
CLAIM_LEASE = dt.timedelta(minutes=30)  # an extraction claim older than this is taken over
_MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(url: str | None) -> str:
    """The URL to use: explicit, else $ACCORD_DB, else accord.db in the working directory."""
    url = url or os.environ.get("ACCORD_DB") or DEFAULT_URL
    if "://" not in url:  # a bare path means a SQLite file
        url = f"sqlite:///{url}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"cannot parse database URL {url!r}", ) from None
    if parsed.drivername == "postgresql":  # use psycopg 3, the driver we ship
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    elif parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise StoreError(f"--db: unsupported database {parsed.drivername!r} (use sqlite or postgresql)")
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: the pragmas below may wait for a lock
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _owner() -> str:
    """This process as a claim owner: host and pid."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


def _dead_owners(s: Session, article_id: str) -> list[str]:
    """Owners of claims on this article that are processes of this host no longer alive."""
    host = socket.gethostname()[:100]
    out = []
    for owner in s.scalars(select(ExtractionClaimRow.owner).where(
            ExtractionClaimRow.article_id == article_id)):
        h, _, pid = owner.rpartition(":")
        if h == host and pid.isdigit() and not _alive(int(pid)):
            out.append(owner)
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _codes(refs: Iterable) -> str:
    return "|" + "|".join(r.code for r in refs) + "|"


class Store:
    """Typed access to accord's database; the only place that speaks SQL."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = resolve_url(url)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"--db: cannot open {self.url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except (OperationalError, SQLAlchemyError) as exc:
            first = str(exc.orig if hasattr(exc, "orig") else exc).strip().splitlines()[0]
            raise StoreError(f"--db: cannot connect to {self._safe_url()}: {first}") from None
        if migrate:
            self.migrate()

    def _safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    # ------------------------------------------------------------------ schema
    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (no-op when current).

        Serialised and atomic: on PostgreSQL under ``pg_advisory_xact_lock`` in one
        transaction (DDL is transactional there); on SQLite inside ``BEGIN IMMEDIATE`` (which
        excludes every other writer) on a connection whose DDL stays in that transaction. Two
        processes opening a new store at once both succeed, and a process killed during setup
        leaves the old schema (none) or the new one, never a part."""
        from alembic.script import ScriptDirectory

        cfg = self._alembic_config()
        head = ScriptDirectory.from_config(cfg).get_current_head()
        if self.revision() == head:
            return
        if self.engine.dialect.name == "sqlite":
            self._migrate_sqlite(cfg, head)
            return
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        with self.engine.begin() as conn:
            if self.engine.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @staticmethod
    def _alembic_config():  # noqa: ANN205
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        return cfg

    def _migrate_sqlite(self, cfg, head: str) -> None:  # noqa: ANN001
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as raw:
            conn = raw.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # waits (busy timeout) for other writers
            try:
                if MigrationContext.configure(conn).get_current_revision() != head:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                conn.exec_driver_sql("COMMIT")
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def session(self) -> Session:
        return self._session()

    def close(self) -> None:
        self.engine.dispose()

    # ---------------------------------------------------------------- articles
    def add_article(
        self, article: Article, *, minhash: bytes | None = None,
        duplicate_of: str | None = None, similarity: float | None = None,
    ) -> tuple[str, str]:
        """Store one article in its own transaction.

        Returns (status, id): status is "stored", "near_duplicate" (stored and linked to
        ``duplicate_of``) or "duplicate" (same content already stored; nothing written).
        """
        with self.session() as s:
            existing = s.scalar(
                select(ArticleRow.id).where(ArticleRow.content_hash == article.content_hash)
            )
            if existing:
                return "duplicate", existing
            row = ArticleRow(
                id=article.id, content_hash=article.content_hash, title=article.title,
                text=article.text, date=article.date, date_source=article.date_source,
                url=article.url, source=article.source, path=article.path,
                duplicate_of=duplicate_of or article.duplicate_of, similarity=similarity,
                minhash=minhash,
            )
            s.add(row)
            try:
                s.commit()
            except IntegrityError:  # a concurrent writer stored the same content first
                s.rollback()
                return "duplicate", article.id
        return ("near_duplicate" if row.duplicate_of else "stored"), article.id

    def has_article(self, content_hash: str) -> str | None:
        with self.session() as s:
            return s.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))

    def article_count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def minhashes(self) -> list[tuple[str, bytes]]:
        with self.session() as s:
            rows = s.execute(
                select(ArticleRow.id, ArticleRow.minhash).where(ArticleRow.minhash.is_not(None)))
            return [(r[0], r[1]) for r in rows]

    def articles(
        self, *, until: dt.date | None = None, ids: Sequence[str] | None = None,
        unextracted: bool = False, coder_version: str | None = None,
    ) -> list[Article]:
        """Articles in date order (undated last), optionally only those dated <= until.

        ``unextracted``: only articles with no extraction, or (with ``coder_version``) whose
        extraction was made by another coder version."""
        q = select(ArticleRow)
        if until is not None:
            q = q.where(ArticleRow.date <= until)
        if ids is not None:
            q = q.where(ArticleRow.id.in_(list(ids)))
        if unextracted:
            done = select(ExtractionRow.article_id)
            if coder_version is not None:
                done = done.where(ExtractionRow.coder_version == coder_version)
            q = q.where(~ArticleRow.id.in_(done))
        q = q.order_by(ArticleRow.date.is_(None), ArticleRow.date, ArticleRow.id)
        with self.session() as s:
            return [self._article(r) for r in s.scalars(q)]

    @staticmethod
    def _article(r: ArticleRow) -> Article:
        return Article(
            id=r.id, title=r.title, text=r.text, date=r.date, date_source=r.date_source or "none",
            url=r.url, source=r.source, path=r.path, content_hash=r.content_hash,
            duplicate_of=r.duplicate_of,
        )

    def extraction_coverage(self, *, until: dt.date | None = None) -> dict[str, int]:
        """How many articles dated <= until (all dated ones without ``until``) exist and how
        many of them have no extraction: {"articles", "unextracted"}."""
        base = select(func.count()).select_from(ArticleRow).where(ArticleRow.date.is_not(None))
        if until is not None:
            base = base.where(ArticleRow.date <= until)
        gap = base.where(~ArticleRow.id.in_(select(ExtractionRow.article_id)))
        with self.session() as s:
            n = s.scalar(base) or 0
            # every extraction row belongs to one article (primary and foreign key), so equal
            # totals mean no article lacks one: skip the anti-join over every article
            everything = [s.scalar(select(func.count()).select_from(t))
                          for t in (ArticleRow, ExtractionRow)]
            if everything[0] == everything[1]:
                return {"articles": n, "unextracted": 0}
            return {"articles": n, "unextracted": s.scalar(gap) or 0}

    def latest_article_date(self) -> dt.date | None:
        """The newest article date in the store (None when no article is dated)."""
        with self.session() as s:
            return s.scalar(select(func.max(ArticleRow.date)))

    def article_dates(self, ids: Sequence[str] | None = None) -> dict[str, dt.date | None]:
        """Article id -> date, of every article or only of ``ids`` (looked up in chunks, so a
        store of millions of events does not load every article for one query)."""
        q = select(ArticleRow.id, ArticleRow.date)
        with self.session() as s:
            if ids is None:
                return {aid: day for aid, day in s.execute(q)}
            wanted = sorted(set(ids))
            out: dict[str, dt.date | None] = {}
            for k in range(0, len(wanted), 500):
                chunk = wanted[k:k + 500]
                out.update({aid: day for aid, day in s.execute(q.where(ArticleRow.id.in_(chunk)))})
            return out

    # ------------------------------------------------------------- extractions
    def claim_extraction(self, article_id: str, coder_version: str) -> bool:
        """Claim an article for extraction by this process; False when it is already extracted
        by ``coder_version`` or claimed by a live process (another `accord extract`).

        On PostgreSQL the article row is locked with ``FOR UPDATE SKIP LOCKED`` while the
        claim is taken, so two processes never both see it free; on SQLite the claim is the
        transaction's first write, which excludes other writers."""
        owner = _owner()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.session() as s, s.begin():
            s.execute(delete(ExtractionClaimRow).where(
                ExtractionClaimRow.article_id == article_id,
                or_(ExtractionClaimRow.claimed_at < now - CLAIM_LEASE,
                    ExtractionClaimRow.owner.in_(_dead_owners(s, article_id)))))
            if self.engine.dialect.name == "postgresql":
                got = s.scalar(select(ArticleRow.id).where(ArticleRow.id == article_id)
                               .with_for_update(skip_locked=True))
                if got is None:
                    return False
            done = s.scalar(select(ExtractionRow.coder_version).where(
                ExtractionRow.article_id == article_id))
            if done is not None and done == coder_version:
                return False
            taken = s.scalar(select(ExtractionClaimRow.owner).where(
                ExtractionClaimRow.article_id == article_id))
            if taken is not None:
                return taken == owner
            try:
                with s.begin_nested():
                    s.execute(insert(ExtractionClaimRow), [{"article_id": article_id,
                                                            "owner": owner, "claimed_at": now}])
            except IntegrityError:
                return False
        return True

    def release_extraction(self, article_id: str) -> None:
        """Drop this process's claim on an article (its extraction failed or was given up)."""
        with self.session() as s, s.begin():
            s.execute(delete(ExtractionClaimRow).where(
                ExtractionClaimRow.article_id == article_id,
                ExtractionClaimRow.owner == _owner()))

    def save_extraction(self, ex: Extraction, *, coder_version: str | None = None) -> bool:
        """Replace the extraction of one article atomically (entities, events, quotes, claims).

        ``coder_version`` is recorded (default: the first event's), so an article without
        events still says which coder read it. Serialised per article (a row lock on
        PostgreSQL; on SQLite the first statement is a write, which excludes other writers):
        when another process has stored an extraction by the same coder version meanwhile,
        nothing is written and False is returned, so an article's rows are never doubled."""
        aid = ex.article.id
        version = coder_version or (ex.events[0].coder_version if ex.events else "")
        version = version or "accord"
        with self.session() as s, s.begin():
            s.execute(delete(ExtractionClaimRow).where(ExtractionClaimRow.article_id == aid))
            q = select(ArticleRow.id).where(ArticleRow.id == aid)
            if self.engine.dialect.name == "postgresql":
                q = q.with_for_update()
            if s.scalar(q) is None:
                raise StoreError(f"article {aid} is not stored; ingest it first")
            done = s.scalar(select(ExtractionRow.coder_version).where(
                ExtractionRow.article_id == aid))
            if done is not None:
                if done == version and coder_version is not None:
                    return False  # a concurrent run stored this very extraction first
                for table in (EntityRow, EventRow, QuoteRow, ClaimRow, ExtractionRow):
                    s.execute(delete(table).where(table.article_id == aid))
            s.execute(insert(ExtractionRow), [{"article_id": aid, "coder_version": version}])
            # Core bulk inserts: one statement per table, no per-object unit of work
            rows = {
                EntityRow: [{"article_id": aid, "code": e.code, "ordinal": k,
                             "payload": e.model_dump(mode="json")}
                            for k, e in enumerate(ex.entities)],
                EventRow: [{
                    "article_id": aid, "type": e.type, "quad": e.quad, "score": e.score,
                    "date": e.date, "article_date": ex.article.date, "ordinal": k,
                    "actor_codes": _codes(e.actor), "recipient_codes": _codes(e.recipient),
                    "negated": e.negated, "payload": e.model_dump(mode="json"),
                } for k, e in enumerate(ex.events)],
                QuoteRow: [{"article_id": aid, "ordinal": k, "payload": q.model_dump(mode="json")}
                           for k, q in enumerate(ex.quotes)],
                ClaimRow: [{"article_id": aid, "actor_code": c.actor.code, "ordinal": k,
                            "payload": c.model_dump(mode="json")} for k, c in enumerate(ex.claims)],
            }
            for table, values in rows.items():
                if values:
                    s.execute(insert(table), values)
        return True

    def _actor_filter(self, q, actors: Sequence[str] | None,  # noqa: ANN001, ANN202
                      until: dt.date | None = None, since: dt.date | None = None):
        """Events touching any of ``actors`` (code prefixes). With codes of three letters or
        more the candidates come from the indexed event_actors table (country and article
        date, migration 0003); the LIKE test then keeps the exact prefix meaning."""
        if not actors:
            return q
        conds = []
        for a in actors:
            pat = f"%|{a}%"
            conds += [EventRow.actor_codes.like(pat), EventRow.recipient_codes.like(pat)]
        if all(len(a) >= 3 for a in actors):
            ids = select(EventActorRow.event_id).where(
                EventActorRow.code.in_(sorted({a[:3].upper() for a in actors})))
            if until is not None:
                ids = ids.where(EventActorRow.article_date <= until)
            if since is not None:
                ids = ids.where(EventActorRow.article_date >= since)
            q = q.where(EventRow.id.in_(ids))
        return q.where(or_(*conds))

    def events(
        self, *, actors: Sequence[str] | None = None, until: dt.date | None = None,
        since: dt.date | None = None, types: Sequence[str] | None = None,
        include_duplicates: bool = False,
    ) -> list[Event]:
        """Events whose article is dated within [since, until], touching any of ``actors``.

        ``actors`` match code prefixes ("USA" matches USAGOV and USAMIL) on either side.
        Events of articles linked as near-duplicates of another (the same wire story
        republished) are left out unless ``include_duplicates``: a story is one report.
        """
        q = select(EventRow.payload)
        if not include_duplicates:
            q = q.join(ArticleRow, ArticleRow.id == EventRow.article_id).where(
                ArticleRow.duplicate_of.is_(None))
        q = self._actor_filter(q, actors, until, since)
        if until is not None:
            q = q.where(EventRow.article_date <= until)
        if since is not None:
            q = q.where(EventRow.article_date >= since)
        if types:
            q = q.where(EventRow.type.in_([t.upper() for t in types]))
        q = q.order_by(EventRow.article_date, EventRow.article_id, EventRow.id)
        with self.session() as s:
            return [Event.model_validate(p) for p in s.scalars(q)]

    def event_count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(EventRow)) or 0

    def entities(self, article_id: str | None = None) -> list[Entity]:
        q = select(EntityRow.payload).order_by(EntityRow.id)
        if article_id:
            q = q.where(EntityRow.article_id == article_id)
        with self.session() as s:
            return [Entity.model_validate(p) for p in s.scalars(q)]

    def quotes(self, *, until: dt.date | None = None) -> list[Quote]:
        q = select(QuoteRow.payload).join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        if until is not None:
            q = q.where(ArticleRow.date <= until)
        with self.session() as s:
            return [Quote.model_validate(p) for p in s.scalars(q.order_by(QuoteRow.id))]

    def claims(
        self, *, actors: Sequence[str] | None = None, until: dt.date | None = None,
        include_duplicates: bool = False,
    ) -> list[Claim]:
        """Claims of articles dated <= until (near-duplicate copies left out by default)."""
        q = select(ClaimRow.payload).join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        if not include_duplicates:
            q = q.where(ArticleRow.duplicate_of.is_(None))
        if actors:
            q = q.where(or_(*[ClaimRow.actor_code.like(f"{a}%") for a in actors]))
        if until is not None:
            q = q.where(ArticleRow.date <= until)
        with self.session() as s:
            return [Claim.model_validate(p) for p in s.scalars(q.order_by(ClaimRow.id))]

    # --------------------------------------------------------------- forecasts
    def save_question(self, question: Question) -> None:
        with self.session() as s, s.begin():
            s.merge(QuestionRow(id=question.id, payload=question.model_dump(mode="json"),
                                resolved=question.resolved))

    def questions(self) -> list[Question]:
        with self.session() as s:
            rows = s.scalars(select(QuestionRow).order_by(QuestionRow.id))
            return [Question.model_validate({**r.payload, "resolved": r.resolved}) for r in rows]

    def question(self, qid: str) -> Question | None:
        with self.session() as s:
            r = s.get(QuestionRow, qid)
            return None if r is None else Question.model_validate({**r.payload, "resolved": r.resolved})

    def resolve_question(self, qid: str, outcome: str) -> None:
        with self.session() as s, s.begin():
            r = s.get(QuestionRow, qid)
            if r is None:
                raise StoreError(f"no question {qid!r}")
            r.resolved = outcome

    def save_forecast(self, f: Forecast) -> int:
        """Store a forecast; the same forecast (same question, date, horizon, inputs and
        model) made again is stored once, so re-running a command is safe."""
        payload = f.model_dump(mode="json")
        with self.session() as s, s.begin():
            same = s.execute(select(ForecastRow.id, ForecastRow.payload).where(
                ForecastRow.question == f.question, ForecastRow.as_of == f.as_of,
                ForecastRow.horizon_days == f.horizon_days,
                ForecastRow.inputs_hash == f.inputs_hash,
                ForecastRow.model_version == f.model_version)).all()
            for fid, old in same:
                if old == payload:
                    return fid
            row = ForecastRow(
                question=f.question, as_of=f.as_of, horizon_days=f.horizon_days,
                model_version=f.model_version, inputs_hash=f.inputs_hash, payload=payload,
            )
            s.add(row)
            s.flush()
            return row.id

    def forecasts(self, question: str | None = None) -> list[Forecast]:
        q = select(ForecastRow.payload).order_by(ForecastRow.as_of, ForecastRow.id)
        if question:
            q = q.where(ForecastRow.question == question)
        with self.session() as s:
            return [Forecast.model_validate(p) for p in s.scalars(q)]

    def counts(self) -> dict[str, int]:
        out = {}
        with self.session() as s:
            for name, t in (("articles", ArticleRow), ("events", EventRow), ("entities", EntityRow),
                            ("quotes", QuoteRow), ("claims", ClaimRow), ("forecasts", ForecastRow),
                            ("questions", QuestionRow)):
                out[name] = s.scalar(select(func.count()).select_from(t)) or 0
        return out
