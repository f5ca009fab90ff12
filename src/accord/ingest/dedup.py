"""Near-duplicate detection: MinHash signatures over word shingles and an LSH index.

Wire stories are republished with small edits (a new header, a changed word), so exact
hashes miss them. A MinHash signature estimates the Jaccard similarity of two texts' sets of
k-word shingles; LSH banding finds candidate pairs without comparing every pair.
Signatures are deterministic (fixed hash parameters), so stored signatures stay comparable.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from accord.errors import InputError

DEFAULT_SHINGLE = 5
DEFAULT_NUM_PERM = 128
DEFAULT_THRESHOLD = 0.8
_PARAM_SEED = 20260207  # fixed: signatures must be comparable across runs and machines
_EMPTY = np.uint32(0xFFFFFFFF)
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant for polynomial shingle hashing
_CHUNK = 4096  # shingles hashed per block, bounds memory at num_perm x _CHUNK x 8 bytes


def _params(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Multiply-shift hash parameters (a odd, b) for num_perm permutations, fixed by seed."""
    rng = np.random.default_rng(_PARAM_SEED)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


_PARAM_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def words(text: str) -> list[str]:
    """Lower-cased word tokens: punctuation and spacing differences do not count."""
    return _WORD_RE.findall(text.lower())


def shingle_hashes(text: str, k: int = DEFAULT_SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the text's k-word shingles (one shingle if fewer words)."""
    toks = words(text)
    if not toks:
        return np.empty(0, dtype=np.uint64)
    vocab: dict[str, int] = {}
    inverse = np.fromiter((vocab.setdefault(w, len(vocab)) for w in toks),
                          dtype=np.int64, count=len(toks))
    word_h = np.fromiter(
        (int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
         for w in vocab),
        dtype=np.uint64,
        count=len(vocab),
    )[inverse]
    k = max(1, min(k, len(word_h)))
    n = len(word_h) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):  # k is small (5): a loop over shingle positions, not over shingles
            h = h * _MIX + word_h[j:j + n]
    h = (h ^ (h >> np.uint64(29))) * _MIX
    return np.unique(h >> np.uint64(32))


