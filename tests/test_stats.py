"""The statistical tier on synthetic sweeps of known truth: intervals and goodness of fit are calibrated (a
true model is accepted at the stated frequency), and the planted errors the checks must catch (a wrong rate,
a constant off by 5 %) are rejected in the standard profile's sweep; the quick profile's reach is pinned too."""
import math

import numpy as np
import pytest

from sloppy_verifier.verify import stats
from sloppy_verifier.verify.context import PROFILES

STANDARD = PROFILES["standard"].widths
QUICK = PROFILES["quick"].widths
SEEDS = 16


def _sweep(rng, widths, intercept=1.0, bias=0.0, rate=-0.5, noise=0.4, configs=1):
    """Per-seed ratios r = intercept + bias/sqrt(M) + noise M^rate z, as a sweep of ``configs`` configurations.
    The default noise is the sweeps' measured seed spread of m_lambda (config A: 0.36/sqrt(M)) with no bias: the
    hardest case for the rate, since the RMS is then all noise."""
    return [{M: intercept + bias / math.sqrt(M) + noise * M**rate * rng.standard_normal(SEEDS) for M in widths}
            for _ in range(configs)]


def _intercept_verdict(sweep, stated=1.0, level=stats.TEST_LEVEL):
    ms = sorted(sweep)
    pts = [stats.mean_se(sweep[M]) for M in ms]
    fit = stats.extrapolate(ms, [p[0] for p in pts], [p[1] for p in pts], SEEDS - 1, (lambda m: m**-0.5,), level)
    return stats.judge(fit, "a", stated)[0], fit


def _rate_verdict(sweeps, stated, level=stats.TEST_LEVEL):
    """The check's rate rule: RMS of r - 1 per width (pooled relative variance), pooled power law with a
    relative M^-1/2 correction per configuration."""
    series = []
    for sw in sweeps:
        ms = sorted(sw)
        rms, se, dof = stats.rms_points([sw[M] - 1 for M in ms])
        series.append((ms, rms, se, dof))
    if level != stats.TEST_LEVEL:
        return None, stats.power_law(series, level)
    status, _, fit = stats.rate_verdict(series, stated)
    return status, fit


def test_wls_recovers_an_exact_model():
    x = np.array([1.0, 2, 4, 8])
    fit = stats.extrapolate(x, 3 + 2 / x, np.full(4, 0.1), 15, (lambda v: 1 / v,))
    assert fit["a"] == pytest.approx(3) and fit["b1"] == pytest.approx(2) and fit.chi2 == pytest.approx(0, abs=1e-18)
    lo, hi = fit.ci("a")
    assert lo < 3 < hi


def test_satterthwaite_dof_of_a_single_point_is_its_own():
    fit = stats.wls(np.ones((1, 1)), [1.0], [0.1], 15, ["a"])
    assert fit.nu[0] == pytest.approx(15)
    assert fit.ci("a")[1] - 1 == pytest.approx(0.1 * 5.239, rel=1e-3)   # t_15 at 1 - 5e-5


def test_false_alarm_frequency_of_a_true_model():
    """At level 0.05, a true model is called violated (intercept) or rejected (fit) in about 5 % of sweeps,
    never much more: the t intervals with Satterthwaite dof and the F reference are calibrated or conservative."""
    rng = np.random.default_rng(1)
    n = 1500
    bad_a = bad_gof = bad_e = 0
    for _ in range(n):
        sw = _sweep(rng, STANDARD)
        _, fit = _intercept_verdict(sw[0], level=0.05)
        lo, hi = fit.ci("a")
        bad_a += not lo <= 1 <= hi
        bad_gof += fit.p_value < 0.05
        _, fe = _rate_verdict(sw, -0.5, level=0.05)
        lo, hi = fe.ci("e")
        bad_e += not lo <= -0.5 <= hi
    tol = 3 * math.sqrt(0.05 * 0.95 / n)
    assert bad_a / n < 0.05 + tol and bad_gof / n < 0.05 + tol, (bad_a, bad_gof, bad_e)
    # the exponent's interval is slightly liberal for noise-only errors (measured 7 %): the log of a 16-seed mean
    # square is skewed to the left; at the test level this stays rare (next test)
    assert bad_e / n < 0.08 + tol, (bad_a, bad_gof, bad_e)
    assert bad_a / n > 0.02 and bad_e / n > 0.02       # not vacuously conservative


def test_true_model_holds_at_the_test_level():
    """At the test levels (1e-4 for a violation, 1e-3 for the fit) a true model holds in >= 99 % of sweeps."""
    rng = np.random.default_rng(2)
    assert np.mean([_intercept_verdict(_sweep(rng, STANDARD)[0])[0] == "holds" for _ in range(300)]) >= 0.99
    assert np.mean([_rate_verdict(_sweep(rng, STANDARD, configs=4), -0.5)[0] == "holds" for _ in range(300)]) >= 0.99


