"""Run the extraction over a corpus, partition by partition, in this process or on Dask.

``run_partition`` is the task: it reads its partition, extracts every article with the same
code as ``accord extract`` (``accord.nlp.pipeline.extract_each``: the full spaCy pipeline, a
failing article costs only itself), and writes the partition's Parquet files and its done
marker. ``run_corpus`` plans the partitions, skips those already done, sends the rest to a
``LocalCluster`` (``workers``) or a running scheduler (``scheduler``), reports progress and
failures, and optionally stores the results.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from accord.corpus import output
from accord.corpus.source import plan as make_plan
from accord.corpus.source import read_partition
from accord.errors import InputError

Progress = Callable[[int, int | None, str], None] | None


def run_partition(part: dict, out: str, *, keep_text: bool = True, batch_size: int = 32,
                  max_bytes: int | None = None) -> dict:
    """Extract one partition and write its files and marker; returns the marker's content."""
    from accord.nlp.lexicon import CODER_VERSION
    from accord.nlp.pipeline import extract_each

    t0, c0 = time.perf_counter(), time.process_time()
    dest = Path(out)
    failures: list[dict] = []
    origins: dict[int, str] = {}
    articles = []
    for item in read_partition(part, max_bytes):
        if item.skipped:
            continue  # not an article by design (a crisis folder's resolution.json)
        if item.error or item.article is None:
            failures.append({"origin": item.origin, "error": item.error})
            continue
        origins[len(articles)] = item.origin
        articles.append(item.article)
    tables: dict[str, list[dict]] = {t: [] for t in output.TABLES}
    words = 0
    for k, (art, ex, err) in enumerate(extract_each(articles, batch_size=batch_size)):
        if ex is None:
            failures.append({"origin": origins[k], "error": err})
            continue
        words += len(art.text.split())
        for table, recs in output.rows(origins[k], ex, keep_text).items():
            tables[table].extend(recs)
    for table in output.TABLES:
        output.write_table(dest, table, part["id"], tables[table])
    done = {
        "id": part["id"], "items": part["items"], "articles": len(tables["articles"]),
        "events": len(tables["events"]), "quotes": len(tables["quotes"]),
        "claims": len(tables["claims"]), "entities": len(tables["entities"]), "words": words,
        "failed": len(failures), "failures": failures, "coder_version": CODER_VERSION,
        "seconds": round(time.perf_counter() - t0, 3),
        "cpu_seconds": round(time.process_time() - c0, 3), "pid": os.getpid(),
    }
    output.write_json(output.marker(dest, part["id"]), done)
    return done


@dataclass
class CorpusReport:
    """What a corpus run did: partitions done now and before, counts, per-item failures."""

    out: str
    partitions: int = 0
    skipped: int = 0  # finished by an earlier run
    done: int = 0  # finished by this run
    failed_partitions: list[dict] = field(default_factory=list)  # task errors (re-run retries)
    articles: int = 0
    events: int = 0
    quotes: int = 0
    claims: int = 0
    words: int = 0
    failures: list[dict] = field(default_factory=list)  # per item: partition, origin, error
    stored: int | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@contextmanager
def _lock(out: Path):  # noqa: ANN202
    """One run per output directory (the lock goes away with the process, even on SIGKILL)."""
    out.mkdir(parents=True, exist_ok=True)
    fh = open(out / ".lock", "w")  # noqa: SIM115
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise InputError("another corpus run is writing to this directory", where=str(out)) \
            from None
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def _fixed_plan(out: Path, fresh: dict) -> dict:
    """The plan of the first run in ``out``; refuse a different corpus or partition size."""
    saved_path = out / "plan.json"
    if saved_path.exists():
        import json

        saved = json.loads(saved_path.read_text(encoding="utf-8"))
        keys = ("corpus", "partition_size", "glob", "fingerprint")
        if any(saved.get(k) != fresh.get(k) for k in keys):
            raise InputError("holds the output of a different corpus, partition size or "
                             "changed input files (plan.json); use a new --out directory",
                             where=str(out))
        return saved
    output.write_json(saved_path, fresh)
    return fresh


