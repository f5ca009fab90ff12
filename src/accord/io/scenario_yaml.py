"""accord's scenario YAML: load with errors that name the file, line and field; dump back.

Format (see examples/us-iran-2026/scenario.yaml)::

    name: ...
    as_of: 2026-02-07
    actors:   [{id, name, code, capability, capability_range, risk, source}]
    issues:   [{id, name, low, high, scale, status_quo, source}]
    positions:
      - {actor, issue, position, salience, position_range, salience_range, source}

A ``source`` may be a string (taken as an analyst note) or a mapping {kind, note}.
"""

from __future__ import annotations

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


def parse_scenario(text: str, where: str = "<scenario>") -> Scenario:
    """Parse scenario YAML text; errors name ``where``, the line and the field."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(f"invalid YAML: {problem}", where=f"{where}{line}") from None
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a YAML mapping with actors, issues, positions",
                            where=where)
    try:
        return Scenario.model_validate(_normalise_sources(data))
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


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file: accord YAML, or a foreign format recognised by its extension."""
    p = Path(path)
    if not p.exists():
        raise ScenarioError("no such file", where=str(p))
    if p.is_dir():
        raise ScenarioError("is a directory, not a scenario file", where=str(p))
    suffix = p.suffix.lower()
    if suffix == ".csv" or (suffix == ".txt" and _looks_like_decide(p)):
        return _load_csv(p)
    if suffix == ".xml":
        from accord.io.ktab import read_ktab_xml

        return read_ktab_xml(p)[0]
    raw = p.read_bytes()
    if not raw.strip():
        raise ScenarioError("empty file", where=str(p))
    if b"\x00" in raw:
        raise ScenarioError("binary file, expected scenario YAML", where=str(p))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"invalid UTF-8 at byte {exc.start}", where=str(p)) from None
    return parse_scenario(text, where=str(p))


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
