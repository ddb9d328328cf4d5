"""``sloppy eval`` quantities of the hyper-ribbon population matrix (spec/sloppiness.md §1.7, S17, S18, S20).

``ribbon.population_es``: ``ES_k(S_∞)``, ``S_∞ = ρ^{-2} A' + B``; ``ribbon.cloud_es``: ``ES_k(A')`` (the ``ρ → 0``
face); ``ribbon.c_A``: the ``ρ → 0`` boundary ``c_A(T)`` of a geometric spectrum; ``ribbon.rho_star``: the crossing ``ρ*`` of
``ES_k(S_∞(ρ)) = τ`` (``0``: ribbon on all of ``[1e-3, 1e4]``, ``inf``: no crossing); ``ribbon.rho_bracket``: the
certified bracket ``ρ_lo ≤ ρ* ≤ ρ_hi`` of S26 (an object ``{rho_lo, rho_hi}``).  Spectra are normalised to
``λ_1 = 1`` (geometric ``λ_k = e^{−c(k−1)}``, power law ``λ_k = k^{−a}``), teacher isotropic (``β_k = 1``), ``C = 1``,
so the step size ``eta_lam1`` (``ηλ_1``) is ``η``.  Each key is the name of the claims' own parameter (the S25/S26
population's in ``theory.ribbon.certificates``, S22's ``n`` and ``k`` in ``theory.ribbon.hankel``): one spelling from
the claim to the command line; the ranges are the evaluator's, wider than the claims' sampled domains.
"""
from __future__ import annotations

from fractions import Fraction

from sloppy_verifier.theory.ribbon.certificates import (ETA, EXPONENT, LAST_STEP, MODES, RANK, RATE, RHO, SPECTRUM,
                                                        TAU)
from sloppy_verifier.theory.ribbon.hankel import CHECKPOINTS, RANK_K
from sloppy_verifier.theory.ribbon.phase import RHO_HI, RHO_LO

from ..point import Point
from ..quantities import Quantity, UsageError, _integer, _nonnegative, _positive, _rational
from . import certificates as cert
from . import population as pop
from .hankel import bt_factor

#: this module's ``sloppy eval`` quantities (``verify.eval_quantities`` joins them with the Fisher ones)
QUANTITIES: list = []
MAX_D_MATRIX = 1000        # population_es: O(d^2) mp work and a d x d eigenproblem
MAX_D_CLOUD = 10**6        # diagonal: O(d) (the c_A sums stop at the precision floor)
MAX_T = 10**9


SPEC, C_, A_, D_, T_, RHO_, K_, ETA_, TAU_ = (P.name for P in (SPECTRUM, RATE, EXPONENT, MODES, LAST_STEP, RHO,
                                                                  RANK, ETA, TAU))
#: the parameter each spectral family needs (``c`` for geometric, ``a`` for power law)
FAMILY_PARAM = {"geometric": C_, "power": A_}


def _spectrum_kind(text):
    if text not in FAMILY_PARAM:
        raise UsageError(f"{SPEC}={text!r} is unknown; choose geometric (with {C_}=) or power (with {A_}=)")
    return text


def _open_unit(name):
    def parse(text):
        v = _rational(name, text)
        if not 0 < v < 1:
            raise UsageError(f"{name} must be in (0, 1) (got {text})")
        return v
    return parse


def _eta(text):
    v = _rational(ETA_, text)
    if not 0 < v < 2:
        raise UsageError(f"{ETA_} must be in (0, 2) (eta lambda_1, with lambda_1 = 1; got {text})")
    return v


def _keys(max_d: int, rho: bool) -> dict:
    keys = {
        SPEC: (_spectrum_kind, "geometric (lambda_k = e^{-c(k-1)}) | power (lambda_k = k^{-a})"),
        C_: (_nonnegative(C_), "geometric decay rate c >= 0 (spectrum=geometric)"),
        A_: (_positive(A_), "power-law exponent a > 0 (spectrum=power)"),
        D_: (_integer(D_, 1, max_d), f"number of modes, 1..{max_d}"),
        T_: (_integer(T_, 0, MAX_T), f"last checkpoint (uniform checkpoints 0..T), 0..{MAX_T}"),
        RHO_: (_positive(RHO_), "teacher-to-initialisation ratio rho > 0 (spec §1.4)"),
        K_: (_integer(K_, 1), "explained-stress rank k, 1..d"),
        ETA_: (_eta, "step size eta lambda_1 in (0, 2) (lambda_1 = 1, so this is eta); default 1"),
    }
    if not rho:
        del keys[RHO_]
    return keys


def _finish(out: dict) -> dict:
    need = FAMILY_PARAM[out[SPEC]]
    other, = set(FAMILY_PARAM.values()) - {need}
    if other in out:
        raise UsageError(f"{other}= applies only to {SPEC}={'power' if other == A_ else 'geometric'} "
                         f"(got {SPEC}={out[SPEC]})")
    if need not in out:
        raise UsageError(f"{SPEC}={out[SPEC]} needs {need}= ({'c >= 0' if need == C_ else 'a > 0'})")
    if out[K_] > out[D_]:
        raise UsageError(f"{K_} must be in 1..d = 1..{out[D_]} (got {out[K_]})")
    out.setdefault(ETA_, Fraction(1))
    return out


