"""Power of the statistical tier on the real checks: planted variants of ASYMP claims, a constant off by 5 % and
the stated rate M^-1/2 changed to M^-1/4 and M^-1, must be reported violated.

What the quick profile catches (one configuration, four widths; measured, docs in verify/stats.py): the 5 %
constant on every claim whose bias model is "none" or "1/M" with a tight seed spread (m_lambda, the NTK entries,
the outlier Rayleigh quotient, the bulk level, eta_c) and on F6b and F9b; not on lambda_max (1/sqrt(M) bias fitted)
nor s_lambda.  M^-1 on m_lambda, lambda_max, the bulk level, the cross entries, eta_c, F6b, F9b (not the outlier
Rayleigh quotient); M^-1/4 only on the precise ones (lambda_max, the cross entries, F6b, F9b).  The standard profile
catches all three on every F5b claim and on F6b (linear0 included); the table, with the evidence that catches each
plant, is benchmarks/RESULTS_stats_power.md.
"""
import pytest
import sympy as sp

from planted import QUICK, scale
from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import verdict

CLAIMS = {c.id: c for c in select(["fisher"])}
STANDARD = Context(profile=PROFILES["standard"], seed=0, dps=30, progress=lambda msg: None)
R = sp.Rational


def _rate(e):
    return lambda c: c.variant(rate=c.large**e)


def _const(c):
    return c.variant(statement=scale(R(21, 20))(c.statement))


def _caught(cid, plant, ctx=QUICK):
    wrong = plant(CLAIMS[cid])
    assert wrong != CLAIMS[cid]
    evidence = run_check(wrong, ctx)
    assert verdict(evidence) == "violated", [e.summary for e in evidence]
    assert all(e.worst_case for e in evidence if e.status == "violated")


QUICK_CAUGHT = [("fisher.centred_spectrum", _const), ("fisher.centred_spectrum", _rate(R(-1, 4))),
                ("fisher.centred_spectrum", _rate(-1)), ("fisher.mean_eigenvalue_limit", _const),
                ("fisher.mean_eigenvalue_limit", _rate(-1)), ("fisher.lambda_max_limit", _rate(R(-1, 4))),
                ("fisher.lambda_max_limit", _rate(-1)), ("fisher.bulk_level", _const), ("fisher.bulk_level", _rate(-1)),
                ("fisher.outlier_rayleigh", _const)]


@pytest.mark.parametrize("cid, plant", QUICK_CAUGHT)
def test_quick_profile_catches(cid, plant):
    _caught(cid, plant)


@pytest.mark.slow
@pytest.mark.parametrize("plant", [_const, _rate(R(-1, 4)), _rate(-1)], ids=["x1.05", "M^-1/4", "M^-1"])
@pytest.mark.parametrize("cid", ["fisher.mean_eigenvalue_limit", "fisher.lambda_max_limit", "fisher.bulk_level",
                                 "fisher.outlier_rayleigh", "fisher.centred_spectrum"])
def test_standard_profile_catches(cid, plant):
    _caught(cid, plant, STANDARD)
