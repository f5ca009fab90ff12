"""Key acts of an annotated sentence set: does the coder find each act the readers wrote, with
its doer, its target, its factuality and its date? (`accord eval acts DIR`)

The set is a directory in accord's fresh-news format (`examples/sentence-set`):
``gold.jsonl``, one line per sentence in article order (``{"article_id", "sentence", "acts":
[{"type", "actor", "recipient", "factuality", "date", "key"}]}``), and ``articles.jsonl``
(``{"article_id", "date", ...}``; optional, but without it nothing is dated and act dates are
not scored). The sentences of one article are joined into one passage and coded as one
article of that date, so datelines, earlier sentences and the article's parties count as they
do on real input; each event goes to the sentence its evidence span starts in.

Scoring (each figure also in the JSON output with its counts):

- ``quad``: macro-F1 of the sentence's quad class (0-4), the class of its first key act that
  is not negated or denied against that of its most confident event that is not negated
  (`accord.nlp.evaluate.sentence_quad`), with the quad files' labelling.
- key acts: an act is *found* when its sentence has an event of its PLOVER type; among the
  events of that type the one agreeing with the act on most of actor, recipient and
  factuality is compared. ``actor`` / ``recipient``: the country code (first three letters)
  of one of the event's actors / recipients equals the gold one; a gold code with a non-state
  sector (REB, OPP, CVL, INS) also needs that sector, and an event that names only such a
  sector for a gold state is wrong. A gold ``"---"`` is not scored (and does not count
  against *fully right*). A joint act (AGREE, CONSULT, COOPERATE and the other cooperative
  types) read the PLOVER way, both parties as actors and no recipient, or with the two sides
  swapped, counts as right. ``factuality``: equal, with ``denied`` and ``negated`` taken as
  one. *Fully right*: found, and actor, recipient and factuality right.
- ``dates``: over key acts the readers dated to a day other than the article's, the found
  event's ``date`` (or ``period_start`` when the text names a month) equals the gold date
  (its month for a gold act with ``"precision": "month"``).
- ``no_act``: sentences the readers found no act in that get no asserted event.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.nlp.evaluate import quad_report, sentence_quad
from accord.nlp.lexicon import canonical_type, plover, sentence_label
from accord.types import Article, Event

NON_STATE = {"REB", "OPP", "CVL", "INS"}
JOINT_TYPES = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "AID", "CONCEDE", "RETREAT"}
NOT_DONE = {"negated", "denied"}
FACTUALITIES = ("asserted", "negated", "denied", "alleged", "hypothetical", "proposed",
                "future", "historical")


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise InputError(f"not an ISO date: {value!r}", where=where) from exc


def read_act_set(path: str | Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The sentences (with their acts) and the articles (id -> record) of a set."""
    root = Path(path)
    gold = root / "gold.jsonl" if root.is_dir() else root
    if not gold.is_file():
        raise InputError("no gold.jsonl in the sentence set", where=str(path))
    types = plover()["types"]
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{gold}:{n}"
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise InputError(f"not JSON ({exc})", where=where) from exc
        if not isinstance(rec, dict):
            raise InputError(f"expected a JSON object, got {type(rec).__name__}", where=where)
        if not str(rec.get("sentence") or "").strip():
            raise InputError("empty sentence", where=f"{where}:sentence")
        acts = rec.get("acts")
        if not isinstance(acts, list):
            raise InputError("acts must be a list", where=f"{where}:acts")
        for a in acts:
            if not isinstance(a, dict) or canonical_type(str(a.get("type", ""))) not in types:
                raise InputError(f"unknown PLOVER type {a.get('type')!r}",
                                 where=f"{where}:acts.type")
            _date(a.get("date"), f"{where}:acts.date")
            for side in ("actor", "recipient"):
                if a.get(side) is not None and not isinstance(a[side], str):
                    raise InputError("must be a code such as \"IRN\" or \"---\"",
                                     where=f"{where}:acts.{side}")
            if a.get("factuality") is not None and a["factuality"] not in FACTUALITIES:
                raise InputError(f"must be one of {', '.join(FACTUALITIES)}",
                                 where=f"{where}:acts.factuality")
            if "key" in a and not isinstance(a["key"], bool):
                raise InputError("must be true or false", where=f"{where}:acts.key")
        rows.append({"article_id": str(rec.get("article_id") or f"line{n}"),
                     "sentence": " ".join(str(rec["sentence"]).split()), "acts": acts})
    if not rows:
        raise InputError("no labelled sentences", where=str(gold))
    articles: dict[str, dict[str, Any]] = {}
    meta = gold.parent / "articles.jsonl"
    if meta.is_file():
        for n, line in enumerate(meta.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    raise InputError(f"not JSON ({exc})", where=f"{meta}:{n}") from exc
                rec["date"] = _date(rec.get("date"), f"{meta}:{n}:date")
                articles[str(rec.get("article_id"))] = rec
    return rows, articles


def code_sentences(rows: list[dict[str, Any]], articles: dict[str, dict[str, Any]],
                   n_process: int = 1) -> list[list[Event]]:
    """The coder's events of each sentence, its article's sentences coded as one passage."""
    from accord.nlp.pipeline import extract_articles

    order: list[str] = []
    spans: dict[str, list[tuple[int, int, int]]] = {}
    texts: dict[str, str] = {}
    for i, r in enumerate(rows):
        aid = r["article_id"]
        if aid not in texts:
            order.append(aid)
            texts[aid], spans[aid] = "", []
        start = len(texts[aid]) + (1 if texts[aid] else 0)
        texts[aid] = (texts[aid] + " " if texts[aid] else "") + r["sentence"]
        spans[aid].append((start, len(texts[aid]), i))
    docs = [Article(id=aid, text=texts[aid], date=articles.get(aid, {}).get("date"))
            for aid in order]
    out: list[list[Event]] = [[] for _ in rows]
    for ex in extract_articles(docs, n_process=n_process):
        for e in ex.events:
            at = e.evidence.start
            for s0, s1, i in spans[ex.article.id]:
                if s0 <= at < s1 or (at < s0 and i == spans[ex.article.id][0][2]):
                    out[i].append(e)
                    break
    return out


def _gold_code(code: Any) -> str | None:
    c = str(code or "").strip().upper()
    return None if not c or c.startswith("-") else c


def _side_ok(gold: str | None, preds: list[str]) -> bool | None:
    """None when the gold side is unknown; else does one predicted code match it?"""
    if gold is None:
        return None
    g_sector = gold[3:6] if gold[3:6] in NON_STATE else ""
    for p in preds:
        p = p.upper()
        p_sector = p[3:6] if p[3:6] in NON_STATE else ""
        if p[:3] == gold[:3] and p_sector == g_sector:
            return True
    return False


def _roles(act: dict[str, Any], ev: Event) -> tuple[bool | None, bool | None]:
    ga, gr = _gold_code(act.get("actor")), _gold_code(act.get("recipient"))
    actors = [a.code for a in ev.actor]
    recips = [a.code for a in ev.recipient]
    a_ok, r_ok = _side_ok(ga, actors), _side_ok(gr, recips)
    if canonical_type(str(act["type"])) in JOINT_TYPES and ga and gr:
        if not recips and _side_ok(ga, actors) and _side_ok(gr, actors):
            return True, True  # PLOVER's joint act: all parties act, no recipient
        if _side_ok(gr, actors) and _side_ok(ga, recips):
            return True, True  # the same act with the sides read the other way round
    return a_ok, r_ok


def _fact(gold: Any) -> str:
    f = str(gold or "asserted").lower()
    return "negated" if f in NOT_DONE else f


def _judge(act: dict[str, Any], ev: Event) -> dict[str, Any]:
    a_ok, r_ok = _roles(act, ev)
    f_ok = _fact(act.get("factuality")) == _fact(ev.factuality)
    return {"actor": a_ok, "recipient": r_ok, "factuality": f_ok,
            "full": a_ok is not False and r_ok is not False and f_ok}


def _date_ok(act: dict[str, Any], ev: Event) -> bool:
    gold = dt.date.fromisoformat(str(act["date"])[:10])
    got = ev.date or ev.period_start
    if got is None:
        return False
    if act.get("precision") == "month":
        return (got.year, got.month) == (gold.year, gold.month)
    return got == gold


def _brief(e: Event) -> dict[str, Any]:
    return {"type": e.type, "actor": [a.code for a in e.actor],
            "recipient": [a.code for a in e.recipient], "factuality": e.factuality,
            "date": e.date.isoformat() if e.date else None}


def _share(k: int, n: int) -> dict[str, Any]:
    return {"right": k, "of": n, "share": k / n if n else None}


def score_acts(rows: list[dict[str, Any]], preds: list[list[Event]],
               articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every figure of the module docstring, with counts and per-type misses."""
    gold_q, pred_q = [], []
    key = found = full = 0
    a_n = a_k = r_n = r_k = f_k = d_n = d_k = 0
    no_act_n = no_act_k = 0
    missed: Counter[str] = Counter()
    listing: list[dict[str, Any]] = []
    for n, (r, evs) in enumerate(zip(rows, preds, strict=True)):
        acts = r["acts"]
        gold_q.append(sentence_label(acts))
        pred_q.append(sentence_quad(evs))
        if not acts:
            no_act_n += 1
            ok = not any(e.asserted for e in evs)
            no_act_k += ok
            if not ok:
                listing.append({"sentence": n, "article_id": r["article_id"], "gold": None,
                                "status": "act read into a sentence with none",
                                "events": [_brief(e) for e in evs if e.asserted]})
        art_date = articles.get(r["article_id"], {}).get("date")
        for a in acts:
            if not a.get("key"):
                continue
            key += 1
            t = canonical_type(str(a["type"]))
            cands = [e for e in evs if e.type == t]
            dated = a.get("date") and art_date is not None and str(a["date"])[:10] != str(
                art_date)
            d_n += bool(dated)
            if not cands:
                missed[t] += 1
                listing.append({"sentence": n, "article_id": r["article_id"], "gold": a,
                                "status": "no event of its type",
                                "events": [_brief(e) for e in evs]})
                continue
            found += 1
            judged = [(_judge(a, e), e) for e in cands]
            best, ev = max(judged, key=lambda je: (je[0]["full"], sum(
                v is True for v in je[0].values())))
            full += best["full"]
            if best["actor"] is not None:
                a_n += 1
                a_k += best["actor"]
            if best["recipient"] is not None:
                r_n += 1
                r_k += best["recipient"]
            f_k += best["factuality"]
            wrong = [k for k in ("actor", "recipient", "factuality") if best[k] is False]
            listing.append({"sentence": n, "article_id": r["article_id"], "gold": a,
                            "status": "right" if best["full"] else "wrong " + ", ".join(wrong),
                            "events": [_brief(ev)]})
            if dated:
                d_k += _date_ok(a, ev)
    return {
        "sentences": len(rows),
        "articles": len({r["article_id"] for r in rows}),
        "quad": quad_report(gold_q, pred_q),
        "key_acts": key,
        "found": _share(found, key),
        "fully_right": _share(full, key),
        "actor": _share(a_k, a_n),
        "recipient": _share(r_k, r_n),
        "factuality": _share(f_k, found),
        "dates": _share(d_k, d_n),
        "no_act": _share(no_act_k, no_act_n),
        "missed_by_type": dict(missed.most_common()),
        "acts": listing,
        "dated_articles": sum(1 for a in articles.values() if a.get("date")),
    }


def evaluate_acts(path: str | Path, n_process: int = 1, baseline: str | Path | None = None,
                  ) -> dict[str, Any]:
    """Score the packaged coder on a sentence set; with `baseline` (a quad TSV), also the
    TF-IDF + logistic regression baseline trained on that file, on the same sentences."""
    rows, articles = read_act_set(path)
    res = score_acts(rows, code_sentences(rows, articles, n_process), articles)
    if baseline is not None:
        from accord.nlp.baseline import QuadBaseline
        from accord.nlp.train import read_quad_tsv

        texts, y = read_quad_tsv(baseline)
        pred = QuadBaseline().fit(texts, y).predict([r["sentence"] for r in rows])
        gold_q = [sentence_label(r["acts"]) for r in rows]
        res["baseline_quad"] = quad_report(gold_q, pred)
    return res