def signature(
    text: str, num_perm: int = DEFAULT_NUM_PERM, k: int = DEFAULT_SHINGLE
) -> np.ndarray:
    """MinHash signature of text: num_perm uint32 minima over k-word shingle hashes."""
    if num_perm < 1:
        raise ValueError("num_perm must be positive")
    if num_perm not in _PARAM_CACHE:
        _PARAM_CACHE[num_perm] = _params(num_perm)
    a, b = _PARAM_CACHE[num_perm]
    x = shingle_hashes(text, k)
    sig = np.full(num_perm, _EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for start in range(0, len(x), _CHUNK):
            block = x[start:start + _CHUNK]
            hv = (a[:, None] * block[None, :] + b[:, None]) >> np.uint64(32)
            np.minimum(sig, hv.min(axis=1).astype(np.uint32), out=sig)
    return sig


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of positions where two signatures agree."""
    if sig_a.shape != sig_b.shape:
        raise ValueError(f"signatures differ in length: {sig_a.shape} vs {sig_b.shape}")
    return float(np.mean(sig_a == sig_b))


def to_bytes(sig: np.ndarray) -> bytes:
    """Serialise a signature (little-endian uint32), e.g. for a database column."""
    return np.asarray(sig, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """Read back a signature written by to_bytes."""
    if len(data) == 0 or len(data) % 4:
        raise ValueError(f"not a MinHash signature: {len(data)} bytes is not a multiple of 4")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def threshold_from_env(default: float = DEFAULT_THRESHOLD) -> float:
    """The near-duplicate threshold: ACCORD_NEAR_DUP when set, else default."""
    raw = os.environ.get("ACCORD_NEAR_DUP")
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0.0 < value <= 1.0:
        raise InputError(f"must be a number in (0, 1], got {raw!r}", where="ACCORD_NEAR_DUP")
    return value


@functools.lru_cache(maxsize=64)
def optimal_bands(threshold: float, num_perm: int) -> int:
    """Number of LSH bands that minimises false positives plus false negatives at threshold.

    With b bands of r rows, two texts of similarity s become candidates with probability
    1 - (1 - s^r)^b; the best (b, r) makes that curve step up close to the threshold.
    """
    s = np.linspace(0.0, 1.0, 201)
    best, best_err = 1, math.inf
    for b in range(1, num_perm + 1):
        r = num_perm // b
        p = 1.0 - (1.0 - s**r) ** b
        fp = np.mean(np.where(s < threshold, p, 0.0))  # uniform grid: mean ~ integral
        fn = np.mean(np.where(s >= threshold, 1.0 - p, 0.0))
        err = fp + fn
        if err < best_err - 1e-12:
            best, best_err = b, err
    return best


class NearDupIndex:
    """An LSH index of MinHash signatures that returns stored items similar to a query.

    Candidates come from shared bands; each is then checked with the full signature, so
    the result holds only items whose estimated Jaccard similarity is >= threshold.
    """

    def __init__(
        self,
        threshold: float | None = None,
        num_perm: int = DEFAULT_NUM_PERM,
        bands: int | None = None,
    ) -> None:
        self.threshold = threshold_from_env() if threshold is None else float(threshold)
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        self.num_perm = int(num_perm)
        self.bands = optimal_bands(self.threshold, self.num_perm) if bands is None else int(bands)
        if not 1 <= self.bands <= self.num_perm:
            raise ValueError(f"bands must be in [1, {self.num_perm}], got {self.bands}")
        self.rows = self.num_perm // self.bands
        self._sigs: dict[str, np.ndarray] = {}
        self._buckets: list[defaultdict[bytes, list[str]]] = [
            defaultdict(list) for _ in range(self.bands)
        ]

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        if sig.shape != (self.num_perm,):
            raise ValueError(f"expected a signature of {self.num_perm} values, got {sig.shape}")
        used = np.ascontiguousarray(sig[: self.bands * self.rows], dtype="<u4")
        return [band.tobytes() for band in used.reshape(self.bands, self.rows)]

    def add(self, article_id: str, sig: np.ndarray) -> None:
        """Store a signature under article_id (re-adding an id replaces nothing, it is kept)."""
        if article_id in self._sigs:
            return
        keys = self._keys(sig)
        self._sigs[article_id] = np.asarray(sig, dtype=np.uint32)
        for bucket, key in zip(self._buckets, keys, strict=True):
            bucket[key].append(article_id)

    def query(self, sig: np.ndarray, exclude: str | None = None) -> list[tuple[str, float]]:
        """Stored ids with estimated similarity >= threshold, most similar first."""
        cands: set[str] = set()
        for bucket, key in zip(self._buckets, self._keys(sig), strict=True):
            cands.update(bucket.get(key, ()))
        cands.discard(exclude)  # type: ignore[arg-type]
        if not cands:
            return []
        ids = sorted(cands)
        mat = np.stack([self._sigs[i] for i in ids])
        sims = np.mean(mat == np.asarray(sig, dtype=np.uint32)[None, :], axis=1)
        hits = [(i, float(s)) for i, s in zip(ids, sims, strict=True) if s >= self.threshold]
        return sorted(hits, key=lambda t: (-t[1], t[0]))


def link_near_duplicates(
    articles: Sequence, index: NearDupIndex | None = None, k: int = DEFAULT_SHINGLE
) -> list[tuple[str, str, float]]:
    """Set ``duplicate_of`` on each article that nearly repeats an earlier one; drop nothing.

    Articles are taken in order, so the first version seen is the original; a chain of
    copies points at that first version. Exact repeats share content_hash and id, so they
    are the store's business and are not linked (unless ids were set by hand).
    Returns (id, original id, estimated similarity) per link.
    """
    index = index or NearDupIndex()
    links: list[tuple[str, str, float]] = []
    first_by_hash: dict[str, str] = {}
    root: dict[str, str] = {}  # id -> the original it repeats, so chains point at the first
    for art in articles:
        if art.content_hash in first_by_hash:
            orig = first_by_hash[art.content_hash]
            if orig != art.id:
                art.duplicate_of = root.get(orig, orig)
                links.append((art.id, art.duplicate_of, 1.0))
            continue
        first_by_hash[art.content_hash] = art.id
        sig = signature(art.text, index.num_perm, k)
        hits = index.query(sig, exclude=art.id)
        if hits:
            orig, sim = hits[0]
            art.duplicate_of = root.get(orig, orig)
            root[art.id] = art.duplicate_of
            links.append((art.id, art.duplicate_of, sim))
        index.add(art.id, sig)
    return links

