"""R1–R10 of spec/fisher.md §4 reproduced by ``verify.hp`` at two precisions (goldens: verify/data/)."""
import mpmath
import pytest

from sloppy_verifier.theory.fisher import quantities as Q
from sloppy_verifier.verify.golden import load
from sloppy_verifier.verify.hp.fisher import order_parameters
from sloppy_verifier.verify.mpeval import context, mp_value

CASES = load("fisher_reference.json")["cases"]
DPS = (40, 50)
TANH = {rid for rid, c in CASES.items() if c["activation"] == "tanh"}


def agrees(x, printed: str, sig: int, dps: int) -> bool:
    """``x`` rounds to ``printed`` at ``sig`` significant digits: ``|x - printed| <= 1/2`` unit of the
    ``sig``-th digit (a printed 0 must be exactly 0)."""
    ctx = context(dps)
    ref = ctx.mpf(printed)
    if ref == 0:
        return x == 0
    return abs(ctx.mpf(x) - ref) <= ctx.mpf(10) ** (int(ctx.floor(ctx.log10(abs(ref)))) - sig + 1) / 2


@pytest.fixture(scope="module")
def computed():
    cache = {}

    def get(rid, dps):
        if (rid, dps) not in cache:
            c = CASES[rid]
            cache[rid, dps] = order_parameters(c["activation"], c["sigma_w2"], c["sigma_b2"], c["alphas"],
                                               a=c["a"], dps=dps)
        return cache[rid, dps]
    return get


def _params(rids):
    return [pytest.param(rid, dps, id=f"{rid}-dps{dps}",
                         marks=[pytest.mark.slow] if rid in TANH and dps == 50 else [])
            for rid in rids for dps in DPS]


@pytest.mark.parametrize("rid,dps", _params(CASES))
def test_alpha_kappa(computed, rid, dps):
    c, op = CASES[rid], computed(rid, dps)
    assert op.alpha == context(dps).mpf(c["alpha"])
    for key in ("kappa1", "kappa2"):
        assert agrees(getattr(op, key), c[key], 30, dps), (key, getattr(op, key), c[key])


@pytest.mark.parametrize("rid,dps", _params(CASES))
def test_derived_quantities(computed, rid, dps):
    """``M m_lambda = kappa_1 C``, ``s_lambda``, ``lambda_max/M``, bulk/M from sloppy_verifier.theory.fisher.quantities."""
    c, op = CASES[rid], computed(rid, dps)
    env = {"kappa_1": op.kappa1, "kappa_2": op.kappa2, "alpha": op.alpha, "C": c["C"], "T": c["T"],
           "M": 1}
    for key, expr in (("M_m_lambda", Q.m_lambda_limit), ("s_lambda", Q.S_INF.definition),
                      ("lambda_max_over_M", Q.OUTLIER.definition), ("bulk_over_M", Q.BULK.definition)):
        value = mp_value(expr, {k: env[k] for k in env if k in {s.name for s in expr.free_symbols}}, dps)
        assert agrees(value, c[key], 30, dps), (key, value, c[key])


@pytest.mark.parametrize("rid", list(CASES))
def test_intermediate_order_parameters(computed, rid):
    """qhat_1, qhat_2 (l = 0..L-1) and qtilde_1, qtilde_2 (l = 1..L) to their printed 12 digits."""
    c, op = CASES[rid], computed(rid, DPS[0])
    for key in ("qhat1", "qhat2", "qtilde1", "qtilde2"):
        got = getattr(op, key)
        assert len(got) == len(c[key]) == c["L"]
        for x, printed in zip(got, c[key]):
            assert agrees(x, printed, 12, DPS[0]), (key, x, printed)


def test_global_precision_untouched(computed):
    before = mpmath.mp.dps
    computed("R3", DPS[0])
    computed("R5", DPS[1])
    assert mpmath.mp.dps == before
