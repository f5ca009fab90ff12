"""The import graph of accord.nlp is layered (DESIGN.md, issue 18 item 6).

Every module of src/accord/nlp is parsed with `ast`, and every Import/ImportFrom node counts,
wherever it stands: at the top, inside a function (a lazy import is still a dependency), and
inside an ``if TYPE_CHECKING:`` block (a type named across modules is a dependency too). An
import of ``accord.nlp.X`` (``import accord.nlp.X``, ``from accord.nlp.X import y``, ``from
accord.nlp import X``) is an edge to module X. The tests assert:

- the graph among accord.nlp modules has no cycle (the message names one it found);
- no module of src/accord imports a private name (``from accord.x import _name``): stages
  talk through public names, the spaCy Doc/Span and small typed records;
- no ``noqa: E402`` in src/accord/nlp (no import placed late to dodge a circle).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"
NLP = SRC / "nlp"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(absolute module, imported names, line) of every import in the file, anywhere."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((a.name, [], node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((mod, [a.name for a in node.names], node.lineno))
    return out


def nlp_graph() -> dict[str, set[str]]:
    """accord.nlp module -> the accord.nlp modules it imports (short names)."""
    modules = {p.stem for p in NLP.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for p in NLP.glob("*.py"):
        if p.stem == "__init__":
            continue
        for mod, names, _line in _imports(p):
            if mod == "accord.nlp":
                targets = [n for n in names if n in modules]
            elif mod.startswith("accord.nlp."):
                targets = [mod.split(".")[2]]
            else:
                continue
            graph[p.stem].update(t for t in targets if t != p.stem)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_nlp_import_graph_has_no_cycle() -> None:
    cycle = find_cycle(nlp_graph())
    assert cycle is None, "import cycle in accord.nlp: " + " -> ".join(cycle or [])


def test_no_private_name_imported_across_accord_modules() -> None:
    bad = []
    for p in sorted(SRC.rglob("*.py")):
        for mod, names, line in _imports(p):
            if mod != "accord" and not mod.startswith("accord."):
                continue
            bad.extend(f"{p.relative_to(SRC.parent)}:{line}: from {mod} import {n}"
                       for n in names if n.startswith("_") and not n.startswith("__"))
    assert not bad, "private names imported from another module:\n" + "\n".join(bad)


def test_no_late_imports_in_nlp() -> None:
    bad = [f"{p.name}:{i}" for p in sorted(NLP.glob("*.py"))
           for i, line in enumerate(p.read_text("utf-8").splitlines(), 1)
           if "noqa: E402" in line]
    assert not bad, "imports placed late (noqa: E402): " + ", ".join(bad)
