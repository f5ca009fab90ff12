"""Reader for DEU III (Decision-making in the European Union; Arregui & Perarnaud 2021).

The file is tab-separated with quoted text fields. The header names, per actor code ``xx``,
a position column ``pxx`` (0..100) and a salience column ``sxx`` (0..100); ``com`` is the
Commission, ``ep`` the European Parliament, the other codes are member states. One row
(the first after the header, with no proposal id) holds each actor's GDP, used as the
actor's capability. Every other row is one controversial issue of one legislative proposal
(``prnrnmc``): ``rp`` is the reference point (the status quo, when coded) and ``out`` the
decision outcome on the same scale.

Choices: issues without an outcome are skipped; an actor without a position is not active
on the issue (left out of its scenario); a position with a missing salience gets salience
50, the midpoint of the scale, so the actor counts with an average weight. Actors get the
roles "EU institution" or "EU member state", which :func:`is_eu_legislative` reads.

:func:`is_eu_legislative` says whether any scenario (from this reader, YAML or another
format) looks like an EU legislative decision, the setting DEU III measures; the simulate
command uses it to pick its default model (see accord.models.validation.default_model).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from accord.errors import InputError
from accord.types import Actor, Issue, Position, Scenario, Source

NAMES = {
    "com": "European Commission", "ep": "European Parliament", "at": "Austria",
    "be": "Belgium", "bu": "Bulgaria", "cr": "Croatia", "cy": "Cyprus", "cz": "Czechia",
    "dk": "Denmark", "ee": "Estonia", "fi": "Finland", "fr": "France", "de": "Germany",
    "el": "Greece", "hu": "Hungary", "ie": "Ireland", "it": "Italy", "lv": "Latvia",
    "lt": "Lithuania", "lu": "Luxembourg", "mt": "Malta", "nl": "Netherlands", "pl": "Poland",
    "pt": "Portugal", "ro": "Romania", "si": "Slovenia", "sk": "Slovakia", "es": "Spain",
    "se": "Sweden", "uk": "United Kingdom",
}
# EU institutions and member states (DEU III codes and ISO 3166 alpha-3, UK included: DEU
# III covers it as a member); used to recognise EU legislative scenarios
EU_INSTITUTIONS = frozenset({"COM", "EP", "COUNCIL", "CON", "EU"})
EU_MEMBERS = frozenset(
    {c.upper() for c in NAMES if c not in ("com", "ep")}
    | {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
       "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVN",
       "SVK", "ESP", "SWE", "GBR"})
EU_ROLES = {"EU institution": EU_INSTITUTIONS, "EU member state": EU_MEMBERS}
DEFAULT_SALIENCE = 50.0
_MISSING = {"", "NA", "N/A", ".", "NaN", "nan"}
_META = ("prnrnmc", "isnr", "out", "rp")


@dataclass(frozen=True)
class DeuIssue:
    """One DEU issue: a one-issue scenario, the observed outcome and its proposal."""

    scenario: Scenario
    outcome: float
    proposal: str
    issue: str
    reference_point: float | None = None
    procedure: str = ""
    voting: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def _value(text: str, col: str, where: str) -> float | None:
    t = text.strip()
    if t in _MISSING:
        return None
    try:
        v = float(t)
    except ValueError:
        raise InputError(f"column {col!r}: not a number: {t!r}", where=where) from None
    if not math.isfinite(v):
        raise InputError(f"column {col!r}: not finite: {t!r}", where=where)
    return v


def _actor_codes(header: list[str], where: str) -> list[str]:
    cols = set(header)
    codes = [h[1:] for h in header
             if h.startswith("p") and "s" + h[1:] in cols and h not in _META]
    if not codes:
        raise InputError("no actor columns (pairs pXX / sXX)", where=where)
    return codes


def read_deu(path: str | Path) -> list[DeuIssue]:
    """Read a DEU III TSV into one :class:`DeuIssue` per issue that has an outcome."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from None
    if len(rows) < 3:
        raise InputError("needs a header, the GDP row and at least one issue", where=str(path))
    header = [h.strip() for h in rows[0]]
    for need in ("prnrnmc", "rp", "out"):
        if need not in header:
            raise InputError(f"missing column {need!r}", where=f"{path}:1")
    col = {h: k for k, h in enumerate(header)}
    codes = _actor_codes(header, f"{path}:1")
    iss_col = "isnr" if "isnr" in col else ("isnrnmc" if "isnrnmc" in col else None)

    cap: dict[str, float] | None = None
    out: list[DeuIssue] = []
    src = Source(kind="table", note=f"DEU III ({path.name})")
    for lineno, row in enumerate(rows[1:], start=2):
        where = f"{path}:{lineno}"
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        proposal = row[col["prnrnmc"]].strip()
        if not proposal:
            # the capability (GDP) row: no proposal id, numbers under the position columns
            if cap is not None:
                raise InputError("a second row without proposal id (prnrnmc)", where=where)
            cap = {}
            for c in codes:
                v = _value(row[col["p" + c]], "p" + c, where)
                if v is None or v <= 0:
                    raise InputError(f"column 'p{c}': capability (GDP) must be > 0",
                                     where=where)
                cap[c] = v
            continue
        if cap is None:
            raise InputError("issue row before the capability (GDP) row", where=where)
        outcome = _value(row[col["out"]], "out", where)
        if outcome is None:
            continue
        rp = _value(row[col["rp"]], "rp", where)
        iid = row[col[iss_col]].strip() if iss_col else f"{proposal}-{lineno}"
        iid = iid or f"{proposal}-{lineno}"
        for name, v in (("out", outcome), ("rp", rp)):
            if v is not None and not 0.0 <= v <= 100.0:
                raise InputError(f"column {name!r}: {v} outside 0..100", where=where)
        actors, positions = [], []
        for c in codes:
            x = _value(row[col["p" + c]], "p" + c, where)
            if x is None:
                continue
            if not 0.0 <= x <= 100.0:
                raise InputError(f"column 'p{c}': position {x} outside 0..100", where=where)
            s = _value(row[col["s" + c]], "s" + c, where)
            if s is None:
                s = DEFAULT_SALIENCE
            if not 0.0 <= s <= 100.0:
                raise InputError(f"column 's{c}': salience {s} outside 0..100", where=where)
            aid = c.upper()
            actors.append(Actor(id=aid, name=NAMES.get(c, aid), capability=cap[c],
                                role="EU institution" if c in ("com", "ep") else "EU member state",
                                source=Source(kind="table", note="GDP row of DEU III")))
            positions.append(Position(actor=aid, issue=iid, position=x, salience=s / 100.0,
                                      source=src))
        if not actors:
            raise InputError(f"issue {iid!r} has an outcome but no actor positions",
                             where=where)
        meta = {h: row[col[h]].strip() for h in header
                if not (h[:1] in "ps" and h[1:] in codes) and h not in ("rp", "out")}
        try:
            scen = Scenario(
                name=f"deu-{iid}",
                description=f"DEU III proposal {proposal} ({meta.get('prname', '')})",
                actors=actors,
                issues=[Issue(id=iid, name=meta.get("prname", iid), scale=(0.0, 100.0),
                              status_quo=rp, source=src)],
                positions=positions,
            )
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"{'.'.join(map(str, err['loc']))}: {err['msg']}",
                             where=where) from None
        out.append(DeuIssue(scenario=scen, outcome=outcome, proposal=proposal, issue=iid,
                            reference_point=rp, procedure=meta.get("proc", ""),
                            voting=meta.get("counvte", ""), meta=meta))
    if cap is None:
        raise InputError("no capability (GDP) row found", where=str(path))
    return out


def is_eu_legislative(scenario: Scenario) -> bool:
    """True when a scenario looks like an EU legislative decision (the DEU III setting).

    The rule: every issue is on the 0..100 scale; at least 80% of the actors are EU
    institutions or member states (by id or code: DEU III codes such as COM, EP, FR, or
    ISO alpha-3 such as FRA, or the role "EU institution" / "EU member state" that the DEU
    reader sets); and the group is EU-wide rather than bilateral: an EU institution takes
    part, or at least five EU actors do, or every actor carries one of those EU roles.
    """
    if any(tuple(i.scale) != (0.0, 100.0) for i in scenario.issues):
        return False
    inst = members = explicit = 0
    for a in scenario.actors:
        keys = {a.id.upper(), (a.code or "").upper()}
        is_inst = bool(keys & EU_INSTITUTIONS) or a.role == "EU institution"
        inst += is_inst
        members += not is_inst and (bool(keys & EU_MEMBERS) or a.role == "EU member state")
        explicit += a.role in EU_ROLES
    n = len(scenario.actors)
    eu = inst + members
    return eu >= 0.8 * n and (inst > 0 or eu >= 5 or explicit == n)
