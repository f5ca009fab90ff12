"""What changed between two scenarios, and why (the new value's source note and evidence)."""

from __future__ import annotations

from accord.types import Scenario, Source

_TOL = 1e-9


def _why(src: Source) -> dict:
    return {"source": src.kind, "note": src.note,
            "evidence": [e.model_dump(mode="json") for e in src.evidence]}


def scenario_diff(old: Scenario, new: Scenario) -> list[dict]:
    """List of changes: actors, issues and positions added, removed or moved, with reasons.

    Each item: {"what": "actor"|"issue"|"position", "id", "change": "added"|"removed"|
    "changed", "field", "old", "new", "why": {"source", "note", "evidence"}}. Removed items
    carry the old source as "why".
    """
    out: list[dict] = []
    oa, na = {a.id: a for a in old.actors}, {a.id: a for a in new.actors}
    for k in sorted(na.keys() - oa.keys()):
        out.append({"what": "actor", "id": k, "change": "added", "field": "capability",
                    "old": None, "new": na[k].capability, "why": _why(na[k].source)})
    for k in sorted(oa.keys() - na.keys()):
        out.append({"what": "actor", "id": k, "change": "removed", "field": "capability",
                    "old": oa[k].capability, "new": None, "why": _why(oa[k].source)})
    for k in sorted(oa.keys() & na.keys()):
        if abs(oa[k].capability - na[k].capability) > _TOL:
            out.append({"what": "actor", "id": k, "change": "changed", "field": "capability",
                        "old": oa[k].capability, "new": na[k].capability,
                        "why": _why(na[k].source)})
    oi, ni = {i.id: i for i in old.issues}, {i.id: i for i in new.issues}
    for k in sorted(ni.keys() - oi.keys()):
        out.append({"what": "issue", "id": k, "change": "added", "field": "name", "old": None,
                    "new": ni[k].name, "why": _why(ni[k].source)})
    for k in sorted(oi.keys() - ni.keys()):
        out.append({"what": "issue", "id": k, "change": "removed", "field": "name",
                    "old": oi[k].name, "new": None, "why": _why(oi[k].source)})
    op = {(p.actor, p.issue): p for p in old.positions}
    np_ = {(p.actor, p.issue): p for p in new.positions}
    for k in sorted(np_.keys() - op.keys()):
        p = np_[k]
        out.append({"what": "position", "id": f"{k[0]}/{k[1]}", "change": "added",
                    "field": "position", "old": None, "new": p.position, "why": _why(p.source)})
    for k in sorted(op.keys() - np_.keys()):
        p = op[k]
        out.append({"what": "position", "id": f"{k[0]}/{k[1]}", "change": "removed",
                    "field": "position", "old": p.position, "new": None,
                    "why": _why(p.source)})
    for k in sorted(op.keys() & np_.keys()):
        a, b = op[k], np_[k]
        for fld in ("position", "salience"):
            if abs(getattr(a, fld) - getattr(b, fld)) > _TOL:
                out.append({"what": "position", "id": f"{k[0]}/{k[1]}", "change": "changed",
                            "field": fld, "old": getattr(a, fld), "new": getattr(b, fld),
                            "why": _why(b.source)})
    return out
