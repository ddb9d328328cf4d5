"""Checks of the kernel-machine claims S28–S30 (spec/sloppiness.md §2.H) and the golden G4 (§3).

Float64 searches run through ``property_search`` (Hypothesis over the claim's domain, shrinking, confirmation) on the
scaled residual ``(lhs − rhs)/τ ⋈ 0`` of the claim's own statement and relation (``_scaled``): with ``rtol`` that is
exactly the acceptance rule ``|lhs − rhs| ≤ rtol·τ`` for ``=`` (a strict ``<`` needs ``lhs < rhs − rtol·τ``), ``τ``
carrying the spec's tolerance scale.

Error analysis.
* S28 (``atol = 1e-8 (1 + ‖y‖_∞)``, spec): θ is iterated ``T ≤ 200`` times; each step rounds ``f = Φθ + g`` and
  ``Φᵀ(f − y)`` at ``≲ (N + p) u`` of the scale ``‖f_0‖ + ‖y‖ = O(√N (1 + ‖y‖_∞))``, and the error propagates through
  ``I − ηΦᵀΦ/N`` (norm ≤ 1 for ``ηκ_1 ≤ 2``), so the accumulated error is ``≲ T (N + p) u √N ≈ 1e-11`` of the scale;
  eigenvector errors of near-degenerate ``κ`` mix modes whose factors differ by ``≤ ηt|Δκ|`` and add ``≲ T u``.  The
  spec's ``1e-8`` leaves ≥ 1000× headroom.  Spectra and inPCA eigenvalues: ``1e-10 κ_1`` / ``1e-10 |μ_1|`` (spec
  conventions; round-off ``≲ 30 u``).
* S29: Nyström grid from ``verify.ribbon.kernels.nystrom_points`` (aliasing ``≤ 1e-30``); tolerance per eigenvalue
  ``1e-12 κ̂_j + 8u κ̂_0`` (``rbf_eigenvalue_floor``): the spec's relative ``1e-12`` wherever float64 resolves it
  (``κ_j ≳ 2e-3 κ_0``), the float64 resolution below.
* S30 (``1e-12 · max κ``, spec): entries use the cancellation-free denominator ``(1−q)² + 4q sin²(θ/2)`` (relative
  error ≤ 8u), eigvalsh adds ``≲ N u ‖K/N‖``: ``≤ 64·10u ≈ 1.4e-13`` of ``max κ``.
"""
from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import sympy as sp
from scipy.optimize import linear_sum_assignment

from sloppy_verifier.theory.ribbon import kernels as kt
from sloppy_verifier.theory.ribbon.kernels import (ETA_KAPPA1, FEATURE_DIM, FEATURES, INPUT_SD, INPUTS, LENGTH_SCALE,
                                                  POINTS, Q_RATIO, SEED, STEPS)

from ..check import point_evidence, property_search, relation
from ..evidence import Evidence, point_text
from ..golden import load
from ..mpeval import context
from ..point import Point
from ..ribbon import kernels as kn
from ..ribbon.bhattacharyya import distance_matrix
from ..ribbon.inpca import inpca
from ..ribbon.trajectory import design
from ..vectorised import value as _val
from .ribbon_inpca import _goldens

TAU = sp.Symbol("tau")
S28_RTOL = 1e-8            # spec S28: atol 1e-8 (1 + |y|_inf)
EIG_RTOL = 1e-10           # spec conventions: eigenvalues 1e-10 * (largest)
RBF_RTOL = 1e-12           # spec S29: relative 1e-12
POISSON_RTOL = 1e-12       # spec S30: 1e-12 * max


def _parts(statement) -> tuple:
    return statement.args if isinstance(statement, sp.And) else (statement,)


