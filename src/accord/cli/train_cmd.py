"""`accord train events`: retrain the learned quad layer from labelled files."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli.common import need_file, print_json, progress_bar
from accord.errors import InputError


def register(app: typer.Typer) -> None:
    tr = typer.Typer(help="Train accord's statistical layers on labelled data.",
                     no_args_is_help=True)
    app.add_typer(tr, name="train")

    @tr.command("events")
    def events(
        ctx: typer.Context,
        quad: list[Path] = typer.Option(
            [], "--quad", help="TSV 'text<TAB>quad' (0-4) with a header; repeatable."),
        gold: list[Path] = typer.Option(
            [], "--gold", help="PLOVER gold JSON (records with text and event); repeatable."),
        sentences: list[Path] = typer.Option(
            [], "--sentences", help="Annotated sentence set: a directory with gold.jsonl "
            "(lines {article_id, sentence, acts: [{type, key, ...}]}); a sentence's class is "
            "its first key act's quad (0 with no act); repeatable."),
        seed: int = typer.Option(0, "--seed", help="Seed of the folds (training is seeded)."),
        out: Path = typer.Option(Path("event_model.npz"), "-o", "--out",
                                 help="Model file to write (.npz, plain arrays)."),
        encoder: bool = typer.Option(
            True, "--encoder/--no-encoder", help="Stack a logistic regression on each "
            "sentence's all-MiniLM-L6-v2 vector (default on, as the packaged model; without "
            "the encoder installed the model is trained without it, with a warning)."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Train the quad model from labelled sentences. Use it with ACCORD_EVENT_MODEL=PATH
        (ACCORD_EVENT_MODEL=none codes with the rules alone)."""
        from accord.nlp.train import train_events

        if not quad and not gold and not sentences:
            raise InputError("give at least one --quad, --gold or --sentences input",
                             where="train events")
        for p in [*quad, *gold]:
            need_file(p)
        with progress_bar(ctx, "parse") as bar:
            _, res = train_events([str(p) for p in quad], [str(p) for p in gold], seed=seed,
                                  out=out, progress=bar, encoder=encoder,
                                  sentence_sets=[str(p) for p in sentences])
        if as_json:
            print_json(res)
            return
        print(f"trained on {res['rows']} rows "
              + ", ".join(f"{s['file']} ({s['rows']})" for s in res["sources"]))
        print(f"  C {res['C']}  temperature {res['temperature']:.3f}  retype at "
              f"{res['retype_at']} (rule quad below {res['keep_at']})  drop at {res['drop_at']}  "
              f"emit at {res['emit_at']}")
        print(f"wrote {out}; use it with ACCORD_EVENT_MODEL={out}")

    @tr.command("types")
    def types(
        ctx: typer.Context,
        gold: list[Path] = typer.Option(
            [], "--gold", help="PLOVER gold JSON (records with text and event); repeatable."),
        sentences: list[Path] = typer.Option(
            [], "--sentences", help="Annotated sentence set: a directory with gold.jsonl "
            "(lines {article_id, sentence, acts: [{type, factuality, ...}]}) and optionally "
            "articles.jsonl (its crisis field groups the folds); every act not negated is a "
            "row; repeatable."),
        cv: int = typer.Option(0, "--cv", help="Also report K-fold CV grouped by crisis "
                               "(0: none)."),
        c: float = typer.Option(16.0, "--c", help="Inverse regularisation of the "
                                "logistic regression (default 16)."),
        seed: int = typer.Option(0, "--seed", help="Seed of the folds."),
        out: Path = typer.Option(Path("type_model.npz"), "-o", "--out",
                                 help="Model file to write (.npz, plain arrays)."),
        encoder: bool = typer.Option(True, "--encoder/--no-encoder",
                                     help="Use each sentence's all-MiniLM-L6-v2 vector."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Train the type layer (P(PLOVER type | sentence), which picks an event's type inside
        the class the quad model reads). Use it with ACCORD_TYPE_MODEL=PATH."""
        from accord.nlp.train_types import cross_validate, fit, read_type_rows

        if not gold and not sentences:
            raise InputError("give at least one --gold or --sentences input",
                             where="train types")
        for p in gold:
            need_file(p)
        texts, tys, groups = read_type_rows([str(p) for p in sentences], [str(p) for p in gold])
        emb = None
        if encoder:
            from accord.nlp.learned import sentence_vectors

            emb = sentence_vectors(texts)
        res: dict = {"sentences": len(texts), "rows": sum(len(t) for t in tys), "c": c}
        if cv:
            res["cv"] = cross_validate(texts, tys, groups, emb, k=cv, c=c, seed=seed)
        model = fit(texts, tys, emb, c=c, seed=seed)
        model.save(out)
        res["out"] = str(out)
        if as_json:
            print_json(res)
            return
        print(f"trained the type layer on {res['rows']} rows of {res['sentences']} sentences")
        if cv:
            r = res["cv"]
            print(f"  {r['folds']}-fold CV grouped by crisis, {r['sentences']} sentences: type "
                  f"picked inside the gold class is a gold type {r['layer']:.3f} "
                  f"(generic type per class {r['generic']:.3f})")
        print(f"wrote {out}; use it with ACCORD_TYPE_MODEL={out}")

    @tr.command("recipients")
    def recipients(
        ctx: typer.Context,
        path: Path = typer.Argument(..., metavar="ROLES_FILE",
                                    help="BIO roles file (TOKEN TAG lines; S actor, T "
                                    "recipient, R both), e.g. the ConfliBERT roles file."),
        seed: int = typer.Option(0, "--seed", help="Seed of the inner folds."),
        out: Path = typer.Option(Path("recipient_model.npz"), "-o", "--out",
                                 help="Model file to write (.npz, plain arrays)."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Train the recipient ranker (used when the parse rules find no recipient). Use it
        with ACCORD_RECIPIENT_MODEL=PATH (none: rules only)."""
        _recipients_command(ctx, path, seed, out, as_json)


def _recipients_command(ctx: typer.Context, path: Path, seed: int, out: Path,
                        as_json: bool) -> None:
    from accord.nlp.recipients_train import train_file

    need_file(path)
    _, res = train_file(path, out, seed=seed)
    if as_json:
        print_json(res)
        return
    print(f"trained the recipient ranker on {res['rows']} events of {res['sentences']} "
          f"sentences ({res['candidates']} candidates, {res['positives']} positive); "
          f"threshold {res['threshold']}")
    print(f"wrote {out}; use it with ACCORD_RECIPIENT_MODEL={out}")


def _print_report(title: str, r: dict) -> None:
    print(f"{title}: macro-F1 (classes 1-4) {r['macro_f1_1_4']:.3f}   macro-F1 (0-4) "
          f"{r['macro_f1_0_4']:.3f}   accuracy {r['accuracy']:.3f}   n={r['sentences']}")
    for k, c in r["per_class"].items():
        print(f"  {k} {c['name']:<18} P {c['precision']:.3f}  R {c['recall']:.3f}  "
              f"F1 {c['f1']:.3f}  n={c['support']}")
    print("  confusion (rows gold 0-4, columns predicted 0-4):")
    for k, row in enumerate(r["confusion"]):
        print(f"    {k}: " + " ".join(f"{v:4d}" for v in row))


def _print_reliability(rel: dict) -> None:
    print(f"reliability of the confidence of the event read off each sentence "
          f"(n={rel['events']}, ECE {rel['ece']:.3f}):")
    for row in rel["table"]:
        print(f"  {row['bin']}  n={row['n']:4d}  mean confidence {row['mean_confidence']:.3f}"
              f"  observed {row['observed']:.3f}")


def _print_compare(res: dict) -> None:
    """Coder, baseline and rules side by side: macro-F1, per-class F1, no-event recall."""
    cols = (("coder (learned, oof)", res["learned_oof"]), ("TF-IDF+LR baseline", res["baseline_oof"]),
            ("rules alone", res["rules"]))
    print(f"  {'':<22}" + "".join(f"{name:>22}" for name, _ in cols))
    for key, label in (("macro_f1_0_4", "macro-F1 (0-4)"), ("macro_f1_1_4", "macro-F1 (1-4)"),
                       ("accuracy", "accuracy")):
        print(f"  {label:<22}" + "".join(f"{r[key]:>22.3f}" for _, r in cols))
    for k in range(5):
        name = res["rules"]["per_class"][k]["name"]
        print(f"  {'F1 ' + str(k) + ' ' + name:<22}"
              + "".join(f"{r['per_class'][k]['f1']:>22.3f}" for _, r in cols))
    print(f"  {'no-event recall':<22}"
          + "".join(f"{r['per_class'][0]['recall']:>22.3f}" for _, r in cols))
    print(f"  coder - baseline, macro-F1 (0-4): {res['margin_0_4']:+.3f}")


def quad_command(ctx: typer.Context, path: Path, cv: int, seed: int, gold: Path | None,
                 which: str, as_json: bool, folds: str = "topic", frozen: bool = False,
                 encoder: bool = False, sentences: list[Path] | None = None) -> None:
    """Body of `accord eval quad` (registered in eval_cmd)."""
    from accord.nlp.evaluate_quad import evaluate_quad_file
    from accord.nlp.folds import FOLD_KINDS

    if which not in ("nonneg", "asserted"):
        raise InputError("must be 'nonneg' or 'asserted'", where="--events")
    if folds not in FOLD_KINDS:
        raise InputError(f"must be one of {', '.join(FOLD_KINDS)}", where="--folds")
    need_file(path)
    if gold is not None:
        need_file(gold)
    with progress_bar(ctx, "parse / folds") as bar:
        res = evaluate_quad_file(path, cv=cv, seed=seed, gold=gold, which=which, folds=folds,
                                 frozen=frozen, progress=bar, encoder=encoder,
                                 sentence_sets=[str(p) for p in sentences or ()])
    if as_json:
        print_json(res)
        return
    print(f"{res['file']}  (sentence quad = quad of its most confident "
          f"{'asserted' if which == 'asserted' else 'non-negated'} event, 0 if none)")
    if cv < 2:
        _print_report(f"frozen coder [{res['coder']}] {res['sample']}", res)
        _print_reliability(res["reliability"])
        return
    print(f"{res['folds']}-fold out-of-fold, seed {seed}; {res['fold_method']}; coder and "
          "baseline trained on the same training folds")
    for extra in res.get("training_only") or ():
        print(f"  + {extra['rows']} sentences of {extra['set']} in every training fold "
              "(never scored)")
    _print_compare(res)
    _print_report("learned layer (coder), out-of-fold", res["learned_oof"])
    _print_report("TF-IDF + logistic regression baseline, out-of-fold", res["baseline_oof"])
    _print_report("rules alone (same parses, nothing fitted)", res["rules"])
    _print_reliability(res["reliability_oof"])
    if "frozen" in res:
        fr = res["frozen"]
        _print_report(f"frozen packaged coder, as shipped: {fr['sample']}", fr)
    for key, title in (("gold_rules", "gold set, rules alone"),
                       ("gold_oof", "gold set, learned out-of-fold")):
        if key in res:
            print(f"{title}: " + "  ".join(f"{k} {v:.3f}" for k, v in res[key].items()))
