"""`accord eval`: measure accord against gold data and real outcomes."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli.common import need_file, print_json


def register(app: typer.Typer) -> None:
    ev = typer.Typer(help="Evaluate coders and models on reference data.", no_args_is_help=True)
    app.add_typer(ev, name="eval")

    @ev.command("deu")
    def deu(path: Path, as_json: bool = typer.Option(False, "--json")) -> None:
        """Run every model on each issue of a DEU III file; MAE and share within 10 points."""
        from accord.models.validation import eval_deu

        res = eval_deu(need_file(path))
        if as_json:
            print_json(res)
            return
        print(f"DEU issues with an outcome: {res['n']}")
        for name, m in res["models"].items():
            print(f"  {name:<14} MAE {m['mae']:6.2f}   within 10: {m['within10']:.3f}")

    @ev.command("events")
    def events(
        path: Path = typer.Argument(None, help="PLOVER gold JSON (default ../shared/data/...)."),
        workers: int = typer.Option(1, "--workers", min=1),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Score the event coder on a PLOVER gold-standard file."""
        from accord.nlp.evaluate import evaluate_gold

        if path is None:
            path = Path("../shared/data/plover_gsr_cameo.json")
        res = evaluate_gold(need_file(path), n_process=workers)
        if as_json:
            print_json(res)
            return
        for k, v in res.items():
            if isinstance(v, int | float):
                print(f"  {k:<28} {v:.3f}" if isinstance(v, float) else f"  {k:<28} {v}")
