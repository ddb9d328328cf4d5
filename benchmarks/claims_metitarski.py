"""A held-out benchmark in the style of MetiTarski's problem set (true) and one-constant typos of them (false).

Provenance. The first fifteen claims are MetiTarski problems as published with the prover's proof-reconstruction
work (B. Akbarpour and L. C. Paulson, "MetiTarski: an automatic theorem prover for real-valued special functions",
J. Automated Reasoning 44(3), 2010; the statements as listed in ``proof_reconstruction/translations/problems.in``
and ``.../tests/*.thy`` of github.com/imandra-ai/verified-metitarski): ``abs-problem-1..4``, ``sin-problem-3``,
``cos-problem-1..3``, ``tan-problem-1..2``, ``two-variable-problem-1, 2, 6``, ``exp-problem-1``, ``log-problem-1``.
Where a problem's domain is unbounded it is cut to the box written next to it (the certifier needs a box);
``x <= pi`` and ``x < pi/2`` stay relational assumptions, as in the problems. The other eighteen are written in the
benchmark's style (polynomial and rational bounds of special functions, tight at a box end, on the diagonal or on
an edge; 1-2 variables; some under ``x < y`` or ``x != 0``): Taylor and Padé bounds of sqrt, exp, log, atan, asin,
cosh, tanh, chords, the hyperbolic Cusa inequality, Lipschitz and mean-value bounds, GM >= HM, subadditivity of sqrt.

Each true claim was checked beforehand in a local mpmath context at 120 digits on a grid refined towards every box
end (end +- 10^-k, k = 1..30) and towards its tight set (0, 1/2, 1, pi/2, pi in 1-D; the diagonal in 2-D), plus 2000
random points (2-D: a 300 x 300 grid, the refined edges and diagonal, 2·10^4 random points): the slack was never
below -10^-110 (the rounding of O(1) terms at 120 digits: gm_hm's exact zero on the diagonal and sinc_taylor4's
x^6/5040 at x = 10^-21 read as -10^-121), and never zero for a strict claim inside the domain.
Each typo comes with the fraction of its box (cut by its assumptions) where it fails, measured on 2026-12-04 by a
float64 scan done as in ``tests/test_search.py``'s ``test_stated_violation_fractions_match_a_scan`` (4·10^6 evenly
spaced points in 1-D, 10^7 uniform random points in 2-D; that test does not re-measure this set), with one failing
point of each confirmed at 50 digits.
"""
import sys
from pathlib import Path

import sympy as sp

from sloppy_verifier.theory import Interval

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from search_claims import claim, scale_rhs, typo, x, y  # noqa: E402

R = sp.Rational
pi, sin, cos, tan, exp, log, sqrt, Abs = sp.pi, sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.sqrt, sp.Abs
OPEN0, OPEN1, OPEN = dict(open_lo=True), dict(open_hi=True), dict(open_lo=True, open_hi=True)


def _pos(hi=4):
    """Both variables in (0, hi]."""
    return ("x", Interval(0, hi, **OPEN0)), ("y", Interval(0, hi, **OPEN0))


def _sq(lo, hi):
    return ("x", Interval(lo, hi)), ("y", Interval(lo, hi))


