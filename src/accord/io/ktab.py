"""KTAB SMP scenario files (CSV and XML) to and from :class:`accord.types.Scenario`.

KTAB writes positions and saliences on a 0-100 scale; a Scenario keeps positions on the
issue's scale (0-100 for KTAB files) and saliences in [0, 1], so salience = KTAB value / 100
and ``Scenario.arrays().scaled()`` gives exactly the numbers ``smpc`` works with.

CSV layout (``smpc --csv``): line 1 ``name,description,numActors,numDims``; line 2 a header
``Actor,Description,Power,<dim> Position,<dim> Salience,...``; then one line per actor.
XML layout (``smpc --xml``): ``Scenario/{name,desc,prngSeed,ModelParameters,Dimensions,
Actors,IdealAdjustment}``.
"""

from __future__ import annotations

import csv
import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord.errors import InputError
from accord.types import Actor, Issue, Position, Scenario, Source

_PARAM_TAGS = {  # XML tag -> SMP constructor argument
    "VictoryProbModel": "victory_prob_model",
    "PCEModel": "pce_model",
    "StateTransitions": "state_transitions",
    "VotingRule": "voting_rule",
    "BigRAdjust": "big_r_adjust",
    "BigRRange": "big_r_range",
    "ThirdPartyCommit": "third_party_commit",
    "InterVecBrgn": "inter_vec_brgn",
    "BargnModel": "bargain_model",
}
_PARAM_ORDER = ("VictoryProbModel", "PCEModel", "StateTransitions", "VotingRule", "BigRAdjust",
                "BigRRange", "ThirdPartyCommit", "InterVecBrgn", "BargnModel")
_DEFAULT_SEED = 0


def _number(text: str, where: str) -> float:
    try:
        v = float(text.strip())
    except (ValueError, AttributeError):
        raise InputError(f"expected a number, got {text!r}", where=where) from None
    if not math.isfinite(v):
        raise InputError(f"expected a finite number, got {text!r}", where=where)
    return v


def _dim_name(header: str) -> str:
    """'Policy Position' -> 'Policy'; KTAB's generic 'Pstn1' stays as it is."""
    h = header.strip()
    for suffix in (" Position", " position", " Pos"):
        if h.endswith(suffix) and len(h) > len(suffix):
            return h[: -len(suffix)].strip()
    return h


def _build(name: str, desc: str, actors: list[tuple[str, str, float]], dims: list[str],
           pos: list[list[float]], sal: list[list[float]], where: str,
           dim_headers: list[str] | None = None) -> Scenario:
    """Assemble a Scenario from KTAB's 0-100 numbers, turning validation errors into InputError."""
    src = Source(kind="file", note=where)
    try:
        issues = [
            Issue(id=d, name=d, scale=(0.0, 100.0),
                  source=src)
            for d in dims
        ]
        acts = [Actor(id=a, name=desc_, capability=c, source=src) for a, desc_, c in actors]
        positions = [
            Position(actor=a[0], issue=dims[k], position=pos[i][k], salience=sal[i][k] / 100.0,
                     source=src)
            for i, a in enumerate(actors) for k in range(len(dims))
        ]
        return Scenario(name=name, description=desc, actors=acts, issues=issues,
                        positions=positions)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err.get("loc", ()))
        raise InputError(f"{err.get('msg', 'invalid value')} ({loc})", where=where) from None


