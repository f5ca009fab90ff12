"""Genius/ANAC negotiation domains: XML domain and profile files, exact Pareto frontier.

Genius (and the ANAC competitions, and negmas, which reads the same files) describes a
negotiation by a *domain* file and one *profile* (utility space) file per party::

    <negotiation_template>  (domain)
      <utility_space number_of_issues="2">
        <objective index="0" name="root" type="objective" etype="objective">
          <issue index="1" name="Food" type="discrete" etype="discrete" vtype="discrete">
            <item index="1" value="Chips"/> ...

    <utility_space>  (profile)
      <objective index="0" name="root" ...>
        <issue index="1" name="Food" ...> <item index="1" value="Chips" evaluation="3"/> ...
        <weight index="1" value="0.4"/> ...
      </objective>
      <discount_factor value="1.0"/>  <reservation value="0.2"/>

A profile's utility of an outcome is linear additive: sum_k weight_k eval_k(value) /
max eval_k. Discrete issues are read (the common case in ANAC domains); integer and real
issues are refused with a message. accord writes the same structure (``write_domain``,
``write_profile``), so its scenarios can be negotiated by Genius or negmas agents through
files (negmas is AGPL and is never imported here).

On the enumerated outcomes, ``pareto_frontier`` is exact and ``negotiate`` plays two-party
alternating offers with time-dependent concession, choosing among the bids worth the
aspiration the one best for the opponent as the negotiator models it: by the opponent's
true profile (``opponent="known"``: every agreement then lies on the frontier), by the
frequency of the values in the opponent's offers (``"frequency"``, the ANAC heuristic), or
not at all (``"none"``: the bid nearest the aspiration).
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from accord.errors import InputError
from accord.types import Scenario

MAX_OUTCOMES = 2_000_000


@dataclass(frozen=True)
class GeniusDomain:
    """Issues with their discrete values, in file order."""

    name: str
    issues: list[tuple[str, list[str]]]

    def outcomes(self) -> np.ndarray:
        """Every outcome as value indices (m x d), in lexicographic order."""
        sizes = [len(v) for _, v in self.issues]
        if int(np.prod(sizes, dtype=float)) > MAX_OUTCOMES:
            raise InputError(f"{int(np.prod(sizes, dtype=float))} outcomes: more than "
                             f"{MAX_OUTCOMES}", where=self.name)
        return np.array(list(itertools.product(*[range(s) for s in sizes])), dtype=np.int32)


@dataclass
class GeniusProfile:
    """A party's linear additive utility: issue weights, value evaluations, outside option."""

    name: str
    weights: dict[str, float]
    evaluations: dict[str, dict[str, float]]
    reservation: float = 0.0
    discount: float = 1.0
    extra: dict[str, str] = field(default_factory=dict)

    def utilities(self, domain: GeniusDomain) -> np.ndarray:
        """Utility of every outcome of the domain (m,)."""
        out = domain.outcomes()
        tot = sum(self.weights.values()) or 1.0
        u = np.zeros(len(out))
        for k, (iss, values) in enumerate(domain.issues):
            ev = np.array([self.evaluations[iss].get(v, 0.0) for v in values], dtype=float)
            top = ev.max() if ev.max() > 0 else 1.0
            u += self.weights[iss] / tot * ev[out[:, k]] / top
        return u


def _parse(path: Path) -> ET.Element:
    """The XML root; unreadable or malformed files are a one-line input error."""
    try:
        return ET.parse(path).getroot()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from None
    except ET.ParseError as exc:
        raise InputError(f"invalid XML: {exc}", where=str(path)) from None


def _objective(root: ET.Element, where: str) -> ET.Element:
    """The <objective> holding the issues (domain and profile files alike)."""
    obj = root.find(".//objective")
    if obj is None:
        raise InputError("no <objective> element", where=where)
    return obj


def _issues(obj: ET.Element, where: str) -> list[ET.Element]:
    """The <issue> elements, refusing non-discrete or unnamed ones."""
    issues = obj.findall("issue")
    if not issues:
        raise InputError("no <issue> elements", where=where)
    for el in issues:
        kind = el.get("type") or el.get("etype") or "discrete"
        if kind != "discrete":
            raise InputError(f"issue {el.get('name')!r}: type {kind!r} not supported (only "
                             "discrete issues)", where=where)
        if el.get("name") is None:
            raise InputError("an <issue> without a name", where=where)
    return issues


def read_domain(path: str | Path) -> GeniusDomain:
    """Read a Genius domain XML file."""
    p = Path(path)
    obj = _objective(_parse(p), str(p))
    issues = []
    for el in _issues(obj, str(p)):
        values = [it.get("value") for it in el.findall("item")]
        if not values or any(v is None for v in values):
            raise InputError(f"issue {el.get('name')!r}: items need a value", where=str(p))
        issues.append((el.get("name"), values))
    return GeniusDomain(name=p.stem, issues=issues)