METITARSKI = [
    # ---- MetiTarski problems (box written where the problem's domain is unbounded)
    claim("mt_abs_problem_1", sp.Le(Abs(log(1 + x) - x), x ** 2), ("x", Interval(0, 4))),           # x >= 0
    claim("mt_abs_problem_2", sp.Le(Abs(log(1 + x) - x), 2 * x ** 2), ("x", Interval(R(-1, 2), R(1, 2)))),
    claim("mt_abs_problem_3", sp.Le(Abs(log(1 - x)), 3 * x / 2), ("x", Interval(0, R(582811643, 10 ** 9), **OPEN0))),
    claim("mt_abs_problem_4", sp.Le(2 * Abs(x) / (2 + x), Abs(log(1 + x))), ("x", Interval(-1, 4, **OPEN0))),  # x > -1
    claim("mt_sin_problem_3", sp.Le(sin(x) / x, 1), ("x", Interval(0, 4, **OPEN0)), assumptions=(sp.Le(x, pi),)),
    claim("mt_cos_problem_1", sp.Gt(cos(pi * x), 1 - 2 * x), ("x", Interval(0, R(1, 2), **OPEN))),
    claim("mt_cos_problem_2", sp.Lt(cos(pi * x), 1 - 2 * x), ("x", Interval(R(1, 2), 1, **OPEN))),
    claim("mt_cos_problem_3", sp.Le(Abs(cos(x)), 1), ("x", Interval(-1, 1, **OPEN))),
    claim("mt_tan_problem_1", sp.Le(1 - cos(x), tan(x / 2)), ("x", Interval(0, R(8, 5))),
          assumptions=(sp.Lt(x, pi / 2),)),
    claim("mt_tan_problem_2", sp.Le(x, tan(x)), ("x", Interval(0, R(314159, 200000), **OPEN1))),
    claim("mt_two_variable_problem_1", sp.Gt(log(x / y) / 2, (x - y) / (x + y)), *_pos(),       # 0 < y < x
          assumptions=(sp.Lt(y, x),)),
    claim("mt_two_variable_problem_2", sp.Gt(exp(x), exp(x * y / (x + y))), *_pos()),          # x, y > 0
    claim("mt_two_variable_problem_6", sp.Gt(1 / (1 + exp(x)), 1 / (1 + exp(y))), *_sq(-4, 4),  # x < y
          assumptions=(sp.Lt(x, y),)),
    claim("mt_exp_problem_1", sp.Le(exp(x) - (1 + x), x ** 2 * exp(x)), ("x", Interval(0, 1))),
    claim("mt_log_problem_1", sp.Le(1, log(R(279, 100) + log(x))), ("x", Interval(1, 10, **OPEN0))),  # x > 1
    # ---- in the benchmark's style: one variable, tight at a box end
    claim("mts_sqrt_taylor3", sp.Le(sqrt(1 + x), 1 + x / 2 - x ** 2 / 8 + x ** 3 / 16), ("x", Interval(0, 3))),
    claim("mts_sqrt_taylor2", sp.Ge(sqrt(1 + x), 1 + x / 2 - x ** 2 / 8), ("x", Interval(0, 3))),
    claim("mts_exp_pade11", sp.Le(exp(x), (2 + x) / (2 - x)), ("x", Interval(0, 2, **OPEN1))),
    claim("mts_log_pade11", sp.Ge(log(x), 2 * (x - 1) / (x + 1)), ("x", Interval(1, 8))),
    claim("mts_atan_pade", sp.Ge(sp.atan(x), x / (1 + x ** 2 / 3)), ("x", Interval(0, 10))),
    claim("mts_atan_chord", sp.Ge(sp.atan(x), pi * x / 4), ("x", Interval(0, 1))),
    claim("mts_asin_cubic", sp.Ge(sp.asin(x), x + x ** 3 / 6), ("x", Interval(0, 1))),
    claim("mts_cosh_quadratic", sp.Ge(sp.cosh(x), 1 + x ** 2 / 2), ("x", Interval(-3, 3))),
    claim("mts_tanh_pade", sp.Ge(sp.tanh(x), x / (1 + x ** 2 / 3)), ("x", Interval(0, 4))),
    # ---- one variable, a removed point
    claim("mts_cusa_hyperbolic", sp.Le(sp.sinh(x) / x, (2 + sp.cosh(x)) / 3), ("x", Interval(-3, 3)),
          assumptions=(sp.Ne(x, 0),)),
    claim("mts_expm1_half", sp.Ge((exp(x) - 1) / x, exp(x / 2)), ("x", Interval(-3, 3)), assumptions=(sp.Ne(x, 0),)),
    claim("mts_sinc_taylor4", sp.Le(sin(x) / x, 1 - x ** 2 / 6 + x ** 4 / 120), ("x", Interval(-4, 4)),
          assumptions=(sp.Ne(x, 0),)),
    # ---- two variables: the diagonal of x < y, or the edges
    claim("mts_sin_lipschitz", sp.Le(sin(y) - sin(x), y - x), *_sq(-2, 2), assumptions=(sp.Lt(x, y),)),
    claim("mts_log_tangent2", sp.Le(log(y) - log(x), (y - x) / x), *_pos(), assumptions=(sp.Lt(x, y),)),
    claim("mts_gm_hm", sp.Ge(sqrt(x * y), 2 * x * y / (x + y)), *_pos()),
    claim("mts_atan_mvt", sp.Ge(sp.atan(y) - sp.atan(x), (y - x) / (1 + y ** 2)), *_sq(0, 3),
          assumptions=(sp.Lt(x, y),)),
    claim("mts_sqrt_subadditive", sp.Le(sqrt(x + y), sqrt(x) + sqrt(y)), *_sq(0, 4)),
    claim("mts_sqrt_diff", sp.Le(sqrt(y) - sqrt(x), sqrt(y - x)), *_sq(0, 4), assumptions=(sp.Lt(x, y),)),
]


def _typo(cid, change, fraction, size, tag="_typo"):
    return typo(cid, change, fraction, size, tag, pool=METITARSKI)


def _lhs(new):
    return lambda st: type(st)(new, st.rhs)