def _scaled(statement, tau_of=lambda part: TAU.name):
    """``(lhs − rhs)/τ ⋈ 0`` for each part ``lhs ⋈ rhs`` of the statement (its own relation), ``τ > 0`` the symbol
    named ``tau_of(part)``."""
    out = [type(r)((r.lhs - r.rhs) / sp.Symbol(tau_of(r)), 0) for r in _parts(statement)]
    return out[0] if len(out) == 1 else sp.And(*out)


def _worst_entry(statement, env: dict, tau) -> dict:
    """The scalar environment of the entry where ``|lhs − rhs|/τ`` is largest (arrays in ``env`` broadcast)."""
    lhs, rhs = (np.asarray(_val(side, env), dtype=float) for side in (statement.lhs, statement.rhs))
    score = np.abs(lhs - rhs) / tau
    score = np.where(np.isnan(score), np.inf, score)
    i = int(np.argmax(score))
    shape = np.broadcast_shapes(lhs.shape, np.shape(tau))
    pick = lambda v: np.broadcast_to(np.asarray(v), shape).reshape(-1)[i].item() if np.ndim(v) else v  # noqa: E731
    return {k: pick(v) for k, v in env.items()} | {TAU.name: pick(tau), "entry": i}


# ---------------------------------------------------------------- S28
@functools.lru_cache(maxsize=256)
def _instance(key: tuple):
    """Φ (top eigenvalue of ΦΦᵀ/N = 1), θ_0, a generic target y and offset g, from the drawn parameters."""
    p = Point(key)
    rng = np.random.default_rng(p[SEED])
    Phi = kn.random_features(p[INPUTS], p[FEATURE_DIM], p[FEATURES], rng)
    theta0 = rng.standard_normal(p[FEATURE_DIM]) / np.sqrt(p[FEATURE_DIM])
    return Phi, theta0, rng.standard_normal(p[INPUTS]), rng.standard_normal(p[INPUTS])


def _key(p: dict) -> tuple:
    return tuple(sorted(p.items()))


def _mode_env(claim, p: dict, dps: int) -> dict:
    Phi, theta0, y, _ = _instance(_key(p))
    eta = float(p[ETA_KAPPA1])
    f = kn.feature_gd(Phi, y, theta0, eta, p[STEPS])
    kappa, U = np.linalg.eigh(kn.gram(Phi) / p[INPUTS])
    env = {kt.xi_t: U.T @ (f[-1] - y), kt.xi_0: U.T @ (f[0] - y), kt.kappa: kappa, kt.eta: eta, kt.t: p[STEPS]}
    return _worst_entry(claim.statement, env, 1 + np.abs(y).max())


def _g4_case() -> Point:
    """The golden case G4 (``verify/data/ribbon_g4.json``), its fields read by the claims' objects where they are
    parameters (``N``, ``q``, ``T``) or symbols (``eta``)."""
    return Point(load("ribbon_g4.json")["cases"]["G4"])


def _vector(printed: str) -> list:
    """``'(a, b, c)/d'`` (or ``'0'``) as exact rationals."""
    body, _, den = printed.replace("\u2212", "-").partition("/")
    nums = [sp.Integer(v) for v in body.strip("() ").split(",")]
    return [v / sp.Integer(den or 1) for v in nums]


