"""`accord scenario`: validate, show, draft from the store, diff, convert."""

from __future__ import annotations

from pathlib import Path

import typer

from accord import api
from accord.cli.common import (
    ACTORS_HELP,
    check_actors,
    parse_actors,
    parse_date,
    print_json,
    store,
    warn,
)
from accord.errors import ScenarioError


def register(app: typer.Typer) -> None:
    sc_app = typer.Typer(help="Scenarios: actors x issues with positions, saliences, capabilities.",
                         no_args_is_help=True)
    app.add_typer(sc_app, name="scenario")

    @sc_app.command("check")
    def check(
        path: Path = typer.Argument(..., help="Scenario YAML, KTAB CSV/XML or BDM CSV."),
        model: str = typer.Option(None, "--model", "-m",
                                  help="Check this model's limits only (default: every model "
                                       "`report` runs and the one `simulate` would pick)."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Validate a scenario file and summarise it: a file that checks is a file that
        `simulate` and `report` run (same validator, same limits, same message)."""
        from accord.io.scenario_yaml import check_runs

        sc = check_runs(api.load_scenario(path), str(path), model)
        if as_json:
            print_json(sc.model_dump(mode="json"))
            return
        print(f"{sc.name}: {len(sc.actors)} actors, {len(sc.issues)} issues, "
              f"{len(sc.positions)} positions - valid")
        for i in sc.issues:
            print(f"  {i.id}: {i.low or i.scale[0]} <-> {i.high or i.scale[1]}")

    @sc_app.command("draft")
    def draft(
        ctx: typer.Context,
        actors: str = typer.Option(..., "--actors", help=ACTORS_HELP),
        as_of: str = typer.Option(None, "--as-of",
                                  help="Default: the latest article date in the store."),
        base: Path = typer.Option(None, "--base", help="An analyst scenario to start from."),
        out: Path = typer.Option(None, "--out", "-o", help="Write YAML here (default stdout)."),
    ) -> None:
        """Draft a scenario YAML from stored events and claims, every number with its source.

        Issues come from the generic issue table, only those the evidence touches; an actor
        the evidence does not place on any issue is named on stderr and in the description."""
        import datetime as dt

        from accord.io.scenario_yaml import dump_scenario
        from accord.situation.draft import draft_scenario, unplaced_actors

        st = store(ctx)
        codes = check_actors(parse_actors(actors), st)
        day = parse_date(as_of) or st.latest_article_date() or dt.date.today()
        events = st.events(actors=codes, until=day)
        placement: list[str] = []  # who was placed how, who was left out, and why
        try:
            sc = draft_scenario(
                events, st.claims(actors=codes, until=day),
                st.article_dates(), codes, day, base=api.load_scenario(base) if base else None,
                evidence_only=True, notes=placement,
            )
        except ScenarioError:
            warn(placement)  # why each party was left out, before the one-line refusal
            raise
        notes = api.evidence_warnings(st, codes, day, len(events)) + placement
        if missing := unplaced_actors(sc):
            notes.append(f"the evidence places {', '.join(missing)} on no issue: their "
                         "positions are missing from the draft (give them by hand)")
        warn(notes)
        text = dump_scenario(sc)
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
            print(f"wrote {out}")
        else:
            print(text, end="")

    @sc_app.command("diff")
    def diff(old: Path, new: Path, as_json: bool = typer.Option(False, "--json")) -> None:
        """What changed between two scenarios, and why (their source notes)."""
        from accord.situation.diff import scenario_diff

        changes = scenario_diff(api.load_scenario(old), api.load_scenario(new))
        if as_json:
            print_json({"changes": changes})
            return
        if not changes:
            print("no changes")
        for c in changes:
            print("  " + "  ".join(f"{k}={v}" for k, v in c.items()))

    @sc_app.command("convert")
    def convert(src: Path, dst: Path) -> None:
        """Convert between accord YAML and KTAB CSV/XML (by extension)."""
        from accord.io import ktab
        from accord.io.scenario_yaml import dump_scenario

        sc = api.load_scenario(src)
        dst.parent.mkdir(parents=True, exist_ok=True)
        suf = dst.suffix.lower()
        if suf == ".csv":
            ktab.write_ktab_csv(sc, dst)
        elif suf == ".xml":
            ktab.write_ktab_xml(sc, dst)
        else:
            dst.write_text(dump_scenario(sc), encoding="utf-8")
        print(f"wrote {dst}")
