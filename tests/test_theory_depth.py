"""F2 depth formulas, F6a, F10c: every step proves; planted wrong closed forms are refuted."""
import pytest
import sympy as sp

from sloppy_verifier.theory.claim import Step, StepCheck, step_holds
from sloppy_verifier.theory.fisher import depth
from sloppy_verifier.theory.fisher.kernels import closed_form
from sloppy_verifier.theory.fisher.order_params import order_parameters

NAMES = ("chi", "relu_critical", "linear", "bias_free", "R1", "odd_centred", "depth_recursion")


@pytest.mark.parametrize("name", NAMES)
def test_every_step_proves(name):
    steps = getattr(depth, f"derivation_{name}")()
    assert steps
    for st in steps:
        if st.check is StepCheck.ALGEBRA:
            assert step_holds(st) is True, st.justification
        else:
            assert st.check is StepCheck.CITED and st.justification


def test_aliases():
    assert depth.derivation_relu_kappa1() == depth.derivation_relu_critical()
    assert depth.derivation_relu_R1() == depth.derivation_R1()


def _refuted(lhs, rhs):
    return step_holds(Step(sp.Eq(lhs, rhs), "planted")) is False


@pytest.mark.parametrize("L", [2, 3, 5])
def test_planted_relu_kappa1(L):
    op = order_parameters(closed_form("relu").kernels(), 2, depth.sigma_b2, (1,) * L)
    wrong = L * (3 + (L - 1) * depth.sigma_b2) / (4 * (L - 1))          # 4 -> 3
    assert _refuted(op.kappa1, wrong)
    assert _refuted(op.kappa1, L * (4 + L * depth.sigma_b2) / (4 * (L - 1)))   # L-1 -> L


def test_planted_relu_kappa1_symbolic_L():
    l, L = sp.symbols("l L", integer=True, positive=True)
    total = sp.summation(1 + (l - 1) * depth.sigma_b2 / 2, (l, 1, L)) / (L - 1)
    assert _refuted(total, L * (4 + (L - 1) * depth.sigma_b2) / (4 * L))


@pytest.mark.parametrize("L", [2, 4])
def test_planted_linear(L):
    op = order_parameters(closed_form("linear").kernels(), 1, depth.sigma_b2, (1,) * L)
    assert _refuted(op.kappa2, depth.sigma_b2 * L / 3)
    assert _refuted(op.kappa1, (L + depth.sigma_b2 * L * (L - 1)) / (L - 1))   # dropped the /2


def test_planted_R1():
    op = order_parameters(depth.ab_relu_acos(0, 1, "relu").kernels(), 2, 0, (1, 1, 1))
    wrong = ((sp.pi - sp.acos(1 / sp.pi)) + sp.sqrt(sp.pi**2 - 1)) / (2 * sp.pi**2)
    assert _refuted(op.kappa2, wrong)
    assert _refuted(op.kappa2, depth.relu_kappa2_R1().subs(sp.sqrt(sp.pi**2 - 1), sp.sqrt(sp.pi**2 + 1)))


def test_planted_qhat1_formula():
    c, h = depth.chi_s, depth.h_s
    F = lambda l: c**l * depth.qhat0_1 + h * depth.sigma_b2 * (1 - c**(l + 1)) / (1 - c)  # noqa: E731
    assert _refuted(F(0), depth.qhat0_1)          # satisfies the recurrence, fails the base case
    G = lambda l: c**l * depth.qhat0_1 + depth.sigma_b2 * (1 - c**l) / (1 - c)  # noqa: E731  (h dropped)
    assert _refuted(G(depth.l_s + 1), c * G(depth.l_s) + h * depth.sigma_b2)


def test_planted_bias_free_kappa1():
    al = depth.alphas_sym(3)
    op = order_parameters(closed_form("relu").kernels(), depth.sigma_w2, 0, al)
    assert _refuted(op.kappa1, depth.bias_free_kappa1(al, depth.sigma_w2 / 2) * depth.sigma_w2 / 2)  # chi^L


def test_counter_conditions_F6c():
    # with bias, or for ReLU (non-zero mean), kappa_2 is not 0
    op = order_parameters(closed_form("erf").kernels(), 2, sp.Rational(1, 2), (1, 1, 1))
    assert _refuted(op.kappa2, 0)
    op = order_parameters(closed_form("relu").kernels(), 2, 0, (1, 1, 1))
    assert _refuted(op.kappa2, 0)


def test_planted_depth_recursion():
    k = depth.OpaqueKernels()
    al = depth.alphas_sym(3)
    A = order_parameters(k, depth.sigma_w2, depth.sigma_b2, al[:2])
    B = order_parameters(k, depth.sigma_w2, depth.sigma_b2, al)
    assert _refuted(sp.expand(B.S1), sp.expand(B.chi1[1] * A.S1 + al[1] * B.qhat1[2]))   # alpha_{L-1}
    assert _refuted(sp.expand(B.S2), sp.expand(B.chi1[1] * A.S2 + al[2] * B.qhat2[2]))   # chi_1 for chi_2
    assert _refuted(B.alpha, A.alpha + al[2] * al[2])