def _g4_exact(claim) -> Evidence:
    """G4 exactly: the function-space recursion in rationals reproduces the printed f_1..f_3, and the claim's
    statement holds exactly for every eigenpair of the exact K/N and t = 0..T."""
    c = _g4_case()
    K = sp.Matrix([[sp.Rational(v) for v in row] for row in c["K"]])
    y, f0 = sp.Matrix([sp.Rational(v) for v in c["y"]]), sp.Matrix([sp.Rational(v) for v in c["f_0"]])
    eta = sp.Rational(c[kt.eta])
    fs = kn.function_gd_exact(K, y, f0, eta, c[STEPS])
    bad = [f"f_{i}" for i, (name, printed) in enumerate(c["trajectory_printed"].items())
           if list(fs[i]) != (_vector(printed) * 4 if printed == "0" else _vector(printed))]
    if K != kn.poisson_gram_exact(c[POINTS], sp.Rational(c[Q_RATIO])):
        bad.append("K (Poisson Gram at x_n = pi n/2)")
    st = claim.statement
    for val, mult, vecs in (K / c[POINTS]).eigenvects():
        for u in sp.GramSchmidt(vecs, True):
            for tt, f in enumerate(fs):
                env = {kt.xi_t: (u.T * (f - y))[0], kt.xi_0: (u.T * (f0 - y))[0], kt.kappa: val, kt.eta: eta, kt.t: tt}
                gap = sp.simplify(st.lhs.subs(env) - st.rhs.subs(env))      # exact: the relation judged on it
                if not bool(type(st)(gap, 0)):
                    bad.append(f"mode kappa = {val}, t = {tt}")
    summary = ("G4 exact: f_1..f_3 reproduce the printed rationals and the statement holds exactly on every eigenpair "
               "of K/N, t = 0..3" if not bad else f"G4 exact: mismatch at {', '.join(bad[:4])}")
    return Evidence("symbolic", "violated" if bad else "proved", summary,
                    worst_case={"mismatches": bad} if bad else None, tolerance="exact (SymPy rationals)")


#: edges of the S28 domain: eta kappa_1 at both ends, the longest run, the largest N and p, many frozen modes
S28_EDGES = {
    "eta kappa_1 = 19/10, T = 200, N = 20, p = 30": {INPUTS: 20, FEATURE_DIM: 30, ETA_KAPPA1: Fraction(19, 10),
                                                     STEPS: 200, FEATURES: "gaussian", SEED: 1},
    "N = 20, p = 1 (19 kappa = 0 modes), T = 200": {INPUTS: 20, FEATURE_DIM: 1, ETA_KAPPA1: Fraction(3, 2),
                                                    STEPS: 200, FEATURES: "gaussian", SEED: 2},
    "eta kappa_1 = 1/10, T = 1, N = 2, p = 30, rank 1": {INPUTS: 2, FEATURE_DIM: 30, ETA_KAPPA1: Fraction(1, 10),
                                                         STEPS: 1, FEATURES: "low_rank", SEED: 3},
}


def _kernel_gd_modes(claim, ctx):
    ev, st = (lambda p, dps: _mode_env(claim, p, dps)), _scaled(claim.statement)
    search = property_search(claim, ctx, ev, statement=st, rtol=S28_RTOL,
                             label="float64 feature-space GD per eigenpair of K/N, (lhs - rhs)/(1 + |y|_inf) within 1e-8: ")
    edges = point_evidence(claim, ctx, S28_EDGES, ev, statement=st, rtol=S28_RTOL, label="domain edges: ")
    for e in (search, edges):
        e.tolerance = "|lhs - rhs| <= 1e-8 (1 + |y|_inf) (spec S28; round-off ~1e-11, module docstring)"
    return [search, edges, _g4_exact(claim), _goldens(claim, ctx, ("G4",), source="ribbon_g4.json")]


def _transfer_env(claim, p: dict, dps: int) -> dict:
    N, d = p[INPUTS], p[FEATURE_DIM]
    size = max(N, d)
    rng = np.random.default_rng(p[SEED])
    if p[FEATURES] == "linear":   # S1: X with Sigma = X^T X/N of spectrum 2^{-(k-1)}, k <= min(N, d)
        lam = np.where(np.arange(d) < min(N, d), 0.5 ** np.arange(d), 0.0)
        X = design(lam, N, rng)
        kappa = np.linalg.eigvalsh(kn.gram(X) / N)
    else:
        X = kn.random_features(N, d, p[FEATURES], rng)
        kappa = np.linalg.eigvalsh(kn.gram(X) / N)
        lam = np.linalg.eigvalsh(X.T @ X / N)
    pad = lambda v: np.concatenate([np.sort(v)[::-1], np.zeros(size - v.size)])  # noqa: E731
    kappa, lam = pad(kappa), pad(lam)
    env = {kt.kappa: kappa, kt.lam: lam, kt.N: N, "mode": np.arange(1, size + 1)}
    return _worst_entry(claim.statement, env, abs(kappa[0]))


