"""A second benchmark of classical special-function inequalities (true) and one-constant typos of them (false),
none in ``tests/search_claims.py``: Jordan, Huygens, Wilker, Cusa, Lazarević, Shafer, Shafer-Fink, Becker-Stark,
Padé and Topsøe bounds of the logarithm, Taylor bounds, and two-variable means (logarithmic, Lin's, Hermite-Hadamard),
nine of them under relational assumptions (x < y, x ≠ 1, x ≠ 0, x ≠ y).

Each typo comes with the fraction of its box (cut by its assumptions) where it fails, measured on 2026-12-03 by the
float64 scan of ``tests/test_search.py::test_stated_violation_fractions_match_a_scan`` (4·10^6 evenly spaced points
in 1-D, 10^7 uniform random points in 2-D; that test does not re-measure this set), and where the region lies.
Every true original was checked beforehand at 40-80 digits (mpmath) on a grid refined towards its ends and tight
points, and at 2·10^4 random points.
"""
import sys
from pathlib import Path

import sympy as sp

from sloppy_verifier.theory import Interval

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from search_claims import claim, scale_rhs, t, typo, x, y  # noqa: E402

R = sp.Rational
pi, sin, cos, tan, exp, log, sqrt = sp.pi, sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.sqrt
OPEN0 = dict(open_lo=True)


def _mean(hi=4):
    """Both variables in (0, hi]."""
    return ("x", Interval(0, hi, **OPEN0)), ("y", Interval(0, hi, **OPEN0))


