"""The learned quad layer: a calibrated sentence classifier combined with the rule coder.

The parse stays in charge of structure (candidates, actor, recipient, factuality); this layer
decides the quad class of a sentence (0 no codeable event, 1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict) and the confidence of its events.

Model family: multinomial logistic regression (scikit-learn) on TF-IDF of the sentence's word
1-2-grams and character 2-5-grams (hashed, `learned_features.TextTfidf`), on features read off
the spaCy parse the pipeline already made and on the rule coder's output
(`accord.nlp.learned_features`); the representation was chosen by topic-grouped CV (issue 18). Why: the labelled data is
small (1,349 news sentences + 322 gold records), where a linear model with regularisation
chosen by cross-validation is hard to beat and does not overfit the way a fine-tuned network
would; it trains in seconds on two cores; it needs no torch and no second model at coding
time (a matrix product per batch); and its softmax is close to calibrated, so one temperature
fitted out-of-fold makes it calibrated. The weights ship as plain numpy arrays in an .npz
(no pickle), loaded lazily once.

Optional: a model trained with `accord train events --encoder` also stacks a logistic
regression on each sentence's vector from a small pretrained encoder (all-MiniLM-L6-v2 run
in NumPy, `accord.nlp.encoder`; the stack folds into the same linear form, `QuadModel.w_emb`):
+0.02-0.03 quad macro-F1 on the topic-grouped CV, but the encoder's forward pass costs more than
the whole rest of extraction, so the packaged model does without it (data/README.md). With
such a model the encoder runs on the sentences that reach the model only (rule events or a
fallback frame), once per doc; without its package the layer reads the sentence without the
vectors (`sentence_vectors`: one warning).

Combination (`combine`), with thresholds chosen by out-of-fold macro-F1 (see `accord.nlp.train`):

- every event's confidence becomes P(its quad | sentence), mapped by an isotonic regression
  fitted out-of-fold on whether the event a user reads off a sentence has the right quad
  (so a confidence p is right about p of the time), interpolated linearly between the
  middles of its flat blocks so a retrained model does not jump across a step; the rule coder's role evidence (actor and
  recipient found, conditioned trigger) enters the model as features;
- when the main event is asserted, the model puts at least `retype_at` on another quad of
  the same polarity (cooperation 1-2, conflict 3-4: the layer never turns force into
  cooperation or back, `flips`) and less than `keep_at` on the event's own, the event is
  re-typed to the best PLOVER type of
  that quad for its trigger (the lexicon's reading of the trigger in that quad, else the
  quad's generic type). Negated, proposed, historical ... events keep their type: the model
  reads the sentence, not the event's mode. The model's classes are the labelled data's
  (CAMEO quads), which file some acts elsewhere than PLOVER does: a SANCTION is class 3
  there (`lexicon.label_quad`) and a troop deployment often class 2 (`LABEL_EQUIVALENT`);
  the model putting such a sentence in that class agrees with the rule's type, which stays;
- a war the sentence names as under way but that is not its main event ("would not agree
  to a truce in its war on Hamas") is presupposed, not what the sentence class labels: it
  takes 1 - P(no event), capped at the main event's probability, when that is higher than
  its own quad's;
- when the model puts at least `drop_at` on "no codeable event", the sentence's events are
  dropped, except acts the rules read as historical or future (kept with the model's low
  confidence: a precedent told as background, an attack said to be coming);
- when the rules found nothing but the coder's role rules give the root verb an actor and
  the model puts at least `emit_at` on an event quad, one event of that quad is emitted with
  those parties (`fallback_event`).

The coder uses the packaged model (`data/event_model.npz`); the environment variable
``ACCORD_EVENT_MODEL`` names another model file (made by `accord train events`), or ``none``
to code with the rules alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from accord.nlp.learned_features import (
    N_HASH,
    TextTfidf,
    add_text_scores,
    read_text_blocks,
    text_block_arrays,
)
from accord.nlp.lexicon import label_quad
from accord.nlp.type_model import GENERIC_TYPE, get_type_model
from accord.types import Event

ENV_VAR = "ACCORD_EVENT_MODEL"
N_CLASSES = 5
# the quad's generic type when the trigger has no reading in the quad the model chose
# what survives a sentence the model reads as reporting no act: a precedent told as
# background, an act told as coming, and an act reported as not done (`combine`)
KEPT_ON_DROP = frozenset({"historical", "future", "negated"})
# The model's classes are those of the quad files (CAMEO quad labels; a SANCTION is class 3
# there, `lexicon.label_quad`). Besides, the training file files deployments of troops with
# material cooperation ("provide military protection or peacekeeping", 10 of the 12 rows
# that say "deploy"): where the model puts a sentence whose main event is a MOBILIZE in that
# class, it agrees with the rule's type, which is kept (a carrier group sent to a region is
# not re-typed to AID), and the event's probability counts both classes. Appeals ("urged X
# to", labelled no event in 15 of 17 rows) are class 0 in the quad files' labelling
# (`lexicon.LABEL_QUAD`), so a REQUEST agrees with "no event" and is kept. (Letting a REQUEST
# the model puts in class 3 stay a REQUEST, not be re-typed ACCUSE, cost 0.010 macro-F1 on the
# quad file's topic-grouped CV, 0.824 -> 0.814, and changed nothing on two fresh sets: left.)
LABEL_EQUIVALENT: dict[str, tuple[int, ...]] = {"MOBILIZE": (2,)}


def type_probability(etype: str, quad: int, probs: np.ndarray) -> float:
    """P(the sentence's class agrees with an event of this type and quad): the probability
    of its class in the training labels plus that of the classes they also give such acts."""
    own = label_quad(etype, quad) if etype else quad
    return min(1.0, float(probs[own]) + sum(float(probs[q])
                                            for q in LABEL_EQUIVALENT.get(etype, ())))


def flips(quad: int, best: int) -> bool:
    """Would re-typing an event of ``quad`` to the model's class ``best`` turn cooperation
    into conflict or conflict into cooperation? The layer never does: "shot down two jets"
    stays force whatever the sentence's wording resembles. Measured on the quad file's
    topic-grouped CV: never flipping 0.825 macro-F1 (0-4), flipping when the model is at
    least 0.9 sure 0.825, flipping as before (the retype threshold, 0.5) 0.823."""
    return best != 0 and (quad >= 3) != (best >= 3)


def agrees(etype: str, quad: int, best: int) -> bool:
    """Whether the model's best class `best` is the event's quad or a class the training
    labels give acts of its type (`LABEL_EQUIVALENT`)."""
    return best == label_quad(etype, quad) or best in LABEL_EQUIVALENT.get(etype, ())


@dataclass
class QuadModel:
    """Linear softmax over the hashed and dense sentence features, with a temperature."""

    w_hash: np.ndarray  # (N_HASH, 5)
    w_dense: np.ndarray  # (n_dense, 5), dense standardisation folded in
    bias: np.ndarray  # (5,)
    temperature: float = 1.0
    retype_at: float = 1.01  # > 1: never
    drop_at: float = 1.01
    emit_at: float = 1.01
    keep_at: float = 0.1  # a rule quad with at least this probability is never re-typed
    meta: dict[str, Any] = field(default_factory=dict)
    # isotonic map from P(event's quad | sentence) to the observed share right (out-of-fold)
    cal_x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cal_y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # TF-IDF blocks of the raw sentence text (word and character n-grams) and their weights
    text: list[TextTfidf] = field(default_factory=list)
    w_text: list[np.ndarray] = field(default_factory=list)  # (len(block.idx), 5) each
    # stable hashes of the training sentences (`sentence_keys`): tells in-sample rows apart
    train_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    # weights of the sentence-encoder vectors (accord.nlp.encoder), (384, 5); (0, 5): none
    w_emb: np.ndarray = field(default_factory=lambda: np.zeros((0, N_CLASSES)))

    def event_confidence(self, p: float) -> float:
        """Confidence of an event whose quad has probability p: the isotonic map, nudged to be
        strictly increasing so it never reorders events."""
        if self.cal_x.size == 0:
            return float(p)
        return float(np.interp(p, self.cal_x, self.cal_y) * 0.999 + 0.001 * p)

    def logits(self, rows: np.ndarray, cols: np.ndarray, dense: np.ndarray,
               texts: Sequence[str] | None = None, emb: np.ndarray | None = None,
               ) -> np.ndarray:
        """Raw class scores for each unit (rows/cols: the hashed block's coordinates;
        texts: the units' raw text, needed when the model has text blocks; emb: their
        sentence vectors, when the model has an encoder block; None there counts as a
        zero vector)."""
        z = dense @ self.w_dense + self.bias
        if self.w_emb.size and emb is not None:
            z += emb @ self.w_emb
        if len(rows):
            np.add.at(z, rows, self.w_hash[cols])
        if self.text:
            if texts is None or len(texts) != len(z):
                raise ValueError("this event model reads the sentence text: pass `texts`")
            add_text_scores(z, self.text, self.w_text, texts)
        return z

    def proba(self, rows: np.ndarray, cols: np.ndarray, dense: np.ndarray,
              texts: Sequence[str] | None = None, emb: np.ndarray | None = None,
              ) -> np.ndarray:
        """Calibrated class probabilities, one row per unit."""
        return softmax(self.logits(rows, cols, dense, texts, emb) / self.temperature)

    def save(self, path: str | Path) -> None:
        """Write plain arrays (.npz, no pickle) and the metadata as JSON text."""
        np.savez_compressed(
            path, w_hash=self.w_hash.astype(np.float32), w_dense=self.w_dense.astype(np.float32),
            bias=self.bias.astype(np.float32),
            params=np.array([self.temperature, self.retype_at, self.drop_at, self.emit_at,
                             self.keep_at], np.float64),
            meta=np.array(json.dumps(self.meta, sort_keys=True)),
            cal_x=self.cal_x.astype(np.float64), cal_y=self.cal_y.astype(np.float64),
            train_keys=self.train_keys.astype(np.uint64),
            w_emb=self.w_emb.astype(np.float32),
            **text_block_arrays(self.text, self.w_text))

    @classmethod
    def load(cls, path: str | Path) -> QuadModel:
        """Read a model written by `save` (refuses pickled content)."""
        with np.load(path, allow_pickle=False) as z:
            t, r, d, e, k = (float(v) for v in z["params"])
            m = cls(w_hash=z["w_hash"], w_dense=z["w_dense"], bias=z["bias"], temperature=t,
                    retype_at=r, drop_at=d, emit_at=e, keep_at=k, meta=json.loads(str(z["meta"])),
                    cal_x=z["cal_x"], cal_y=z["cal_y"])
            m.text, m.w_text = read_text_blocks(z)
            if "train_keys" in z.files:
                m.train_keys = z["train_keys"]
            if "w_emb" in z.files:  # models before the encoder block have none
                m.w_emb = z["w_emb"].astype(np.float64)
        if m.w_hash.shape != (N_HASH, N_CLASSES):
            raise ValueError(f"{path}: not an accord event model (hashed block "
                             f"{m.w_hash.shape}, expected {(N_HASH, N_CLASSES)})")
        if m.w_emb.size and m.w_emb.shape[1] != N_CLASSES:
            raise ValueError(f"{path}: encoder block {m.w_emb.shape}, expected (384, 5)")
        return m


_warned_no_encoder: list[bool] = []


def sentence_vectors(texts: Sequence[str]) -> np.ndarray | None:
    """The sentence encoder's vectors of `texts` (accord.nlp.encoder), or None when its model
    package is not installed: the layer then reads the sentence without them (their block
    adds nothing to the scores, as for a vector orthogonal to every weight), and says so
    once per process. A model file that fails its hash check is an error, not a fallback."""
    from accord.nlp.encoder import EncoderUnavailable, encode

    try:
        return encode(texts)
    except EncoderUnavailable as exc:
        if not _warned_no_encoder:
            import warnings

            _warned_no_encoder.append(True)
            warnings.warn(f"the event model's sentence-encoder features are off: {exc}",
                          RuntimeWarning, stacklevel=2)
        return None


def sentence_keys(texts: Sequence[str]) -> np.ndarray:
    """A stable 64-bit hash of each sentence's lower-cased words (spacing and punctuation
    ignored), to tell a model's training sentences without storing them."""
    import hashlib
    import re

    return np.array([int.from_bytes(hashlib.blake2b(
        " ".join(re.findall(r"\w+", t.lower())).encode("utf-8"), digest_size=8).digest(),
        "little") for t in texts], dtype=np.uint64)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def packaged_model_path() -> Path:
    """The model file shipped with accord."""
    return Path(str(resources.files("accord.nlp").joinpath("data/event_model.npz")))


