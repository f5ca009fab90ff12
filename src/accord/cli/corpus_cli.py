"""`accord extract --corpus PATH --out DIR`: the Dask corpus pipeline behind `accord extract`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from accord.cli.common import print_json, progress_bar, store
from accord.errors import InputError


def run_corpus_cli(ctx: typer.Context, corpus: Path | None, out: Path | None, *,
                   paths: list[str] | None, workers: int, scheduler: str | None,
                   partition_size: int, save: bool, batch_size: int, as_json: bool) -> None:
    """Run accord.corpus.run_corpus and print its report; per-item failures go to stderr,
    one line each, and make the exit code 2 (the rest of the corpus is still done)."""
    if corpus is None:
        raise InputError("--out needs --corpus PATH", where="--corpus")
    if out is None:
        raise InputError("--corpus needs --out DIR (where the Parquet partitions go)",
                         where="--out")
    if paths:
        raise InputError("give either paths or --corpus, not both", where="--corpus")
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise InputError(f"expected a scheduler address like tcp://HOST:PORT, got {scheduler!r}",
                         where="--scheduler")
    from accord.corpus import run_corpus

    with progress_bar(ctx, "corpus partitions") as bar:
        rep = run_corpus(corpus, out, workers=workers, scheduler=scheduler,
                         partition_size=partition_size, store=store(ctx) if save else None,
                         progress=bar, batch_size=batch_size)
    for f in rep.failures:
        print(f"accord: failed {f['origin']} ({f['partition']}): {f['error']}",
              file=sys.stderr)
    for f in rep.failed_partitions:
        print(f"accord: partition {f['partition']} failed (a re-run retries it): {f['error']}",
              file=sys.stderr)
    if as_json:
        print_json(rep.as_dict())
    else:
        stored = f", {rep.stored} stored" if rep.stored is not None else ""
        print(f"{rep.partitions} partitions ({rep.done} done now, {rep.skipped} done before"
              f"{', ' + str(len(rep.failed_partitions)) + ' failed' if rep.failed_partitions else ''}"
              f"): {rep.articles} articles, {rep.events} events, {rep.quotes} quotes, "
              f"{rep.claims} claims, {len(rep.failures)} failed items{stored} -> {rep.out}")
    if rep.failures or rep.failed_partitions:
        raise typer.Exit(2)
