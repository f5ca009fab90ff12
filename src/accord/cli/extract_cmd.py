"""`accord extract` (text -> entities, events, quotes, claims) and `accord events` (listing)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from accord import api
from accord.cli.common import err_console, parse_actors, parse_date, print_json, progress_bar, store
from accord.errors import InputError


def _article_json(ex) -> dict:  # noqa: ANN001
    a = ex.article
    return {
        "id": a.id, "title": a.title, "date": a.date.isoformat() if a.date else None,
        "entities": [e.model_dump(mode="json") for e in ex.entities],
        "events": [event_json(e) for e in ex.events],
        "quotes": [q.model_dump(mode="json") for q in ex.quotes],
        "claims": [c.model_dump(mode="json") for c in ex.claims],
    }


def event_json(e) -> dict:  # noqa: ANN001
    """An event with the documented keys."""
    d = e.model_dump(mode="json")
    ev = d.pop("evidence")
    return {
        "type": d["type"], "mode": d["mode"], "context": d["context"], "actor": d["actor"],
        "recipient": d["recipient"], "date": d["date"], "location": d["location"],
        "negated": d["negated"], "hypothetical": d["hypothetical"], "historical": d["historical"],
        "future": d["future"], "factuality": d["factuality"], "source": d["source"],
        "quad": d["quad"], "score": d["score"], "confidence": d["confidence"],
        "evidence": {"start": ev["start"], "end": ev["end"], "sentence": ev["sentence"],
                     "article_id": ev.get("article_id")},
        "coder_version": d.get("coder_version"),
        "date_basis": d.get("date_basis"), "date_precision": d.get("date_precision"),
        "period_start": d.get("period_start"), "role_confidence": d.get("role_confidence"),
    }


def plover_json(e) -> dict:  # noqa: ANN001
    """An event in the PLOVER manual's JSON record layout (its "PLOVER JSON" and entity
    tables): event, mode and context as lists, entity objects with code, sector and
    entity_text, quad_code, event_scale, event_loc, text and text_info; accord's own flags,
    confidence and article id follow as extra fields, which the manual allows."""
    def side(refs: list) -> list[dict]:
        return [{"code": r.code[:3], "sector": r.code[3:] or None, "entity_text": r.text,
                 "identifier_text": r.name or None} for r in refs]

    ev = e.evidence
    return {
        "id": f"{ev.article_id}-{ev.start}-{e.type}", "date": e.date.isoformat() if e.date else None,
        "actor": side(e.actor), "recipient": side(e.recipient), "event": [e.type],
        "event_loc": {"name": e.location} if e.location else None,
        "quad_code": e.quad, "event_scale": e.score,
        "mode": [e.mode] if e.mode else [], "context": list(e.context),
        "text": ev.sentence, "text_info": {"start": ev.start, "end": ev.end},
        "coder": f"accord {e.coder_version}".strip(),
        "negated": e.negated, "hypothetical": e.hypothetical, "historical": e.historical,
        "future": e.future, "factuality": e.factuality, "source": side(e.source),
        "confidence": e.confidence, "article_id": ev.article_id,
    }


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        ctx: typer.Context,
        paths: list[str] = typer.Argument(
            None, help="Files, directories or http(s) URLs (as for ingest)."),
        sentences: Path = typer.Option(
            None, "--sentences", help="File with one sentence per line (split on \\n or "
                                      "\\r\\n only); JSON Lines out, one line per input line."),
        date: str = typer.Option(None, "--date", help="Reference date for --sentences (YYYY-MM-DD)."),
        save: bool = typer.Option(False, "--store", help="Also ingest and store the results."),
        workers: int = typer.Option(1, "--workers", min=1, help="spaCy processes (with "
                                    "--corpus: LocalCluster worker processes)."),
        batch_size: int = typer.Option(32, "--batch-size", min=1),
        as_json: bool = typer.Option(False, "--json"),
        corpus: Path = typer.Option(
            None, "--corpus", help="A corpus to extract on Dask: a .jsonl or .parquet file or a "
                                   "directory of articles (needs --out)."),
        out: Path = typer.Option(None, "--out", help="Directory for the --corpus Parquet "
                                                    "partitions (a re-run resumes it)."),
        scheduler: str = typer.Option(None, "--scheduler", help="With --corpus: address of a "
                                      "dask.distributed scheduler, tcp://HOST:PORT."),
        partition_size: int = typer.Option(200, "--partition-size", min=1,
                                           help="With --corpus: articles per partition."),
    ) -> None:
        """Extract PLOVER events, entities, quotes and claims (no prior ingest needed)."""
        if corpus is not None or out is not None:  # the Dask corpus pipeline (accord.corpus)
            from accord.cli.corpus_cli import run_corpus_cli

            run_corpus_cli(ctx, corpus, out, paths=paths, workers=workers, scheduler=scheduler,
                           partition_size=partition_size, save=save, batch_size=batch_size,
                           as_json=as_json)
            return
        if sentences is not None:
            from accord.ingest.readers import check_readable

            check_readable(sentences)
            _stream_sentences(sentences, parse_date(date, "--date"), batch_size)
            return
        if not paths:
            paths = None
        with progress_bar(ctx, "extract") as bar:
            from accord.cli.ingest_cmd import as_sources

            sources = as_sources(paths) if paths else None
            exs, failures = api.extract(sources, db=store(ctx) if (save or not paths) else None,
                                        store_results=save or not paths, workers=workers,
                                        batch_size=batch_size, progress=bar)
        if paths and not exs and failures:
            for f in failures[1:]:
                err_console.print(f"failed {f['origin']}: {f['error']}", highlight=False)
            raise InputError(failures[0]["error"], where=failures[0]["origin"])
        for f in failures:
            err_console.print(f"[red]failed[/] {f['origin']}: {f['error']}", highlight=False)
        if as_json:
            print_json({"articles": [_article_json(ex) for ex in exs],
                        "failed": [{"origin": f["origin"], "error": f["error"]}
                                   for f in failures]})
        else:
            for ex in exs:
                a = ex.article
                print(f"{a.id}  {str(a.date or '-'):<10}  {len(ex.entities):3d} entities  "
                      f"{len(ex.events):3d} events  {len(ex.quotes):2d} quotes  "
                      f"{len(ex.claims):2d} claims  {a.title or ''}")
            if not exs and not failures and not paths:
                # (ingest extracts as it stores: say so rather than print nothing)
                print("nothing to extract: every stored article has been extracted by the "
                      "current coder (`accord events` lists the events)")

        if failures:  # some items failed, each named above: exit 2
            raise typer.Exit(2)

    def _when(e) -> str:  # noqa: ANN001
        """The act's day, else the month or year the text names ("in December 2018")."""
        if e.date is not None:
            return e.date.isoformat()
        if e.period_start is not None and e.date_precision in ("month", "year"):
            return e.period_start.isoformat()[:7 if e.date_precision == "month" else 4]
        return "-"

    @app.command("events")
    def events(
        ctx: typer.Context,
        actors: str = typer.Option(None, "--actors", help="Comma-separated actor codes or names (USA,IRN or India,Pakistan)."),
        as_of: str = typer.Option(None, "--as-of", help="Only evidence dated on or before."),
        types: str = typer.Option(None, "--types", help="Comma-separated PLOVER types."),
        as_json: bool = typer.Option(False, "--json"),
        as_csv: bool = typer.Option(False, "--csv"),
        parquet: Path = typer.Option(None, "--parquet", help="Write a Parquet file."),
        plover: bool = typer.Option(False, "--plover", help="PLOVER JSON Lines (PLOVER field names)."),
        duplicates: bool = typer.Option(False, "--include-duplicates",
                                        help="Also list events of near-duplicate copies."),
    ) -> None:
        """List stored events (near-duplicate copies of a story are counted once)."""
        evs = store(ctx).events(
            actors=parse_actors(actors) if actors else None, until=parse_date(as_of),
            types=[t.strip() for t in types.split(",")] if types else None,
            include_duplicates=duplicates,
        )
        rows = [event_json(e) for e in evs]
        if as_json:
            print_json({"events": rows, "count": len(rows)})
        elif plover:
            for e in evs:
                sys.stdout.write(json.dumps(plover_json(e), ensure_ascii=False) + "\n")
        elif as_csv or parquet:
            flat = [_flat(r) for r in rows]
            if parquet:
                import pyarrow as pa
                import pyarrow.parquet as pq

                cols = list(_flat(event_json_empty()).keys())
                table = pa.Table.from_pylist(flat, schema=None) if flat else pa.table(
                    {c: pa.array([], pa.string()) for c in cols})
                pq.write_table(table, parquet)
                print(f"wrote {len(flat)} events to {parquet}")
            else:
                w = csv.DictWriter(sys.stdout, fieldnames=list(_flat(event_json_empty()).keys()))
                w.writeheader()
                w.writerows(flat)
        else:
            print(f"{'date':<10} {'type':<9} {'actor':>12} -> {'recipient':<12} {'quad':<4} "
                  f"{'score':>5} {'conf':>4} {'fl':<3} sentence")
            for e in evs:
                a = ",".join(r.code for r in e.actor) or "-"
                r = ",".join(x.code for x in e.recipient) or "-"
                flags = "".join(f for f, on in _flags(e) if on)
                print(f"{_when(e):<10} {e.type:<9} {a:>12} -> {r:<12} q{e.quad:<3} "
                      f"{e.score:+5.1f} {e.confidence:4.2f} {flags:<3} "
                      f"{e.evidence.sentence[:70]}")
            print(f"{len(evs)} event(s). quad: PLOVER quad class (1 verbal cooperation, 2 "
                  "material cooperation, 3 verbal conflict, 4 material conflict); score: "
                  "PLOVER intensity; conf: probability that the event's quad class is right; "
                  "fl (flags): " + ", ".join(
                      f"{k} {v}" for k, v in EVENT_FLAG_LEGEND.items()) + "; date: when the "
                  "act took place (a month or year when only that is stated: 2018-12, "
                  "2014); codes: country + sector (IRNGOV Iran's government, "
                  "---GOV a government of no known country), '-' none named")


