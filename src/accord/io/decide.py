"""Reader for the input files of the Decide exchange model (Stokman et al.).

The format, worked out from the files: one record per line, tab-separated, every text field
in single quotes, the record type first:

* ``'#A'  'id'  'name'  'description'``  an actor;
* ``'#P'  'id'  'name'  'description'``  an issue (a "proposal");
* ``'#M'  'issue'  value``  the issue's scale ends: the first ``#M`` of an issue is its
  minimum, the second its maximum;
* ``'#D'  'actor'  'issue'  position  salience  power``  an actor's data on one issue;
  salience is 0..1, power (capability) is repeated on every row of the actor.

An actor without a ``#D`` row on an issue is not active on it. One file is one scenario with
several issues, so :func:`read_decide` returns a single :class:`Scenario`. accord keeps one
capability per actor; when a file gives an actor different powers on different issues the
mean is used and the actor's source note says so.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import ValidationError

from accord.errors import InputError
from accord.types import Actor, Issue, Position, Scenario, Source

_WIDTH = {"#A": 4, "#P": 4, "#M": 3, "#D": 6}


def _unquote(field: str) -> str:
    f = field.strip()
    if len(f) >= 2 and f[0] == f[-1] and f[0] in "'\"":
        return f[1:-1]
    return f


def _num(text: str, what: str, where: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise InputError(f"{what} is not a number: {text!r}", where=where) from None
    if not math.isfinite(v):
        raise InputError(f"{what} is not finite: {text!r}", where=where)
    return v


def read_decide(path: str | Path) -> Scenario:
    """Read a Decide input file (``#A``/``#P``/``#M``/``#D`` records) into one Scenario."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from None
    actors: dict[str, tuple[str, str]] = {}
    issues: dict[str, tuple[str, str]] = {}
    bounds: dict[str, list[float]] = {}
    data: dict[tuple[str, str], tuple[float, float, float, str]] = {}
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{path}:{lineno}"
        fields = [_unquote(f) for f in raw.split("\t")]
        kind = fields[0]
        if kind not in _WIDTH:
            raise InputError(f"unknown record type {kind!r} (expected #A, #P, #M or #D)",
                             where=where)
        if len(fields) < _WIDTH[kind]:
            raise InputError(f"{kind} record needs {_WIDTH[kind]} fields, found {len(fields)}",
                             where=where)
        if kind == "#A":
            if fields[1] in actors:
                raise InputError(f"duplicate actor {fields[1]!r}", where=where)
            actors[fields[1]] = (fields[2] or fields[1], fields[3])
        elif kind == "#P":
            if fields[1] in issues:
                raise InputError(f"duplicate issue {fields[1]!r}", where=where)
            issues[fields[1]] = (fields[2] or fields[1], fields[3])
            bounds[fields[1]] = []
        elif kind == "#M":
            if fields[1] not in issues:
                raise InputError(f"#M for undeclared issue {fields[1]!r}", where=where)
            if len(bounds[fields[1]]) >= 2:
                raise InputError(f"issue {fields[1]!r} has more than two #M records",
                                 where=where)
            bounds[fields[1]].append(_num(fields[2], "scale bound", where))
        else:
            a, i = fields[1], fields[2]
            if a not in actors:
                raise InputError(f"#D for undeclared actor {a!r}", where=where)
            if i not in issues:
                raise InputError(f"#D for undeclared issue {i!r}", where=where)
            if (a, i) in data:
                raise InputError(f"duplicate #D for {a!r} on {i!r}", where=where)
            x = _num(fields[3], "position", where)
            s = _num(fields[4], "salience", where)
            c = _num(fields[5], "power", where)
            if not 0.0 <= s <= 1.0:
                raise InputError(f"salience must be in 0..1, got {s}", where=where)
            if c <= 0:
                raise InputError(f"power must be > 0, got {c}", where=where)
            data[(a, i)] = (x, s, c, where)
    if not actors or not issues:
        raise InputError("needs at least one #A and one #P record", where=str(path))
    scales: dict[str, tuple[float, float]] = {}
    for i, b in bounds.items():
        if len(b) != 2:
            raise InputError(f"issue {i!r} needs two #M records (min, max), found {len(b)}",
                             where=str(path))
        lo, hi = min(b), max(b)
        if not lo < hi:
            raise InputError(f"issue {i!r}: #M min and max are equal ({lo})", where=str(path))
        scales[i] = (lo, hi)
    for (a, i), (x, _s, _c, where) in data.items():
        lo, hi = scales[i]
        if not lo <= x <= hi:
            raise InputError(f"position {x} of {a!r} outside the scale [{lo}, {hi}] of {i!r}",
                             where=where)
    src = Source(kind="file", note=str(path))
    actor_objs = []
    for a, (name, _desc) in actors.items():
        powers = [v[2] for (aa, _i), v in data.items() if aa == a]
        if not powers:
            raise InputError(f"actor {a!r} has no #D record", where=str(path))
        cap = sum(powers) / len(powers)
        note = str(path)
        if max(powers) - min(powers) > 1e-12 * max(powers):
            note += f"; power differs across issues ({min(powers)}..{max(powers)}), mean used"
        actor_objs.append(Actor(id=a, name=name, capability=cap,
                                source=Source(kind="file", note=note)))
    try:
        return Scenario(
            name=path.stem,
            description=f"Decide input {path.name}",
            actors=actor_objs,
            issues=[Issue(id=i, name=n, low="", high="", scale=scales[i], source=src)
                    for i, (n, _d) in issues.items()],
            positions=[Position(actor=a, issue=i, position=x, salience=s, source=src)
                       for (a, i), (x, s, _c, _w) in data.items()],
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"{'.'.join(map(str, err['loc']))}: {err['msg']}",
                         where=str(path)) from None
