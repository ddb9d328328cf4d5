"""Layering rules of the design: ``theory/`` is pure SymPy, ``verify/`` never needs PyTorch (a benchmark-only extra),
and ``theory`` never imports ``verify``."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _top(module: str) -> str:
    """The distribution-level name: ``sloppy_verifier.verify.x`` -> ``verify`` (the project's one import root)."""
    parts = module.split(".")
    return parts[1] if parts[0] == "sloppy_verifier" and len(parts) > 1 else parts[0]


def _imports(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        depth = len(path.relative_to(ROOT).parts) - 1      # package levels above the module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [_top(a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, [_top(node.module)]
            elif isinstance(node, ast.ImportFrom) and node.level > depth:    # a relative import leaving the package
                yield path, [(node.module or "").split(".")[0] or "?"]


@pytest.mark.parametrize("package, banned", [
    ("theory", {"numpy", "cupy", "mpmath", "scipy", "torch", "verify", "matplotlib"}),
    ("verify", {"torch", "jax"}),
])
def test_layering(package, banned):
    bad = [(p.relative_to(ROOT).as_posix(), m) for p, mods in _imports(package) for m in mods if m in banned]
    assert not bad, f"{package}/ imports what it must not: {bad}"


def test_the_rule_can_fail(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text("import torch\nfrom numpy import linalg\nfrom sloppy_verifier.verify import x\n"
                                           "from ..verify import y\n")
    global ROOT
    old, ROOT = ROOT, tmp_path
    try:
        found = {m for _, mods in _imports("pkg") for m in mods}
    finally:
        ROOT = old
    assert {"torch", "numpy", "verify"} <= found


def _module_graph(root: Path, packages=("theory", "verify")) -> dict:
    """Module -> the modules of ``packages`` it imports, from every import statement anywhere in it (function-level
    ones included), relative imports resolved; ``from m import n`` also imports ``m.n`` where that is a module.
    ``sloppy_verifier.`` prefixes are dropped (the import root of the same packages)."""
    files = {}
    for pkg in packages:
        for p in sorted((root / pkg).rglob("*.py")):
            parts = list(p.relative_to(root).with_suffix("").parts)
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    graph = {m: set() for m in files}
    for mod, path in files.items():
        package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                    if node.level else node.module or ""
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            graph[mod] |= {t.removeprefix("sloppy_verifier.") for t in targets} & files.keys() - {mod}
    return graph


def _cycles(graph: dict) -> list:
    """The strongly connected components of more than one module (Tarjan), each as a list of modules."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while not comp or comp[-1] != v:
                comp.append(stack.pop())
                on.discard(comp[-1])
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _cycle_path(graph: dict, comp: list) -> str:
    """One cycle through the component's first module, as ``a -> b -> a``."""
    start, members = comp[0], set(comp)
    path, seen = [start], {start}
    while True:
        nxt = sorted(graph[path[-1]] & members)
        back = [w for w in nxt if w == start]
        if back and len(path) > 1:
            return " -> ".join(path + [start])
        w = next((w for w in nxt if w not in seen), None)
        if w is None:       # dead end inside the component: close through any member already on the path
            w = next(w for w in nxt if w in seen)
            return " -> ".join(path[path.index(w):] + [w])
        path.append(w)
        seen.add(w)


def test_import_graph_has_no_cycle():
    """theory/ and verify/ are layered: no module imports, even inside a function, one that imports it back."""
    graph = _module_graph(ROOT)
    cycles = _cycles(graph)
    assert not cycles, "import cycles: " + "; ".join(f"{_cycle_path(graph, c)} (component of {len(c)}: {c})"
                                                     for c in cycles)


def test_the_cycle_rule_can_fail(tmp_path):
    """A planted two-module cycle, one leg a relative import inside a function, is found and named."""
    pkg = tmp_path / "verify"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from sloppy_verifier.verify.b import g\n")
    (pkg / "b.py").write_text("def g():\n    from . import a\n")
    (pkg / "c.py").write_text("from .a import g\n")
    graph = _module_graph(tmp_path, ("verify",))
    assert graph["verify.b"] == {"verify", "verify.a"}
    cycles = _cycles(graph)
    assert cycles == [["verify.a", "verify.b"]]
    assert _cycle_path(graph, cycles[0]) == "verify.a -> verify.b -> verify.a"