@cache
def _load(spec: str) -> QuadModel | None:
    if spec.lower() in ("none", "off", "rules", ""):
        return None
    path = Path(spec) if spec != "packaged" else packaged_model_path()
    if spec == "packaged" and not path.exists():
        return None
    return QuadModel.load(path)


def get_model() -> QuadModel | None:
    """The model the coder uses: $ACCORD_EVENT_MODEL (a path, or "none"), else the packaged
    one; None means rules only. Loaded once per setting."""
    return _load(os.environ.get(ENV_VAR, "packaged"))


@cache
def _retype_table() -> dict[tuple[str, int], str]:
    """(trigger lemma, quad) -> the first PLOVER type the lexicon gives that lemma in that quad."""
    from accord.nlp.lexicon import lexicon, quad_of

    lex = lexicon()
    out: dict[tuple[str, int], str] = {}
    for lemma, rules in lex["verbs"].items():
        for r in rules or []:
            out.setdefault((lemma, quad_of(r["type"])), r["type"])
    for lemma, r in lex["nouns"].items():
        if isinstance(r, dict) and "type" in r:
            out.setdefault((lemma, quad_of(r["type"])), r["type"])
    return out


def retype(ev: Event, trigger: str, quad: int, types: TypeChoice | None = None) -> Event:
    """The event re-typed to the best type of `quad`: the trigger's own type in that class
    (the lexicon's), else the type layer's pick for the sentence (`types`,
    accord.nlp.type_model), else the class's generic type (mode kept if valid). Trigger first
    or layer first pick a gold type equally often on the annotated sets (0.698 and 0.700,
    folds grouped by crisis); the trigger's reading is the one the rules can explain."""
    from accord.nlp.lexicon import plover, score_of

    new = _retype_table().get((trigger, quad)) or (
        types.pick(quad) if types is not None else None) or GENERIC_TYPE[quad]
    mode = ev.mode if ev.mode in plover()["types"][new]["modes"] else None
    return ev.model_copy(update={"type": new, "quad": quad, "mode": mode,
                                 "score": score_of(new, mode)})