#: (typo, measured violation fraction of the box cut by the assumptions, where the region lies)
METITARSKI_TYPOS = [
    _typo("mt_abs_problem_1", (1 + x, 1 + R(1001, 1000) * x), 1.67e-4, "x < 1e-3 (2/3)"),
    _typo("mt_abs_problem_2", (1 + x, 1 + R(1001, 1000) * x), 1.07e-3, "|x| ~ 1e-3/2"),
    _typo("mt_abs_problem_3", (3 * x / 2, 3 * x / R(2001, 1000)), 8.4e-4, "beside x = 0.5828"),
    _typo("mt_abs_problem_4", (2 + x, 2 + R(999, 1000) * x), 1.2e-3, "|x| < 6e-3"),
    _typo("mt_sin_problem_3", scale_rhs(R(9999, 10000)), 7.8e-3, "x^2 < 6e-4"),
    _typo("mt_cos_problem_1", (-2 * x, -R(1999, 1000) * x), 8.8e-4, "1/2 - x < 5e-4/(pi - 2)"),
    _typo("mt_cos_problem_2", (-2 * x, -R(2001, 1000) * x), 1.88e-3, "1 - x < 5e-4"),
    _typo("mt_cos_problem_3", scale_rhs(R(99999, 100000)), 4.5e-3, "x^2 < 2e-5"),
    _typo("mt_tan_problem_1", (x / 2, x / R(20001, 10000)), 8.0e-3, "beside x = pi/2"),
    _typo("mt_tan_problem_2", _lhs(R(10001, 10000) * x), 1.1e-2, "x^2 < 3e-4"),
    _typo("mt_two_variable_problem_1", (log(x / y) / 2, log(x / y) / R(20001, 10000)), 2.4e-2, "beside the diagonal"),
    _typo("mt_two_variable_problem_2", (x * y / (x + y), R(1001, 1000) * x * y / (x + y)), 5.1e-4, "x < 1e-3 y"),
    _typo("mt_two_variable_problem_6", (1 / (1 + exp(y)), R(1001, 1000) / (1 + exp(y))), 1.9e-3, "beside the diagonal"),
    _typo("mt_exp_problem_1", (-x, -R(999, 1000) * x), 2.0e-3, "x < 2e-3"),
    _typo("mt_log_problem_1", (R(279, 100), R(271, 100)), 9.2e-4, "log x < e - 2.71"),
    _typo("mts_sqrt_taylor3", (-x ** 2 / 8, -x ** 2 / R(7999, 1000)), 6.7e-3, "x^2 < 4e-4"),
    _typo("mts_sqrt_taylor2", (-x ** 2 / 8, -x ** 2 / R(801, 100)), 8.3e-4, "x < 2.5e-3"),
    _typo("mts_exp_pade11", (2 + x, 2 + R(9999, 10000) * x), 1.22e-2, "x^2 < 6e-4"),
    _typo("mts_log_pade11", scale_rhs(R(10001, 10000)), 5.0e-3, "(x - 1)^2 < 1.2e-3"),
    _typo("mts_atan_pade", (x ** 2 / 3, x ** 2 / R(30001, 10000)), 1.12e-3, "x^2 < 1.2e-4"),
    _typo("mts_atan_chord", (pi * x / 4, pi * x / R(3999, 1000)), 6.9e-4, "1 - x < 7e-4"),
    _typo("mts_asin_cubic", (x ** 3 / 6, x ** 3 / R(5999, 1000)), 1.92e-2, "x^2 < 3.7e-4"),
    _typo("mts_cosh_quadratic", (x ** 2 / 2, x ** 2 / R(19999, 10000)), 8.2e-3, "x^2 < 3e-4"),
    _typo("mts_tanh_pade", (x ** 2 / 3, x ** 2 / R(30001, 10000)), 5.6e-3, "x near 0"),
    _typo("mts_cusa_hyperbolic", scale_rhs(1 - R(1, 10 ** 8)), 1.22e-2, "x^4 < 1.8e-6"),
    _typo("mts_expm1_half", (x / 2, x / R(19999, 10000)), 1.0e-4, "0 < x < 6e-4"),
    _typo("mts_sinc_taylor4", (x ** 4 / 120, x ** 4 / R(12001, 100)), 1.42e-2, "x^2 < 3.5e-3"),
    _typo("mts_sin_lipschitz", scale_rhs(R(999, 1000)), 1.37e-3, "x, y near 0"),
    _typo("mts_log_tangent2", (1 / x, 1 / (R(10001, 10000) * x)), 1.9e-4, "beside the diagonal"),
    _typo("mts_gm_hm", scale_rhs(R(10001, 10000)), 2.8e-2, "beside the diagonal"),
    _typo("mts_atan_mvt", (1 + y ** 2, 1 + R(999, 1000) * y ** 2), 9.9e-4, "beside the diagonal"),
    _typo("mts_sqrt_subadditive", scale_rhs(R(99, 100)), 9.9e-5, "beside the edges x = 0, y = 0"),
    _typo("mts_sqrt_diff", scale_rhs(R(9, 10)), 1.1e-2, "beside the edge x = 0"),
]
