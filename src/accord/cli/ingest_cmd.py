"""`accord ingest`: read files, directories and feeds into the store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from accord import api
from accord.cli.common import err_console, opts, print_json, progress_bar, store
from accord.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        ctx: typer.Context,
        paths: list[Path] = typer.Argument(..., help="Files, directories or feed files."),
        glob: str = typer.Option("**/*", help="Pattern for files inside directories."),
        max_bytes: int = typer.Option(None, help="Size limit per file (default 10 MB)."),
        near_dup: float = typer.Option(None, help="MinHash Jaccard threshold for near-duplicates."),
        as_json: bool = typer.Option(False, "--json", help="Print the batch report as JSON."),
    ) -> None:
        """Store articles (one transaction each); duplicates are stored once and linked."""
        if near_dup is not None and not 0 < near_dup <= 1:
            raise InputError("must be in (0, 1]", where="--near-dup")
        st = store(ctx)
        with progress_bar(ctx, "ingest") as bar:
            rep = api.ingest(paths, db=st, glob=glob, max_bytes=max_bytes, near_dup=near_dup,
                             progress=bar)
        ok = rep.stored + rep.duplicates + rep.near_duplicates
        if as_json:
            print_json(rep.as_dict())
        elif not opts(ctx).quiet or rep.failed:
            for it in rep.items:
                if it["status"] == "failed" and ok:
                    err_console.print(f"[red]failed[/] {it['origin']}: {it['error']}",
                                      highlight=False)
            if ok:
                print(f"stored {rep.stored}, duplicates {rep.duplicates}, near-duplicates "
                      f"{rep.near_duplicates}, failed {rep.failed}")
        if not ok and rep.failed:
            # nothing could be read: one line per failure, user error
            if not as_json:
                for it in rep.items:
                    print(f"accord: error: {it['origin']}: {it['error']}", file=sys.stderr)
            raise typer.Exit(2)
