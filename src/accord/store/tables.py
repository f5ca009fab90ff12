"""SQLAlchemy tables of the store. Only accord.store touches SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_source: Mapped[str] = mapped_column(String(16), default="none")
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="SET NULL")
    )
    similarity: Mapped[float | None] = mapped_column(Float)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class ExtractionRow(Base):
    """One row per extracted article: which coder produced its events and when."""

    __tablename__ = "extractions"

    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    coder_version: Mapped[str] = mapped_column(String(64))
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(16), index=True)
    payload: Mapped[dict] = mapped_column(JSON)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(16), index=True)
    quad: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    article_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # "|USAGOV|ISR|" style strings make actor filters portable across SQLite and PostgreSQL
    actor_codes: Mapped[str] = mapped_column(Text, default="|")
    recipient_codes: Mapped[str] = mapped_column(Text, default="|")
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    payload: Mapped[dict] = mapped_column(JSON)


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict] = mapped_column(JSON)


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    actor_code: Mapped[str] = mapped_column(String(16), index=True)
    payload: Mapped[dict] = mapped_column(JSON)


class QuestionRow(Base):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[dict] = mapped_column(JSON)
    resolved: Mapped[str | None] = mapped_column(String(32))


class ForecastRow(Base):
    __tablename__ = "forecasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(String(64), index=True)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    horizon_days: Mapped[int] = mapped_column(Integer)
    model_version: Mapped[str] = mapped_column(String(64))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


Index("ix_forecast_q_asof", ForecastRow.question, ForecastRow.as_of)


# ---- issue 12: claims on articles being extracted; one set of rows per extraction (0002) ----
class ExtractionClaimRow(Base):
    """An article being extracted by one process (``owner`` = host:pid), so concurrent
    `accord extract` runs extract each article once; stale claims (dead owner, or older than
    the lease) are taken over."""

    __tablename__ = "extraction_claims"

    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    owner: Mapped[str] = mapped_column(String(128))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


for _t in (EntityRow, EventRow, QuoteRow, ClaimRow):  # position within the article's extraction
    _t.ordinal = mapped_column(Integer, nullable=True)  # type: ignore[attr-defined]
    Index(f"ux_{_t.__tablename__}_article_ordinal", _t.article_id, _t.ordinal, unique=True)


# ---- issue 10: analyst review, service tokens and stored scenarios (migration 0004) ----
class CorrectionRow(Base):
    """An analyst's verdict on one extracted event: accept, reject or edit; undoable.

    ``event_key`` identifies the event across re-extractions (article, span, type, actors;
    see accord.store.review.event_key); ``original`` keeps the event as extracted."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_key: Mapped[str] = mapped_column(String(80), index=True)
    article_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(16))
    changes: Mapped[dict] = mapped_column(JSON)
    original: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(128))


class TokenRow(Base):
    """An API token of `accord serve`, stored as its SHA-256 only."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ScenarioRow(Base):
    """A scenario stored through the service (the validated Scenario as JSON)."""

    __tablename__ = "scenarios"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[dict] = mapped_column(JSON)
    author: Mapped[str | None] = mapped_column(String(128))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


# ---- issue 11: queries by actor and date at scale (migration 0003) ----
class EventActorRow(Base):
    """One row per event and country of its actors and recipients (first three letters of
    each code), kept by database triggers from ``events`` (see migration 0003); indexed on
    (code, article_date) so events of a few actors up to a date are an index range."""

    __tablename__ = "event_actors"

    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(32))
    article_date: Mapped[dt.date | None] = mapped_column(Date)


Index("ix_event_actors_code_date", EventActorRow.code, EventActorRow.article_date,
      EventActorRow.event_id)
Index("ix_event_actors_article", EventActorRow.article_id)
Index("ix_events_article_date_id", EventRow.article_date, EventRow.article_id, EventRow.id)
Index("ix_claims_actor_article", ClaimRow.actor_code, ClaimRow.article_id)