def fallback_event(sent: Any, dm: Any, anchor: Any, article_id: str | None,
                   ) -> tuple[Event, str] | None:
    """A frame for a sentence the rules found no event in whose root is an action verb (not a
    copula, nor one of `lexicon.NON_ACT_ROOTS`): the root verb's actor and
    recipient by the coder's own role rules (`accord.nlp.events.clause_roles`: passive
    agents, reported speech, possessives, unnamed perpetrators), the root lemma as trigger.
    None without an actor: no event is ever emitted without one. Its type is a placeholder;
    `combine` sets the quad the model chose."""
    from accord.nlp.frames import PROPOSAL_NOUNS
    from accord.nlp.lexicon import CODER_VERSION, NON_ACT_ROOTS, lexicon
    from accord.nlp.roles import clause_roles
    from accord.types import Evidence

    root = sent.root
    if root.lemma_.lower() in lexicon()["_reporting"]:
        # "Amnesty said soldiers opened fire on the crowd": the frame is the reported clause
        # (its own verb and subject), not the report
        reported = [k for k in root.children if k.dep_ == "ccomp" and k.pos_ == "VERB"]
        if len(reported) == 1:
            root = reported[0]
    # an act needs an action verb: not a copula (tagged AUX), nor a verb of state, view,
    # quantity or report ("are nuclear-armed", "views X as", "may fall to", "says the talks")
    if root.pos_ != "VERB" or root.lemma_.lower() in NON_ACT_ROOTS:
        return None
    actors, recipients = clause_roles(root, dm)
    if not actors:
        return None
    # "released / presented a draft proposal": what the frame carries is proposed, not done
    proposed = any(k.dep_ == "dobj" and k.lemma_.lower() in PROPOSAL_NOUNS
                   for k in root.children)
    mode = "proposed" if proposed else _frame_mode(root)
    ev = Event(
        type=GENERIC_TYPE[1], quad=1, score=0.0, actor=actors, recipient=recipients,
        negated=any(c.dep_ == "neg" for c in root.children), date=anchor,
        hypothetical=mode is not None, future=mode == "future", factuality=mode,
        date_basis="article" if anchor is not None else None,
        date_precision="day" if anchor is not None else None,
        # roles read off the root's frame, not off a trigger's rule: less sure than the
        # rules' (their scale: a named actor 0.9 x a recipient in place 0.9)
        role_confidence=0.5 if recipients else 0.35,
        evidence=Evidence(article_id=article_id, start=sent.start_char, end=sent.end_char,
                          sentence=sent.text.strip()),
        coder_version=CODER_VERSION + "+learned")
    return ev, root.lemma_.lower()