def _kernel_spectrum_transfer(claim, ctx):
    search = property_search(claim, ctx, lambda p, dps: _transfer_env(claim, p, dps), statement=_scaled(claim.statement),
                             rtol=EIG_RTOL,
                             label="float64 eig(K/N) vs eig(Phi^T Phi/N) / prescribed Sigma, (lhs - rhs)/kappa_1 "
                                   "within 1e-10: ")
    search.tolerance = "|kappa_k - lambda_k| <= 1e-10 kappa_1 (spec conventions for Gram eigenvalues)"
    return [search]


def _trajectory_mu(f):
    return inpca(distance_matrix(f[:, :, None], "gaussian", np), np).mu


def _frozen_env(claim, p: dict, dps: int) -> dict:
    Phi, theta0, y, g = _instance(_key(p))
    eta, T, N = float(p[ETA_KAPPA1]), p[STEPS], p[INPUTS]
    f = kn.feature_gd(Phi, y, theta0, eta, T, offset=g)
    P = Phi @ np.linalg.pinv(Phi, rcond=1e-10)                 # projector onto range K = range Phi
    f_range = kn.feature_gd(Phi, P @ y, theta0, eta, T, offset=P @ g)   # the run with the kappa = 0 parts removed
    Q = np.eye(N) - P
    st1, st2 = sorted(_parts(claim.statement), key=_frozen_tau)    # (frozen part, inPCA part)
    tau1, names = 1e-8 / EIG_RTOL * (1 + np.abs(y).max()), ("tau_1", "tau_2")
    e1 = _worst_entry(st1, {kt.frozen_t: Q @ (f[-1] - y), kt.frozen_0: Q @ (f[0] - y)}, tau1)
    mu, mu_r = _trajectory_mu(f), _trajectory_mu(f_range)
    e2 = _worst_entry(st2, {kt.mu: mu, kt.mu_removed: mu_r}, abs(mu[0]))
    return ({k: v for k, v in e1.items() if k not in (TAU.name, "entry")}
            | {k: v for k, v in e2.items() if k not in (TAU.name, "entry")}
            | {names[0]: e1[TAU.name], names[1]: e2[TAU.name], "sample": e1["entry"], "mu_index": e2["entry"] + 1})


def _frozen_tau(part) -> str:
    """``tau_1`` scales the frozen-mode part (it names ``frozen_t``), ``tau_2`` the inPCA part."""
    return "tau_1" if kt.frozen_t in part.free_symbols else "tau_2"


def _kernel_frozen_modes(claim, ctx):
    search = property_search(claim, ctx, lambda p, dps: _frozen_env(claim, p, dps),
                             statement=_scaled(claim.statement, _frozen_tau), rtol=EIG_RTOL,
                             label="float64 GD with an offset outside range K vs the run without it, "
                                   "(lhs - rhs)/(100(1 + |y|_inf)) and "
                                   "(lhs - rhs)/|mu_1| within 1e-10: ")
    search.tolerance = ("frozen part: atol 1e-8 (1 + |y|_inf) (spec S28); inPCA eigenvalues: 1e-10 |mu_1| "
                        "(spec conventions)")
    return [search]


# ---------------------------------------------------------------- S29
#: (l, s) pairs of the spec's check log, plus the domain's corners (finest grid: l = 1/10, s = 2)
RBF_PAIRS = {f"l={l_}, s={s_}": {LENGTH_SCALE: Fraction(l_), INPUT_SD: Fraction(s_)}
             for l_, s_ in (("1", "1"), ("1/2", "1"), ("2", "1"), ("3/10", "2"), ("1", "1/5"), ("5", "1"),
                            ("1/10", "1"), ("1/10", "2"), ("5", "1/5"))}
