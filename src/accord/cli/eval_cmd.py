"""`accord eval`: measure accord against gold data and real outcomes."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli.common import need_file, print_json


def register(app: typer.Typer) -> None:
    ev = typer.Typer(help="Evaluate coders and models on reference data.", no_args_is_help=True)
    app.add_typer(ev, name="eval")

    @ev.command("deu")
    def deu(
        path: Path,
        as_json: bool = typer.Option(False, "--json"),
        bootstrap: int = typer.Option(2000, "--bootstrap", help="Resamples of the proposals."),
        seed: int = typer.Option(0, "--seed", min=0,
                                 help="Seed of the bootstrap and the fold splits."),
        models: str = typer.Option(None, "--models",
                                   help="Comma-separated models (default: all; compromise, "
                                        "the reference, is always scored)."),
    ) -> None:
        """MAE of every model on a DEU III file with 95% proposal-bootstrap intervals, fitted
        models out of fold, and each model's paired difference to the compromise model."""
        from accord.models.validation import eval_deu

        names = tuple(m.strip() for m in models.split(",") if m.strip()) if models else None
        res = eval_deu(need_file(path), models=names, bootstrap=bootstrap, seed=seed)
        if as_json:
            print_json(res)
            return
        meth = res["method"]
        print(f"DEU issues with an outcome: {res['n']} in {res['proposals']} proposals; "
              f"95% intervals from {meth['bootstrap']} bootstrap resamples of proposals "
              f"(seed {meth['seed']})")
        print(f"  {'model':<11} {'MAE':>6}  {'95% CI':<15} {'within 10':>9}  {'evaluated':<12}"
              "  vs compromise (95% CI)")
        for name, m in res["models"].items():
            lo, hi = m["mae_ci"]
            how = "out-of-fold" if m["out_of_fold"] else "in-sample"
            vs = m.get("vs_compromise")
            diff = (f"{vs['diff']:+6.2f} ({vs['ci'][0]:+.2f} to {vs['ci'][1]:+.2f}) "
                    f"{vs['verdict']}" if vs else "reference")
            print(f"  {name:<11} {m['mae']:6.2f}  {lo:5.2f} to {hi:5.2f}  {m['within10']:9.3f}"
                  f"  {how:<12}  {diff}")
        print(f"out-of-fold: parameters chosen by nested {meth['folds']}-fold cross-validation "
              f"grouped by proposal, {meth['splits']} fold splits; in-sample: nothing fitted")
        print(f"verdict: {res['verdict']}")

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

    @ev.command("acts")
    def acts(
        path: Path = typer.Argument(..., help="Annotated sentence set: a directory with "
                                    "gold.jsonl and articles.jsonl (examples/sentence-set)."),
        workers: int = typer.Option(1, "--workers", min=1, help="Extraction processes."),
        baseline: Path = typer.Option(
            None, "--baseline", help="Quad TSV ('text<TAB>quad', 0-4): also score a TF-IDF + "
            "logistic regression baseline trained on it, on the same sentences."),
        listing: bool = typer.Option(False, "--list", help="Also print every key act that is "
                                     "not fully right (and every act read into a sentence "
                                     "with none), with the coder's events."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Key acts of a sentence set the coder found, with doer, target, factuality and date
        right; no-act sentences left without an asserted act; sentence quad macro-F1."""
        from accord.nlp.evaluate_acts import evaluate_acts

        if not path.exists():
            from accord.errors import InputError

            raise InputError("no such sentence set", where=str(path))
        res = evaluate_acts(path, n_process=workers,
                            baseline=need_file(baseline) if baseline else None)
        if as_json:
            print_json(res)
            return
        q = res["quad"]
        print(f"{res['sentences']} sentences of {res['articles']} articles "
              f"({res['dated_articles']} dated), {res['key_acts']} key acts")
        print(f"  quad macro-F1 (0-4) {q['macro_f1_0_4']:.3f}  (1-4) {q['macro_f1_1_4']:.3f}")
        if "baseline_quad" in res:
            b = res["baseline_quad"]
            print(f"  baseline TF-IDF + LR (0-4) {b['macro_f1_0_4']:.3f}  "
                  f"(1-4) {b['macro_f1_1_4']:.3f}")
        for k in ("found", "fully_right", "actor", "recipient", "factuality", "dates",
                  "no_act"):
            v = res[k]
            share = "n/a" if v["share"] is None else f"{v['share']:.3f}"
            print(f"  {k:<12} {share:>6}  ({v['right']} / {v['of']})")
        if res["missed_by_type"]:
            print("  key acts with no event of their type: " + ", ".join(
                f"{t} {n}" for t, n in res["missed_by_type"].items()))
        if listing:
            for a in res["acts"]:
                if a["status"] == "right":
                    continue
                g = a["gold"]
                gold = (f"{g['type']} {g.get('actor')} -> {g.get('recipient')} "
                        f"{g.get('factuality') or 'asserted'}") if g else "no act"
                evs = "; ".join(f"{e['type']} {'/'.join(e['actor']) or '?'} -> "
                                f"{'/'.join(e['recipient']) or '?'} {e['factuality']}"
                                for e in a["events"]) or "none"
                print(f"  [{a['sentence'] + 1}] {a['status']}: gold {gold}; coder {evs}")

    @ev.command("quad")
    def quad(
        ctx: typer.Context,
        path: Path = typer.Argument(..., help="TSV 'text<TAB>quad' (0-4) with a header."),
        cv: int = typer.Option(0, "--cv", min=0, help="K-fold retraining of the learned layer."),
        seed: int = typer.Option(0, "--seed"),
        gold: Path = typer.Option(None, "--gold", help="PLOVER gold JSON added to the CV pool."),
        sentences: list[Path] = typer.Option(
            [], "--sentences", help="Annotated sentence set (a directory with gold.jsonl, "
            "accord's fresh-news format) added to every training fold of the coder and the "
            "baseline, never scored; repeatable."),
        which: str = typer.Option("nonneg", "--events", help="nonneg or asserted events."),
        folds: str = typer.Option("topic", "--folds",
                                  help="topic (grouped by k-means topic, default) or random."),
        frozen: bool = typer.Option(False, "--frozen",
                                    help="With --cv, also score the packaged coder as shipped "
                                    "(in-sample where it was trained on these rows)."),
        encoder: bool = typer.Option(True, "--encoder/--no-encoder",
                                     help="With --cv, the learned layer stacked with the "
                                     "sentence encoder, as the packaged coder (default on; "
                                     "--no-encoder: without it)."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Quad macro-F1, per-class P/R/F1, confusion and calibration on a quad file; with
        --cv, out-of-fold beside a TF-IDF + logistic regression baseline on the same folds.
        Without --cv: the frozen packaged coder."""
        from accord.cli.train_cmd import quad_command

        quad_command(ctx, path, cv, seed, gold, which, as_json, folds, frozen, encoder,
                     sentences)

    @ev.command("roles")
    def roles(
        path: Path = typer.Argument(..., help="BIO roles file (TOKEN TAG lines, S/T/R spans)."),
        cv: int = typer.Option(0, "--cv", min=0, help="K folds: out-of-fold figures."),
        train: list[Path] = typer.Option(
            None, "--train", help="Learned-layer training files for --cv (quad TSV, PLOVER "
            "gold JSON; default: the quad file beside PATH and ../shared/data's gold set)."),
        seed: int = typer.Option(0, "--seed"),
        folds: str = typer.Option("topic", "--folds",
                                  help="topic (grouped by k-means topic, default) or random."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Actor / recipient accuracy of the coder on BIO-tagged sentences (see evaluate_roles);
        with --cv, out-of-fold beside a bag-of-words token-tagger baseline on the same folds."""
        from accord.errors import InputError
        from accord.nlp.evaluate_roles import default_train_files, evaluate_roles
        from accord.nlp.folds import FOLD_KINDS

        if folds not in FOLD_KINDS:
            raise InputError(f"must be one of {', '.join(FOLD_KINDS)}", where="--folds")
        files = [need_file(p) for p in train] if train else default_train_files(path)
        res = evaluate_roles(need_file(path), folds=cv, train_files=files, seed=seed,
                             fold_kind=folds)
        if as_json:
            print_json(res)
            return
        for k, v in res.items():
            if isinstance(v, float):
                print(f"  {k:<24} {v:.3f}")
            elif isinstance(v, int | str) and not isinstance(v, bool):
                print(f"  {k:<24} {v}")
        print(f"  {'fitted':<24} {res['fitted']}")
        if "fold_method" in res:
            print(f"  {'folds':<24} {res['fold_method']}")
        if "baseline" in res:
            b = res["baseline"]
            print(f"  {'coder':<24} actor {res['actor']:.3f}  recipient {res['recipient']:.3f}")
            print(f"  {'baseline (token LR)':<24} actor {b['actor']:.3f}  recipient "
                  f"{b['recipient']:.3f}  (same training folds)")
        if "rules" in res:
            r = res["rules"]
            print(f"  {'rules alone':<24} actor {r['actor']:.3f}  recipient {r['recipient']:.3f}"
                  f"  coverage {r['coverage']:.3f}")
        for i, f in enumerate(res.get("folds", []), start=1):
            print(f"  fold {i:<19} actor {f['actor']:.3f}  recipient {f['recipient']:.3f}"
                  f"  (n={f['sentences']})")
