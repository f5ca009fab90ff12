"""`accord extract` (text -> entities, events, quotes, claims) and `accord events` (listing)."""

from __future__ import annotations

import csv
import json
import sys
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
        paths: list[Path] = typer.Argument(None, help="Files or directories (as for ingest)."),
        sentences: Path = typer.Option(None, "--sentences", help="One sentence per line; JSON Lines out."),
        date: str = typer.Option(None, "--date", help="Reference date for --sentences (YYYY-MM-DD)."),
        save: bool = typer.Option(False, "--store", help="Also ingest and store the results."),
        workers: int = typer.Option(1, "--workers", min=1, help="spaCy processes."),
        batch_size: int = typer.Option(32, "--batch-size", min=1),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Extract PLOVER events, entities, quotes and claims (no prior ingest needed)."""
        if sentences is not None:
            from accord.ingest.readers import check_readable
            from accord.nlp.pipeline import extract_sentences

            check_readable(sentences)
            lines = sentences.read_text(encoding="utf-8").splitlines()
            results = extract_sentences(lines, date=parse_date(date, "--date"))
            for line, evs in zip(lines, results, strict=True):
                sys.stdout.write(json.dumps({"sentence": line, "events": [event_json(e) for e in evs]},
                                            ensure_ascii=False) + "\n")
            return
        if not paths:
            paths = None
        with progress_bar(ctx, "extract") as bar:
            exs, failures = api.extract(paths, db=store(ctx) if (save or not paths) else None,
                                        store_results=save or not paths, workers=workers,
                                        batch_size=batch_size, progress=bar)
        if paths and not exs and failures:
            for f in failures[1:]:
                err_console.print(f"failed {f['origin']}: {f['error']}", highlight=False)
            raise InputError(failures[0]["error"], where=failures[0]["origin"])
        for f in failures:
            err_console.print(f"[red]failed[/] {f['origin']}: {f['error']}", highlight=False)
        if as_json:
            print_json({"articles": [_article_json(ex) for ex in exs]})
        else:
            for ex in exs:
                a = ex.article
                print(f"{a.id}  {str(a.date or '-'):<10}  {len(ex.entities):3d} entities  "
                      f"{len(ex.events):3d} events  {len(ex.quotes):2d} quotes  "
                      f"{len(ex.claims):2d} claims  {a.title or ''}")

    @app.command("events")
    def events(
        ctx: typer.Context,
        actors: str = typer.Option(None, "--actors", help="Comma-separated actor codes."),
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
            for e in evs:
                a = ",".join(r.code for r in e.actor) or "-"
                r = ",".join(x.code for x in e.recipient) or "-"
                flags = "".join(f for f, on in (("N", e.negated), ("H", e.hypothetical),
                                                ("P", e.historical), ("F", e.future)) if on)
                print(f"{str(e.date or '-'):<10} {e.type:<9} {a:>12} -> {r:<12} q{e.quad} "
                      f"{e.score:+5.1f} {flags:<3} {e.evidence.sentence[:70]}")


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
        "article_id": r["evidence"]["article_id"], "start": r["evidence"]["start"],
        "end": r["evidence"]["end"], "sentence": r["evidence"]["sentence"],
    }
