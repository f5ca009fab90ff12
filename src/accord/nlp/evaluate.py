"""Evaluation of the event coder on the PLOVER gold-standard records (plover_gsr_cameo.json).

Each record is one sentence with one gold event. The sentence goes through the full pipeline
(`accord.nlp.pipeline`), and the *main* predicted event is the first event the coder returns
for it (events of a sentence come main-first: the predicate nearest the root of the parse).

Metrics (all in [0, 1]):

- ``type_accuracy``: share of records whose main event type equals the gold type (older
  names mapped: DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT);
  a record with no predicted event counts as wrong.
- ``quad_macro_f1``: F1 of the quad class (1..4) per class, averaged over the four classes;
  "no event" is a wrong prediction for every gold class.
- ``actor_code``: over records with a gold actor list, share where at least one gold actor's
  country code (first three letters, CAMEO aliases such as JAP -> JPN applied, UNO/EUR read
  as IGO) is the country code of one of the main event's actors.
- ``actor_code_sector``: the same with the full code, sector included where the gold has one
  (accord.nlp.evaluate.code_matches).
- ``recipient_code`` / ``recipient_code_sector``: the same for gold targets against the main
  event's recipients.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from accord.nlp.actors import CAMEO_COUNTRY_ALIASES
from accord.nlp.lexicon import canonical_type, label_quad, quad_of
from accord.types import Article, Event

IGO_ALIASES = {"UNO": "IGO", "EUR": "IGO"}


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold event records (the DOCUMENT header record skipped)."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def _actors(rec: dict[str, Any], *names: str) -> list[dict[str, Any]]:
    for n in names:
        v = rec.get(n)
        if isinstance(v, list):
            return [a for a in v if isinstance(a, dict) and a.get("code")]
    return []


def _country(code: str) -> str:
    c = code.upper()[:3]
    return IGO_ALIASES.get(c, c)


def _match(pred_codes: list[str], gold: list[dict[str, Any]], sector: bool) -> bool:
    for g in gold:
        for p in pred_codes:
            if sector:
                if code_matches(p, g):
                    return True
            else:
                gc = gold_actor_code(g)
                if gc and _country(p) == _country(gc):
                    return True
    return False


def macro_f1(gold: list[int], pred: list[int], classes: tuple[int, ...] = (1, 2, 3, 4)) -> float:
    """Macro-averaged F1 over the given classes (predictions outside them are errors)."""
    f1s = []
    for k in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == k and p == k)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != k and p == k)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == k and p != k)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s)


def predict_gold(records: list[dict[str, Any]], n_process: int = 1) -> list[list[Event]]:
    """Events for each gold sentence, through the full article pipeline."""
    from accord.nlp.pipeline import extract_articles

    arts = [Article(id=r.get("id", ""), text=r["text"].strip().strip("{}")) for r in records]
    return [x.events for x in extract_articles(arts, n_process=n_process)]


def score(records: list[dict[str, Any]], predictions: list[list[Event]]) -> dict[str, Any]:
    """The metrics of the module docstring, plus per-type counts and the confusions."""
    n = len(records)
    type_ok = 0
    gq, pq = [], []
    act_n = act_ok = act_sec = rec_n = rec_ok = rec_sec = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for rec, evs in zip(records, predictions, strict=True):
        gold_type = canonical_type(rec["event"])
        main = evs[0] if evs else None
        ptype = main.type if main else "NONE"
        type_ok += ptype == gold_type
        if ptype != gold_type:
            confusion[(gold_type, ptype)] += 1
        gq.append(quad_of(gold_type))
        pq.append(quad_of(ptype) if main else 0)
        ga = _actors(rec, "actor", "source")
        if ga:
            act_n += 1
            codes = [a.code for a in main.actor] if main else []
            act_ok += _match(codes, ga, False)
            act_sec += _match(codes, ga, True)
        gr = _actors(rec, "recipient", "target")
        if gr:
            rec_n += 1
            codes = [a.code for a in main.recipient] if main else []
            rec_ok += _match(codes, gr, False)
            rec_sec += _match(codes, gr, True)
    return {
        "records": n,
        "type_accuracy": type_ok / n if n else 0.0,
        "quad_macro_f1": macro_f1(gq, pq),
        "actor_code": act_ok / act_n if act_n else 0.0,
        "actor_code_sector": act_sec / act_n if act_n else 0.0,
        "recipient_code": rec_ok / rec_n if rec_n else 0.0,
        "recipient_code_sector": rec_sec / rec_n if rec_n else 0.0,
        "actor_records": act_n,
        "recipient_records": rec_n,
        "no_event": sum(1 for e in predictions if not e),
        "top_confusions": [
            {"gold": g, "predicted": p, "count": c} for (g, p), c in confusion.most_common(12)
        ],
    }


def evaluate_gold(path: str | Path, n_process: int = 1) -> dict[str, Any]:
    """Run the coder over the gold file and return the metrics (see module docstring)."""
    records = load_gold(path)
    return score(records, predict_gold(records, n_process=n_process))


# =========================================================================== quad files
QUAD_NAMES = {0: "no event", 1: "verbal coop", 2: "material coop", 3: "verbal conflict",
              4: "material conflict"}


def sentence_quad(events: list[Event], which: str = "nonneg") -> int:
    """The quad a user reads off a sentence: that of its most confident event that is not
    negated (`which="nonneg"`, the issue's definition) or that is asserted
    (`which="asserted"`); 0 when there is none. Given in the quad files' labelling
    (`lexicon.label_quad`: a SANCTION is class 3 there, as the files label sanctions)."""
    keep = [e for e in events if (e.asserted if which == "asserted" else not e.negated)]
    if not keep:
        return 0
    top = max(keep, key=lambda e: e.confidence)  # first wins ties: main-first order
    return label_quad(top.type, top.quad)


def quad_report(gold: list[int], pred: list[int]) -> dict[str, Any]:
    """Macro-F1 over classes 0-4 and over the event classes 1-4 (see `macro_f1`), accuracy,
    per-class precision/recall/F1 and the confusion matrix (rows gold, columns predicted)."""
    classes = range(5)
    conf = [[sum(1 for g, p in zip(gold, pred, strict=True) if g == i and p == j)
             for j in classes] for i in classes]
    per = {}
    for k in classes:
        tp = conf[k][k]
        fp = sum(conf[i][k] for i in classes) - tp
        fn = sum(conf[k]) - tp
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per[k] = {"name": QUAD_NAMES[k], "precision": p, "recall": r,
                  "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}
    n = len(gold)
    return {
        "sentences": n,
        "macro_f1_1_4": macro_f1(gold, pred, (1, 2, 3, 4)),
        "macro_f1_0_4": macro_f1(gold, pred, (0, 1, 2, 3, 4)),
        "accuracy": sum(conf[k][k] for k in classes) / n if n else 0.0,
        "per_class": per,
        "confusion": conf,
    }


def reliability(confidence: list[float], correct: list[bool], bins: int = 10,
                ) -> list[dict[str, float]]:
    """Reliability table: for each confidence bin with cases, n, mean confidence and the
    observed share correct (calibrated: the two agree)."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidence) if lo <= c < hi or (b == bins - 1 and c == hi)]
        if idx:
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx),
                         "mean_confidence": sum(confidence[i] for i in idx) / len(idx),
                         "observed": sum(correct[i] for i in idx) / len(idx)})
    return rows


