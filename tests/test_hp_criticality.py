"""``verify.hp.criticality`` reproduces the F10b numbers of spec/fisher.md to all printed digits."""
import pytest

from sloppy_verifier.verify.hp.criticality import chi1, critical_sigma_w2, fixed_point
from sloppy_verifier.verify.mpeval import context


def rounds_to(x, printed: str) -> bool:
    """``x`` within half a unit of the last printed decimal of ``printed``."""
    ctx = context(30)
    decimals = len(printed.split(".")[1])
    return abs(x - ctx.mpf(printed)) <= ctx.mpf(10) ** -decimals / 2


@pytest.mark.parametrize("w2,q,chi", [("1.1", "0.0519079321182", "1.0027488668249"),
                                      ("1.5", "0.28689422938", "1.04056756503252"),
                                      ("2", "0.617964769769", "1.1055288204394"),
                                      ("4", "2.1214735682", "1.36267333752153")])
def test_tanh_unbiased_chaotic_side(w2, q, chi):
    qs, c = chi1("tanh", w2, 0)
    assert rounds_to(qs, q) and rounds_to(c, chi), (qs, c)


@pytest.mark.parametrize("w2", ["0.5", "1"])
def test_tanh_unbiased_ordered_side(w2):
    """sigma_b = 0, sigma_w^2 <= 1: q* = 0 and chi_1 = sigma_w^2 (critical point sigma_w = 1)."""
    q, c = chi1("tanh", w2, 0)
    assert q == 0 and abs(c - context(30).mpf(w2)) < 1e-30


@pytest.mark.parametrize("b2,w2,q", [("0.05", "1.76095463960674", "0.570047881640764"),
                                     ("0.3", "2.50512718967976", "1.46116944693198"),
                                     ("0.64", "3.03584854935141", "2.2908070128663")])
def test_tanh_critical_sigma_w2(b2, w2, q):
    w, qs = critical_sigma_w2("tanh", b2)
    assert rounds_to(w, w2) and rounds_to(qs, q), (w, qs)
    assert abs(chi1("tanh", w, b2)[1] - 1) < 1e-25


@pytest.mark.parametrize("w2,b2,chi", [("3", "0.64", "0.993025112584"),      # R3, config A
                                       ("4", "0.05", "1.34240241445"),       # F10 chaotic check
                                       ("1.2", "0.3", "0.636963736089")])    # F10 ordered check
def test_tanh_chi1_with_bias(w2, b2, chi):
    assert rounds_to(chi1("tanh", w2, b2)[1], chi)


def test_closed_forms():
    """ReLU: chi_1 = sigma_w^2/2 at every q; erf fixed point solves q = sigma_w^2 V(q) + sigma_b^2."""
    ctx = context(30)
    q, c = chi1("relu", "1.5", "0.1")
    assert abs(q - ctx.mpf("0.1") / ctx.mpf("0.25")) < 1e-29 and abs(c - ctx.mpf("0.75")) < 1e-29
    q = fixed_point("erf", 2, "0.2")
    assert abs(2 * 2 / ctx.pi * ctx.asin(2 * q / (1 + 2 * q)) + ctx.mpf("0.2") - q) < 1e-29
    with pytest.raises(ValueError):
        fixed_point("relu", 3, "0.1")                  # chi = 1.5 > 1 with bias: q grows without bound
