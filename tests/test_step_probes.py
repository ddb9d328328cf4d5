"""A wrong ALGEBRA step that SymPy cannot simplify is refuted by exact-point probes, a true one is never refuted."""
import sympy as sp

from sloppy_verifier.theory.claim import Step, step_holds

x, y = sp.symbols("x y")
V = sp.Function("V")


def _holds(lhs, rhs):
    return step_holds(Step(sp.Eq(lhs, rhs), "probe test"))


def test_wrong_symbolic_steps_are_refuted():
    assert _holds(sp.diff(x**2 / 2 - sp.log(sp.cosh(x)), x), x + sp.tanh(x)) is False
    assert _holds(sp.sqrt(x**2), 2 * x) is False
    assert _holds(V(x + y) + x, V(x + y)) is False                  # an arbitrary function: generic stand-in


def test_true_steps_are_not_refuted():
    assert _holds(sp.diff(x**2 / 2 - sp.log(sp.cosh(x)), x), x - sp.tanh(x)) is True
    # true for x > 0 only, beyond SymPy's simplification without assumptions: undecided, never refuted
    assert _holds(sp.sqrt(x**2), x) is None
    assert _holds(sp.Sum(y, (y, 1, x)), x * (x + 1) / 2) is not False