SPECIAL2 = [
    # ---- one variable, tight at a box end (some at a removable singularity or a pole)
    claim("jordan", sp.Ge(sin(pi * t / 2), t), ("t", Interval(0, 1))),
    claim("huygens", sp.Ge(2 * sin(x) + tan(x), 3 * x), ("x", Interval(0, R(3, 2)))),
    claim("wilker", sp.Ge((sin(x) / x) ** 2 + tan(x) / x, 2), ("x", Interval(0, R(3, 2), **OPEN0))),
    claim("cusa", sp.Le(sin(x) / x, (2 + cos(x)) / 3), ("x", Interval(0, R(3, 2), **OPEN0))),
    claim("lazarevic", sp.Ge((sp.sinh(x) / x) ** 3, sp.cosh(x)), ("x", Interval(0, 3, **OPEN0))),
    claim("tanh_cubic", sp.Ge(sp.tanh(x), x - x ** 3 / 3), ("x", Interval(0, 4))),
    claim("shafer_atan", sp.Ge(sp.atan(x), 3 * x / (1 + 2 * sqrt(1 + x ** 2))), ("x", Interval(0, 10))),
    claim("shafer_fink", sp.Ge(sp.asin(x), 3 * x / (2 + sqrt(1 - x ** 2))), ("x", Interval(0, 1))),
    claim("becker_stark_upper", sp.Le(tan(pi * t / 2) * (1 - t ** 2), pi * t / 2),
          ("t", Interval(0, 1, open_hi=True))),
    claim("becker_stark_lower", sp.Ge(tan(pi * t / 2) * (1 - t ** 2), 4 * t / pi),
          ("t", Interval(0, 1, open_hi=True))),
    claim("log_pade", sp.Ge(log(1 + x), 2 * x / (2 + x)), ("x", Interval(0, 10))),
    claim("topsoe", sp.Le(log(1 + x), x * (6 + x) / (6 + 4 * x)), ("x", Interval(0, 10))),
    claim("exp_quadratic", sp.Ge(exp(x), 1 + x + x ** 2 / 2), ("x", Interval(0, 3))),
    claim("exp_geometric", sp.Le(exp(x), 1 / (1 - x)), ("x", Interval(0, 1, open_hi=True))),
    claim("sinhc_gauss", sp.Le(sp.sinh(x) / x, exp(x ** 2 / 6)), ("x", Interval(0, 5, **OPEN0))),
    claim("atan_quintic", sp.Le(sp.atan(x), x - x ** 3 / 3 + x ** 5 / 5), ("x", Interval(0, 2))),
    claim("asin_ratio", sp.Le(sp.asin(x), x / sqrt(1 - x ** 2)), ("x", Interval(0, 1, open_hi=True))),
    claim("tan_cubic", sp.Ge(tan(x), x + x ** 3 / 3), ("x", Interval(0, R(3, 2)))),
    # ---- one variable, tight at an isolated interior point
    claim("sqrt_tangent", sp.Le(sqrt(1 + x), 1 + x / 2), ("x", Interval(-1, 3))),
    claim("log_mean_ratio", sp.Ge(log(x) / (x - 1), 2 / (1 + x)), ("x", Interval(0, 4, **OPEN0)),
          assumptions=(sp.Ne(x, 1),)),
    claim("log_mean_half", sp.Le((x - 1) / log(x), ((1 + sqrt(x)) / 2) ** 2), ("x", Interval(0, 4, **OPEN0)),
          assumptions=(sp.Ne(x, 1),)),
    claim("expm1_ratio", sp.Ge((exp(x) - 1) / x, 1 + x / 2), ("x", Interval(-3, 3)), assumptions=(sp.Ne(x, 0),)),
    claim("sinc_cos", sp.Ge(sin(x) / x, cos(x)), ("x", Interval(-3, 3)), assumptions=(sp.Ne(x, 0),)),
    # ---- two variables: tight on the diagonal, on the box's edges, or at the edge of a relational assumption
    claim("am_gm2", sp.Le(sqrt(x * y), (x + y) / 2), ("x", Interval(0, 4)), ("y", Interval(0, 4))),
    claim("am_qm", sp.Le((x + y) / 2, sqrt((x ** 2 + y ** 2) / 2)), ("x", Interval(0, 4)), ("y", Interval(0, 4))),
    claim("log_concave", sp.Ge(log((x + y) / 2), (log(x) + log(y)) / 2), *_mean()),
    claim("exp_tangent2", sp.Ge(exp(x) - exp(y), (x - y) * exp(y)), ("x", Interval(-2, 2)), ("y", Interval(-2, 2))),
    claim("sin_subadditive", sp.Le(sin(x + y), sin(x) + sin(y)), ("x", Interval(0, R(3, 2))),
          ("y", Interval(0, R(3, 2)))),
    claim("log_mean_am", sp.Le((y - x) / (log(y) - log(x)), (x + y) / 2), *_mean(), assumptions=(sp.Lt(x, y),)),
    claim("lin", sp.Le((y - x) / (log(y) - log(x)), ((x ** R(1, 3) + y ** R(1, 3)) / 2) ** 3), *_mean(),
          assumptions=(sp.Lt(x, y),)),
    claim("hermite_hadamard", sp.Le((exp(y) - exp(x)) / (y - x), (exp(x) + exp(y)) / 2),
          ("x", Interval(-2, 2)), ("y", Interval(-2, 2)), assumptions=(sp.Lt(x, y),)),
    claim("atan_lipschitz", sp.Le(sp.atan(y) - sp.atan(x), y - x), ("x", Interval(-2, 2)), ("y", Interval(-2, 2)),
          assumptions=(sp.Lt(x, y),)),
    claim("exp_log_mean", sp.Ge((exp(x) - exp(y)) / (x - y), exp((x + y) / 2)),
          ("x", Interval(-2, 2)), ("y", Interval(-2, 2)), assumptions=(sp.Ne(x, y),)),
]


def _typo(cid, change, fraction, size, tag="_typo"):
    return typo(cid, change, fraction, size, tag, pool=SPECIAL2)


