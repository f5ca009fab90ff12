"""`accord report`: an HTML report of the situation, evidence, models and forecasts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from accord.cli.common import parse_actors, parse_date, progress_bar, store


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        ctx: typer.Context,
        actors: str = typer.Option(..., "--actors"),
        as_of: str = typer.Option(None, "--as-of"),
        scenario: Path = typer.Option(None, "--scenario"),
        runs: int = typer.Option(1000, "--runs", min=1),
        seed: int = typer.Option(0, "--seed"),
        out: Path = typer.Option(Path("reports/report.html"), "--out", "-o"),
    ) -> None:
        """Write the HTML report (plots embedded) for the stored evidence and a scenario."""
        from accord.pipeline import build_report

        day = parse_date(as_of) or dt.date.today()
        with progress_bar(ctx, "report") as bar:
            path = build_report(store(ctx), parse_actors(actors), day, scenario_path=scenario,
                                runs=runs, seed=seed, out=out, progress=bar)
        print(path)
