"""How typed signals move the crisis model's parameters, and the fitted gains on those moves.

``signal_effects`` reads the typed signals of the situation stage (``accord.types.Signal``,
never text) into per-signal moves (``Effect``: a likelihood ratio on the target's resolve,
hazard multipliers, the state of the crisis: force in use, talks off, a framework);
``apply_signals`` combines them into new :class:`accord.models.crisis.CrisisParams`, each
family scaled by a gain of :class:`CrisisFit` (``accord/data/crisis_fit.json``, fitted by
``accord.forecast.fit``). The reasoning behind each move is in the module doc of
:mod:`accord.models.crisis` ("State" and "Signals").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from accord.types import Evidence
from accord.types import Signal as TypedSignal

if TYPE_CHECKING:
    from accord.models.crisis import CrisisParams

# State effects of recent events (module doc, "State"); judgements unless a source is named.
STATE_WINDOW = 30              # days: only events this recent change the state
FORCE_HALF_LIFE = 10.0         # days: an exchange of fire with no follow-up cools this fast
REFUSAL_HALF_LIFE = 14.0       # days: weight of a refusal of talks
FRAMEWORK_HALF_LIFE = 30.0     # days: weight of a framework agreement not yet concluded
THREAT_HALF_LIFE = 14.0        # days: weight of a threat or deployment
REFUSAL_COLLAPSE = 0.5         # P(talks stay off) after a fresh, certain refusal
FORCE_BREAKDOWN = 2.0          # breakdown hazard x (1 + 2 force): talks stall under fire
THREAT_HAZARD = 0.5            # strike hazard x (1 + 0.5 w) per threat of weight w
MOBILIZE_HAZARD = 0.35         # same for a deployment by the target or the ally
THREAT_CAP = 3.0               # threats and deployments at most triple the strike hazard
TALKS_BREAKDOWN = 0.5          # talks held: breakdown hazard / (1 + 0.5 w)


# ---------------------------------------------------------------- signals -> parameter moves
@dataclass
class Effect:
    """One typed signal's move of the crisis parameters, with its evidence (``signal_effects``)."""

    name: str
    group: str
    effect: str
    evidence: list[Evidence] = field(default_factory=list)
    lr: float = 1.0                 # likelihood ratio resolute : irresolute (target)
    fight: float = 0.0              # added to fight_after_reject
    hazard: float = 1.0             # multiplies the challenger's strike hazard
    ally_threat: float = 0.0        # raises the ally's threat perception (1 - prod(1 - x))
    ally_constraint: float = 0.0    # added to the ally's constraint
    round_rate: float = 1.0         # multiplies the rate of talks rounds
    collapse: float = 1.0           # multiplies collapse_after_reject
    deadline_days: int | None = None
    # state of the crisis: combined as 1 - prod(1 - x) or as products
    force: float = 0.0              # force already in use (intensity 0..1)
    talks_off: float = 0.0          # chance that talks are already broken off
    framework: float = 0.0          # framework agreement (intensity 0..1)
    breakdown: float = 1.0          # multiplies the breakdown hazard of talks
    threat: float = 1.0             # multiplies the challenger's and the ally's strike hazard


# likelihood ratios for the target's own acts (resolute : irresolute), by PLOVER type
TARGET_LR = {
    "MOBILIZE": 2.0, "ASSAULT": 3.0, "COERCE": 1.6, "THREATEN": 1.5, "REJECT": 1.5,
    "SANCTION": 1.3, "ACCUSE": 1.15, "PROTEST": 1.1, "REQUEST": 1.1,
    "CONCEDE": 0.5, "RETREAT": 0.5, "AGREE": 0.7, "COOPERATE": 0.7, "CONSULT": 0.85,
    "SUPPORT": 0.9,
}
_NOT_ACT = frozenset({"hypothetical", "proposed", "future"})
_TALK_KINDS = frozenset({"talks_held", "agreement", "framework", "ceasefire"})
_AGREED = frozenset({"agreement", "framework", "ceasefire"})


