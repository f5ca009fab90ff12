"""`accord demo`: the main job end to end on a bundled example."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli.common import opts, progress_bar, store
from accord.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        ctx: typer.Context,
        example: Path = typer.Argument(Path("examples/us-iran-2026")),
        runs: int = typer.Option(1000, "--runs", min=1),
        seed: int = typer.Option(1, "--seed"),
        out: Path = typer.Option(None, "--out", "-o"),
    ) -> None:
        """ingest -> extract -> situation -> scenario -> simulate -> forecast -> HTML report."""
        from accord.pipeline import run_demo

        if not example.is_dir():
            raise InputError("not an example directory", where=str(example))
        with progress_bar(ctx, "demo") as bar:
            path = run_demo(store(ctx), example, runs=runs, seed=seed, out=out, progress=bar,
                            say=None if opts(ctx).quiet else print)
        print(f"report: {path.resolve()}")
