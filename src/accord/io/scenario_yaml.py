"""accord's scenario YAML: load with errors that name the file, line and field; dump back.

Format (see examples/us-iran-2026/scenario.yaml)::

    name: ...
    as_of: 2026-02-07
    actors:   [{id, name, code, capability, capability_range, risk, refuses, source}]
    issues:   [{id, name, low, high, scale, status_quo, source}]
    positions:
      - {actor, issue, position, salience, position_range, salience_range, source}

``refuses`` (optional) lists issue ids the actor will not negotiate (e.g. Iran's "nuclear
only": ``refuses: [missiles]``); ``accord talks`` keeps them at the status quo or prices them.
A ``source`` may be a string (taken as an analyst note) or a mapping {kind, note}.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from accord.errors import ScenarioError
from accord.types import Scenario


def _line_of(node: yaml.Node | None, path: tuple) -> int | None:
    """1-based line of the YAML node at ``path`` (keys and list indices), as deep as found."""
    line = None
    for key in path:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == key:
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if key < len(node.value) else None
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def _field(path: tuple) -> str:
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def _normalise_sources(data: Any) -> Any:
    """Allow ``source: "text"`` as shorthand for an analyst note."""
    if isinstance(data, dict):
        return {
            k: ({"kind": "analyst", "note": v} if k == "source" and isinstance(v, str)
                else _normalise_sources(v))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_normalise_sources(v) for v in data]
    return data


# ------------------------------------------------------------------ limits (documented)
MAX_FILE_BYTES = 20 * 1024 * 1024   # a scenario file larger than this is refused
MAX_DEPTH = 20                      # nesting of mappings and lists in the YAML
MAX_ACTORS = 5000
MAX_ISSUES = 1000
MAX_POSITIONS = 200_000
MAX_CAPABILITY = 1e12               # capability in (0, MAX_CAPABILITY]
MAX_ABS_VALUE = 1e12                # scale ends, positions, status quo: finite, |x| <= this
# a model that needs actors^3 memory at once: the EUM compares every actor pair on every
# third actor's vote (runs x n x n x n floats); above this many actors it is refused with a
# message naming the models that fit (compromise, nash, smp)
MODEL_MAX_ACTORS = {"eum": 300}


class _Loader(yaml.SafeLoader):
    """Safe YAML whose dates stay strings (validated by the model, with field and line)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp",
                        lambda loader, node: loader.construct_scalar(node))
# YAML 1.1 reads 1e6 as a string; scenario numbers in exponent form are numbers
_Loader.add_implicit_resolver("tag:yaml.org,2002:float",
                              re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$"),
                              list("-+0123456789."))