def _lam(p: Point, dps: int) -> list:
    return pop.spectrum(p[SPECTRUM], p[FAMILY_PARAM[p[SPECTRUM]]], p[MODES], dps)


def _population(params, dps):
    p = Point(params)
    return pop.population_es(_lam(p, dps), [1] * p[MODES], p[ETA], p[LAST_STEP], p[RHO], p[RANK], dps)


def _cloud(params, dps):
    p = Point(params)
    return pop.cloud_es(_lam(p, dps), p[ETA], p[LAST_STEP], p[RANK], dps)


def _c_A_finish(out: dict) -> dict:
    d, k = out[D_], out[K_]
    if k >= d:
        raise UsageError(f"{K_} must be in 1..d-1 = 1..{d - 1} (ES_d = 1 for every c; got k={k})")
    low = 1 - ((d - k) / d) ** 0.5   # ES_k at c = 0 (flat spectrum): tau must exceed it
    if out[TAU_] <= low:
        raise UsageError(f"{TAU_} must be in (1 - sqrt((d-k)/d), 1) = ({low:.6g}, 1) for d={d}, k={k} "
                         f"(got {float(out[TAU_])})")
    return out


QUANTITIES.append(Quantity(
    "ribbon.population_es", "ES_k of S_inf = rho^-2 A' + B (S17; isotropic teacher, C = 1)",
    _keys(MAX_D_MATRIX, rho=True), (SPEC, D_, T_, RHO_, K_), _population, _finish))
QUANTITIES.append(Quantity(
    "ribbon.cloud_es", "ES_k(A'), the rho -> 0 face of S_inf (S18, S19)",
    _keys(MAX_D_CLOUD, rho=False), (SPEC, D_, T_, K_), _cloud, _finish))
QUANTITIES.append(Quantity(
    "ribbon.c_A", "rho -> 0 boundary c_A(T): ES_k(A'_T) = tau, geometric spectrum, eta = 1/lambda_1 (S20)",
    {T_: (_integer(T_, 0, MAX_T), f"last checkpoint, 0..{MAX_T}"),
     K_: (_integer(K_, 1), "explained-stress rank k, 1..d-1"),
     TAU_: (_open_unit(TAU_), "explained-stress target tau in (0, 1)"),
     D_: (_integer(D_, 2, MAX_D_CLOUD), f"number of modes, 2..{MAX_D_CLOUD}")},
    (T_, K_, TAU_, D_), lambda params, dps: _c_A(Point(params), dps), _c_A_finish))


def _c_A(p: Point, dps: int):
    return pop.c_A(p[LAST_STEP], p[RANK], p[TAU], p[MODES], dps)


def _boundary_keys() -> dict:
    keys = _keys(MAX_D_MATRIX, rho=False)
    keys[TAU_] = (_open_unit(TAU_), "explained-stress target tau in (0, 1)")
    return keys


def _boundary_inputs(params, dps) -> tuple:
    """The arguments ``(lam, beta, eta, T, k, tau, dps)`` of ``certificates.rho_star`` / ``rho_bracket``."""
    p = Point(params)
    return _lam(p, dps), [1] * p[MODES], p[ETA], p[LAST_STEP], p[RANK], p[TAU], dps


def _rho_star(params, dps):
    try:
        return cert.rho_star(*_boundary_inputs(params, dps))
    except cert.SeveralCrossings as exc:   # rho* is undefined: say where ES_k crosses tau
        raise UsageError(f"rho_star is not unique for these parameters: {exc}") from None


def _rho_bracket(params, dps):
    lo, hi = cert.rho_bracket(*_boundary_inputs(params, dps))
    return {RHO_LO.name: lo, RHO_HI.name: hi}


QUANTITIES.append(Quantity(
    "ribbon.rho_star", "crossing rho* of ES_k(S_inf(rho)) = tau on [1e-3, 1e4] (S26c, S27; 0: phase I, inf: none)",
    _boundary_keys(), (SPEC, D_, T_, K_, TAU_), _rho_star, _finish))
QUANTITIES.append(Quantity(
    "ribbon.rho_bracket", "certified bracket rho_lo = x_1^(-1/2) (S26b), rho_hi from the S26(a) quadratics",
    _boundary_keys(), (SPEC, D_, T_, K_, TAU_), _rho_bracket, _finish))


N_, BT_K = CHECKPOINTS.name, RANK_K.name


def _bt_finish(out: dict) -> dict:
    n, k = out[N_], out[BT_K]
    if 2 * k + 1 > n:
        raise UsageError(f"{BT_K} must be in 1..(n-1)/2 = 1..{(n - 1) // 2} so that j + 2k <= n for some j >= 1 "
                         f"(got n={n}, k={k})")
    return out


def _bt(p: Point, dps: int):
    return bt_factor(p[CHECKPOINTS], p[RANK_K], dps)


QUANTITIES.append(Quantity(
    "ribbon.bt_factor", "Beckermann-Townsend factor 16 varrho_n^(-2k+2) bounding sigma_{j+2k}/sigma_j of a PSD "
    "Hankel matrix (S22, cited; constants as recovered)",
    {N_: (_integer(N_, 3, 10**12), "Hankel size n, 3..10^12"),
     BT_K: (_integer(BT_K, 1), "index step k >= 1 (with 2k + 1 <= n)")},
    (N_, BT_K), lambda params, dps: _bt(Point(params), dps), _bt_finish))
QUANTITIES = tuple(QUANTITIES)