@pytest.mark.parametrize("widths, power", [(STANDARD, 0.99), (QUICK, 0.9)])
def test_a_constant_off_by_five_percent_is_caught(widths, power):
    """The planted constant (the ratio's limit 1/1.05) with a fitted 1/sqrt(M) bias: caught in every standard
    sweep, in about 95 % of quick ones (per configuration; the noise is the sweeps' measured 0.5/sqrt(M))."""
    rng = np.random.default_rng(3)
    caught = [_intercept_verdict(_sweep(rng, widths)[0], stated=1.05)[0] == "violated" for _ in range(200)]
    assert np.mean(caught) >= power


@pytest.mark.parametrize("stated", [-0.25, -1.0])
@pytest.mark.parametrize("noise, bias", [(0.4, 0.0), (1.1, 2.0)])
def test_a_wrong_rate_is_caught_in_the_standard_profile(stated, noise, bias):
    """The stated M^-1/2 changed to M^-1/4 or M^-1, four configurations pooled (standard profile), for the
    measured seed noise of m_lambda (no bias) and of lambda_max (config A: 1.1/sqrt(M) spread, 2/sqrt(M) bias)."""
    rng = np.random.default_rng(4)
    caught = [_rate_verdict(_sweep(rng, STANDARD, configs=4, noise=noise, bias=bias), stated)[0] == "violated"
              for _ in range(100)]
    assert np.mean(caught) >= 0.95


@pytest.mark.parametrize("noise, bias, power", [(0.4, 0.0, 0.4), (1.1, 2.0, 0.9)])
def test_quick_profile_reach_on_the_rate(noise, bias, power):
    """One configuration on the four quick widths: M^-1 is caught in about half (noise only) to nearly all
    (with a bias) of the sweeps; M^-1/4 is not reliably caught (the quick profile does not claim it)."""
    rng = np.random.default_rng(5)
    caught = [_rate_verdict(_sweep(rng, QUICK, noise=noise, bias=bias), -1.0)[0] == "violated" for _ in range(100)]
    assert np.mean(caught) >= power
    caught = [_rate_verdict(_sweep(rng, QUICK, noise=noise, bias=bias), -0.25)[0] == "violated" for _ in range(100)]
    assert np.mean(caught) < 0.5


def test_a_subleading_correction_is_not_a_wrong_rate():
    """A precise error c M^-1/2 (1 + 10/M), the cross-output entries' shape: the pure power law's exponent
    misses -1/2, the corrected model explains it (holds); stated M^-1/4 is still violated."""
    rng = np.random.default_rng(7)
    widths = STANDARD
    sw = [{M: 1 + M**-0.5 * (1 + 10 / M) * (1 + 0.07 * rng.standard_normal(SEEDS)) for M in widths}]
    series = [(widths, *stats.rms_points([s[M] - 1 for M in widths])) for s in sw]
    assert stats.rate_verdict(series, -0.5)[0] == "holds"
    assert stats.rate_verdict(series, -0.25)[0] == "violated"


def test_a_wrong_model_is_inconclusive_not_violated():
    """A sizeable 1/M term fitted by a constant: the fit is rejected (inconclusive), not read as a violation."""
    rng = np.random.default_rng(6)
    widths = STANDARD
    sw = {M: 1 + 30 / M + 0.05 * rng.standard_normal(SEEDS) / math.sqrt(M) * 10 for M in widths}
    pts = [stats.mean_se(sw[M]) for M in widths]
    fit = stats.extrapolate(widths, [p[0] for p in pts], [p[1] for p in pts], SEEDS - 1)
    assert stats.judge(fit, "a", 1.0)[0] == "inconclusive"


def test_a_failed_model_can_still_show_a_violation():
    """Seed means decaying to 0 (the planted cross-output variant) fitted by a constant: the model is rejected,
    and the general expansion a + b1/sqrt(M) + b2/M puts the stated limit 1 far outside its interval."""
    rng = np.random.default_rng(8)
    sw = {M: 0.5 / math.sqrt(M) * (1 + 0.05 * rng.standard_normal(SEEDS)) for M in STANDARD}
    pts = [stats.mean_se(sw[M]) for M in STANDARD]
    status, why, fit = stats.limit_verdict(STANDARD, [p[0] for p in pts], [p[1] for p in pts], SEEDS - 1, ())
    assert status == "violated" and "general expansion" in why and fit.names == ("a", "b1", "b2")