def _frame_mode(root: Any) -> str | None:
    """The factuality a fallback frame's root gives its act, when not plainly done: "will" ->
    future; "would", "could", "may" ... -> hypothetical; a verb of weighing an option ("is
    mulling sanctions against X", `factuality.CONSIDERING`) -> hypothetical."""
    from accord.nlp.factuality import CONSIDERING
    from accord.nlp.lexicon import FUTURE_AUX, MODAL_AUX

    if root.lemma_.lower() in CONSIDERING:
        return "hypothetical"
    for k in root.children:
        if k.dep_ == "aux" or k.tag_ == "MD":
            if k.lower_ in FUTURE_AUX:
                return "future"
            if k.lower_ in MODAL_AUX:
                return "hypothetical"
    return None


def emissible(root_lemma: str, quad: int) -> bool:
    """May a fallback frame whose root is `root_lemma` become an event of class `quad`? A
    statement is a verbal act: a reporting root ("North Korea has long claimed the drills
    are rehearsals for an invasion") gives verbal cooperation or conflict (1, 3), never a
    material act (2, 4) the model reads from the words it reports."""
    from accord.nlp.lexicon import lexicon

    return quad not in (2, 4) or root_lemma not in lexicon()["_reporting"]


# force is read from a force trigger only: the type layer never makes an act an ASSAULT nor
# turns an ASSAULT into another type (force is what the escalation ladder and the forecasts
# read; "war games simulating attacks" became an assault). On the annotated sets the
# override's moves into or out of ASSAULT were a net loss (-1 of 1,135 rule events)
RULES_ONLY_TYPES = frozenset({"ASSAULT"})


