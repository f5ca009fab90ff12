"""`accord simulate`: run a bargaining model (with Monte Carlo) on a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from accord import api
from accord.cli.common import print_json, progress_bar
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.types import Result


def result_json(r: Result) -> dict:
    """The documented keys: model, issues[issue, prediction, rounds, quantiles], confrontations,
    converged, rounds (plus runs, sensitivity, notes)."""
    return {
        "model": r.model,
        "issues": [
            {"issue": i.issue, "prediction": round(i.prediction, 6),
             "rounds": [round(v, 6) for v in i.rounds],
             "quantiles": {k: round(v, 6) for k, v in i.quantiles.items()}}
            for i in r.issues
        ],
        "confrontations": [c.model_dump(mode="json") for c in r.confrontations],
        "converged": r.converged,
        "rounds": r.rounds,
        "runs": r.runs,
        "sensitivity": r.sensitivity,
        "notes": r.notes,
    }


def parse_params(items: list[str]) -> dict:
    """KEY=VALUE pairs; values read as YAML scalars (numbers, booleans, strings)."""
    import yaml

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip().isidentifier():
            raise InputError(f"expected KEY=VALUE, got {item!r}", where="--param")
        try:
            out[key.strip()] = yaml.safe_load(value)
        except yaml.YAMLError:
            raise InputError(f"cannot read the value of {key!r}", where="--param") from None
    return out


def register(app: typer.Typer) -> None:
    @app.command("simulate")
    def simulate(
        ctx: typer.Context,
        scenario: Path = typer.Argument(..., help="Scenario YAML, KTAB CSV/XML or BDM CSV."),
        model: str = typer.Option(None, "--model", "-m",
                                  help="compromise | nash | eum | smp (or another registered "
                                       "model). Default: compromise for an EU legislative "
                                       "scenario (best on held-out DEU III issues), else eum."),
        runs: int = typer.Option(1, "--runs", help="Monte Carlo runs over the uncertainty ranges."),
        seed: int = typer.Option(0, "--seed"),
        workers: int = typer.Option(None, "--workers", help="Processes (default: all cores)."),
        scheduler: str = typer.Option(None, "--scheduler", help="dask.distributed scheduler address."),
        param: list[str] = typer.Option(None, "--param", "-p",
                                        help="Model parameter KEY=VALUE (repeatable), "
                                             "e.g. -p vote=net or -p breakdown_cost=0.2."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Predict where the bargaining settles and who confronts whom."""
        sc = api.load_scenario(scenario)
        params = parse_params(param or [])
        if model is None:  # only then: the default's validation data is costly to import
            from accord.models.validation import default_model
        name = model or default_model(sc)[0]  # api.simulate notes why when it picks the model
        from accord.io.scenario_yaml import check_scenario

        check_scenario(sc, str(scenario), name)  # the model's own limits (e.g. EUM size)
        if scenario.suffix.lower() == ".xml" and model == "smp":
            # a KTAB XML scenario carries its own SMP parameters; -p still overrides them
            from accord.io.ktab import read_ktab_xml

            xml = {k: v for k, v in read_ktab_xml(scenario)[1].items() if k != "seed"}
            params = {**xml, **params}  # --seed, not the file's seed, drives the run
        with progress_bar(ctx, f"simulate {name}", total=runs) as bar:
            res = api.simulate(sc, model=model, runs=runs, seed=seed, workers=workers,
                               scheduler=scheduler, progress=bar if runs > 1 else None,
                               params=params)
        if as_json:
            print_json(result_json(res))
            return
        names = {i.id: i for i in sc.issues}
        print(f"model {res.model}: {res.rounds} rounds, converged={res.converged}, runs={res.runs}")
        for i in res.issues:
            q = i.quantiles
            band = f"  [q05 {q['q05']:.1f} .. q95 {q['q95']:.1f}]" if "q05" in q else ""
            iss = names.get(i.issue)
            ends = f"  ({iss.low} <-> {iss.high})" if iss and iss.low else ""
            print(f"  {i.issue:<16} {i.prediction:8.2f}{band}{ends}")
        if res.confrontations:
            shown = res.confrontations[:15]
            more = len(res.confrontations) - len(shown)
            print("confrontations (challenger -> target; p: the model's probability of it, the "
                  "share of runs with --runs N)" + (f", first {len(shown)} of "
                                                     f"{len(res.confrontations)}:" if more else ":"))
            for c in shown:
                on = f"on {c.issue}" if c.issue else "on all issues at once"
                won = f", winner {c.winner}" if c.winner else ""
                print(f"  round {c.round}: {c.challenger} -> {c.target} {on}: {c.kind}{won}, "
                      f"p={c.probability:.2f}")
        for n in res.notes:
            print(f"note: {n}")