EVENT_FLAG_LEGEND = {"N": "negated", "H": "hypothetical", "P": "past (historical)",
                     "F": "future"}


def _flags(e) -> tuple[tuple[str, bool], ...]:  # noqa: ANN001
    """(letter, set?) per flag of the events table, in the order of EVENT_FLAG_LEGEND."""
    return (("N", e.negated), ("H", e.hypothetical), ("P", e.historical), ("F", e.future))


_LINE_SEPS = {c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029)}


def _lines(path: Path) -> Iterator[str]:
    """Lines of a UTF-8 file split on "\\n" (a trailing "\\r" dropped) and nothing else, read
    in blocks so any line length works; a byte-order mark at the start is removed."""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending: list[str] = []  # pieces of the current line (only new text is ever scanned)
    first = True
    with path.open("rb") as fh:
        while True:
            block = fh.read(1 << 16)
            chunk = dec.decode(block, final=not block)
            if first and chunk:
                chunk = chunk.removeprefix("\ufeff")
                first = False
            *done, rest = chunk.split("\n")
            for line in done:
                pending.append(line)
                yield "".join(pending).removesuffix("\r")
                pending = []
            pending.append(rest)
            if not block:
                break
    last = "".join(pending)
    if last:
        yield last.removesuffix("\r")


