"""The certifier's time budget binds its exact (SymPy) analysis as well as the branch and bound: a claim whose
analysis is slow (nested square roots in four parameters) ends within about 1.5x its budget, the remainder
undecided and labelled, never a proof."""
import time

import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certify

w, q, p, r = sp.symbols("w q p r")
A, D, B2 = (1 - w) + w * p, (1 - w) * q + w * (1 - p), w ** 2 * r ** 2 * p * (1 - p)
# Weyl's lower bound mu_2(S) >= mu_2(A) + mu_2(B) for S = (1 - w) diag(1, q) + w B_0, B_0 = [[p, r sqrt(p(1-p))],
# [r sqrt(p(1-p)), 1 - p]]: the S25 d = 2 reduction's shape (true; tight on w = 0 and on w = 1)
WEYL = sp.Le((1 - w) * q + w * (sp.Rational(1, 2) - sp.sqrt((p - sp.Rational(1, 2)) ** 2 + r ** 2 * p * (1 - p))),
             (A + D) / 2 - sp.sqrt(((A - D) / 2) ** 2 + B2))
PARAMS = (Param("w", Interval(0, 1)), Param("q", Interval(0, 1)), Param("p", Interval(0, 1)),
          Param("r", Interval(-1, 1)))


def test_budget_binds_the_exact_analysis():
    c = Claim(id="user.weyl2", tag="U1", title="weyl2", kind=Kind.INEQ, statement=WEYL,
              provenance=Provenance((Tag.USER,), "test"), parameters=PARAMS)
    budget = 2.0
    t = time.perf_counter()
    res = certify(c, time_budget=budget, max_boxes=500)
    assert time.perf_counter() - t <= 1.5 * budget
    assert res.status == "partial" and res.coverage < 1
