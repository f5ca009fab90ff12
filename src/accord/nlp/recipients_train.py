"""Training the recipient ranker (accord.nlp.recipients) on a BIO roles file: the rule coder
runs over the file's sentences with the ranker off, collecting the candidates of every event
the rules leave without a recipient (``collect``), and ``recipients.fit`` fits the ranker on
them. Sits above the pipeline it runs; the ranker itself sits below the role rules.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from accord.nlp.pipeline import extract_sentences
from accord.nlp.recipients import ENV_VAR, RecipientModel, collecting, fit, gold_spans
from accord.nlp.roles_gold import read_roles


def collect(sentences: Sequence[str]) -> list[dict]:
    """Code sentences by the rules (no recipient model) and return the ranked candidates."""
    old = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = "none"
    try:
        with collecting() as rows:
            extract_sentences(list(sentences))
        return list(rows)
    finally:
        if old is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = old


def train_file(path: str | Path, out: str | Path | None = None, c: float = 0.5,
               seed: int = 0, exclude: set[str] | None = None) -> tuple[RecipientModel, dict]:
    """Fit the ranker on a BIO roles file (sentences whose text is in `exclude` left out)
    and optionally write it; returns the model and a summary."""
    sents = [s for s in read_roles(path) if not exclude or s.text.strip() not in exclude]
    rows = collect([s.text for s in sents])
    model = fit(rows, gold_spans(sents), c=c, seed=seed)
    model.meta["source"] = {"file": Path(path).name, "sentences": len(sents)}
    if out is not None:
        model.save(out)
    return model, {"sentences": len(sents), "threshold": model.threshold, **model.meta}