@dataclass
class TypeChoice:
    """One sentence's type probabilities from the type layer (accord.nlp.type_model)."""

    model: Any
    probs: np.ndarray

    def pick(self, quad: int) -> str | None:
        """The layer's type of class `quad`, never ASSAULT (`RULES_ONLY_TYPES`)."""
        return self.model.pick(self.probs, quad, exclude=RULES_ONLY_TYPES)

    def probability(self, etype: str) -> float:
        return self.model.probability(self.probs, etype)


def override_type(ev: Event, types: TypeChoice | None, taken: set[str]) -> Event:
    """A rule event whose type the type layer finds improbable (below
    `type_model.OVERRIDE_BELOW`) takes the layer's type of the same class when that one is
    probable (at least `OVERRIDE_TOP`) and no other event of the sentence has it."""
    from accord.nlp.lexicon import label_quad
    from accord.nlp.type_model import OVERRIDE_BELOW, OVERRIDE_TOP

    q = label_quad(ev.type)
    if types is None or q == 0 or ev.type in RULES_ONLY_TYPES \
            or types.probability(ev.type) >= OVERRIDE_BELOW:
        return ev
    best = types.pick(q)
    if best is None or best in taken or types.probability(best) < OVERRIDE_TOP:
        return ev
    return retype(ev, "", q, types)


