"""Statistics of the simulation checks: seed means, weighted least-squares fits of error-versus-width models
with confidence intervals and a goodness-of-fit test, and the acceptance rule built on them.

**Error model.**  Point ``i`` of a sweep is a mean ``y_i`` over ``n_i`` independent seeds with standard error
``s_i`` (sample standard deviation over ``sqrt(n_i)``, ``nu_i = n_i - 1`` degrees of freedom); distinct points use
distinct seeds, so the points are independent.

**Fit.**  Weighted least squares of ``y`` on a linear model ``sum_j c_j g_j(x)`` with weights ``1/s_i^2``
(``scipy.linalg.lstsq`` on the whitened system): ``c = (G^T W G)^-1 G^T W y``, ``Cov c = (G^T W G)^-1`` with the
``s_i`` as the errors.  Each coefficient is a linear combination ``c_j = sum_i h_ji y_i``, so its variance
``sum_i h_ji^2 s_i^2`` combines variance estimates of ``nu_i`` degrees of freedom; its effective degrees of freedom
are Welch–Satterthwaite's ``nu_j = (sum_i h_ji^2 s_i^2)^2 / sum_i (h_ji^2 s_i^2)^2 / nu_i`` and the confidence
interval is ``c_j +- t_{nu_j}(1 - level/2) se_j`` (Student t, not normal: 16 seeds estimate a variance to +-18 %).
A power law ``y = c x^e`` is fitted as ``log y = log c + e log x`` with ``se(log y) = s/y`` (delta method).

**Goodness of fit.**  ``chi^2 = sum_i r_i^2`` over the standardized residuals ``r_i = (y_i - yhat_i)/s_i``, with
``dof = N - p``.  With estimated ``s_i``, ``chi^2/dof`` is referred to ``F(dof, min nu_i)``: exact when one
variance estimate is shared, conservative (a heavier tail than the truth) when each point has its own, so a
correct model is rejected with probability at most the stated level.

**Levels.**  A claim is ``violated`` when the stated value lies outside the interval at level
``TEST_LEVEL = 1e-4`` two-sided (``t`` about 3.9 at many dof).  The Fisher catalogue's standard profile makes
about 140 such tests (41 intercepts, 11 rates, 9 other fits, 75 Monte-Carlo cells), so by Bonferroni the chance
that a correct catalogue shows any false violation is at most 1.4 %; the spec's per-test ``k = 3`` (level 0.0027)
would give about 30 %.  A model is rejected by goodness of fit at ``GOF_LEVEL = 1e-3``: stricter, because a fit
the data reject cannot support an interval, and a false rejection costs only an ``inconclusive`` (about 55 fits:
at most 5.5 %).  The power this leaves is measured by planted variants (``tests/test_stats.py`` on synthetic
sweeps, ``tests/test_planted_stats.py`` on the checks).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from scipy import linalg
from scipy import stats as sps

TEST_LEVEL = 1e-4
GOF_LEVEL = 1e-3


def critical(nu: float = math.inf, level: float = TEST_LEVEL) -> float:
    """Two-sided critical value of a z (``nu = inf``) or Student-t statistic at ``level``."""
    return float(sps.norm.isf(level / 2) if math.isinf(nu) else sps.t.isf(level / 2, nu))


def mean_se(values) -> tuple[float, float]:
    """Sample mean and its standard error (sample standard deviation over sqrt(n))."""
    v = np.asarray([float(x) for x in values])
    n = v.size
    se = float(v.std(ddof=1) / math.sqrt(n)) if n > 1 else float("inf")
    return float(v.mean()), se


def rms_points(groups) -> tuple[list, list, int]:
    """RMS of each group of per-seed deviations ``d`` (one group per width), standard errors, and their dof.

    ``log mean d^2`` has variance ``rho/n`` with ``rho = Var d^2 / (E d^2)^2`` (delta method); ``rho`` is pooled
    over the groups, ``rho = sum_g sum_s (d_gs^2/ms_g - 1)^2 / sum_g (n_g - 1)``, on the premise that the widths
    differ in the scale of ``d`` only (the asymptotic regime: Gaussian fluctuations times ``M^-1/2``).  A per-group
    estimate from 16 seeds would correlate each weight with its own value and bias the exponent.
    Returns ``(rms, se_rms, dof)`` with ``se_rms = rms sqrt(rho/n)/2`` and ``dof = sum_g (n_g - 1)``.
    """
    d2 = [np.square(np.asarray(g, float)) for g in groups]
    ms = [float(v.mean()) for v in d2]
    dof = sum(v.size - 1 for v in d2)
    rho = sum(float(np.sum((v / m - 1) ** 2)) for v, m in zip(d2, ms)) / dof
    rms = [math.sqrt(m) for m in ms]
    return rms, [r * math.sqrt(rho / v.size) / 2 for r, v in zip(rms, d2)], dof


def loglog_slope(xs, ys) -> float:
    """Unweighted least-squares slope of log y against log x (a descriptive trend; tests use ``power_law``)."""
    lx, ly = np.log(np.asarray(xs, float)), np.log(np.asarray(ys, float))
    dx = lx - lx.mean()
    return float(dx @ (ly - ly.mean()) / (dx @ dx))


@dataclass(frozen=True)
class Fit:
    """A weighted least-squares fit: coefficients, standard errors, effective dof, intervals at ``level``."""

    names: tuple
    coef: np.ndarray
    se: np.ndarray
    nu: np.ndarray
    chi2: float
    dof: int
    residuals: np.ndarray
    level: float
    nu_min: float        # the fewest dof of any point's variance estimate (the goodness-of-fit reference)

    def ci(self, name: str) -> tuple[float, float]:
        j = self.names.index(name)
        h = float(sps.t.ppf(1 - self.level / 2, self.nu[j])) * self.se[j]
        return float(self.coef[j] - h), float(self.coef[j] + h)

    def __getitem__(self, name: str) -> float:
        return float(self.coef[self.names.index(name)])

    def stderr(self, name: str) -> float:
        return float(self.se[self.names.index(name)])

    @property
    def chi2_dof(self) -> float:
        return self.chi2 / self.dof if self.dof else float("nan")

    @property
    def p_value(self) -> float:
        """Goodness-of-fit p-value (``nan`` without spare degrees of freedom)."""
        return float(sps.f.sf(self.chi2_dof, self.dof, self.nu_min)) if self.dof else float("nan")


def wls(G, y, se, nu, names: Sequence[str], level: float = TEST_LEVEL) -> Fit:
    """Weighted least squares of ``y`` (errors ``se``, each with ``nu`` dof) on the columns of ``G``."""
    G, y, se = np.asarray(G, float), np.asarray(y, float), np.asarray(se, float)
    nu = np.broadcast_to(np.asarray(nu, float), y.shape)
    if G.shape[0] <= G.shape[1] - 1 or np.any(~np.isfinite(se)) or np.any(se <= 0):
        raise ValueError("wls needs at least as many points as coefficients and positive finite errors")
    Gw = G / se[:, None]
    coef, *_ = linalg.lstsq(Gw, y / se)
    cov = linalg.inv(Gw.T @ Gw)
    H = cov @ Gw.T / se[None, :]                 # c = H y
    contrib = (H * se[None, :]) ** 2             # h_ji^2 s_i^2
    var = contrib.sum(axis=1)
    nu_eff = var**2 / np.sum(contrib**2 / nu[None, :], axis=1)
    r = (y - G @ coef) / se
    return Fit(tuple(names), coef, np.sqrt(var), nu_eff, float(r @ r), int(y.size - G.shape[1]), r, level,
               float(nu.min()))


def extrapolate(x, y, se, nu, shapes: Sequence[Callable] = (), level: float = TEST_LEVEL) -> Fit:
    """Fit ``y = a + sum_j b_j g_j(x)`` (the known finite-size bias shapes ``g_j``); coefficient names ``a``, ``b1``..."""
    x = np.asarray(x, float)
    G = np.column_stack([np.ones_like(x)] + [np.array([g(v) for v in x]) for g in shapes])
    return wls(G, y, se, nu, ["a"] + [f"b{j + 1}" for j in range(len(shapes))], level)


def power_law(series: Sequence[tuple], level: float = TEST_LEVEL) -> Fit:
    """Common-exponent power law ``y = c_s x^e`` over one or more series ``(x, y, se, nu)``, fitted in logs.

    Names: ``e`` and ``log_c0``, ``log_c1``... (one constant per series).  A claim's rate is universal, so
    pooling the configurations sharpens the exponent; the fit's goodness of fit tests that they share it.
    """
    rows, ys, ses, nus = [], [], [], []
    for k, (x, y, se, nu) in enumerate(series):
        x, y, se = np.asarray(x, float), np.asarray(y, float), np.asarray(se, float)
        for i in range(x.size):
            rows.append([math.log(x[i])] + [1.0 if j == k else 0.0 for j in range(len(series))])
        ys.extend(np.log(y))
        ses.extend(se / y)
        nus.extend(np.broadcast_to(np.asarray(nu, float), x.shape))
    return wls(np.array(rows), ys, ses, nus, ["e"] + [f"log_c{k}" for k in range(len(series))], level)


#: a correction is subleading when it is at most this fraction of the leading term at the smallest width
SUBLEADING = 0.5


def corrected_rate(series: Sequence[tuple], exponent: float, correction: float = 1.0,
                   level: float = TEST_LEVEL) -> Fit:
    """The stated rate with a relative correction per series, ``y = x^exponent (c_s + d_s x^-correction)``,
    fitted linearly as ``y x^-exponent = c_s + d_s x^-correction`` (names ``c0``, ``d0``, ``c1``...).

    Mean squares of finite-width fluctuations are ratios of moments of sums over neurons and expand in ``1/M``
    (``correction = 1``); an error dominated by an edge bias ``c_1 M^-1/2 + c_2 M^-1`` has a relative
    ``M^-1/2`` correction (``correction = 1/2``).  At the sweep's precision such a correction can tilt a pure power
    law by a few hundredths (e.g. the cross-output entries, -0.54 on 125..1000 for a stated -0.5).
    """
    rows, ys, ses, nus = [], [], [], []
    K = len(series)
    for k, (x, y, se, nu) in enumerate(series):
        x, y, se = np.asarray(x, float), np.asarray(y, float), np.asarray(se, float)
        for i in range(x.size):
            rows.append([float(j == k) for j in range(K)] + [float(j == k) * x[i] ** -correction for j in range(K)])
        ys.extend(y * x**-exponent)
        ses.extend(se * x**-exponent)
        nus.extend(np.broadcast_to(np.asarray(nu, float), x.shape))
    return wls(np.array(rows), ys, ses, nus, [f"c{k}" for k in range(K)] + [f"d{k}" for k in range(K)], level)


def rate_verdict(series: Sequence[tuple], stated: float, correction: float = 1.0) -> tuple[str, str, Fit]:
    """The rate rule for a stated ``x^stated`` decay of the RMS error, on series ``(x, rms, se, nu)``.

    1. ``holds`` if the pooled power law passes its goodness of fit (``GOF_LEVEL``) and the stated exponent lies
       in its interval.
    2. Else the stated rate with a relative correction (``corrected_rate``): ``holds`` if it passes its goodness of
       fit at ``TEST_LEVEL`` with a subleading correction, ``|d_s| x_min^-correction <= SUBLEADING |c_s|`` in every
       series (the leading term dominates the whole sweep).
    3. Else ``violated``: the stated rate, even with a correction, is rejected at ``TEST_LEVEL`` or needs a
       correction that is not subleading.

    Power (tests/test_stats.py, synthetic sweeps at the measured seed noise): the standard profile (four
    configurations, five widths) catches M^-1/4 and M^-1 for a stated M^-1/2 in >= 95 % of sweeps; the quick
    profile (one configuration, four widths) catches M^-1 in about half (noise-dominated errors) to all (bias
    present) and M^-1/4 rarely.  A true rate is accepted at the test level.
    """
    fit = power_law(series)
    lo, hi = fit.ci("e")
    fits = not (fit.dof and fit.p_value < GOF_LEVEL)
    if fits and lo <= stated <= hi:
        return "holds", f"stated {stated:g} inside the {1 - fit.level:.4%} interval [{lo:.3f}, {hi:.3f}]", fit
    corr = corrected_rate(series, stated, correction)
    x_min = min(min(x) for x, *_ in series)
    rel = max(abs(corr[f"d{k}"] / corr[f"c{k}"]) for k in range(len(series))) * x_min**-correction
    gap = (f"stated {stated:g} outside the interval [{lo:.3f}, {hi:.3f}]" if fits else
           f"power law rejected by goodness of fit (chi2/dof = {fit.chi2_dof:.2f} on {fit.dof} dof, p = "
           f"{fit.p_value:.1e}; residuals {np.round(fit.residuals, 1).tolist()})")
    if corr.p_value >= TEST_LEVEL and rel <= SUBLEADING:
        return "holds", (f"{gap}, but the stated rate with a subleading M^-{correction:g} correction fits (p = "
                         f"{corr.p_value:.2g}, correction {rel:.0%} of the leading term at M = {x_min:g})"), fit
    why = (f"the stated rate with an M^-{correction:g} correction "
           + (f"fails its fit (p = {corr.p_value:.1e})" if corr.p_value < TEST_LEVEL else
              f"needs a correction {rel:.0%} of the leading term at M = {x_min:g}"))
    return "violated", f"{gap}, and {why}", fit


def judge(fit: Fit, name: str, stated: float | Callable[[float, float], bool]) -> tuple[str, str]:
    """The acceptance rule: ``inconclusive`` if the model fails its goodness of fit (p < ``GOF_LEVEL``),
    ``violated`` if ``stated`` lies outside the ``fit.level`` interval of ``name``, else ``holds``; with a reason.
    A callable ``stated(lo, hi)`` instead says whether the claim's statement holds over that interval
    (``verify.check.interval_relation``)."""
    lo, hi = fit.ci(name)
    if fit.dof and fit.p_value < GOF_LEVEL:
        return "inconclusive", (f"model rejected by goodness of fit: chi2/dof = {fit.chi2_dof:.2f} on {fit.dof} dof, "
                                f"p = {fit.p_value:.1e} < {GOF_LEVEL:g}; residuals {np.round(fit.residuals, 1).tolist()}")
    ok, what = (stated(lo, hi), "the statement") if callable(stated) else (lo <= stated <= hi, f"stated {stated:g}")
    where = f"the {1 - fit.level:.4%} interval [{lo:.4g}, {hi:.4g}]"
    if not ok:
        return "violated", f"{what} fails on {where}" if callable(stated) else f"{what} outside {where}"
    return "holds", f"{what} holds on {where}" if callable(stated) else f"{what} inside {where}"


#: the generic finite-width expansion of a seed mean, in powers of M^-1/2 (the fallback when a bias model fails)
GENERAL = (lambda m: m**-0.5, lambda m: 1 / m)


def limit_verdict(x, y, se, nu, shapes: Sequence[Callable],
                  stated: float | Callable[[float, float], bool] = 1.0) -> tuple[str, str, Fit]:
    """``judge`` of the intercept of ``extrapolate(x, y, se, nu, shapes)``; when that model fails its goodness of
    fit, the general expansion ``a + b_1 M^-1/2 + b_2 M^-1`` may still show the stated limit outside its (wider)
    interval, and then the claim is ``violated`` (a fallback that can only turn ``inconclusive`` into
    ``violated``, never into ``holds``)."""
    fit = extrapolate(x, y, se, nu, shapes)
    status, why = judge(fit, "a", stated)
    if status == "inconclusive" and len(x) > len(GENERAL) + 1:
        general = extrapolate(x, y, se, nu, GENERAL)
        status2, why2 = judge(general, "a", stated)
        if status2 == "violated":
            return "violated", f"{why}; the general expansion a + b1/sqrt(M) + b2/M: {why2}", general
    return status, why, fit


def fit_record(fit: Fit, x, y, se, **extra) -> dict:
    """The JSON form of a fit for ``Evidence.data`` (the report draws error bars from it)."""
    out = {"x": [float(v) for v in x], "y": [float(v) for v in y], "se": [float(v) for v in se],
           "chi2_dof": fit.chi2_dof, "dof": fit.dof, "p_value": fit.p_value, "level": fit.level,
           "residuals": [float(v) for v in fit.residuals]}
    for name in fit.names:
        out[name] = fit[name]
        out[f"{name}_se"] = fit.stderr(name)
        out[f"{name}_ci"] = list(fit.ci(name))
    return out | extra