def _float(el: ET.Element, key: str, where: str, default: float | None = None) -> float:
    """A numeric attribute, or an input error naming the element."""
    raw = el.get(key)
    if raw is None and default is not None:
        return default
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise InputError(f"<{el.tag}> {key}={raw!r} is not a number", where=where) from None


def read_profile(path: str | Path, domain: GeniusDomain) -> GeniusProfile:
    """Read a Genius profile (utility space) XML file for ``domain``."""
    p = Path(path)
    root = _parse(p)
    obj = _objective(root, str(p))
    by_index, evals = {}, {}
    names = {n for n, _ in domain.issues}
    for el in _issues(obj, str(p)):
        name = el.get("name")
        if name not in names:
            raise InputError(f"issue {name!r} is not in the domain", where=str(p))
        by_index[el.get("index")] = name
        evals[name] = {it.get("value"): _float(it, "evaluation", str(p), 0.0)
                       for it in el.findall("item")}
    weights = {}
    for el in obj.findall("weight"):
        idx = el.get("index")
        if idx not in by_index:
            raise InputError(f"<weight index={idx!r}> names no issue", where=str(p))
        weights[by_index[idx]] = _float(el, "value", str(p))
    missing = names - set(weights)
    if missing:
        raise InputError(f"no weight for issue(s) {', '.join(sorted(missing))}", where=str(p))
    res = root.find("reservation")
    disc = root.find("discount_factor")
    return GeniusProfile(name=p.stem, weights=weights, evaluations=evals,
                         reservation=_float(res, "value", str(p)) if res is not None else 0.0,
                         discount=_float(disc, "value", str(p)) if disc is not None else 1.0)


def _issue_el(parent: ET.Element, k: int, name: str) -> ET.Element:
    """A discrete <issue> element as Genius writes it (1-based index)."""
    return ET.SubElement(parent, "issue", {"index": str(k + 1), "etype": "discrete",
                                           "type": "discrete", "vtype": "discrete",
                                           "name": name})


def _write(root: ET.Element, path: Path) -> None:
    """Indented UTF-8 XML with a declaration; the folder is created."""
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


def write_domain(domain: GeniusDomain, path: str | Path) -> None:
    """Write a Genius domain XML file."""
    root = ET.Element("negotiation_template", {"exportable": "true", "extension": "",
                                               "type": "domain"})
    us = ET.SubElement(root, "utility_space", {"number_of_issues": str(len(domain.issues))})
    obj = ET.SubElement(us, "objective", {"index": "0", "etype": "objective",
                                          "type": "objective", "description": "",
                                          "name": domain.name})
    for k, (name, values) in enumerate(domain.issues):
        el = _issue_el(obj, k, name)
        for j, v in enumerate(values):
            ET.SubElement(el, "item", {"index": str(j + 1), "value": v})
    _write(root, Path(path))


def write_profile(profile: GeniusProfile, domain: GeniusDomain, path: str | Path) -> None:
    """Write a Genius profile XML file."""
    root = ET.Element("utility_space", {"type": "linear"})
    obj = ET.SubElement(root, "objective", {"index": "0", "etype": "objective",
                                            "type": "objective", "description": "",
                                            "name": domain.name})
    for k, (name, values) in enumerate(domain.issues):
        el = _issue_el(obj, k, name)
        for j, v in enumerate(values):
            ET.SubElement(el, "item", {"index": str(j + 1), "value": v,
                                       "evaluation": repr(float(profile.evaluations[name].get(v, 0.0)))})
    for k, (name, _) in enumerate(domain.issues):
        ET.SubElement(obj, "weight", {"index": str(k + 1),
                                      "value": repr(float(profile.weights[name]))})
    ET.SubElement(root, "discount_factor", {"value": repr(float(profile.discount))})
    ET.SubElement(root, "reservation", {"value": repr(float(profile.reservation))})
    _write(root, Path(path))