def combine(events: Sequence[Event], triggers: Sequence[str], probs: np.ndarray,
            model: QuadModel, fallback: tuple[Event, str] | None = None,
            ongoing: Sequence[bool] = (), types: TypeChoice | None = None) -> list[Event]:
    """The rule coder's events of one sentence, re-weighed by the model's class
    probabilities `probs` (length 5): see the module docstring. An event flagged in
    `ongoing` (a war the sentence names as under way, "a truce in its war on Hamas") and
    not the main event is presupposed by the sentence, not its main act, which is what the
    sentence class speaks to: it takes the probability that the sentence reports something
    at all (1 - P(no event)) when that is higher than its own quad's, capped at the main
    event's (it never becomes the event a reader takes from the sentence)."""
    best = int(np.argmax(probs))
    if not events:
        if (fallback is None or best == 0 or probs[best] < model.emit_at
                or fallback[0].negated or not emissible(fallback[1], best)):
            return []
        ev = retype(fallback[0], fallback[1], best, types)
        return [ev.model_copy(update={"confidence": round(model.event_confidence(probs[best]),
                                                          3)})]
    main = events[0]
    if (best == 0 and probs[0] >= model.drop_at
            and not agrees(main.type, main.quad, 0)):  # an appeal is class 0 in the file
        # no act reported as done now: the events go, except past acts the rules read as
        # historical (a strike told as background is a fact about the past, which "no
        # event" does not deny: the precedent stays) and acts told as coming ("said X
        # would attack within days"), both with the model's low confidence. Keeping the
        # hypothetical, proposed, alleged and denied ones as well cost 0.015 macro-F1 (0-4)
        # on the quad file's topic-grouped CV; historical and future ones 0.001. Negated
        # acts stay too ("Iran and Oman did not meet": talks not held, a signal of its own):
        # the sentence class counts no negated event, so this changes no class
        keep = [k for k, e in enumerate(events) if e.factuality in KEPT_ON_DROP]
        if not keep:
            return []
        events = [events[k] for k in keep]
        triggers = [triggers[k] for k in keep]
        ongoing = [ongoing[k] for k in keep if k < len(ongoing)]
        main = events[0]
    out: list[Event] = []
    # the sentence's class may be that of another of its events ("lodged a protest after
    # Chinese vessels entered its waters" is class 4 for the intrusion): the main one stays
    read_elsewhere = any(agrees(e.type, e.quad, best) for e in events[1:])
    for k, (ev, trig) in enumerate(zip(events, triggers, strict=True)):
        if (k == 0 and best != 0 and not agrees(ev.type, ev.quad, best) and not read_elsewhere
                and probs[best] >= model.retype_at
                and type_probability(ev.type, ev.quad, probs) < model.keep_at and ev.asserted
                and not flips(ev.quad, best)):
            ev = retype(ev, trig, best, types)
        elif ev.factuality not in ("negated", "denied"):
            ev = override_type(ev, types, {e.type for e in events} | {e.type for e in out})
        p = type_probability(ev.type, ev.quad, probs)
        if 0 < k < len(ongoing) and ongoing[k]:  # never above the main event's own
            p = max(p, min(1.0 - float(probs[0]),
                           type_probability(main.type, main.quad, probs)))
        if k > 0 and out and out[0].asserted and not ev.asserted:
            # an act told as past, proposed, hypothetical ... beside an asserted main act
            # never reads above it: "pulled out of areas they had seized" is the pull-out
            # (`accord.nlp.train._read` does the same)
            p = min(p, type_probability(out[0].type, out[0].quad, probs))
        conf = model.event_confidence(p)
        out.append(ev.model_copy(update={"confidence": round(conf, 3)}))
    return out