def _client(workers: int, scheduler: str | None):  # noqa: ANN202
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def run_corpus(corpus: str | Path, out: str | Path, *, workers: int = 1,
               scheduler: str | None = None, partition_size: int = 200,
               store=None, progress: Progress = None, batch_size: int = 32,  # noqa: ANN001
               glob: str = "**/*", max_bytes: int | None = None) -> CorpusReport:
    """Extract a corpus into Parquet partitions under ``out`` (see accord.corpus.output).

    ``workers`` > 1 starts a LocalCluster of that many processes; ``scheduler`` uses a running
    dask.distributed scheduler (its workers must see ``corpus`` and ``out`` at the same
    paths). With one worker and no scheduler the partitions run in this process. Finished
    partitions are skipped, so a re-run after a kill does only what is left. ``store`` (an
    accord Store) also receives every article and extraction. The articles' text is kept in
    articles/*.parquet, so the output can be stored later without the corpus."""
    if workers < 1:
        raise InputError("must be at least 1", where="--workers")
    t0 = time.perf_counter()
    dest = Path(out).resolve()
    src = Path(corpus).resolve()
    report = CorpusReport(out=str(dest))
    fresh = make_plan(src, partition_size, glob)  # bad input fails before DIR is made
    with _lock(dest):
        output.clean_temporary(dest)
        the_plan = _fixed_plan(dest, fresh)
        parts = the_plan["partitions"]
        report.partitions = len(parts)
        todo = [p for p in parts if not output.is_done(dest, p["id"])]
        report.skipped = len(parts) - len(todo)
        kw = {"batch_size": batch_size, "max_bytes": max_bytes}
        finished = report.skipped
        if progress:
            progress(finished, len(parts), "")

        def collect(res: dict) -> None:
            nonlocal finished
            finished += 1
            report.done += 1
            if progress:
                progress(finished, len(parts), f"{res['id']} {res['articles']} articles")

        if todo and workers == 1 and not scheduler:
            for p in todo:
                try:
                    res = run_partition(p, str(dest), **kw)
                except Exception as exc:  # noqa: BLE001 - this partition fails, the rest go on
                    report.failed_partitions.append(
                        {"partition": p["id"], "error": f"{type(exc).__name__}: {exc}"[:300]})
                    continue
                collect(res)
        elif todo:
            from dask.distributed import as_completed

            client, cluster = _client(workers, scheduler)
            try:
                futs = {client.submit(run_partition, p, str(dest), **kw, key=f"accord-{p['id']}"
                                      f"-{os.getpid()}", pure=False): p for p in todo}
                for fut in as_completed(list(futs)):
                    if fut.status == "error":
                        exc = fut.exception()
                        report.failed_partitions.append(
                            {"partition": futs[fut]["id"],
                             "error": f"{type(exc).__name__}: {exc}"[:300]})
                        continue
                    collect(fut.result())
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        _summarise(dest, parts, report)
        if store is not None:
            report.stored = _store_all(store, dest, parts)
    report.seconds = round(time.perf_counter() - t0, 3)
    output.write_json(dest / "manifest.json", report.as_dict())
    return report


def _summarise(dest: Path, parts: list[dict], report: CorpusReport) -> None:
    """Totals and per-item failures over every finished partition (this run and earlier)."""
    for p in parts:
        if not output.is_done(dest, p["id"]):
            continue
        m = output.read_marker(dest, p["id"])
        for key in ("articles", "events", "quotes", "claims", "words"):
            setattr(report, key, getattr(report, key) + m[key])
        report.failures += [{"partition": p["id"], **f} for f in m["failures"]]


def _store_all(store, dest: Path, parts: list[dict]) -> int:  # noqa: ANN001
    """Store the articles and extractions of every finished partition not yet stored in this
    database (a marker under _stored/<database hash>/ says so; storing twice changes nothing:
    articles are keyed by content and an extraction by the same coder version is kept)."""
    import hashlib

    from accord.api import near_dup_index, store_article
    from accord.nlp.lexicon import CODER_VERSION

    index = near_dup_index(store, None)
    n = 0
    which = hashlib.sha256(store.url.encode("utf-8")).hexdigest()[:12]  # one set per database
    for p in parts:
        flag = dest / "_stored" / which / f"{p['id']}.json"
        if flag.exists() or not output.is_done(dest, p["id"]):
            continue
        for ex in output.extractions(dest, p["id"]):
            _status, aid, _dup, _sim = store_article(store, index, ex.article)
            if aid != ex.article.id:
                ex = ex.model_copy(update={"article": ex.article.model_copy(update={"id": aid})})
            store.save_extraction(ex, coder_version=CODER_VERSION)
            n += 1
        output.write_json(flag, {"id": p["id"], "stored": True})
    return n
