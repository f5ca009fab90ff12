"""Cross-validation folds for the event coder: grouped by topic, or random (for comparison).

News sentences in a labelled file cluster by topic: several sentences about the same
election, the same strike, the same summit, sharing names and wording. Random K-fold then
puts near-copies of a test sentence in the training folds and rewards memorising names; the
figures it gives do not carry over to news nobody has read. Topic-grouped folds keep each
topic whole on one side.

Topic groups (`topic_groups`): k-means (k = `N_TOPICS`, 30 by default, fewer for small files)
on TF-IDF vectors of the sentences (word unigrams, English stopwords dropped, sublinear term
frequency, terms in at least two sentences), seeded. Why this grouping: the labelled files
carry no story or date field to group by; k-means on TF-IDF puts sentences that share their
rarer words (names, places, the topic's vocabulary) together, which is exactly the leak that
random folds open. Folds (`grouped_folds`) then assign whole groups to folds, balancing class
counts (scikit-learn's StratifiedGroupKFold).

Extra training rows that are not being scored (the PLOVER gold set, or the quad file when
the roles file is scored) are given the topic of their nearest centroid (`nearest_topic`), so
a fold can drop the training rows of its own topics too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

N_TOPICS = 30
FOLD_KINDS = ("topic", "random")


@dataclass
class Topics:
    """Topic group of each sentence, and what is needed to place new sentences."""

    groups: np.ndarray
    vectorizer: Any
    centroids: np.ndarray

    def nearest_topic(self, texts: Sequence[str]) -> np.ndarray:
        """Topic group of each new sentence: its nearest centroid (cosine)."""
        if not len(texts):
            return np.zeros(0, np.int64)
        x = self.vectorizer.transform(list(texts))
        return np.asarray((x @ self.centroids.T).argmax(axis=1)).ravel().astype(np.int64)


def topic_groups(texts: Sequence[str], n_topics: int = N_TOPICS, seed: int = 0) -> Topics:
    """K-means topic groups of the sentences (see the module docstring)."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english",
                          min_df=2 if len(texts) >= 50 else 1)
    x = vec.fit_transform(list(texts))
    k = max(2, min(n_topics, len(texts) // 10))
    km = KMeans(k, n_init=4, random_state=seed).fit(x)
    cent = km.cluster_centers_
    cent = cent / (np.linalg.norm(cent, axis=1, keepdims=True) + 1e-12)
    return Topics(km.labels_.astype(np.int64), vec, cent)


def grouped_folds(y: Sequence[int], groups: np.ndarray, k: int, seed: int = 0,
                  ) -> list[tuple[np.ndarray, np.ndarray]]:
    """K (train, test) index pairs with every topic group wholly on one side."""
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.asarray(y)
    k = min(k, len(np.unique(groups)))
    sgk = StratifiedGroupKFold(k, shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in sgk.split(np.zeros(len(y)), y, groups)]


def random_folds(y: Sequence[int], k: int, seed: int = 0,
                 ) -> list[tuple[np.ndarray, np.ndarray]]:
    """K stratified random (train, test) index pairs (the old protocol, for comparison)."""
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(y)
    return list(StratifiedKFold(k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))


def make_folds(texts: Sequence[str], y: Sequence[int], k: int, kind: str = "topic",
               seed: int = 0) -> tuple[list[tuple[np.ndarray, np.ndarray]], Topics | None]:
    """Folds of the given kind ("topic" or "random"), and the topics (None for random)."""
    if kind not in FOLD_KINDS:
        raise ValueError(f"fold kind must be one of {FOLD_KINDS}, not {kind!r}")
    if kind == "random":
        return random_folds(y, k, seed), None
    topics = topic_groups(texts, seed=seed)
    return grouped_folds(y, topics.groups, k, seed), topics


def describe(kind: str, topics: Topics | None) -> str:
    """One line saying how the folds were made."""
    if kind == "random" or topics is None:
        return "random stratified folds (sentences of one topic on both sides: optimistic)"
    return (f"folds grouped by topic: k-means on TF-IDF, {len(np.unique(topics.groups))} "
            "groups, each wholly in train or test")