def reaching(rc: Any) -> list[int]:
    """Indexes of the sentences of `rc` (accord.nlp.events.RuleCoding) the model reads: those
    with rule events or a fallback frame."""
    return [i for i, evs in enumerate(rc.events) if evs or rc.fallbacks[i] is not None]


def apply_to_doc(doc: Any, rc: Any, model: QuadModel,
                 emb: np.ndarray | None = None) -> list[list[Event]]:
    """`apply_to_docs` for one parsed doc."""
    return apply_to_docs([doc], [rc], model, emb)[0]


def apply_to_docs(docs: Sequence[Any], rcs: Sequence[Any], model: QuadModel,
                  emb: np.ndarray | None = None) -> list[list[list[Event]]]:
    """Run the model at once over every sentence of a batch of parsed docs that has rule
    events or a fallback frame (`rcs`: their accord.nlp.events.RuleCoding), and combine: one
    call of the encoder, the TF-IDF blocks and the two models for the whole batch. `emb`:
    the sentence vectors of those sentences (docs in order, `reaching(rc)` order inside each)
    when the caller has encoded them already; else, for a model with an encoder block, they
    are encoded here."""
    from accord.nlp.learned_features import unit_features

    outs = [[list(e) for e in rc.events] for rc in rcs]
    picks = [reaching(rc) for rc in rcs]
    parts = [(d, rc, idx) for d, rc, idx in zip(docs, rcs, picks, strict=True) if idx]
    if not parts:
        return outs
    rows_l, cols_l, dense_l, texts = [], [], [], []
    base = 0
    for d, rc, idx in parts:
        rows, cols, dense = unit_features(d, [rc.sents[i] for i in idx],
                                          [rc.events[i] for i in idx],
                                          [rc.triggers[i] for i in idx])
        if dense.shape[1] != model.w_dense.shape[0]:
            raise ValueError(f"event model expects {model.w_dense.shape[0]} dense features, "
                             f"the parse gives {dense.shape[1]} (a model trained with another "
                             "spaCy model?)")
        rows_l.append(rows + base)
        cols_l.append(cols)
        dense_l.append(dense)
        texts.extend(rc.sents[i].text for i in idx)
        base += len(idx)
    rows, cols, dense = np.concatenate(rows_l), np.concatenate(cols_l), np.vstack(dense_l)
    if emb is None and model.w_emb.size:  # the sentences that reach the model only
        emb = sentence_vectors(texts)
    probs = model.proba(rows, cols, dense, texts, emb if model.w_emb.size else None)
    tm = get_type_model()
    tprobs = None
    if tm is not None:
        if emb is None and tm.w_emb.size:
            emb = sentence_vectors(texts)
        tprobs = tm.proba(texts, emb if tm.w_emb.size else None)
    j = 0
    for (_, rc, idx), out in zip(parts, [o for o, p in zip(outs, picks, strict=True) if p],
                                 strict=True):
        for i in idx:
            out[i] = combine(rc.events[i], rc.triggers[i], probs[j], model, rc.fallbacks[i],
                             rc.ongoing[i],
                             None if tprobs is None else TypeChoice(tm, tprobs[j]))
            j += 1
    return outs
