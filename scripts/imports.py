"""The import graph of src/peelkit: every import, at the top of a module or inside a function, as an edge
between peelkit's modules; its circles, and the imports that run from a lower layer to a higher one.

    python3 scripts/imports.py            # the layers, each module's imports, circles and upward imports
    python3 scripts/imports.py --check    # only the problems; exit 1 if there is any (tests/test_imports.py)
    python3 scripts/imports.py --dot      # the graph for Graphviz (dot -Tsvg)

A module's layer is the first entry of ``LAYERS`` whose prefix names it. A module may import its own layer or
any lower one; never a higher one, and never in a circle (a circle within one layer counts too).
``from a import b`` counts as an import of the module ``a.b``, or of ``a`` (its ``__init__``) when ``b`` is a name
defined there; a package's ``__init__`` that a submodule's import runs implicitly is not counted.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = "peelkit"

# lowest first: (layer, module prefixes). A prefix ending in "." is a package, else one module.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("core", ("peelkit.errors", "peelkit.core.", "peelkit.data", "peelkit.__init__", "peelkit.model",
              "peelkit.schema", "peelkit.vocab", "peelkit.wording")),
    ("sources", ("peelkit.sources.",)),
    ("machinery", ("peelkit.tables.", "peelkit.prose.")),
    ("readers", ("peelkit.readers.",)),
    ("pipeline", ("peelkit.pipeline.", "peelkit.checks", "peelkit.reconcile", "peelkit.rules",
                  "peelkit.store", "peelkit.validate", "peelkit.extract")),
    ("analyses", ("peelkit.analyses.", "peelkit.names", "peelkit.gaps", "peelkit.profile")),
    ("export", ("peelkit.export.",)),
    ("interface", ("peelkit.render", "peelkit.commands.", "peelkit.cli", "peelkit.launch", "peelkit.__main__")),
]


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(p.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1 and parts[:-1] != [PACKAGE]:
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import of a peelkit module in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _package_of(name, path)
    out: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            deeper = inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for a in child.names:
                    out.extend((m, child.lineno, inside) for m in _targets(a.name, known))
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(child, package)
                for a in child.names:
                    full = f"{base}.{a.name}" if base else a.name
                    target = full if full in known else base
                    out.extend((m, child.lineno, inside) for m in _targets(target, known))
            visit(child, deeper)

    visit(tree, False)
    return [(m, line, inside) for m, line, inside in out if m != name]


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[:len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(name: str, known: set[str]) -> list[str]:
    """The peelkit module an import of ``name`` names: the longest known prefix of it (a package's
    ``__init__`` when the name is a package or a name defined in one)."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        m = ".".join(parts[:i])
        if m in known:
            return [m]
    return []


def layer(name: str) -> int:
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if name == p.rstrip(".") or (p.endswith(".") and name.startswith(p)) or name == p:
                return i
    return len(LAYERS)


# The readers' registry imports its readers by listing its folder (``peelkit.readers.readers``): counted as an
# import, inside a function, of every module there that defines READER.
REGISTRY = "peelkit.readers"


def graph() -> dict[str, list[tuple[str, int, bool]]]:
    mods = modules()
    known = set(mods)
    g = {name: imports(name, path, known) for name, path in mods.items()}
    if REGISTRY in g:
        g[REGISTRY] += [(m, 0, True) for m, p in mods.items() if m.startswith(REGISTRY + ".")
                        and "\nREADER = " in p.read_text(encoding="utf-8")]
    return g


def circles(g: dict[str, list[tuple[str, int, bool]]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w, _, _ in g.get(v, []):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            strong(v)
    return sorted(out)


def problems(g: dict[str, list[tuple[str, int, bool]]]) -> list[str]:
    mods = modules()
    out = []
    for comp in circles(g):
        ties = list(dict.fromkeys(f"{a} -> {b} (line {line}{', in a function' if inside else ''})"
                                  for a in comp for b, line, inside in g[a] if b in comp))
        out.append(f"circle: {' <-> '.join(comp)}: " + "; ".join(ties))
    for a, edges in sorted(g.items()):
        if layer(a) == len(LAYERS):
            out.append(f"no layer: {a} ({mods[a].relative_to(ROOT)}): add it to LAYERS in scripts/imports.py")
        for b, line, inside in dict.fromkeys(edges):
            if layer(b) > layer(a):
                out.append(f"upward: {a} ({LAYERS[layer(a)][0]}) imports {b} ({LAYERS[layer(b)][0]}) at line {line}"
                           f"{', in a function' if inside else ''}")
    return out


def main(argv: list[str]) -> int:
    g = graph()
    if "--dot" in argv:
        print("digraph peelkit {\n  rankdir=BT;")
        for a, edges in sorted(g.items()):
            for b in sorted({b for b, _, _ in edges}):
                print(f'  "{a}" -> "{b}";')
        print("}")
        return 0
    found = problems(g)
    if "--check" not in argv:
        for i, (name, _) in enumerate(LAYERS):
            print(f"{name}:")
            for m in sorted(x for x in g if layer(x) == i):
                deps = sorted({b for b, _, _ in g[m]})
                print(f"  {m} -> {', '.join(deps) if deps else '(nothing of peelkit)'}")
    n_edges = sum(len({b for b, _, _ in e}) for e in g.values())
    print(f"{len(g)} modules, {n_edges} imports, {len(circles(g))} circles, "
          f"{sum(1 for p in found if p.startswith('upward'))} upward imports", file=sys.stderr)
    for p in found:
        print(p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
