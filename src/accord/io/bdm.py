"""Reader for the classic single-issue BDM actor table (CSV).

Columns, case-insensitive, in any order: ``Actor`` or ``Stakeholder`` (name),
``Capability`` or ``Resources`` or ``Power`` (weight > 0), ``Position`` and ``Salience``.

Scale choice. BDM tables carry no explicit scale, so the issue scale is the smallest of
[0, 1], [0, 10] and [0, 100] that holds every position (the conventional scales of these
tables), or the positions' own [min, max] when they fall outside all three. Saliences are
read as fractions when none exceeds 1 and as percentages (divided by 100) otherwise, which
is how the Scholz et al. example (80, 40, ...) and the Honduras table (1, 0.3, ...) differ.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from pydantic import ValidationError

from accord.errors import InputError
from accord.types import Actor, Issue, Position, Scenario, Source

_NAME = ("actor", "stakeholder", "name")
_CAP = ("capability", "resources", "power", "clout")
_POS = ("position",)
_SAL = ("salience",)


def _column(header: list[str], names: tuple[str, ...], path: Path) -> int:
    low = [h.strip().lower() for h in header]
    for n in names:
        if n in low:
            return low.index(n)
    raise InputError(f"missing column {names[0]!r} (accepted: {', '.join(names)})",
                     where=f"{path}:1")


def _number(text: str, field: str, where: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise InputError(f"{field} is not a number: {text!r}", where=where) from None
    if not math.isfinite(v):
        raise InputError(f"{field} is not finite: {text!r}", where=where)
    return v


def _scale(lo: float, hi: float) -> tuple[float, float]:
    """Smallest conventional scale holding [lo, hi]; the data range otherwise."""
    if lo >= 0:
        for top in (1.0, 10.0, 100.0):
            if hi <= top:
                return (0.0, top)
    return (lo, hi) if hi > lo else (lo - 1.0, hi + 1.0)


def read_bdm_csv(path: str | Path, *, issue: str | None = None,
                 scale: tuple[float, float] | None = None) -> Scenario:
    """Read a BDM actor table into a one-issue Scenario (issue id = file stem by default)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from None
    rows = [r for r in csv.reader(text.splitlines()) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InputError("needs a header row and at least one actor", where=str(path))
    header = rows[0]
    ci = [_column(header, names, path) for names in (_NAME, _CAP, _POS, _SAL)]
    names: list[str] = []
    cap: list[float] = []
    pos: list[float] = []
    sal: list[float] = []
    for lineno, row in enumerate(rows[1:], start=2):
        where = f"{path}:{lineno}"
        if len(row) <= max(ci):
            raise InputError(f"expected {len(header)} fields, found {len(row)}", where=where)
        name = row[ci[0]].strip()
        if not name:
            raise InputError("empty actor name", where=where)
        if name in names:
            raise InputError(f"duplicate actor {name!r}", where=where)
        c = _number(row[ci[1]], header[ci[1]].strip(), where)
        if c <= 0:
            raise InputError(f"{header[ci[1]].strip()} must be > 0, got {c}", where=where)
        s = _number(row[ci[3]], header[ci[3]].strip(), where)
        if s < 0:
            raise InputError(f"Salience must be >= 0, got {s}", where=where)
        names.append(name)
        cap.append(c)
        pos.append(_number(row[ci[2]], header[ci[2]].strip(), where))
        sal.append(s)
    sal_div = 1.0 if max(sal) <= 1.0 else 100.0
    if max(sal) > 100.0:
        raise InputError(f"Salience above 100 ({max(sal)}); expected 0..1 or 0..100",
                         where=str(path))
    lo, hi = scale if scale is not None else _scale(min(pos), max(pos))
    iid = issue or path.stem
    src = Source(kind="file", note=str(path))
    try:
        return Scenario(
            name=path.stem,
            description=f"BDM actor table {path.name}",
            actors=[Actor(id=n, name=n, capability=c, source=src) for n, c in zip(names, cap, strict=True)],
            issues=[Issue(id=iid, name=iid, scale=(lo, hi), source=src)],
            positions=[Position(actor=n, issue=iid, position=p, salience=s / sal_div, source=src)
                       for n, p, s in zip(names, pos, sal, strict=True)],
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"{'.'.join(map(str, err['loc']))}: {err['msg']}",
                         where=str(path)) from None
