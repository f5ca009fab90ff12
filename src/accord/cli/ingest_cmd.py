"""`accord ingest`: read files, directories and feeds into the store, then extract them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer

from accord import api
from accord.cli.common import err_console, opts, print_json, progress_bar, store
from accord.errors import InputError


def as_sources(args: list[str]) -> list[str | Path]:
    """Command-line sources: http(s) URLs stay strings (fetched), everything else is a path."""
    return [a if re.match(r"^https?://", a, re.I) else Path(a) for a in args]


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        ctx: typer.Context,
        paths: list[str] = typer.Argument(
            ..., help="Files, directories, feed files or http(s) URLs of pages or feeds."),
        glob: str = typer.Option("**/*", help="Pattern for files inside directories."),
        max_bytes: int = typer.Option(None, help="Size limit per file (default 10 MB)."),
        near_dup: float = typer.Option(None, help="MinHash Jaccard threshold for near-duplicates."),
        extract: bool = typer.Option(
            True, "--extract/--no-extract",
            help="Extract events, quotes and claims of the batch (default); articles already "
                 "extracted by this coder version are not read again."),
        workers: int = typer.Option(1, "--workers", min=1, help="Extraction processes."),
        as_json: bool = typer.Option(False, "--json", help="Print the batch report as JSON."),
    ) -> None:
        """Store articles (one transaction each) and extract them; duplicates are stored once
        and linked. A crisis folder's resolution.json is skipped with a note."""
        if near_dup is not None and not 0 < near_dup <= 1:
            raise InputError("must be in (0, 1]", where="--near-dup")
        st = store(ctx)
        with progress_bar(ctx, "ingest + extract" if extract else "ingest") as bar:
            rep = api.ingest(as_sources(paths), db=st, glob=glob, max_bytes=max_bytes, near_dup=near_dup,
                             progress=bar, extract=extract, workers=workers,
                             extract_progress=bar)
        ok = rep.stored + rep.duplicates + rep.near_duplicates
        for it in rep.items:  # an article left unextracted is never silent, even with --quiet
            if it.get("note") and it["status"] != "skipped":
                print(f"accord: warning: {it['origin']}: {it['note']}", file=sys.stderr)
        if as_json:
            print_json(rep.as_dict())
        elif not opts(ctx).quiet or rep.failed:
            for it in rep.items:
                if it["status"] == "failed" and ok:
                    err_console.print(f"[red]failed[/] {it['origin']}: {it['error']}",
                                      highlight=False)
                elif it["status"] == "skipped":
                    print(f"skipped {it['origin']}: {it['note']}", file=sys.stderr)
            if ok:
                line = (f"stored {rep.stored}, duplicates {rep.duplicates}, near-duplicates "
                        f"{rep.near_duplicates}, failed {rep.failed}")
                if rep.skipped:
                    line += f", skipped {rep.skipped}"
                if rep.extracted is not None:
                    line += f"; extracted {rep.extracted} article(s), {rep.events} event(s)"
                else:
                    line += "; not extracted (--no-extract): run `accord extract` before " \
                            "forecasting"
                print(line)
        if not ok and rep.failed and not as_json:
            # nothing could be read: one line per failure
            for it in rep.items:
                if it["status"] == "failed":
                    print(f"accord: error: {it['origin']}: {it['error']}", file=sys.stderr)
        if rep.failed:  # some items failed (each reported above or in the JSON): exit 2
            raise typer.Exit(2)
