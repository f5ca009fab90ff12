"""Who-did-what-to-whom, measured as a user gets it, on BIO-tagged news sentences.

Input format (the ConfliBERT roles file, ../shared/data/events_train/): one token per line,
``TOKEN TAG``, a blank line between sentences; tags B-/I- S (actor), T (recipient) and R
(reciprocal parties: both sides), O otherwise.

Each sentence is detokenised and run through the full pipeline
(`accord.nlp.pipeline.extract_sentences`); the sentence's *most confident non-negated event*
is the one scored (what a user reading the strongest event of the sentence gets).

- ``actor``: over sentences with a gold S or R span, share where a predicted actor mention
  (``ActorRef.text``) shares a content word (case-insensitive, not a stopword or punctuation)
  with a gold S span or an R span.
- ``recipient``: the same over sentences with a gold T or R span, against T or R spans.
- A joint act (two or more actor countries and no recipient: "A and B agreed") is read as
  the situation layer reads it (`accord.situation.escalation.dyads_of`): the parties are
  each other's recipients, so its actors are also its recipients here.
- A sentence with no (non-negated) event counts as wrong for both; ``coverage`` is the share
  of sentences with such an event, and ``*_when_event`` the accuracies over those only.

The role rules are parse rules, not fitted on this file. Two learned parts are: the event
layer (`accord.nlp.learned`) decides which events a sentence keeps and how confident they
are, and its packaged model is trained on the quad file, which holds most of these
sentences; the recipient ranker (`accord.nlp.recipients`), used where the rules find no
recipient, is trained on this very file. So with ``folds`` = K (``--cv K``) and a model
active, the file is split into K folds grouped by topic (`accord.nlp.folds`; random folds
with ``fold_kind="random"``) and each fold is coded by an event model retrained
(`accord.nlp.train.fit`, same procedure and seed) on the training rows (``train_files``:
quad TSV and PLOVER gold files) minus that fold's sentences and, with topic folds, minus the
training rows nearest to that fold's topics, and by a recipient ranker fitted on the other
folds only: the headline figures are then out-of-fold. ``baseline`` is a bag-of-words
token tagger (`accord.nlp.baseline.RoleBaseline`) trained on the same folds. ``rules`` gives the rule coder alone (nothing fitted, no ranker) on the same
sentences, and ``folds`` the per-fold figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.nlp.roles_gold import RoleSentence, content_words, read_roles
from accord.types import Event


def main_event(events: list[Event]) -> Event | None:
    """The sentence's most confident non-negated event (first one on ties)."""
    best: Event | None = None
    for ev in events:
        if ev.negated or ev.factuality == "negated":
            continue
        if best is None or ev.confidence > best.confidence:
            best = ev
    return best


def _hit(refs: list, gold_spans: list[list[str]]) -> bool:
    gold = [content_words(" ".join(s)) for s in gold_spans]
    for ref in refs:
        words = content_words(ref.text or "")
        if any(words & g for g in gold):
            return True
    return False


def _recipients(ev: Event) -> list:
    """The event's recipients; for a joint act with none, its parties (see module doc)."""
    if not ev.recipient and len({a.code[:3] for a in ev.actor}) >= 2:
        return list(ev.actor)
    return list(ev.recipient)


