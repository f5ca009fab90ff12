"""`accord report`: an HTML report of the situation, evidence, models and forecasts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from accord.cli.common import (
    ACTORS_HELP,
    check_actors,
    parse_actors,
    parse_date,
    progress_bar,
    store,
    warn,
)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        ctx: typer.Context,
        actors: str = typer.Option(..., "--actors", help=ACTORS_HELP),
        as_of: str = typer.Option(None, "--as-of",
                                  help="Default: the latest article date in the store."),
        scenario: Path = typer.Option(None, "--scenario"),
        runs: int = typer.Option(1000, "--runs", min=1),
        seed: int = typer.Option(0, "--seed"),
        out: Path = typer.Option(Path("reports/report.html"), "--out", "-o"),
    ) -> None:
        """Write the HTML report (plots embedded) for the stored evidence and a scenario."""
        from accord.pipeline import build_report

        st = store(ctx)
        codes = check_actors(parse_actors(actors), st)
        day = parse_date(as_of)
        if day is None:
            day = st.latest_article_date()
            if day is None:
                day = dt.date.today()
                warn([f"no dated article in the store: the report is as of today ({day})"])
        warnings: list[str] = []
        with progress_bar(ctx, "report") as bar:
            path = build_report(st, codes, day, scenario_path=scenario, runs=runs, seed=seed,
                                out=out, progress=bar, warnings=warnings)
        warn(warnings)
        print(path)