def _label(s: TypedSignal) -> str:
    """A short label such as 'USA ASSAULT -> IRN, 2026-02-20 (hypothetical)'."""
    what = s.kind if s.kind == "evacuation" or not s.event_type else s.event_type
    tag = f"{'/'.join(s.actor) or '?'} {what}" + (
        f" -> {'/'.join(s.target)}" if s.target else "") + f", {s.date.isoformat()}"
    if s.detail:
        tag += f" [{s.detail}]"
    return tag + (f" ({s.factuality})" if s.factuality != "asserted" else "")


def signal_effects(
    signals: Sequence[TypedSignal],
    challenger: str,
    target: str,
    ally: str | None,
    as_of: dt.date,
) -> list[Effect]:
    """Parameter moves of the typed signals (``accord.situation.signals``) as of ``as_of``.

    Beliefs (any age), w = the signal's corroborated weight:
      target acts: Bayes update of resolve with ``TARGET_LR[event type]`` ** w (square root
        when not carried out);
      challenger threat / ultimatum toward the target: +0.06 w to fight-after-reject and,
        for an ultimatum, the deadline (days from as_of to its resolved date, at least 1);
      challenger deployment: strike hazard x (1 + 0.35 w) and +0.03 w fight (x2 for a named
        second carrier); a challenger precedent (past strike on the target): hazard x
        (1 + 0.3 w), +0.08 w fight;
      ally threat / deployment / force toward the target: threat perception +0.15 / +0.2 /
        +0.3 w (halved when not carried out; precedent +0.1 w); talks, agreements or
        cooperation between challenger and ally without the target: constraint +0.15 w;
      talks or agreement between challenger and target (announced too) and mediation offers
        toward them: round rate x (1 + 0.25 w); a REJECT between them or talks cancelled:
        collapse-after-reject x (1 + 0.3 w).
    State (module doc, "State"): signals at most ``STATE_WINDOW`` days old, w decayed as
      w 0.5 ** (age / half-life): force in use between core actors (a report naming only a
      core victim: half), unless a ceasefire touching the pair was agreed on or after its day; talks refused or cancelled (talks not held: half) unless talks
      between the two are reported later -> talks off; an agreement, framework or ceasefire
      between challenger and target (announced: half) -> framework; talks held ->
      breakdown / (1 + 0.5 w); threats, ultimatums and non-actual force by a core actor
      (hypothetical: half), deployments by the target or the ally and evacuations of
      citizens or embassies from the crisis (judgement: read like a threat) -> strike
      hazard multiplier.
    """
    ch, tg = challenger[:3].upper(), target[:3].upper()
    al = ally[:3].upper() if ally else None
    core = {ch, tg} | ({al} if al else set())
    pair = {ch, tg}
    talks_days = [s.date for s in signals if s.kind in _TALK_KINDS
                  and s.factuality not in _NOT_ACT and pair <= set(s.actor) | set(s.target)]
    last_talks = max(talks_days) if talks_days else None
    cease_days = [s.date for s in signals if s.kind == "ceasefire" and s.date <= as_of
                  and s.factuality == "asserted" and pair & (set(s.actor) | set(s.target))]
    last_cease = max(cease_days) if cease_days else None
    out: list[Effect] = []
    for s in signals:
        if s.date > as_of:
            continue  # no look-ahead
        src, dst = set(s.actor), set(s.target)
        w0 = float(s.weight)
        ev = list(s.evidence)
        tag = _label(s)
        actual = s.factuality not in _NOT_ACT
        age = max((as_of - s.date).days, 0)
        # --------------------------------------------------------------- beliefs
        if s.kind == "precedent":
            if ch in src and tg in dst:
                out.append(Effect(f"precedent: {tag}", "precedent",
                                  "a past strike makes renewed force more credible", ev,
                                  fight=0.08 * w0, hazard=1.0 + 0.3 * w0))
            elif al and al in src and tg in dst:
                out.append(Effect(f"ally precedent: {tag}", "ally",
                                  "the ally has struck before", ev, ally_threat=0.1 * w0))
            continue
        if tg in src and s.event_type in TARGET_LR and s.kind != "evacuation" \
                and s.factuality not in ("negated", "denied"):
            lr = TARGET_LR[s.event_type] ** w0
            if not actual:
                lr = math.sqrt(lr)
            word = "resolve" if lr > 1 else "flexibility"
            out.append(Effect(f"target {word}: {tag}", "target_resolve",
                              f"likelihood ratio {lr:.2f} on the target being resolute", ev,
                              lr=lr))
        if ch in src and tg in dst and s.kind in ("threat", "ultimatum"):
            days = None
            if s.deadline is not None:
                days = max((s.deadline - as_of).days, 1)
            out.append(Effect(f"challenger threat: {tag}", "challenger_threat",
                              "a rejected demand is likelier to be met with force", ev,
                              fight=0.06 * w0, deadline_days=days))
        elif ch in src and s.kind == "deployment":
            k = 2.0 if s.detail == "second carrier" else 1.0
            out.append(Effect(f"challenger mobilization: {tag}", "mobilization",
                              "forces in place raise the daily chance of a strike", ev,
                              hazard=1.0 + 0.35 * w0 * k, fight=0.03 * w0 * k))
        if al and al in src and tg in dst and s.kind in (
                "threat", "ultimatum", "deployment", "force_in_use"):
            kind = s.event_type if s.event_type in ("MOBILIZE", "ASSAULT") else "THREATEN"
            bump = {"THREATEN": 0.15, "MOBILIZE": 0.2, "ASSAULT": 0.3}[kind] * w0
            if not actual:
                bump *= 0.5
            out.append(Effect(f"ally threat perception: {tag}", "ally",
                              "the ally is likelier to strike on its own", ev,
                              ally_threat=bump))
        if al and actual and s.kind in ("talks_held", "agreement", "framework", "cooperation") \
                and {ch, al} <= (src | dst) and tg not in src | dst:
            out.append(Effect(f"ally coordination: {tag}", "ally_coordination",
                              "coordination restrains independent action by the ally", ev,
                              ally_constraint=0.15 * w0))
        if s.factuality != "hypothetical" and (
                (s.kind in _TALK_KINDS and pair <= (src | dst))
                or (s.kind == "mediation" and dst & pair)):
            out.append(Effect(f"talks: {tag}", "talks", "negotiation rounds come sooner", ev,
                              round_rate=1.0 + 0.25 * w0))
        if (s.event_type == "REJECT" or s.kind == "talks_cancelled") and (
                (ch in src and tg in dst) or (tg in src and ch in dst)
                or (s.kind == "talks_cancelled" and pair <= src | dst)):
            out.append(Effect(f"refusal: {tag}", "talks_cancelled",
                              "talks break off more easily", ev, collapse=1.0 + 0.3 * w0))
        # --------------------------------------------------------------- state
        if age > STATE_WINDOW or s.factuality in ("denied", "historical"):
            continue
        s_core, d_core = src & core, dst & core

        def w(half_life: float, w0: float = w0, age: int = age) -> float:
            return w0 * 0.5 ** (age / half_life)

        later_talks = bool(last_talks and last_talks > s.date)
        if s.kind == "talks_cancelled" and pair <= (src | dst) and not later_talks:
            half = 0.5 if s.factuality == "negated" else 1.0
            out.append(Effect(f"talks off: {tag}", "talks_refused",
                              "talks may already be off", ev,
                              talks_off=half * REFUSAL_COLLAPSE * w(REFUSAL_HALF_LIFE)))
            continue
        if s.factuality == "negated":
            continue
        if s.kind == "force_in_use":
            if last_cease is not None and s.date <= last_cease:
                continue   # ended by a ceasefire agreed since
            x = 0.0
            if s_core and d_core and d_core - s_core:
                x = w(FORCE_HALF_LIFE)
            elif not s_core and d_core:
                x = 0.5 * w(FORCE_HALF_LIFE)
            if x > 0:
                out.append(Effect(f"force in use: {tag}", "force_in_use",
                                  "force already used: further strikes and retaliation "
                                  "likely, talks stall", ev, force=x))
            continue
        if s.kind == "talks_refused" and s_core & pair and (
                not d_core or d_core & (pair - s_core)):
            if not later_talks:
                out.append(Effect(f"talks refused: {tag}", "talks_refused",
                                  "talks may already be off", ev,
                                  talks_off=REFUSAL_COLLAPSE * w(REFUSAL_HALF_LIFE)))
            continue
        if s.kind in _AGREED and s.factuality != "hypothetical" and pair <= (src | dst):
            x = w(FRAMEWORK_HALF_LIFE) * (0.5 if not actual else 1.0)
            out.append(Effect(f"framework agreement: {tag}", "framework",
                              "terms agreed in principle: a final deal is near", ev,
                              framework=x))
            continue
        if s.kind == "talks_held" and s.factuality != "hypothetical" and pair <= (src | dst):
            out.append(Effect(f"talks held: {tag}", "talks", "negotiation rounds come sooner",
                              ev, breakdown=1.0 / (1.0 + TALKS_BREAKDOWN * w(THREAT_HALF_LIFE))))
            continue
        threat = 0.0
        if s_core and s.kind in ("threat", "ultimatum"):
            threat = THREAT_HAZARD * w(THREAT_HALF_LIFE) * (
                0.5 if s.factuality == "hypothetical" else 1.0)
        elif s.kind == "deployment" and actual and s_core & ({tg, al} - {None}):
            threat = MOBILIZE_HAZARD * w(THREAT_HALF_LIFE)
        elif s.kind == "evacuation" and (src | dst) & core:
            threat = THREAT_HAZARD * w(THREAT_HALF_LIFE)
        if threat > 0:
            out.append(Effect(f"threat: {tag}", "threats",
                              "threats and deployments raise the daily chance of a strike",
                              ev, threat=1.0 + threat))
    return out


