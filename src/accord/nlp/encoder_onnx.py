"""The sentence encoder's forward pass as an ONNX graph run by ONNX Runtime (CPU).

`accord.nlp.encoder` holds all-MiniLM-L6-v2's weights as NumPy arrays (read from the
hash-checked safetensors file). This module writes the same computation as an ONNX graph in
memory, with those arrays as its initialisers, and runs it with ONNX Runtime: nothing is read
from or written to disk and no model file other than the checked one is involved. The graph is
the NumPy pass op for op (embeddings, LayerNormalization, 6 layers of 12-head self-attention
with an additive mask, GELU in its erf form, mean pooling over the mask, L2 normalisation), so
the vectors agree with the NumPy pass to float32 rounding (a test checks it); ONNX Runtime's
fused kernels make it about 2.3 times as fast on two cores (measured: 81 vs 196 sentences/s on
the PLOVER gold sentences, batch 32).

Used when `onnxruntime` and `onnx` import; otherwise the encoder falls back to NumPy.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

OPSET = 18  # LayerNormalization (17) and Reduce* with axes as an input (18)


def available() -> bool:
    """Whether ONNX Runtime and the ONNX graph builder are installed."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


def build_graph(enc: Any) -> bytes:
    """The serialised ONNX model of `enc`'s forward pass (an accord.nlp.encoder.Encoder).

    Inputs: ``ids`` int64 (batch, n) word-piece ids, ``mask`` float32 (batch, n), 1 for real
    tokens. Output: ``vec`` float32 (batch, 384), unit-length mean-pooled vectors."""
    from onnx import TensorProto, helper, numpy_helper

    dim, n_heads, eps = enc.word.shape[1], enc.n_heads, enc.ln_eps
    hd = dim // n_heads
    inits: list[Any] = []
    nodes: list[Any] = []
    count = [0]

    def const(arr: np.ndarray, dtype: Any = np.float32) -> str:
        name = f"c{len(inits)}"
        inits.append(numpy_helper.from_array(np.array(arr, dtype=dtype, order="C"), name))
        return name

    def op(kind: str, *inputs: str, **attrs: Any) -> str:
        count[0] += 1
        out = f"t{count[0]}"
        nodes.append(helper.make_node(kind, list(inputs), [out], **attrs))
        return out

    def linear(x: str, w: np.ndarray, b: np.ndarray) -> str:
        return op("Add", op("MatMul", x, const(w)), const(b))

    def norm(x: str, g: np.ndarray, b: np.ndarray) -> str:
        return op("LayerNormalization", x, const(g), const(b), axis=-1, epsilon=eps)

    one = const(np.array(1.0))
    i64 = np.int64
    # embeddings: word + position (0..n-1) + token type 0
    n = op("Gather", op("Shape", "ids"), const(np.array(1), i64))
    positions = op("Range", const(np.array(0), i64), n, const(np.array(1), i64))
    x = op("Add", op("Add", op("Gather", const(enc.word), "ids"),
                     op("Gather", const(enc.pos), positions)), const(enc.type0))
    x = norm(x, *enc.emb_ln)
    # additive attention mask (batch, 1, 1, n): 0 for tokens, -1e9 for padding
    bias = op("Unsqueeze", op("Mul", op("Sub", "mask", one), const(np.array(1e9))),
              const(np.array([1, 2]), i64))
    heads = const(np.array([0, 0, n_heads, hd]), i64)
    flat = const(np.array([0, 0, dim]), i64)
    scale = const(np.array(1.0 / np.sqrt(hd)))
    root_half, half = const(np.array(0.7071067811865476)), const(np.array(0.5))
    for ly in enc.layers:
        w, b = ly["qkv"]
        q, k, v = (op("Transpose", op("Reshape", linear(x, w[:, part * dim:(part + 1) * dim],
                                                         b[part * dim:(part + 1) * dim]),
                                      heads), perm=perm)
                   for part, perm in enumerate(([0, 2, 1, 3], [0, 2, 3, 1], [0, 2, 1, 3])))
        att = op("Softmax", op("Add", op("MatMul", op("Mul", q, scale), k), bias), axis=-1)
        ctx = op("Reshape", op("Transpose", op("MatMul", att, v), perm=[0, 2, 1, 3]), flat)
        x = norm(op("Add", x, linear(ctx, *ly["att_out"])), *ly["att_ln"])
        h = linear(x, *ly["ff_in"])
        h = op("Mul", op("Mul", h, op("Add", op("Erf", op("Mul", h, root_half)), one)), half)
        x = norm(op("Add", x, linear(h, *ly["ff_out"])), *ly["ff_ln"])
    m3 = op("Unsqueeze", "mask", const(np.array([2]), i64))
    axis1 = const(np.array([1]), i64)
    pooled = op("Div", op("ReduceSum", op("Mul", x, m3), axis1, keepdims=0),
                op("Max", op("ReduceSum", m3, axis1, keepdims=0), one))
    length = op("ReduceL2", pooled, const(np.array([-1]), i64), keepdims=1)
    nodes.append(helper.make_node(
        "Div", [pooled, op("Max", length, const(np.array(1e-12)))], ["vec"]))
    graph = helper.make_graph(
        nodes, "all_minilm_l6_v2",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "n"]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "n"])],
        [helper.make_tensor_value_info("vec", TensorProto.FLOAT, ["batch", dim])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8  # (tests/test_encoder.py runs onnx.checker on it)
    return model.SerializeToString()


class OrtForward:
    """An ONNX Runtime session of `build_graph(enc)`; call it like Encoder._forward.

    ONNX Runtime does not survive ``fork``: a session made in a process that then forks
    deadlocks in the child, even a new one (seen here). A process forked after the session
    was made (extraction's worker processes, a Dask worker) therefore runs `fallback`, the
    NumPy pass (same vectors, about half the speed)."""

    def __init__(self, enc: Any, fallback: Any, threads: int = 0) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = threads  # 0: ONNX Runtime's default (the physical cores)
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(build_graph(enc), opts,
                                            providers=["CPUExecutionProvider"])
        self.pid = os.getpid()
        self.fallback = fallback

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if os.getpid() != self.pid:
            return self.fallback(ids, mask)
        return self.session.run(["vec"], {"ids": ids.astype(np.int64, copy=False),
                                          "mask": mask.astype(np.float32)})[0]
