"""The evaluation protocol: topic-grouped folds, the bag-of-words baselines printed beside the
coder, and the frozen (as shipped) mode labelled in-sample where it is."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

TSV = "events_train/conflibert_cameo_quad_train.tsv"
ROLES = "events_train/conflibert_cameo_roles_train.txt"


def _slice(shared: Path, tmp: Path, start: int, n: int) -> Path:
    lines = (shared / TSV).read_text(encoding="utf-8").splitlines()
    out = tmp / f"slice_{start}_{n}.tsv"
    out.write_text("\n".join([lines[0], *lines[1 + start: 1 + start + n]]) + "\n",
                   encoding="utf-8")
    return out


def test_topic_folds_keep_every_group_on_one_side(shared_data: Path) -> None:
    from accord.nlp.folds import make_folds
    from accord.nlp.train import read_quad_tsv

    texts, y = read_quad_tsv(shared_data / TSV)
    texts, y = texts[:600], y[:600]
    splits, topics = make_folds(texts, y, 5, "topic", seed=0)
    assert topics is not None and len(np.unique(topics.groups)) >= 20
    seen = np.zeros(len(texts), int)
    for tr, te in splits:
        assert not set(topics.groups[tr]) & set(topics.groups[te])
        assert not set(tr) & set(te)
        seen[te] += 1
    assert (seen == 1).all()  # every row is tested exactly once
    # random folds, the old protocol, do put one topic on both sides
    rsplits, _ = make_folds(texts, y, 5, "random", seed=0)
    assert any(set(topics.groups[tr]) & set(topics.groups[te]) for tr, te in rsplits)


def test_nearest_topic_places_a_sentence_with_its_own_group(shared_data: Path) -> None:
    from accord.nlp.folds import topic_groups
    from accord.nlp.train import read_quad_tsv

    texts, _ = read_quad_tsv(shared_data / TSV)
    topics = topic_groups(texts[:400], seed=0)
    back = topics.nearest_topic(texts[:400])
    assert np.mean(back == topics.groups) > 0.9


def test_role_folds_are_grouped_by_topic(shared_data: Path) -> None:
    from accord.nlp.evaluate_roles import read_roles, role_folds

    sents = read_roles(shared_data / ROLES)[:300]
    fold_of, topics = role_folds(sents, 4, "topic", seed=0)
    assert topics is not None and set(fold_of) == {0, 1, 2, 3}
    by_group: dict[int, set[int]] = {}
    for g, f in zip(topics.groups, fold_of, strict=True):
        by_group.setdefault(int(g), set()).add(f)
    assert all(len(fs) == 1 for fs in by_group.values())


def test_eval_quad_prints_the_baseline_beside_the_coder(shared_data: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    from accord.cli.main import main

    path = _slice(shared_data, tmp_path, 300, 360)
    with pytest.raises(SystemExit) as exc:
        main(["eval", "quad", str(path), "--cv", "3"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "TF-IDF+LR baseline" in out and "coder (learned, oof)" in out
    assert "folds grouped by topic" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("macro-F1 (0-4)"))
    coder, base, rules = (float(v) for v in line.split()[-3:])
    assert 0.2 < base < 1 and 0.2 < coder < 1 and 0 < rules < 1
    recall = next(x for x in out.splitlines() if x.strip().startswith("no-event recall"))
    assert len(recall.split()) == 5
    assert "coder - baseline, macro-F1 (0-4):" in out


def test_eval_quad_random_folds_flag(shared_data: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture) -> None:
    from accord.cli.main import main

    path = _slice(shared_data, tmp_path, 700, 240)
    with pytest.raises(SystemExit) as exc:
        main(["eval", "quad", str(path), "--cv", "2", "--folds", "random", "--json"])
    assert exc.value.code == 0
    res = json.loads(capsys.readouterr().out)
    assert res["fold_kind"] == "random" and "random" in res["fold_method"]
    assert res["baseline_oof"]["sentences"] == res["learned_oof"]["sentences"] == 240
    assert res["margin_0_4"] == pytest.approx(res["learned_oof"]["macro_f1_0_4"]
                                              - res["baseline_oof"]["macro_f1_0_4"], abs=1e-3)


def test_frozen_mode_says_in_sample(shared_data: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture) -> None:
    """The packaged model was trained on the quad file: scored as shipped on its rows the
    report must call the figures in-sample; on sentences written here it must not."""
    from accord.cli.main import main

    path = _slice(shared_data, tmp_path, 1000, 40)
    with pytest.raises(SystemExit):
        main(["eval", "quad", str(path), "--json"])
    res = json.loads(capsys.readouterr().out)
    assert res["mode"] == "frozen" and res["rows_in_training"] == 40
    assert res["sample"].startswith("IN-SAMPLE")
    own = tmp_path / "own.tsv"
    own.write_text("text\tquad\nThe two ministers praised each other's patience over lunch "
                   "in the lakeside town.\t1\nArtillery shelled the border villages again "
                   "overnight, the governor's office said.\t4\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["eval", "quad", str(own), "--json"])
    res = json.loads(capsys.readouterr().out)
    assert res["rows_in_training"] == 0 and res["sample"].startswith("out-of-sample")


def test_role_baseline_tags_one_actor_and_one_recipient_out_of_fold(shared_data: Path,
                                                                     ) -> None:
    from accord.nlp.baseline import RoleBaseline, roles_baseline_oof
    from accord.nlp.evaluate_roles import read_roles, role_folds

    sents = read_roles(shared_data / ROLES)[:400]
    fold_of, _ = role_folds(sents, 4, "topic", seed=0)
    res = roles_baseline_oof(sents, fold_of, 4)
    # a supervised tagger finds the annotated actor well, the recipient much less often
    assert 0.5 < res["actor"] <= 1.0 and 0.2 < res["recipient"] < 0.9
    assert res["recipient"] < res["actor"]
    # one span per role, never the whole sentence (which would match any gold span)
    m = RoleBaseline().fit([s for s, f in zip(sents, fold_of, strict=True) if f != 0])
    for s in [s for s, f in zip(sents, fold_of, strict=True) if f == 0][:40]:
        act, rec = m.spans(s)
        assert len(act) <= 1 and len(rec) <= 1
        assert all(len(a.split()) < len(s.tokens) for a in act + rec)