# ---------------------------------------------------------------- fitted gains
FIT_GAINS = ("threat", "force", "resolve", "deal", "breakdown", "fight", "strike_base",
             "deal_base")


@dataclass(frozen=True)
class CrisisFit:
    """Gains on the judgement-set effects of the signals, fitted on a crisis corpus.

    Each gain multiplies the log-effect (or the increment) of one family of signals; 1 keeps
    today's judgements, so a crisis without signals keeps its ICB calibration whatever the
    gains. ``threat``: exponent on the signals' strike-hazard multiplier (threats,
    deployments, precedent; its cap ``THREAT_CAP`` too) and on the ally's; ``force``:
    multiplies the continuation hazard of force in use (-ln(1 - force_continuation));
    ``resolve``: exponent on the product of the likelihood ratios; ``deal``: exponent on the
    talks' round-rate multiplier and factor on the framework deal hazard; ``breakdown``:
    exponent on the breakdown multiplier and on P(talks already off) (1 - (1 - x) ** g);
    ``fight``: factor on the signals' increment of fight-after-reject; ``strike_base`` and
    ``deal_base``: factors on the strike hazard and on the rate of talks rounds of a crisis
    that has any signal at all (a crisis in the news is not a neutral ICB crisis). Values and their
    provenance: ``accord/data/crisis_fit.json`` (``accord backtest DIR --fit`` writes it).
    """

    threat: float = 1.0
    force: float = 1.0
    resolve: float = 1.0
    deal: float = 1.0
    breakdown: float = 1.0
    fight: float = 1.0
    strike_base: float = 1.0
    deal_base: float = 1.0

    @classmethod
    def from_mapping(cls, gains: Mapping[str, float]) -> CrisisFit:
        return cls(**{k: float(gains[k]) for k in FIT_GAINS if k in gains})

    def as_dict(self) -> dict[str, float]:
        return {k: float(getattr(self, k)) for k in FIT_GAINS}