RBF_J = 16            # j = 0..15 (spec S29: j <= 15)
RBF_MIN = 1e-13       # ... while kappa_j > 1e-13


@functools.lru_cache(maxsize=64)
def _nystrom(ell: Fraction, s: Fraction):
    return kn.rbf_nystrom(float(ell), float(s))[:RBF_J]


def _rbf_env(claim, p: dict, dps: int) -> dict:
    k_hat = _nystrom(Fraction(p[LENGTH_SCALE]), Fraction(p[INPUT_SD]))
    j = np.flatnonzero(k_hat > RBF_MIN)
    tau = (RBF_RTOL * k_hat[j] + kn.rbf_eigenvalue_floor(k_hat[0])) / RBF_RTOL
    env = {kt.kappa_j: k_hat[j], kt.j: j, kt.ell: float(p[LENGTH_SCALE]), kt.s: float(p[INPUT_SD])}
    worst = _worst_entry(claim.statement, env, tau)
    return worst | {kt.ell: p[LENGTH_SCALE], kt.s: p[INPUT_SD]}   # exact (l, s) for the high-precision right-hand side


def _rbf_examples(ctx) -> int:
    """A Nyström eigensolve costs up to ~0.3 s (n <= 1152, two n/2 blocks): a tenth of the profile's examples."""
    return max(2, ctx.profile.examples // 10)


def _golden_ratio(claim) -> Evidence:
    """Spec S29: at l = s = 1, kappa_0 = 0.6180339887... and B = 0.3819660112... (printed truncated)."""
    k_hat = _nystrom(Fraction(1), Fraction(1))
    got = {"kappa_0": float(k_hat[0]), "B": float(k_hat[1] / k_hat[0])}
    printed = {"kappa_0": "0.6180339887", "B": "0.3819660112"}
    bad = [k for k, v in got.items() if not 0 <= v - float(printed[k]) < 1e-10]
    return Evidence("float64", "violated" if bad else "holds",
                    f"l = s = 1: Nystrom kappa_0 = {got['kappa_0']:.13f}, kappa_1/kappa_0 = {got['B']:.13f} "
                    + ("begin with the printed digits" if not bad else f"disagree with the printed {bad}"),
                    worst_case={"values": got, "printed": printed}, tolerance="the 10 printed (truncated) digits")


#: fast-decaying pairs of the spec's list (coarse grids, n <= 70) whose tails float64 cannot resolve, by cost
MP_PAIRS = (("5", "1"), ("1", "1/5"), ("5", "1/5"), ("2", "1"))
MP_DPS = 30   # Nystrom eigenvalues to ~n 10^-30 absolute: kappa_j >= 1e-13 to 1e-15 relative, 1000x below 1e-12


def _rbf_mp(claim, ctx) -> Evidence:
    """The spec's check where float64 cannot make it: every kappa_j > 1e-13, j <= 15, to relative 1e-12, from the
    Nyström matrix in mpmath (``rbf_nystrom_mp``); one pair under the quick profile, all of ``MP_PAIRS`` above it."""
    pairs = MP_PAIRS[:1] if ctx.profile.examples < 100 else MP_PAIRS
    c, worst, fail = context(MP_DPS), None, None
    for l_, s_ in pairs:
        ell, s = Fraction(l_), Fraction(s_)
        k_hat = kn.rbf_nystrom_mp(ell, s, MP_DPS)[:RBF_J]
        for jj, k in enumerate(k_hat):
            if k <= RBF_MIN:
                break
            r = relation(claim.statement, {kt.kappa_j: k, kt.ell: ell, kt.s: s, kt.j: jj},
                         MP_DPS)    # both sides; judged below relative to kappa_hat_j, the spec's rule
            rhs = r["rhs"]
            rel = abs(r["lhs"] - rhs) / abs(r["lhs"])
            case = {"parameters": Point({LENGTH_SCALE: l_, INPUT_SD: s_, kt.j: jj}), "lhs": c.nstr(k, 20),
                    "rhs": c.nstr(rhs, 20),
                    "relative_error": c.nstr(rel, 3)}
            if worst is None or rel > worst[0]:
                worst = (rel, case)
            if rel > RBF_RTOL and fail is None:
                fail = case
    tol = f"relative 1e-12 for j <= 15 while kappa_j > 1e-13 (spec S29), Nystrom in mpmath at dps {MP_DPS}"
    if fail:
        return Evidence("high_precision", "violated", f"mp Nystrom: violated at {point_text(fail['parameters'])}: "
                        f"{fail['lhs']} vs {fail['rhs']}", worst_case=fail, tolerance=tol)
    return Evidence("high_precision", "holds", f"mp Nystrom, (l, s) in {point_text(pairs)}: every "
                    f"kappa_j > 1e-13 (j <= 15); worst relative error {worst[1]['relative_error']} at "
                    f"{point_text(worst[1]['parameters'])}", worst_case=worst[1], tolerance=tol)


def _rbf_gaussian_spectrum(claim, ctx):
    ev = lambda p, dps: _rbf_env(claim, p, dps)  # noqa: E731
    st = _scaled(claim.statement)
    tol = ("|kappa_hat_j - kappa_j| <= 1e-12 kappa_hat_j + 8u kappa_hat_0 for j <= 15 with kappa_hat_j > 1e-13: the "
           "spec's relative 1e-12 where float64 resolves it (kappa_j >~ 2e-3 kappa_0), else the float64 resolution")
    search = property_search(claim, ctx, ev, statement=st, rtol=RBF_RTOL, examples=_rbf_examples(ctx),
                             label="float64 Nystrom (uniform grid on [-12s, 12s], weights h p(x)), "
                                   "(lhs - rhs)/(kappa_j + 8u kappa_0/1e-12) "
                                   "within 1e-12: ")
    pts = point_evidence(claim, ctx, RBF_PAIRS, ev, statement=st, rtol=RBF_RTOL,
                         label="spec's (l, s) pairs and the domain's corners: ")
    for e in (search, pts):
        e.tolerance = tol
    return [search, pts, _rbf_mp(claim, ctx), _golden_ratio(claim)]


# ---------------------------------------------------------------- S30
Q_CHOICES = (Fraction(1, 10), Fraction(1, 2), Fraction(9, 10), Fraction(99, 100))


def _pairing(statement, kappa, env: dict) -> np.ndarray:
    """The index ``j`` paired with each eigenvalue ``kappa[a]``: the bijection that brings the statement's two sides
    closest in total (``linear_sum_assignment`` of ``|lhs − rhs|`` over every pair, float64).  The claim is an
    equality of multisets, so it reads "some pairing satisfies the relation"; the whole relation is then judged at
    these pairs (a changed relation or either side changes the verdict, not the pairing rule)."""
    n, js = len(kappa), np.arange(len(kappa))
    grid = env | {kt.kappa_j: np.asarray(kappa, dtype=float)[:, None], kt.j: js[None, :]}
    lhs, rhs = (np.broadcast_to(_val(side, grid), (n, n)) for side in (statement.lhs, statement.rhs))
    cost = np.nan_to_num(np.abs(lhs - rhs), nan=np.inf, posinf=np.finfo(float).max / (2 * n))
    return js[linear_sum_assignment(cost)[1]]


def _poisson_exact(claim) -> Evidence:
    """N = 4, q = 1/2: the exact eigenvalues of K/N equal the printed {17/15, 2/3, 2/3, 8/15}, and the statement
    holds exactly (SymPy rationals) at each eigenvalue paired with its index ``j`` (``_pairing``)."""
    c = _g4_case()
    n_, q = c[POINTS], sp.Rational(c[Q_RATIO])
    ev = sorted(((kn.poisson_gram_exact(n_, q) / n_).eigenvals(multiple=True)), reverse=True)
    printed = sorted((sp.Rational(v) for v in c["eig_K_over_N"]), reverse=True)
    at = {kt.N: n_, kt.q: q}
    js = _pairing(claim.statement, [float(v) for v in ev], {kt.N: n_, kt.q: float(q)})
    pairs = [claim.statement.subs(at | {kt.j: int(jj), kt.kappa_j: v}) for jj, v in zip(js, ev)]
    ok = ev == printed and all(bool(p) for p in pairs)
    where = ", ".join(f"j={int(jj)}: {v}" for jj, v in zip(js, ev))
    return Evidence("symbolic", "proved" if ok else "violated",
                    f"N = 4, q = 1/2 exact: eig(K/N) = {ev}, printed {printed}; the statement at the pairs {where}: "
                    + ("true at every pair" if ok else "false at " + ", ".join(str(int(jj)) for jj, p in zip(js, pairs)
                                                                            if not bool(p))),
                    worst_case=None if ok else {"eig": str(ev), "printed": str(printed), "pairs": [str(p) for p in pairs]},
                    tolerance="exact (SymPy rationals)")


def _poisson_grid(claim) -> Evidence:
    """Every (N, q) of the domain, N = 3..64 x q in {1/10, 1/2, 9/10, 99/100}: eig(K/N) against the statement at
    each eigenvalue's index (``_pairing``)."""
    st, worst, fail, n = claim.statement, None, None, 0
    for N in range(3, 65):
        for qf in Q_CHOICES:
            q = float(qf)
            kappa = np.sort(np.linalg.eigvalsh(kn.poisson_gram(N, q) / N))[::-1]
            js = _pairing(st, kappa, {kt.q: q, kt.N: N})
            env = {kt.kappa_j: kappa, kt.j: js, kt.q: q, kt.N: N}
            e = _worst_entry(st, env, POISSON_RTOL * np.abs(kappa).max())
            lhs_v, rhs_v = (float(_val(side, e)) for side in (st.lhs, st.rhs))
            score = abs(lhs_v - rhs_v) / e[TAU.name]
            n += 1
            case = {"parameters": Point({POINTS: N, Q_RATIO: str(qf), kt.j: int(e[kt.j])}), "lhs": lhs_v, "rhs": rhs_v,
                    "error_over_tolerance": score}
            if worst is None or score > worst["error_over_tolerance"]:
                worst = case
            # the statement's relation on (lhs - rhs)/tau, tau the tolerance itself (rtol 1): |.| <= 1 for =
            if not relation(_scaled(st), e, 20, 1)["ok"] and fail is None:
                fail = case
    tol = "|eig - formula| <= 1e-12 max eig (spec S30; round-off <= 1.4e-13, module docstring)"
    if fail:
        return Evidence("float64", "violated", f"float64 circulant spectrum: violated at {point_text(fail['parameters'])}: "
                        f"eig {fail['lhs']:.15g} vs formula {fail['rhs']:.15g}", worst_case=fail, tolerance=tol)
    return Evidence("float64", "holds", f"float64: all {n} (N, q) pairs of the domain; worst error/tolerance "
                    f"{worst['error_over_tolerance']:.3g} at {point_text(worst['parameters'])}", worst_case=worst, tolerance=tol,
                    data={"pairs": n})


def _poisson_kernel_spectrum(claim, ctx):
    return [_poisson_grid(claim), _poisson_exact(claim)]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "ribbon.kernel_gd_modes": _kernel_gd_modes,
    "ribbon.kernel_spectrum_transfer": _kernel_spectrum_transfer,
    "ribbon.kernel_frozen_modes": _kernel_frozen_modes,
    "ribbon.rbf_gaussian_spectrum": _rbf_gaussian_spectrum,
    "ribbon.poisson_kernel_spectrum": _poisson_kernel_spectrum,
}