def scenario_to_genius(scenario: Scenario, levels: int = 11
                       ) -> tuple[GeniusDomain, list[GeniusProfile]]:
    """A scenario as a Genius domain (each issue cut into ``levels`` values on its scale)
    and one profile per actor (weights = saliences, evaluation = 1 - |value - position| /
    scale width, reservation = utility of the status quo where every issue has one)."""
    if levels < 2:
        raise InputError("at least 2 levels per issue", where="--levels")
    arr = scenario.arrays()
    grids = [np.linspace(i.scale[0], i.scale[1], levels) for i in scenario.issues]
    domain = GeniusDomain(name=scenario.name, issues=[
        (i.id, [f"{v:g}" for v in g]) for i, g in zip(scenario.issues, grids, strict=True)])
    profiles = []
    for a, aid in enumerate(arr.actors):
        s = arr.salience[a]
        w = s / s.sum() if s.sum() > 0 else np.full(len(s), 1.0 / len(s))
        evals = {}
        for k, (iss, values) in enumerate(domain.issues):
            width = arr.high[k] - arr.low[k]
            evals[iss] = {v: round(float(1.0 - abs(g - arr.position[a, k]) / width), 12)
                          for v, g in zip(values, grids[k], strict=True)}
        sq = arr.status_quo
        r = 0.0
        if not np.isnan(sq).any():
            r = float(1.0 - (w * np.abs(sq - arr.position[a]) / (arr.high - arr.low)).sum())
        weights = dict(zip([i for i, _ in domain.issues], w.round(12).tolist(), strict=True))
        profiles.append(GeniusProfile(name=aid, weights=weights, evaluations=evals,
                                      reservation=round(r, 12)))
    return domain, profiles


def pareto_frontier(U: np.ndarray) -> np.ndarray:
    """Indices of the Pareto-efficient outcomes (exact); U is parties x outcomes."""
    m = U.shape[1]
    if U.shape[0] == 2:
        # sort by u0 (desc), then u1 (desc): an outcome is efficient when it has the best u1
        # of its u0 group and beats every u1 of the groups with a larger u0
        order = np.lexsort((-U[1], -U[0]))
        u0, u1 = U[0, order], U[1, order]
        idx = np.arange(m)
        start = np.maximum.accumulate(np.where(np.r_[True, u0[1:] != u0[:-1]], idx, 0))
        before = np.r_[-np.inf, np.maximum.accumulate(u1)][start]
        keep = (u1 == u1[start]) & (u1 > before)
        return np.sort(order[keep])
    eff = np.ones(m, dtype=bool)
    for start in range(0, m, 512):   # chunked all-pairs dominance test
        blk = U[:, start:start + 512]
        ge = (U[:, :, None] >= blk[:, None, :]).all(axis=0)
        gt = (U[:, :, None] > blk[:, None, :]).any(axis=0)
        eff[start:start + 512] = ~(ge & gt).any(axis=0)
    return np.flatnonzero(eff)


def negotiate(domain: GeniusDomain, profiles: list[GeniusProfile], rounds: int = 100,
              e: tuple[float, float] = (0.5, 0.5), opponent: str = "known"
              ) -> dict:
    """Two-party alternating offers on the domain's outcomes (module doc); party 0 first.

    Returns the agreed outcome's index (or None), the round, both utilities and whether
    it is Pareto-efficient.
    """
    if len(profiles) != 2:
        raise InputError("negotiate takes two profiles", where="profiles")
    if opponent not in ("known", "frequency", "none"):
        raise InputError(f"opponent model {opponent!r}: known, frequency or none",
                         where="opponent")
    out = domain.outcomes()
    U = np.stack([p.utilities(domain) for p in profiles])
    res = np.array([p.reservation for p in profiles])
    top = U.max(axis=1)
    counts = [[np.zeros(len(v)) for _, v in domain.issues] for _ in range(2)]
    agreed, when = None, -1
    for t in range(rounds):
        me, op = t % 2, 1 - t % 2
        share = t / (rounds - 1) if rounds > 1 else 1.0
        asp = res + (top - res) * (1.0 - share ** (1.0 / np.asarray(e)))
        ok = np.flatnonzero(U[me] >= asp[me] - 1e-12)
        if opponent == "known":
            est = U[op, ok]
        elif opponent == "frequency":
            est = sum(c[out[ok, k]] / max(c.sum(), 1.0) for k, c in enumerate(counts[op]))
        else:
            est = -np.abs(U[me, ok] - asp[me])
        # best for the opponent as modelled; ties to the bid worth more to the proposer
        bid = ok[np.lexsort((-U[me, ok], -np.asarray(est, dtype=float)))[0]]
        for k, c in enumerate(counts[me]):
            c[out[bid, k]] += 1.0
        if U[op, bid] >= asp[op] - 1e-12 and U[op, bid] >= res[op]:
            agreed, when = int(bid), t
            break
    front = set(pareto_frontier(U).tolist())
    return {"outcome": agreed, "round": when,
            "values": None if agreed is None else {
                iss: vals[out[agreed, k]] for k, (iss, vals) in enumerate(domain.issues)},
            "utilities": None if agreed is None else [float(U[0, agreed]), float(U[1, agreed])],
            "pareto_efficient": agreed is not None and agreed in front,
            "frontier_size": len(front)}
