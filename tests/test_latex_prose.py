"""The theorem part as mathematics (issue 10): hypotheses as formulas, one "where" entry per definition, every
symbol of a justification defined, one notation for the transpose."""
import re

import pytest
import sympy as sp

from sloppy_verifier.theory import catalogue, select
from sloppy_verifier.theory.asciimath import math_identifiers
from sloppy_verifier.theory.claim import Choice, IntRange, Param
from sloppy_verifier.theory.latex_claim import _hypotheses, _where, claim_section
from sloppy_verifier.theory.quantity import closure

from justification_allowlist import UNDEFINED

#: symbols every justification may use undefined: constants, big-O, the identity, and bound indices
STANDARD = {"e", "pi", "O", "oo", "infinity", "I", "i", "j", "k", "l", "m", "n", "t", "s"}


def _tex_names(tex: str) -> set:
    """Identifiers a TeX string uses (``\\Sigma_B`` as Sigma, Sigma_B)."""
    words = re.findall(r"\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?", tex or "")
    return {w.lstrip("\\").replace("{", "").replace("}", "") for w in words} | \
        {w.lstrip("\\").split("_")[0] for w in words}


def _known(claim) -> set:
    """Names the claim defines: parameters, quantities (and what their definitions use), its statement's and
    steps' symbols, its ``symbols`` metadata and the identifiers of its assumptions."""
    known = {p.name for p in claim.parameters} | {str(k) for k in (claim.symbols or {})}
    known |= {s.name for s in claim.statement.free_symbols}
    for q in closure(claim.quantities).values():
        known |= {q.name} | _tex_names(q.latex) | _tex_names(q.typeset) | set(math_identifiers(q.description))
        known |= {s.name for s in q.definition.free_symbols} if q.closed else set()
    for st in claim.steps:
        known |= {s.name for s in st.expr.free_symbols} if isinstance(st.expr, sp.Basic) else set()
    for a in claim.assumptions:
        known |= {s.name for s in a.free_symbols} if isinstance(a, sp.Basic) else set(math_identifiers(a))
    return known


def _defined_in(words: str, name: str) -> bool:
    """Whether the claim's own prose defines ``name`` (``f = ...``, ``f(x) = ...``, ``f := ...``, ``f is ...``,
    ``h^l the activations``)."""
    return re.search(rf"(?<![\w'])\b{re.escape(name)}(?:\([^)]*\)|\^\S+)?\s*(?:=|:=|:|\bis\b|\bdenotes\b|the\b)",
                     words) is not None


def undefined_in_justifications(claim) -> list[str]:
    """The symbols of the claim's step justifications that the claim does not define."""
    known = _known(claim)
    words = " ".join(st.justification for st in claim.steps)
    out = set()
    for w in math_identifiers(words):
        base = w.rstrip("'")
        if base in STANDARD or base in known or re.split(r"[_^]", base)[0] in known or _defined_in(words, base):
            continue
        out.add(w)
    return sorted(out)


@pytest.fixture(scope="module")
def undefined():
    return {c.id: undefined_in_justifications(c) for c in catalogue()}


def test_justification_symbols_are_defined(undefined):
    """No justification uses a symbol its claim leaves undefined beyond the recorded debt (which only shrinks)."""
    new = {cid: sorted(set(names) - set(UNDEFINED.get(cid, ()))) for cid, names in undefined.items()}
    new = {cid: names for cid, names in new.items() if names}
    assert not new, f"undefined symbols in justifications: {new}"
    stale = {cid: sorted(set(names) - set(undefined.get(cid, ()))) for cid, names in UNDEFINED.items()}
    stale = {cid: names for cid, names in stale.items() if names}
    assert not stale, f"now defined: remove from tests/justification_allowlist.py: {stale}"


