"""The store: open a database by URL, migrate it, and read/write domain objects.

SQLite (default ``accord.db`` in the working directory, WAL, foreign keys on) or PostgreSQL
by URL. Each article and each extraction is written in one transaction, so a batch killed
mid-way keeps everything committed before and a re-run completes it without duplicates.
"""

from __future__ import annotations

import datetime as dt
import os
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
    EventRow,
    ExtractionRow,
    ForecastRow,
    QuestionRow,
    QuoteRow,
)
from accord.types import Article, Claim, Entity, Event, Extraction, Forecast, Question, Quote

DEFAULT_URL = "sqlite:///accord.db"
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
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


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
        """Bring the schema to the newest Alembic revision (no-op when current)."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        head = ScriptDirectory.from_config(cfg).get_current_head()
        with self.engine.begin() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

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
            return list(
                s.execute(
                    select(ArticleRow.id, ArticleRow.minhash).where(ArticleRow.minhash.is_not(None))
                ).tuples()
            )

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
            return {"articles": s.scalar(base) or 0, "unextracted": s.scalar(gap) or 0}

    def latest_article_date(self) -> dt.date | None:
        """The newest article date in the store (None when no article is dated)."""
        with self.session() as s:
            return s.scalar(select(func.max(ArticleRow.date)))

    def article_dates(self) -> dict[str, dt.date | None]:
        with self.session() as s:
            return {aid: day for aid, day in s.execute(select(ArticleRow.id, ArticleRow.date))}

    # ------------------------------------------------------------- extractions
    def save_extraction(self, ex: Extraction, *, coder_version: str | None = None) -> None:
        """Replace the extraction of one article atomically (entities, events, quotes, claims).

        ``coder_version`` is recorded (default: the first event's), so an article without
        events still says which coder read it."""
        aid = ex.article.id
        with self.session() as s, s.begin():
            if s.scalar(select(ArticleRow.id).where(ArticleRow.id == aid)) is None:
                raise StoreError(f"article {aid} is not stored; ingest it first")
            if s.scalar(select(ExtractionRow.article_id).where(ExtractionRow.article_id == aid)):
                for table in (EntityRow, EventRow, QuoteRow, ClaimRow, ExtractionRow):
                    s.execute(delete(table).where(table.article_id == aid))
            version = coder_version or (ex.events[0].coder_version if ex.events else "")
            s.execute(insert(ExtractionRow), [{"article_id": aid,
                                               "coder_version": version or "accord"}])
            # Core bulk inserts: one statement per table, no per-object unit of work
            rows = {
                EntityRow: [{"article_id": aid, "code": e.code, "payload": e.model_dump(mode="json")}
                            for e in ex.entities],
                EventRow: [{
                    "article_id": aid, "type": e.type, "quad": e.quad, "score": e.score,
                    "date": e.date, "article_date": ex.article.date,
                    "actor_codes": _codes(e.actor), "recipient_codes": _codes(e.recipient),
                    "negated": e.negated, "payload": e.model_dump(mode="json"),
                } for e in ex.events],
                QuoteRow: [{"article_id": aid, "payload": q.model_dump(mode="json")}
                           for q in ex.quotes],
                ClaimRow: [{"article_id": aid, "actor_code": c.actor.code,
                            "payload": c.model_dump(mode="json")} for c in ex.claims],
            }
            for table, values in rows.items():
                if values:
                    s.execute(insert(table), values)

    def _actor_filter(self, q, actors: Sequence[str] | None):  # noqa: ANN001, ANN202
        if not actors:
            return q
        conds = []
        for a in actors:
            pat = f"%|{a}%"
            conds += [EventRow.actor_codes.like(pat), EventRow.recipient_codes.like(pat)]
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
        q = self._actor_filter(q, actors)
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
