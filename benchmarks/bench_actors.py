"""Speed and gold-set coverage of the accord_actors component (prints figures, no asserts).

Run: .venv/bin/python benchmarks/bench_actors.py
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from accord.nlp.actors import load_nlp, make_doc, resolve_text
from accord.nlp.evaluate import code_matches, iter_gold_actors

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    nlp = load_nlp()
    seed = SHARED / "seed" / "article.txt"
    text = seed.read_text(encoding="utf-8") if seed.exists() else "Iran and the U.S. met in Oman."
    date = dt.date(2026, 2, 7)
    docs = [nlp(make_doc(nlp, text, date)) for _ in range(20)]
    comp = nlp.get_pipe("accord_actors")
    t0 = time.perf_counter()
    for d in docs:
        comp(d)
    t_comp = (time.perf_counter() - t0) / len(docs)
    t0 = time.perf_counter()
    for _ in range(20):
        nlp(make_doc(nlp, text, date))
    t_all = (time.perf_counter() - t0) / 20
    n_tok = len(docs[0])
    print(f"seed article: {n_tok} tokens, {len(docs[0]._.entities)} actor mentions")
    print(f"accord_actors alone: {t_comp * 1e3:.2f} ms/doc ({n_tok / t_comp:,.0f} tokens/s)")
    print(f"full pipeline:       {t_all * 1e3:.2f} ms/doc")
    gold = SHARED / "data" / "plover_gsr_cameo.json"
    if gold.exists():
        records = json.loads(gold.read_text(encoding="utf-8"))
        for field in ("source", "target"):
            actors = list(iter_gold_actors(records, field))
            hits = sum(code_matches(getattr(resolve_text(a["actorText"]), "code", None), a)
                       for a in actors)
            print(f"gold {field} actors: {hits}/{len(actors)} = {hits / len(actors):.1%}")


if __name__ == "__main__":
    main()
