"""The learned type layer (accord.nlp.type_model): the packaged file, training on real
labelled data, and its place in the coder. Sentences are written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from _coding import article_events, codes, of_type

DAY = dt.date(2023, 11, 29)


def test_packaged_layer_picks_the_type_inside_the_class() -> None:
    from accord.nlp.learned import sentence_vectors
    from accord.nlp.type_model import get_type_model

    tm = get_type_model()
    assert tm is not None and len(tm.types) == 16 and tm.w_emb.size
    texts = ["The European Union imposed sanctions on six Russian officials over the poisoning.",
             "Police arrested dozens of opposition activists outside the parliament.",
             "The two foreign ministers met in Geneva to discuss the border dispute."]
    probs = tm.proba(texts, sentence_vectors(texts))
    assert probs.shape == (3, 16) and np.allclose(probs.sum(axis=1), 1.0)
    # the generic types of these classes are ACCUSE, COERCE and AGREE
    assert tm.pick(probs[0], 3) == "SANCTION"
    assert tm.pick(probs[1], 4) == "COERCE"
    assert tm.pick(probs[2], 1) == "CONSULT"
    assert tm.pick(probs[0], 0) == "REQUEST"  # the only type of class 0


def test_a_model_emitted_event_takes_the_layers_type() -> None:
    # no rule trigger: the quad model emits a verbal-conflict event on the root's frame; its
    # type was the generic ACCUSE before the layer
    evs = article_events("Lithuania shut its embassy in Minsk.", DAY)
    ltu = [e for e in evs if codes(e.actor) == {"LTU"}]
    assert ltu and ltu[0].type == "SANCTION", [(e.type, codes(e.actor)) for e in evs]


def test_an_improbable_rule_type_gives_way_inside_its_class() -> None:
    # the rules read "slapped" as an accusation (a verbal attack); the layer reads a ban
    evs = article_events("Norway slapped travel bans on twenty Russian officials.", DAY)
    assert of_type(evs, "SANCTION") and not of_type(evs, "ACCUSE"), [e.type for e in evs]


@pytest.mark.parametrize(("text", "generic"), [
    ("Lithuania shut its embassy in Minsk.", "ACCUSE"),
    ("Norway slapped travel bans on twenty Russian officials.", "ACCUSE"),
])
def test_the_layer_off_leaves_the_generic_type(monkeypatch: pytest.MonkeyPatch, text: str,
                                               generic: str) -> None:
    monkeypatch.setenv("ACCORD_TYPE_MODEL", "none")
    evs = article_events(text, DAY)
    assert of_type(evs, generic) and not of_type(evs, "SANCTION"), [e.type for e in evs]


def test_training_on_the_plover_gold_set_beats_the_generic_type(shared_data: Path,
                                                                 tmp_path: Path) -> None:
    from accord.nlp.train_types import cross_validate, fit, read_type_rows
    from accord.nlp.type_model import TypeModel

    texts, types, groups = read_type_rows([], [shared_data / "plover_gsr_cameo.json"])
    assert len(texts) > 300 and all(len(t) == 1 for t in types)
    res = cross_validate(texts, types, groups, None, k=5)
    assert res["sentences"] > 250
    assert res["layer"] > res["generic"] + 0.15, res
    m = fit(texts, types, None)
    m.save(tmp_path / "t.npz")
    back = TypeModel.load(tmp_path / "t.npz")
    assert np.allclose(back.proba(texts[:20]), m.proba(texts[:20]), atol=1e-5)


def test_a_sentence_set_with_a_bad_record_names_the_line(tmp_path: Path) -> None:
    from accord.errors import InputError
    from accord.nlp.train_types import read_type_rows

    (tmp_path / "gold.jsonl").write_text('{"article_id": "a", "sentence": "x", "acts": []}\n'
                                         '{"article_id": "a", "acts": []}\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_type_rows([tmp_path])
    assert "gold.jsonl:2" in str(e.value.where)
