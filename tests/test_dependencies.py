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