# ------------------------------------------------------------------------------ CSV
def read_ktab_csv(path: str | Path) -> Scenario:
    """Read a KTAB SMP CSV scenario; errors name the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", where=str(path)) from None
    rows = [[c.strip() for c in r]
            for r in csv.reader(io.StringIO(text), skipinitialspace=True)]
    rows = [(ln, r) for ln, r in enumerate(rows, start=1)]
    rows = [(ln, r) for ln, r in rows if any(c for c in r)]
    if len(rows) < 2:
        raise InputError("a KTAB CSV needs a title line, a header line and actors",
                         where=str(path))
    ln, first = rows[0]
    if len(first) < 4:
        raise InputError("line 1 must be: name, description, actors, dimensions",
                         where=f"{path}:{ln}")
    name, desc = first[0], first[1]
    n_act = _int(first[2], f"{path}:{ln}: number of actors")
    n_dim = _int(first[3], f"{path}:{ln}: number of dimensions")
    if n_dim < 1 or n_act < 1:
        raise InputError("need at least one actor and one dimension", where=f"{path}:{ln}")
    hl, header = rows[1]
    if len(header) < 3 + 2 * n_dim:
        raise InputError(f"header has {len(header)} fields, expected {3 + 2 * n_dim}",
                         where=f"{path}:{hl}")
    dim_headers = [header[3 + 2 * k] for k in range(n_dim)]
    dims = [_dim_name(h) for h in dim_headers]
    if len(set(dims)) != len(dims):
        dims = list(dim_headers)
    body = rows[2:]
    if len(body) != n_act:
        raise InputError(f"line 1 announces {n_act} actors but {len(body)} follow",
                         where=str(path))
    actors: list[tuple[str, str, float]] = []
    pos: list[list[float]] = []
    sal: list[list[float]] = []
    for ln, r in body:
        where = f"{path}:{ln}"
        if len(r) < 3 + 2 * n_dim or any(not c for c in r[3:3 + 2 * n_dim]) or not r[0]:
            raise InputError(f"expected {3 + 2 * n_dim} fields (actor, description, power, "
                             "position and salience per dimension)", where=where)
        cap = _number(r[2], f"{where}: Power")
        if cap <= 0:
            raise InputError(f"power must be positive, got {r[2]!r}", where=f"{where}: Power")
        ps, ss = [], []
        for k in range(n_dim):
            p = _number(r[3 + 2 * k], f"{where}: {dim_headers[k]}")
            s = _number(r[4 + 2 * k], f"{where}: {header[4 + 2 * k]}")
            if not 0 <= p <= 100:
                raise InputError(f"position {p} outside [0, 100]",
                                 where=f"{where}: {dim_headers[k]}")
            if not 0 <= s <= 100:
                raise InputError(f"salience {s} outside [0, 100]",
                                 where=f"{where}: {header[4 + 2 * k]}")
            ps.append(p)
            ss.append(s)
        if sum(ss) > 100:
            raise InputError(f"saliences sum to {sum(ss)} > 100", where=where)
        actors.append((r[0], r[1], cap))
        pos.append(ps)
        sal.append(ss)
    return _build(name, desc, actors, dims, pos, sal, str(path), dim_headers)


def _int(text: str, where: str) -> int:
    v = _number(text, where)
    if v != int(v):
        raise InputError(f"expected a whole number, got {text!r}", where=where)
    return int(v)


def _fmt(v: float) -> str:
    """Shortest clean decimal for a KTAB 0-100 value (rounded to 10 significant digits)."""
    s = f"{v:.10g}"
    return "0" if s == "-0" else s


def _ktab_numbers(scenario: Scenario) -> tuple[list[list[float]], list[list[float]]]:
    """Positions mapped to 0-100 and saliences x 100, actors x issues (missing = mean, 0)."""
    arr = scenario.arrays()
    z = arr.scaled() * 100.0
    return z.tolist(), (arr.salience * 100.0).tolist()


def write_ktab_csv(scenario: Scenario, path: str | Path) -> None:
    """Write a Scenario as a KTAB SMP CSV (positions mapped to 0-100, saliences x 100)."""
    pos, sal = _ktab_numbers(scenario)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([scenario.name, scenario.description, len(scenario.actors),
                len(scenario.issues)])
    head = ["Actor", "Description", "Power"]
    for iss in scenario.issues:
        head += [f"{iss.id} Position", f"{iss.id} Salience"]
    w.writerow(head)
    for i, a in enumerate(scenario.actors):
        row = [a.id, a.name, _fmt(a.capability)]
        for k in range(len(scenario.issues)):
            row += [_fmt(pos[i][k]), _fmt(sal[i][k])]
        w.writerow(row)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


# ------------------------------------------------------------------------------ XML
def _child(el: ET.Element, tag: str, where: str) -> ET.Element:
    c = el.find(tag)
    if c is None:
        raise InputError(f"missing element <{tag}>", where=where)
    return c


def _text(el: ET.Element, tag: str, where: str, *, required: bool = True) -> str:
    c = el.find(tag)
    if c is None or c.text is None or not c.text.strip():
        if required:
            raise InputError(f"element <{tag}> is missing or empty", where=where)
        return ""
    return c.text.strip()


def read_ktab_xml(path: str | Path) -> tuple[Scenario, dict[str, Any]]:
    """Read a KTAB SMP XML scenario and its model parameters.

    The dict holds SMP constructor arguments (``voting_rule``, ``pce_model`` ...) for the
    parameters the file sets, ``ideal_adjustment`` ({actor: {reference actor: rate}}) when
    the file has one, and ``seed`` (the file's ``prngSeed``).
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML: {exc}", where=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", where=str(path)) from None
    if root.tag != "Scenario":
        raise InputError(f"root element must be <Scenario>, not <{root.tag}>", where=str(path))
    where = f"{path}: Scenario"
    name = _text(root, "name", where, required=False) or path.stem
    desc = _text(root, "desc", where, required=False)
    params: dict[str, Any] = {}
    seed_text = _text(root, "prngSeed", where, required=False)
    if seed_text:
        try:
            params["seed"] = int(seed_text)
        except ValueError:
            raise InputError(f"prngSeed must be an integer, got {seed_text!r}",
                             where=f"{where}/prngSeed") from None
    mp = root.find("ModelParameters")
    if mp is not None:
        for tag, arg in _PARAM_TAGS.items():
            val = _text(mp, tag, f"{where}/ModelParameters", required=False)
            if val:
                params[arg] = val
        _check_params(params, f"{where}/ModelParameters")
    dims_el = _child(root, "Dimensions", where)
    dims = []
    for k, d in enumerate(dims_el.findall("dName")):
        if d.text is None or not d.text.strip():
            raise InputError("empty <dName>", where=f"{where}/Dimensions/dName[{k + 1}]")
        dims.append(d.text.strip())
    if not dims:
        raise InputError("no <dName> in <Dimensions>", where=f"{where}/Dimensions")
    actors: list[tuple[str, str, float]] = []
    pos: list[list[float]] = []
    sal: list[list[float]] = []
    acts_el = _child(root, "Actors", where)
    for n, a in enumerate(acts_el.findall("Actor"), start=1):
        aw = f"{where}/Actors/Actor[{n}]"
        aname = _text(a, "name", aw)
        adesc = _text(a, "description", aw, required=False)
        cap = _number(_text(a, "capability", aw), f"{aw}/capability")
        if cap <= 0:
            raise InputError(f"capability must be positive, got {cap}", where=f"{aw}/capability")
        ps = _coords(_child(a, "Position", aw), "dCoord", f"{aw}/Position", len(dims))
        ss = _coords(_child(a, "Salience", aw), "dSal", f"{aw}/Salience", len(dims))
        for k, (p, s) in enumerate(zip(ps, ss, strict=True)):
            if not 0 <= p <= 100:
                raise InputError(f"position {p} outside [0, 100]",
                                 where=f"{aw}/Position/dCoord[{k + 1}]")
            if not 0 <= s <= 100:
                raise InputError(f"salience {s} outside [0, 100]",
                                 where=f"{aw}/Salience/dSal[{k + 1}]")
        if sum(ss) > 100:
            raise InputError(f"saliences sum to {sum(ss)} > 100", where=f"{aw}/Salience")
        actors.append((aname, adesc, cap))
        pos.append(ps)
        sal.append(ss)
    if not actors:
        raise InputError("no <Actor> in <Actors>", where=f"{where}/Actors")
    ia = root.find("IdealAdjustment")
    if ia is not None:
        names = {a[0] for a in actors}
        adj: dict[str, dict[str, float]] = {}
        for n, pair in enumerate(ia.findall("iaPair"), start=1):
            pw = f"{where}/IdealAdjustment/iaPair[{n}]"
            who = _text(pair, "adjustingIdeal", pw)
            ref = _text(pair, "referencePos", pw)
            for nm, tag in ((who, "adjustingIdeal"), (ref, "referencePos")):
                if nm not in names:
                    raise InputError(f"unknown actor {nm!r}", where=f"{pw}/{tag}")
            rate = _number(_text(pair, "adjust", pw), f"{pw}/adjust")
            if not 0 <= rate <= 1:
                raise InputError(f"adjust must be in [0, 1], got {rate}", where=f"{pw}/adjust")
            adj.setdefault(who, {})[ref] = rate
        if adj:
            params["ideal_adjustment"] = adj
    return _build(name, desc, actors, dims, pos, sal, str(path)), params