#: (typo, measured violation fraction of the box cut by the assumptions, first-order size of the region)
SPECIAL2_TYPOS = [
    _typo("jordan", (t, R(1001, 1000) * t), 1.0e-3, "1 - t < 1e-3"),
    _typo("huygens", (3 * x, (3 + R(1, 10 ** 7)) * x), 1.9e-2, "3 x^5/20 < 1e-7 x"),
    _typo("wilker", scale_rhs(1 + R(1, 2 * 10 ** 7)), 1.83e-2, "8 x^4/45 < 1e-7"),
    _typo("cusa", lambda st: sp.Le(st.lhs, (2 + cos(x)) / (3 + R(1, 10 ** 8))), 1.86e-2, "x^4/180 < 3.3e-9"),
    _typo("lazarevic", lambda st: sp.Ge((sp.sinh(x) / x) ** R(29999, 10000), st.rhs), 5.3e-3, "x^2 < 2.5e-4"),
    _typo("tanh_cubic", (-x ** 3 / 3, -x ** 3 / R(30001, 10000)), 2.3e-3, "x^2 < 8.3e-5"),
    _typo("shafer_atan", scale_rhs(R(300001, 300000)), 1.58e-2, "x near 0 (s ~ x^5)"),
    _typo("shafer_fink", scale_rhs(1 + R(1, 3 * 10 ** 10)), 8.8e-3, "x near 0 (s ~ x^5)"),
    _typo("becker_stark_upper", lambda st: sp.Le(st.lhs, pi * t / R(200001, 100000)), 5.3e-3, "t^2 < 2e-5"),
    _typo("becker_stark_lower", scale_rhs(R(4001, 4000)), 5.0e-4, "beside t = 1"),
    _typo("log_pade", (2 * x / (2 + x), R(200001, 100000) * x / (2 + x)), 7.8e-4, "x^2 < 6e-5"),
    _typo("topsoe", (6 + 4 * x, 6 + R(40001, 10000) * x), 2.5e-3, "x^2 < 6e-4"),
    _typo("exp_quadratic", (x ** 2 / 2, x ** 2 / R(1999, 1000)), 5.0e-4, "x < 6 (1/1.999 - 1/2)"),
    _typo("exp_geometric", (1 - x, 1 - R(999, 1000) * x), 2.0e-3, "x < 2e-3"),
    _typo("sinhc_gauss", (x ** 2 / 6, x ** 2 / R(6001, 1000)), 1.41e-2, "x^2 < 180 (1/6 - 1/6.001)"),
    _typo("atan_quintic", (x ** 5 / 5, x ** 5 / R(50001, 10000)), 1.53e-3, "x^2 < 2.8e-5"),
    _typo("asin_ratio", (x / sqrt(1 - x ** 2), R(99999, 100000) * x / sqrt(1 - x ** 2)), 5.5e-3, "x^2 < 3e-5"),
    _typo("tan_cubic", (x ** 3 / 3, x ** 3 / R(29999, 10000)), 6.1e-3, "x^2 < 8.3e-5"),
    _typo("sqrt_tangent", (x / 2, x / R(2001, 1000)), 5.0e-4, "0 < x < 2e-3"),
    _typo("log_mean_ratio", (2 / (1 + x), R(200001, 100000) / (1 + x)), 3.9e-3, "(x - 1)^2 < 6e-5"),
    _typo("log_mean_half", scale_rhs(R(99999, 100000)), 1.10e-2, "(x - 1)^2 < 4.8e-4"),
    _typo("expm1_ratio", (x / 2, x / R(1999, 1000)), 2.5e-4, "0 < x < 1.5e-3"),
    _typo("sinc_cos", scale_rhs(R(10001, 10000)), 5.8e-3, "x^2 < 3e-4"),
    _typo("am_gm2", ((x + y) / 2, (x + y) / R(20001, 10000)), 1.98e-2, "beside the diagonal"),
    _typo("am_qm", scale_rhs(R(99999, 100000)), 8.9e-3, "beside the diagonal"),
    _typo("log_concave", scale_rhs(R(100001, 100000)), 8.0e-3, "beside the diagonal"),
    _typo("exp_tangent2", ((x - y) * exp(y), R(1001, 1000) * (x - y) * exp(y)), 5.1e-4, "0 < x - y < 2e-3"),
    _typo("sin_subadditive", scale_rhs(R(9999, 10000)), 8.9e-4, "beside the edges x = 0 and y = 0"),
    _typo("log_mean_am", scale_rhs(R(99999, 100000)), 1.09e-2, "beside the diagonal"),
    _typo("lin", scale_rhs(1 - R(1, 10 ** 10)), 2.8e-2, "beside the diagonal"),
    _typo("hermite_hadamard", scale_rhs(R(99999, 100000)), 5.5e-3, "beside the diagonal"),
    _typo("atan_lipschitz", scale_rhs(R(99, 100)), 6.9e-3, "x, y near 0"),
    _typo("exp_log_mean", scale_rhs(1 + R(1, 10 ** 5)), 7.7e-3, "beside the diagonal"),
]
