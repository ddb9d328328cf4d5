"""Quantities (theory.quantity): definitions, closed forms of claims, and the census of undefined symbols."""
import ast
from pathlib import Path

import pytest
import sympy as sp
from planted import QUICK
from undefined_allowlist import UNDEFINED

from sloppy_verifier.theory import Quantity
from sloppy_verifier.theory import catalogue, select
from sloppy_verifier.theory.quantity import expand
from sloppy_verifier.verify.user_claims import certified_tier

ROOT = Path(__file__).resolve().parents[1]
u, w = sp.symbols("u w")


def test_expand_is_recursive():
    inner = Quantity("b", "b", "b = w + 1", definition=w + 1)
    outer = Quantity("a", "a", "a = 2 b", definition=2 * sp.Symbol("b"), uses=(inner,))
    assert expand(sp.Le(sp.Symbol("a"), u), (outer,)) == sp.Le(2 * w + 2, u)


def test_expand_matches_by_name_whatever_the_assumptions():
    """A statement's ``x`` declared nonnegative is the quantity ``x``: its definition is substituted."""
    xq = Quantity("x", "x", "x = w^2", definition=w ** 2)
    x_nn = sp.Symbol("x", nonnegative=True)
    assert expand(sp.Le(x_nn, u), (xq,)) == sp.Le(w ** 2, u)


def test_a_quantity_needs_a_definition():
    with pytest.raises(ValueError, match="definition"):
        Quantity("q", "q", "nothing")
    with pytest.raises(ValueError, match="itself"):
        Quantity("q", "q", "q = q + 1", definition=sp.Symbol("q") + 1)
    with pytest.raises(ValueError, match="float"):
        Quantity("q", "q", "q = w / 2", definition=w * 0.5)
    assert not Quantity("d", r"\bar d", "measured", typeset=r"\bar d = \ldots", estimator="sloppy_verifier.verify.x.y").closed


@pytest.mark.parametrize("cid, params", [
    ("ribbon.gf_scalar_bound", {"log10_x", "t"}),          # the substitution x = 10^log10_x is part of the claim
    ("ribbon.bernoulli_logcosh", {"a", "b"}),
    ("ribbon.bernoulli_quadratic_bound", {"m", "delta"}),
    ("ribbon.bernoulli_remainder_bound", {"m", "delta"}),
    ("ribbon.bernoulli_midpoint_series", {"m"}),         # c_k by SymPy's diff of the defining sum
])
def test_closed_forms_are_in_the_parameters(cid, params):
    c = select([cid])[0]
    assert {s.name for s in c.closed_form().free_symbols} == params
    assert not c.undefined_symbols()


def test_closed_form_of_s5_is_the_identity_in_numbers():
    c = select(["ribbon.bernoulli_logcosh"])[0]
    rel = c.closed_form()
    at = {sp.Symbol("a"): sp.Rational(3, 2), sp.Symbol("b"): -7}
    assert abs(sp.N((rel.lhs - rel.rhs).subs(at), 40)) < 1e-35


def test_the_certified_tier_catches_a_wrong_closed_form():
    """d_B ~ delta^2/32 at m = 0, so d_B <= delta^2/40 fails: the certificate of the closed form says so."""
    c = select(["ribbon.bernoulli_quadratic_bound"])[0]
    delta = sp.Symbol("delta")
    wrong = c.variant(statement=c.statement.xreplace({delta ** 2 / 32: delta ** 2 / 40}))
    (ev,) = certified_tier(wrong, QUICK)
    assert ev.tier == "certified" and ev.status == "violated" and ev.worst_case, ev.summary


def test_claims_without_a_closed_form_get_no_certificate():
    c = select(["ribbon.gaussian_bhattacharyya"])[0]    # d_B, |Delta mu|^2 measured (typeset), no reductions
    assert c.quantities and not any(q.closed for q in c.quantities) and c.reductions is None
    assert certified_tier(c, QUICK) == []


def test_every_statement_symbol_is_declared():
    """Shrinking allow-list: a new undefined symbol fails; a symbol declared since must leave the list."""
    found = {c.id: tuple(sorted(c.undefined_symbols())) for c in catalogue()}
    found = {k: v for k, v in found.items() if v}
    new = {k: sorted(set(v) - set(UNDEFINED.get(k, ()))) for k, v in found.items()}
    assert not {k: v for k, v in new.items() if v}, "undefined symbols: declare them as quantities"
    gone = {k: sorted(set(v) - set(found.get(k, ()))) for k, v in UNDEFINED.items()}
    assert not {k: v for k, v in gone.items() if v}, "declared since: delete from tests/undefined_allowlist.py"


def test_the_census_can_fail():
    c = select(["ribbon.gf_scalar_bound"])[0]
    assert c.variant(statement=sp.Le(sp.Symbol("x"), sp.Symbol("y"))).undefined_symbols() == {"y"}


def test_quantity_module_is_a_leaf():
    tree = ast.parse((ROOT / "theory" / "quantity.py").read_text(encoding="utf-8"))
    mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
        {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert mods <= {"__future__", "dataclasses", "sympy"}


def test_every_estimator_names_a_real_function():
    """A typeset quantity's ``estimator`` is the dotted name of what measures it (a note may follow in brackets):
    it must resolve, so a renamed check cannot leave the definition pointing nowhere."""
    import importlib

    from sloppy_verifier.theory.quantity import closure
    missing = []
    for qn in closure(q for c in catalogue() for q in c.quantities).values():
        if qn.closed:
            continue
        path = qn.estimator.split(" ", 1)[0]
        mod, _, attr = path.rpartition(".")
        try:
            getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError):
            missing.append((qn.name, path))
    assert not missing


def test_measured_fisher_statistics_are_declared_with_their_definition():
    from sloppy_verifier.theory.latex_claim import definitions
    c = select(["fisher.eigenvalue_bounds"])[0]
    assert not c.undefined_symbols()
    defs = definitions(c)
    assert r"\max_i \lambda_i(F)" in defs["lambda_max"] and r"\frac{\operatorname{tr}F}{P}" in defs["m_lambda"]