def _coords(el: ET.Element, tag: str, where: str, n: int) -> list[float]:
    vals = []
    for k, c in enumerate(el.findall(tag), start=1):
        if c.text is None or not c.text.strip():
            raise InputError(f"empty <{tag}>", where=f"{where}/{tag}[{k}]")
        vals.append(_number(c.text, f"{where}/{tag}[{k}]"))
    if len(vals) != n:
        raise InputError(f"{len(vals)} <{tag}> values for {n} dimensions", where=where)
    return vals


def _check_params(params: dict[str, Any], where: str) -> None:
    from accord.models.smp import SMPConfig  # the option names live with the model

    try:
        SMPConfig(**{k: v for k, v in params.items() if k in _PARAM_TAGS.values()})
    except InputError as exc:
        tag = next((t for t, a in _PARAM_TAGS.items() if a == exc.where), exc.where)
        raise InputError(str(exc).split(": ", 1)[-1], where=f"{where}/{tag}") from None


def write_ktab_xml(scenario: Scenario, path: str | Path,
                   params: dict[str, Any] | None = None) -> None:
    """Write a Scenario (and optionally SMP parameters) as a KTAB SMP XML scenario.

    ``params`` uses the keys :func:`read_ktab_xml` returns. KTAB's reader insists on a
    ``prngSeed`` and an ``IdealAdjustment`` block, so both are always written (identity
    adjustment when none is given).
    """
    params = dict(params or {})
    pos, sal = _ktab_numbers(scenario)
    root = ET.Element("Scenario")
    ET.SubElement(root, "name").text = scenario.name
    ET.SubElement(root, "desc").text = scenario.description
    ET.SubElement(root, "prngSeed").text = str(int(params.get("seed", _DEFAULT_SEED)))
    given = {t: params[a] for t, a in _PARAM_TAGS.items() if a in params}
    if given:
        from accord.models.smp import SMPConfig

        defaults = SMPConfig()
        mp = ET.SubElement(root, "ModelParameters")
        for tag in _PARAM_ORDER:
            ET.SubElement(mp, tag).text = str(
                given.get(tag, getattr(defaults, _PARAM_TAGS[tag])))
    dims = ET.SubElement(root, "Dimensions")
    for iss in scenario.issues:
        ET.SubElement(dims, "dName").text = iss.id
    acts = ET.SubElement(root, "Actors")
    for i, a in enumerate(scenario.actors):
        ae = ET.SubElement(acts, "Actor")
        ET.SubElement(ae, "name").text = a.id
        ET.SubElement(ae, "description").text = a.name
        ET.SubElement(ae, "capability").text = _fmt(a.capability)
        pe = ET.SubElement(ae, "Position")
        for v in pos[i]:
            ET.SubElement(pe, "dCoord").text = _fmt(v)
        se = ET.SubElement(ae, "Salience")
        for v in sal[i]:
            ET.SubElement(se, "dSal").text = _fmt(v)
    adj = params.get("ideal_adjustment") or {a.id: {a.id: 1.0} for a in scenario.actors}
    ia = ET.SubElement(root, "IdealAdjustment")
    for who, refs in adj.items():
        for ref, rate in refs.items():
            pe = ET.SubElement(ia, "iaPair")
            ET.SubElement(pe, "adjustingIdeal").text = who
            ET.SubElement(pe, "referencePos").text = ref
            ET.SubElement(pe, "adjust").text = _fmt(float(rate))
    ET.indent(root, space="  ")
    Path(path).write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