def _stream_sentences(path: Path, date, batch_size: int) -> None:  # noqa: ANN001
    """One JSON line per input line, written and flushed as each batch of lines is coded."""
    from itertools import islice

    from accord.nlp.pipeline import extract_sentences

    lines = _lines(path)
    while batch := list(islice(lines, max(1, min(batch_size, 64)))):
        for line, evs in zip(batch, extract_sentences(batch, date=date), strict=True):
            out = json.dumps({"sentence": line, "events": [event_json(e) for e in evs]},
                             ensure_ascii=False)
            # line separators other than \n stay escaped: a reader splitting on any line
            # break still sees one line per input line
            sys.stdout.write(out.translate(_LINE_SEPS) + "\n")
        sys.stdout.flush()


def event_json_empty() -> dict:
    from accord.types import Event, Evidence

    return event_json(Event(type="AGREE", quad=1, score=0, evidence=Evidence(start=0, end=0)))


def _flat(r: dict) -> dict:
    return {
        "type": r["type"], "mode": r["mode"], "context": ";".join(r["context"]),
        "actor": ";".join(a["code"] for a in r["actor"]),
        "recipient": ";".join(a["code"] for a in r["recipient"]),
        "date": r["date"], "location": r["location"], "negated": r["negated"],
        "hypothetical": r["hypothetical"], "historical": r["historical"], "future": r["future"],
        "factuality": r["factuality"], "source": ";".join(a["code"] for a in r["source"]),
        "quad": r["quad"], "score": r["score"], "confidence": r["confidence"],
        "date_basis": r["date_basis"], "role_confidence": r["role_confidence"],
        "article_id": r["evidence"]["article_id"], "start": r["evidence"]["start"],
        "end": r["evidence"]["end"], "sentence": r["evidence"]["sentence"],
    }