def _screen(text: str, where: str) -> None:
    """Refuse, before anything is built, what could explode or recurse: aliases (a
    "billion laughs" file expands exponentially; a recursive anchor never ends) and nesting
    deeper than MAX_DEPTH. Linear in the text; the event parser itself does not recurse."""
    depth = 0
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(ev, yaml.AliasEvent):
            raise ScenarioError(f"YAML aliases (*{ev.anchor}) are not accepted in a scenario: "
                                "write the value out", where=f"{where}:{ev.start_mark.line + 1}")
        if isinstance(ev, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ScenarioError(f"nested more than {MAX_DEPTH} levels deep",
                                    where=f"{where}:{ev.start_mark.line + 1}")
        elif isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


_NUMERIC = {
    "actors": ("capability", "capability_range", "risk"),
    "issues": ("scale", "status_quo"),
    "positions": ("position", "salience", "position_range", "salience_range"),
}


def _raw_types(data: dict) -> tuple[tuple, str] | None:
    """(field path, message) for the first number written as something else (true, "5")."""
    for part, keys in _NUMERIC.items():
        rows = data.get(part)
        if not isinstance(rows, list):
            continue
        for k, row in enumerate(rows):
            if not isinstance(row, dict):
                continue
            for key in keys:
                v = row.get(key)
                if v is None:
                    continue
                items = v if isinstance(v, list) else [v]
                if not all(_is_number(x) for x in items):
                    bad = next(x for x in items if not _is_number(x))
                    return (part, k, key), f"must be a number, got {bad!r}"
    return None


# the models `accord report` runs on every scenario (accord.pipeline.MODELS); `scenario check`
# without --model checks each of them, so a file that checks is a file the report can run
REPORT_MODELS = ("compromise", "nash", "eum", "smp")


def model_problem(sc: Scenario, model: str) -> tuple[tuple, str] | None:
    """What ``model`` itself would refuse in a scenario (beyond the shared limits), as
    (field path, message) naming the actor by id, or None. Mirrors the engines' own input
    checks (accord.models.smp_turn.validate), so the refusal comes here with the field, not from
    deep inside the run with an index."""
    if model != "smp":
        return None
    weight: dict[str, float] = {}
    for p in sc.positions:
        weight[p.actor] = weight.get(p.actor, 0.0) + p.salience
    for k, a in enumerate(sc.actors):
        if weight.get(a.id, 0.0) <= 0:
            how = ("has no position on any issue" if a.id not in weight
                   else "has salience 0 on every issue")
            return ("actors", k, "salience"), (
                f"{a.id} {how}: model smp needs every actor to weigh some issue (saliences "
                "summing to more than 0); give it a position with salience > 0, or remove it")
    return None


def scenario_problem(sc: Scenario, model: str | None = None) -> tuple[tuple, str] | None:
    """The first way a scenario breaks accord's documented limits, as (field path, message),
    or None. Shared by `scenario check`, `simulate`, the Python API and the service, so a
    file that checks is a file that runs. ``model`` adds that model's size limit."""
    if len(sc.actors) > MAX_ACTORS:
        return ("actors",), f"{len(sc.actors)} actors: more than the limit of {MAX_ACTORS}"
    if len(sc.issues) > MAX_ISSUES:
        return ("issues",), f"{len(sc.issues)} issues: more than the limit of {MAX_ISSUES}"
    if len(sc.positions) > MAX_POSITIONS:
        return ("positions",), f"more than {MAX_POSITIONS} positions"
    limit = MODEL_MAX_ACTORS.get(model or "")
    if limit is not None and len(sc.actors) > limit:
        return ("actors",), (f"{len(sc.actors)} actors: model {model} handles at most {limit} "
                             "(it needs actors^3 memory at once); use compromise, nash or smp")
    for k, a in enumerate(sc.actors):
        if not (math.isfinite(a.capability) and 0 < a.capability <= MAX_CAPABILITY):
            return ("actors", k, "capability"), (
                f"must be finite, > 0 and <= {MAX_CAPABILITY:g}, got {a.capability!r}")
        rng = a.capability_range
        if rng is not None and not all(math.isfinite(x) and 0 < x <= MAX_CAPABILITY
                                       for x in rng):
            return ("actors", k, "capability_range"), (
                f"ends must be finite, > 0 and <= {MAX_CAPABILITY:g}, got {list(rng)}")
    for k, i in enumerate(sc.issues):
        vals = [*i.scale, *([i.status_quo] if i.status_quo is not None else [])]
        if not all(math.isfinite(x) and abs(x) <= MAX_ABS_VALUE for x in vals):
            return ("issues", k, "scale"), f"must be finite, within +-{MAX_ABS_VALUE:g}"
    covered: dict[str, float] = {}
    for k, p in enumerate(sc.positions):
        if not (math.isfinite(p.position) and abs(p.position) <= MAX_ABS_VALUE):
            return ("positions", k, "position"), f"must be finite, got {p.position!r}"
        if not math.isfinite(p.salience):
            return ("positions", k, "salience"), f"must be in [0, 1], got {p.salience!r}"
        for key in ("position_range", "salience_range"):
            rng = getattr(p, key)
            if rng is not None and not all(math.isfinite(x) for x in rng):
                return ("positions", k, key), f"ends must be finite, got {list(rng)}"
        covered[p.issue] = max(covered.get(p.issue, 0.0), p.salience)
    for k, i in enumerate(sc.issues):
        if i.id not in covered:
            return ("issues", k, "id"), f"issue {i.id!r} has no positions (give at least one)"
        if covered[i.id] <= 0:
            return ("issues", k, "id"), (f"issue {i.id!r}: every salience is 0, so the "
                                         "positions cannot be weighed (give one > 0)")
    if len(sc.actors) < 2:  # every model would just return this party's own positions
        return ("actors",), (f"only {sc.actors[0].id}: bargaining needs at least two "
                             "parties (add the other side's positions)")
    return model_problem(sc, model) if model else None


def field_name(sc: Scenario, path: tuple) -> str:
    """A field path as the user reads it: an actor by its id (``actors[MYS].salience``),
    anything else by position (``positions[3].salience``)."""
    if len(path) >= 2 and path[0] == "actors" and isinstance(path[1], int) \
            and path[1] < len(sc.actors):
        rest = _field(path[2:])
        sep = "" if not rest or rest.startswith("[") else "."
        return f"actors[{sc.actors[path[1]].id}]{sep}{rest}"
    return _field(path)


def problem_message(sc: Scenario, model: str | None = None) -> str | None:
    """The one-line refusal (``field: message``) that `scenario check`, `simulate` and
    `report` all give for a scenario, or None when every check passes."""
    found = scenario_problem(sc, model)
    return None if found is None else f"{field_name(sc, found[0])}: {found[1]}"


def check_runs(sc: Scenario, where: str = "scenario", model: str | None = None) -> Scenario:
    """`scenario check`'s test: ``model``'s checks, or without one those of every model
    `report` runs and of the one `simulate` would pick; raise the first refusal, with the
    line `simulate --model M` or `report` would give."""
    if model is None:
        from accord.models.validation import default_model

        models = list(dict.fromkeys([default_model(sc)[0], *REPORT_MODELS]))
    else:
        models = [model]
    for name in models:
        check_scenario(sc, where, name)
    return sc


def check_scenario(sc: Scenario, where: str = "scenario", model: str | None = None) -> Scenario:
    """Raise ScenarioError naming ``where`` and the field when ``scenario_problem`` finds one."""
    msg = problem_message(sc, model)
    if msg is not None:
        raise ScenarioError(msg, where=where)
    return sc


def parse_scenario(text: str, where: str = "<scenario>", model: str | None = None) -> Scenario:
    """Parse scenario YAML text; errors name ``where``, the line and the field."""
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(f"larger than {MAX_FILE_BYTES} bytes", where=where)
    try:
        _screen(text, where)
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(f"invalid YAML: {problem}", where=f"{where}{line}") from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise ScenarioError(f"invalid YAML: {exc}", where=where) from None
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a YAML mapping with actors, issues, positions",
                            where=where)
    bad = _raw_types(data)
    if bad is not None:
        loc, msg = bad
        line = _line_of(node, loc)
        raise ScenarioError(f"{_field(loc)}: {msg}",
                            where=f"{where}:{line}" if line else where) from None
    try:
        sc = Scenario.model_validate(_normalise_sources(data))
    except ScenarioError as exc:  # raised by a model validator (e.g. arrays)
        raise ScenarioError(str(exc), where=where) from None
    except ValidationError as exc:
        errs = exc.errors()
        # an unknown (misspelt) field explains the "missing field" errors it causes: report it
        err = next((e for e in errs if e["type"] == "extra_forbidden"), errs[0])
        loc = tuple(err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        # consistency errors from Scenario's validator name their own field in the message
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
            head = msg.split(":", 1)[0]
            for part in ("positions", "actors", "issues"):
                if ":" in msg and head.startswith(part + "["):
                    idx = int(head[len(part) + 1:].split("]")[0])
                    sub = head.split(".", 1)[1] if "." in head else None
                    loc = (part, idx) + ((sub,) if sub else ())
                    msg = msg.split(":", 1)[1].strip()
        line = _line_of(node, loc)
        field = _field(loc)
        where_s = f"{where}:{line}" if line else where
        extra = f" (got {err['input']!r})" if "input" in err and not isinstance(
            err["input"], dict | list) else ""
        raise ScenarioError(f"{field + ': ' if field else ''}{msg}{extra}", where=where_s) from None
    found = scenario_problem(sc, model)
    if found is not None:
        loc, msg = found
        line = _line_of(node, loc)
        raise ScenarioError(f"{field_name(sc, loc)}: {msg}",
                            where=f"{where}:{line}" if line else where)
    return sc


def load_scenario(path: str | Path, model: str | None = None) -> Scenario:
    """Read a scenario file: accord YAML, or a foreign format recognised by its extension.

    Every format goes through the same limits (``scenario_problem``; with ``model``, that
    model's size limit too), so what loads here is what the models run."""
    p = Path(path)
    if not p.exists():
        raise ScenarioError("no such file", where=str(p))
    if p.is_dir():
        raise ScenarioError("is a directory, not a scenario file", where=str(p))
    if not p.is_file():
        raise ScenarioError("not a regular file", where=str(p))
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(f"larger than {MAX_FILE_BYTES} bytes", where=str(p))
    suffix = p.suffix.lower()
    if suffix == ".csv" or (suffix == ".txt" and _looks_like_decide(p)):
        return check_scenario(_load_csv(p), str(p), model)
    if suffix == ".xml":
        from accord.io.ktab import read_ktab_xml

        return check_scenario(read_ktab_xml(p)[0], str(p), model)
    raw = p.read_bytes()
    if not raw.strip():
        raise ScenarioError("empty file", where=str(p))
    if b"\x00" in raw:
        raise ScenarioError("binary file, expected scenario YAML", where=str(p))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"invalid UTF-8 at byte {exc.start}", where=str(p)) from None
    return parse_scenario(text, where=str(p), model=model)


def _looks_like_decide(p: Path) -> bool:
    """Decide exchange-model inputs start with '#A' actor rows."""
    with p.open(encoding="utf-8", errors="replace") as fh:
        return fh.readline().lstrip().lstrip("'\"").startswith("#A")


def _load_csv(p: Path) -> Scenario:
    """KTAB CSV (a title line "name, description, n_actors, n_dims" then a header with
    position/salience pairs), Decide input ('#A' rows) or BDM actor CSV (one header line),
    told apart by shape."""
    import csv

    with p.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        head = [row for _, row in zip(range(2), csv.reader(fh, skipinitialspace=True),
                                      strict=False)]
    first = [c.strip() for c in head[0]] if head else []
    if first and first[0].strip("'\"").startswith("#"):
        from accord.io.decide import read_decide

        return read_decide(p)
    if len(first) >= 4 and first[2].isdigit() and first[3].isdigit():
        from accord.io.ktab import read_ktab_csv

        return read_ktab_csv(p)
    from accord.io.bdm import read_bdm_csv

    return read_bdm_csv(p)


def dump_scenario(scenario: Scenario) -> str:
    """Scenario as YAML text (round-trips through parse_scenario)."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