def score_roles(sents: list[RoleSentence], preds: list[list[Event]]) -> dict[str, Any]:
    """Actor / recipient accuracy and coverage of one list of predictions (see module doc)."""
    n_act = n_rec = act_ok = rec_ok = covered = act_cov = rec_cov = 0
    act_ok_cov = rec_ok_cov = 0
    for s, evs in zip(sents, preds, strict=True):
        ev = main_event(evs)
        covered += ev is not None
        act_gold = s.spans.get("S", []) + s.spans.get("R", [])
        rec_gold = s.spans.get("T", []) + s.spans.get("R", [])
        if act_gold:
            n_act += 1
            ok = ev is not None and _hit(ev.actor, act_gold)
            act_ok += ok
            if ev is not None:
                act_cov += 1
                act_ok_cov += ok
        if rec_gold:
            n_rec += 1
            ok = ev is not None and _hit(_recipients(ev), rec_gold)
            rec_ok += ok
            if ev is not None:
                rec_cov += 1
                rec_ok_cov += ok

    def _r(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    return {
        "sentences": len(sents),
        "with_actor": n_act,
        "with_recipient": n_rec,
        "actor": _r(act_ok, n_act),
        "recipient": _r(rec_ok, n_rec),
        "coverage": _r(covered, len(sents)),
        "actor_when_event": _r(act_ok_cov, act_cov),
        "recipient_when_event": _r(rec_ok_cov, rec_cov),
        "no_event_counts_as": "wrong",
    }


def predict(sents: list[RoleSentence]) -> list[list[Event]]:
    """Run the full pipeline on each detokenised sentence."""
    from accord.nlp.pipeline import extract_sentences

    return extract_sentences([s.text for s in sents])


def _key(text: str) -> str:
    """A sentence's identity across files with different tokenisation."""
    return " ".join(sorted(content_words(text)))


def _predict_with(sents: list[RoleSentence], spec: str, recipients: str | None = None,
                  ) -> list[list[Event]]:
    """Predictions with $ACCORD_EVENT_MODEL set to `spec` (a model file, or "none") and,
    if given, $ACCORD_RECIPIENT_MODEL to `recipients`."""
    import os

    from accord.nlp import recipients as rmod
    from accord.nlp.learned import ENV_VAR

    env = {ENV_VAR: spec} | ({rmod.ENV_VAR: recipients} if recipients is not None else {})
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return predict(sents)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _oof_predictions(sents: list[RoleSentence], fold_of: list[int], folds: int,
                     train_files: list[Path], seed: int, topics: Any = None,
                     ) -> list[list[Event]]:
    """Each fold coded by the learned layer retrained without that fold's sentences (and,
    with `topics`, without the training rows of the fold's topic groups)."""
    import tempfile

    import numpy as np

    from accord.nlp.train import featurise, fit, read_gold, read_quad_tsv

    texts: list[str] = []
    y: list[int] = []
    for f in train_files:
        t, q = read_quad_tsv(f) if f.suffix.lower() in (".tsv", ".txt") else read_gold(f)[1:]
        texts += t
        y += q
    feats = featurise(texts)
    keys = [_key(t) for t in texts]
    row_topic = topics.nearest_topic(texts) if topics is not None else None
    preds: list[list[Event]] = [[] for _ in sents]
    # the recipient ranker is fitted on this very file: per fold, on the other folds' rows
    from accord.nlp import recipients as rmod
    from accord.nlp.recipients_train import collect

    rows = collect([s.text for s in sents])
    gold = rmod.gold_spans(sents)
    fold_by_text = {s.text.strip(): fold_of[i] for i, s in enumerate(sents)}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            idx = [i for i in range(len(sents)) if fold_of[i] == k]
            held = {_key(sents[i].text) for i in idx}
            held_topics = {int(topics.groups[i]) for i in idx} if topics is not None else set()
            train = np.array([j for j, key in enumerate(keys) if key not in held and (
                row_topic is None or int(row_topic[j]) not in held_topics)])
            model = fit(feats.take(train), np.asarray(y)[train], seed=seed)
            path = Path(tmp) / f"fold{k}.npz"
            model.save(path)
            rpath = Path(tmp) / f"recipients{k}.npz"
            rmod.fit([r for r in rows if fold_by_text.get(r["sentence"].strip()) != k], gold,
                     seed=seed).save(rpath)
            for i, evs in zip(idx, _predict_with([sents[i] for i in idx], str(path),
                                                 str(rpath)), strict=True):
                preds[i] = evs
    return preds


def _active_model():  # noqa: ANN202  (QuadModel | None; the module may be absent)
    """The learned event model the coder uses, or None (rules only)."""
    try:
        from accord.nlp.learned import get_model
    except ImportError:
        return None
    return get_model()


def default_train_files(roles_path: Path) -> list[Path]:
    """The learned layer's usual training files, if present: the quad TSV beside the roles
    file and the PLOVER gold set one folder up."""
    here = Path(roles_path).resolve().parent
    cands = [here / "conflibert_cameo_quad_train.tsv", here.parent / "plover_gsr_cameo.json"]
    return [p for p in cands if p.exists()]


def role_folds(sents: list[RoleSentence], folds: int, kind: str = "topic", seed: int = 0,
               ) -> tuple[list[int], Any]:
    """Fold of each sentence (`accord.nlp.folds`: topic groups or random, stratified on
    whether a sentence has a recipient) and the topics (None for random folds)."""
    from accord.nlp.folds import make_folds

    if folds < 2:
        return [0] * len(sents), None
    y = [int(bool(s.spans.get("T") or s.spans.get("R"))) for s in sents]
    splits, topics = make_folds([s.text for s in sents], y, folds, kind, seed)
    fold_of = [0] * len(sents)
    for k, (_, te) in enumerate(splits):
        for i in te:
            fold_of[int(i)] = k
    return fold_of, topics


def evaluate_roles(path: str | Path, folds: int = 0, train_files: list[Path] | None = None,
                   seed: int = 0, fold_kind: str = "topic") -> dict[str, Any]:
    """Score the coder on a roles file. With ``folds`` = K > 1 and a learned model active,
    out-of-fold figures (the model retrained per fold on ``train_files``), the rule coder
    alone and a bag-of-words token tagger (`accord.nlp.baseline.RoleBaseline`, trained on
    the same folds) beside them, and per-fold figures (see the module doc). Folds are
    grouped by topic (``fold_kind="topic"``) or random (``"random"``)."""
    from accord.nlp.baseline import roles_baseline_oof
    from accord.nlp.folds import describe

    sents = read_roles(path)
    model = _active_model()
    if folds > 1 and model is not None and not train_files:
        raise InputError("out-of-fold figures need the learned layer's training files "
                         "(--train FILE, quad TSV or PLOVER gold JSON)", where="--cv")
    if folds > 1 and len(sents) < 2 * folds:
        raise InputError(f"{folds} folds need at least {2 * folds} sentences, the file has "
                         f"{len(sents)}", where="--cv")
    fold_of, topics = role_folds(sents, folds, fold_kind, seed)
    folds = max(fold_of) + 1 if folds > 1 else folds
    if folds > 1 and model is not None:
        preds = _oof_predictions(sents, fold_of, folds, train_files, seed, topics)
        coder = f"rules + learned, retrained per fold on {[p.name for p in train_files]}"
    else:
        preds = predict(sents)
        coder = "rules" if model is None else (
            "rules + packaged learned model (in-sample for sentences in its training data; "
            "use --cv K --train FILE)")
    res = score_roles(sents, preds)
    if model is not None:
        trained = {s.get("file") for s in model.meta.get("sources", [])}
        res["model_sources"] = sorted(x for x in trained if x)
    res["coder"] = coder
    res["fitted"] = bool(folds > 1 and model is not None)
    res["note"] = ("actor and recipient come from parse rules, plus a recipient ranker fitted "
                   "on this file where the rules find none (out of fold with --cv); the "
                   "learned layer picks and weights the events")
    if folds > 1:
        res["fold_method"] = describe(fold_kind, topics)
        res["baseline"] = roles_baseline_oof(sents, fold_of, folds)
        if model is not None:
            rules = score_roles(sents, _predict_with(sents, "none", "none"))  # nothing fitted
            res["rules"] = {k: rules[k] for k in ("actor", "recipient", "coverage")}
        per = []
        for k in range(folds):
            idx = [i for i in range(len(sents)) if fold_of[i] == k]
            per.append(score_roles([sents[i] for i in idx], [preds[i] for i in idx]))
        res["folds"] = [{"actor": f["actor"], "recipient": f["recipient"],
                         "sentences": f["sentences"]} for f in per]
        for key in ("actor", "recipient"):
            vals = [f[key] for f in per]
            mean = sum(vals) / len(vals)
            sd = (sum((v - mean) ** 2 for v in vals) / max(1, len(vals) - 1)) ** 0.5
            res[f"{key}_fold_mean"] = round(mean, 3)
            res[f"{key}_fold_sd"] = round(sd, 3)
    return res