def test_undefined_justification_symbols_are_caught():
    """The check can fail: a justification with a fresh symbol is flagged, one that defines it inline is not."""
    (c,) = select(["ribbon.width_box"])
    step = c.steps[0]
    bad = c.variant(derivation=(step.__class__(step.expr, "by Kd_zz and g", step.check),))
    assert {"Kd_zz", "g"} <= set(undefined_in_justifications(bad))
    good = c.variant(derivation=(step.__class__(step.expr, "g = 2 x is the gain, so g > 0", step.check),))
    assert "g" not in undefined_in_justifications(good)


@pytest.mark.parametrize("cid, named", [
    ("fisher.kernels_relu", ["Kd"]), ("fisher.order_parameters", ["f", "h"]),
    ("ribbon.bernoulli_quadratic_bound", ["f", "g"]), ("ribbon.softmax_cumulant_series", ["h"]),
    ("ribbon.ensemble_identity", ["Psi_c"]),
])
def test_readers_symbols_are_defined(undefined, cid, named):
    """The symbols the issue's readers found undefined are defined now."""
    assert not set(named) & set(undefined[cid])


def test_hypotheses_are_mathematics():
    """A parameter with a symbol prints as a formula, a word choice in words, a seed only in the evidence."""
    (c,) = select(["fisher.trace_duality"])
    hyp = _hypotheses(c)
    assert r"\(\phi \in \{\text{ReLU}" in hyp and r"\mathrm{activation}" not in hyp
    assert Param("activation", Choice(("relu",))).math == r"\phi" and Param("x", IntRange(0, 1), tex="y").math == "y"
    (s1,) = select(["ribbon.gd_weight_modes"])
    hyp = _hypotheses(s1)
    assert "spectrum: geometric, power or near degenerate" in hyp and r"\mathrm{spectrum}" not in hyp
    assert "seed" not in hyp and r"\mathrm{seed}" in claim_section(s1).split(r"\paragraph{Evidence.}")[1]


def test_where_defines_each_definition_once():
    """S15's quantities share A, B, Gamma and u: each is defined once; a product parameter is defined in words."""
    (c,) = select(["ribbon.ensemble_identity"])
    where = _where(c)
    assert where.count(r"\Gamma = D_\lambda/\sigma^2") == 1 and where.count(r"u = \max_i |\mu_i(W)|") == 1
    (s1,) = select(["ribbon.gd_weight_modes"])
    where = _where(s1)
    assert r"\eta = \eta\lambda_1" not in where and r"\(\eta\lambda_1\) is the step size" in where


def test_one_transpose_sign(catalogue_body):
    """The transpose is ^{\\top} throughout the catalogue (never ^{T}, \\mathsf{T} or ᵀ); T as a limit or power
    stays."""
    assert r"\mathsf{T}" not in catalogue_body and "ᵀ" not in catalogue_body
    transposes = re.findall(r"(?<![=\w])(?:[A-Za-z]|\\[A-Za-z]+|\))(?:_\{?\w+\}?)?\^\{T\}", catalogue_body)
    assert not transposes, transposes[:5]


def test_one_epsilon(catalogue_body):
    """One epsilon, \\varepsilon, whether the theory writes ``epsilon``, ``eps``, ε, ϵ or ``\\epsilon``."""
    from sloppy_verifier.theory.latex import symbol_latex, text
    assert re.search(r"\\epsilon(?![a-z])", catalogue_body) is None
    assert symbol_latex("epsilon") == symbol_latex("eps") == symbol_latex(r"\epsilon") == r"\varepsilon"
    assert text("ε") == text("ϵ") == r"\(\varepsilon\)"


def test_norms_are_double_bars():
    """A vector's norm is ||n||, not |n| (|.| is an absolute value)."""
    bad = [(c.id, st.justification) for c in catalogue() for st in c.steps if re.search(r"/\s*\|n\|\^2", st.justification)]
    assert not bad


@pytest.fixture(scope="module")
def catalogue_body(tmp_path_factory):
    from sloppy_verifier.verify import latex_doc
    tex = tmp_path_factory.mktemp("prose") / "d.tex"
    latex_doc.write_document(tex, catalogue())
    return tex.read_text()
