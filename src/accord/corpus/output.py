"""Corpus output: one Parquet file per partition and table, written atomically, and a done
marker per partition.

Layout of ``--out DIR``::

    plan.json                        the partitions (fixed at the first run)
    articles/part-00000.parquet      one row per article (id, origin, title, date, ...)
    entities/ events/ quotes/ claims/part-00000.parquet
    _done/part-00000.json            written last: counts, per-item failures, timing
    manifest.json                    summary of the finished partitions (rewritten each run)

Every file is written to a temporary name in its directory, flushed to disk and renamed
over the final name, and the done marker goes last, so a partition is finished exactly when
its marker exists; a killed run leaves at worst temporary files (removed by the next run) and
part files without a marker, which the next run rewrites with the same content.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

TABLES = ("articles", "entities", "events", "quotes", "claims")
DONE = "_done"
TMP_TAG = ".tmp-"


def _schemas() -> dict:
    import pyarrow as pa

    s, i, f, b, d = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
    lst = pa.list_(pa.string())
    base = [("article_id", s), ("ordinal", i)]
    return {
        "articles": pa.schema([("article_id", s), ("origin", s), ("title", s), ("date", d),
                               ("date_source", s), ("url", s), ("source", s),
                               ("content_hash", s), ("chars", i), ("words", i), ("text", s)]),
        "entities": pa.schema([*base, ("code", s), ("payload", s)]),
        "events": pa.schema([*base, ("type", s), ("mode", s), ("context", lst),
                             ("actor", lst), ("recipient", lst), ("date", d),
                             ("article_date", d), ("location", s), ("factuality", s),
                             ("negated", b), ("quad", i), ("score", f), ("confidence", f),
                             ("start", i), ("end", i), ("sentence", s),
                             ("coder_version", s), ("payload", s)]),
        "quotes": pa.schema([*base, ("speaker", s), ("kind", s), ("content", s),
                             ("payload", s)]),
        "claims": pa.schema([*base, ("actor", s), ("issue", s), ("stance", s),
                             ("payload", s)]),
    }


def rows(origin: str, ex, keep_text: bool) -> dict[str, list[dict]]:  # noqa: ANN001
    """The rows of one Extraction for every table (payload: the item's full JSON)."""
    a = ex.article
    aid = a.id
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    out["articles"].append({
        "article_id": aid, "origin": origin, "title": a.title, "date": a.date,
        "date_source": a.date_source, "url": a.url, "source": a.source,
        "content_hash": a.content_hash, "chars": len(a.text), "words": len(a.text.split()),
        "text": a.text if keep_text else None,
    })
    for k, e in enumerate(ex.entities):
        out["entities"].append({"article_id": aid, "ordinal": k, "code": e.code,
                                "payload": e.model_dump_json()})
    for k, e in enumerate(ex.events):
        out["events"].append({
            "article_id": aid, "ordinal": k, "type": e.type, "mode": e.mode,
            "context": list(e.context), "actor": [r.code for r in e.actor],
            "recipient": [r.code for r in e.recipient], "date": e.date,
            "article_date": a.date, "location": e.location, "factuality": e.factuality,
            "negated": e.negated, "quad": e.quad, "score": e.score, "confidence": e.confidence,
            "start": e.evidence.start, "end": e.evidence.end, "sentence": e.evidence.sentence,
            "coder_version": e.coder_version, "payload": e.model_dump_json()})
    for k, q in enumerate(ex.quotes):
        out["quotes"].append({"article_id": aid, "ordinal": k,
                              "speaker": q.speaker.code if q.speaker else None, "kind": q.kind,
                              "content": q.content, "payload": q.model_dump_json()})
    for k, c in enumerate(ex.claims):
        out["claims"].append({"article_id": aid, "ordinal": k, "actor": c.actor.code,
                              "issue": c.issue, "stance": c.stance,
                              "payload": c.model_dump_json()})
    return out


def _fsync_replace(tmp: Path, final: Path) -> None:
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, final)


def write_table(out: Path, table: str, part_id: str, records: list[dict]) -> Path:
    """Write one partition's rows of a table atomically; returns the final path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{part_id}.parquet"
    tmp = folder / f".{part_id}.parquet{TMP_TAG}{uuid.uuid4().hex[:8]}"
    schema = _schemas()[table]
    pq.write_table(pa.Table.from_pylist(records, schema=schema), tmp, compression="zstd")
    _fsync_replace(tmp, final)
    return final


def write_json(path: Path, data: object) -> None:
    """Write a JSON file atomically (temporary name, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}{TMP_TAG}{uuid.uuid4().hex[:8]}")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n",
                   encoding="utf-8")
    _fsync_replace(tmp, path)


def marker(out: Path, part_id: str) -> Path:
    return out / DONE / f"{part_id}.json"


def is_done(out: Path, part_id: str) -> bool:
    """A partition is finished when its marker and all its table files exist."""
    return marker(out, part_id).exists() and all(
        (out / t / f"{part_id}.parquet").exists() for t in TABLES)


def read_marker(out: Path, part_id: str) -> dict:
    return json.loads(marker(out, part_id).read_text(encoding="utf-8"))


def clean_temporary(out: Path) -> int:
    """Remove temporary files a killed run left behind; returns how many."""
    n = 0
    for folder in (out, out / DONE, *(out / t for t in TABLES)):
        if folder.is_dir():
            for f in folder.iterdir():
                if TMP_TAG in f.name:
                    f.unlink(missing_ok=True)
                    n += 1
    return n


def read_table(out: str | Path, table: str, part_ids: Iterable[str] | None = None):  # noqa: ANN201
    """A pyarrow Table of one output table over the finished partitions (or ``part_ids``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    if part_ids is None:
        part_ids = sorted(p.stem for p in (out / DONE).glob("part-*.json"))
    tables = [pq.read_table(out / table / f"{pid}.parquet") for pid in part_ids
              if is_done(out, pid)]
    if not tables:
        return _schemas()[table].empty_table()
    return pa.concat_tables(tables)


def extractions(out: Path, part_id: str) -> list:
    """Rebuild the Extractions of a finished partition (needs the articles' text, which is
    kept when the run stores into a database)."""
    import pyarrow.parquet as pq

    from accord.types import Article, Claim, Entity, Event, Extraction, Quote

    arts = pq.read_table(out / "articles" / f"{part_id}.parquet").to_pylist()
    items: dict[str, dict[str, list]] = {a["article_id"]: {t: [] for t in TABLES[1:]}
                                         for a in arts}
    kinds = {"entities": Entity, "events": Event, "quotes": Quote, "claims": Claim}
    for table, cls in kinds.items():
        recs = pq.read_table(out / table / f"{part_id}.parquet",
                             columns=["article_id", "ordinal", "payload"]).to_pylist()
        for r in sorted(recs, key=lambda r: (r["article_id"], r["ordinal"])):
            items[r["article_id"]][table].append(cls.model_validate_json(r["payload"]))
    out_list = []
    for a in arts:
        if a["text"] is None:
            raise ValueError(f"{part_id}: the articles' text was not kept (run with --store)")
        art = Article(id=a["article_id"], title=a["title"], text=a["text"], date=a["date"],
                      date_source=a["date_source"], url=a["url"], source=a["source"],
                      path=a["origin"], content_hash=a["content_hash"])
        out_list.append(Extraction(article=art, **items[a["article_id"]]))
    return out_list