def expected_calibration_error(table: list[dict[str, float]]) -> float:
    """Share-weighted mean gap between confidence and observed accuracy over the bins."""
    n = sum(r["n"] for r in table)
    return sum(r["n"] * abs(r["mean_confidence"] - r["observed"]) for r in table) / n if n else 0.0


# ------------------------------------------------------------ gold actors and codes
def gold_actor_code(actor: dict[str, Any]) -> str | None:
    """Normalise a gold-set actor ({"code", "sector"}) to accord's ISO-3 + primary sector.

    Non-ISO CAMEO country codes are mapped (JAP -> JPN), "***" (unknown sector) is dropped
    and only the first three letters of a compound sector are kept (CVLalb -> CVL)."""
    code = (actor.get("code") or "").strip().upper()
    if not code:
        return None
    code = CAMEO_COUNTRY_ALIASES.get(code, code)
    sector = (actor.get("sector") or "").strip()
    if sector and sector != "***":
        code += sector[:3].upper()
    return code


def code_matches(predicted: str | None, actor: dict[str, Any]) -> bool:
    """Does accord's code agree with a gold actor? Unknown gold sectors ("***") compare the
    country only; UNO/EUR count as IGO (the gold set predates that PLOVER split)."""
    gold = gold_actor_code(actor)
    if predicted is None or gold is None:
        return False
    pred = predicted.upper()
    if pred[:3] in ("UNO", "EUR"):
        pred = "IGO" + pred[3:]
    if (actor.get("sector") or "").strip() == "***":
        return pred[:3] == gold[:3]
    return pred[:6] == gold[:6]


def iter_gold_actors(records: Iterable[dict[str, Any]], field_name: str = "source"
                     ) -> Iterator[dict[str, Any]]:
    """Yield the actor dicts (actorText, code, sector) of gold records that have them."""
    for r in records:
        actors = r.get(field_name)
        if isinstance(actors, list):
            for a in actors:
                if isinstance(a, dict) and a.get("actorText") and a.get("code"):
                    yield a