IDENTITY_FIT = CrisisFit()


def fit_path() -> str | None:
    """Where the fitted gains are read from: $ACCORD_CRISIS_FIT ('none': today's values), else
    the bundled ``accord/data/crisis_fit.json``."""
    import os

    env = os.environ.get("ACCORD_CRISIS_FIT")
    if env is not None:
        return None if env.lower() in ("", "none") else env
    return str(resources.files("accord").joinpath("data/crisis_fit.json"))


@lru_cache(maxsize=4)
def _load_fit(path: str | None) -> CrisisFit:
    import json
    from pathlib import Path

    if path is None or not Path(path).exists():
        return IDENTITY_FIT
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return CrisisFit.from_mapping(data.get("gains", {}))


def current_fit() -> CrisisFit:
    """The fitted gains in use (today's values, all 1, when no fit file is present)."""
    return _load_fit(fit_path())


def apply_signals(prm: CrisisParams, signals: Sequence[Effect],
                  fit: CrisisFit | None = None) -> CrisisParams:
    """Parameters after the signals: Bayes update of resolve, additive/multiplicative moves,
    and the state of the crisis (force in use, talks off, framework, threat multiplier).

    ``fit`` (default ``current_fit()``) scales each family of effects (``CrisisFit``)."""
    g = fit if fit is not None else current_fit()
    odds = prm.resolve / max(1.0 - prm.resolve, 1e-9)
    fight, hazard, rate, collapse = prm.fight_after_reject, prm.strike_hazard, 1.0, 1.0
    threat_keep, constraint = 1.0, 0.0
    deadline = prm.deadline
    no_force, on, no_fw = 1.0 - prm.force, 1.0 - prm.talks_off, 1.0 - prm.framework
    breakdown, threat = 1.0, 1.0
    for s in signals:
        no_force *= 1.0 - s.force
        on *= 1.0 - s.talks_off
        no_fw *= 1.0 - s.framework
        breakdown *= s.breakdown
        threat *= s.threat
        odds *= s.lr
        fight += s.fight
        hazard *= s.hazard
        rate *= s.round_rate
        collapse *= s.collapse
        threat_keep *= 1.0 - s.ally_threat
        constraint += s.ally_constraint
        if s.deadline_days is not None:
            deadline = s.deadline_days if deadline is None else min(deadline, s.deadline_days)
    threat = min(threat, THREAT_CAP) ** g.threat
    if signals:  # a crisis in the news (CrisisFit doc); without signals: the ICB calibration
        threat *= g.strike_base
        rate = rate ** g.deal * g.deal_base
    else:
        rate = rate ** g.deal
    force = 1.0 - no_force
    breakdown *= 1.0 + FORCE_BREAKDOWN * force
    if g.resolve != 1.0:  # prior odds x (product of the likelihood ratios) ** gain
        odds = prm.resolve / max(1.0 - prm.resolve, 1e-9) * math.prod(
            s.lr for s in signals) ** g.resolve
    sig_hazard = (hazard / max(prm.strike_hazard, 1e-300)) ** g.threat if hazard > 0 else 0.0
    upd: dict = {
        "resolve": odds / (1.0 + odds),
        "fight_after_reject": min(prm.fight_after_reject
                                  + g.fight * (fight - prm.fight_after_reject), 0.9),
        "strike_hazard": min(prm.strike_hazard * sig_hazard * threat, 0.2),
        "breakdown_hazard": min(prm.breakdown_hazard * breakdown ** g.breakdown, 0.5),
        "force": force,
        "talks_off": 1.0 - on ** g.breakdown,
        "framework": 1.0 - no_fw,
        "round_interval": max(prm.round_interval / rate, 1.0),
        "collapse_after_reject": min(prm.collapse_after_reject * collapse, 0.9),
        "deadline": deadline,
    }
    if g.force != 1.0:
        upd["force_continuation"] = min(1.0 - (1.0 - prm.force_continuation) ** g.force, 0.999)
    if g.deal != 1.0:
        upd["framework_deal_hazard"] = min(prm.framework_deal_hazard * g.deal, 1.0)
    if prm.ally is not None:
        a = prm.ally
        upd["ally"] = a.model_copy(update={
            "threat": 1.0 - (1.0 - a.threat) * threat_keep,
            "constraint": min(a.constraint + constraint, 0.9),
            "base_hazard": min(a.base_hazard * threat, 1.0),
        })
    return prm.model_copy(update=upd)


