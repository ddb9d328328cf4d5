"""``sloppy eval`` quantities of the hyper-ribbon population matrix (spec/sloppiness.md §1.7, S17, S18, S20).

``ribbon.population_es``: ``ES_k(S_∞)``, ``S_∞ = ρ^{-2} A' + B``; ``ribbon.cloud_es``: ``ES_k(A')`` (the ``ρ → 0``
face); ``ribbon.c_A``: the ``ρ → 0`` boundary ``c_A(T)`` of a geometric spectrum; ``ribbon.rho_star``: the crossing ``ρ*`` of
``ES_k(S_∞(ρ)) = τ`` (``0``: ribbon on all of ``[1e-3, 1e4]``, ``inf``: no crossing); ``ribbon.rho_bracket``: the
certified bracket ``ρ_lo ≤ ρ* ≤ ρ_hi`` of S26 (an object ``{rho_lo, rho_hi}``).  Spectra are normalised to
``λ_1 = 1`` (geometric ``λ_k = e^{−c(k−1)}``, power law ``λ_k = k^{−a}``), teacher isotropic (``β_k = 1``), ``C = 1``.
"""
from __future__ import annotations

from fractions import Fraction

from ..quantities import Quantity, UsageError, _integer, _nonnegative, _positive, _rational
from . import certificates as cert
from . import population as pop
from .hankel import bt_factor

#: this module's ``sloppy eval`` quantities (``verify.eval_quantities`` joins them with the Fisher ones)
QUANTITIES: list = []
MAX_D_MATRIX = 1000        # population_es: O(d^2) mp work and a d x d eigenproblem
MAX_D_CLOUD = 10**6        # diagonal: O(d) (the c_A sums stop at the precision floor)
MAX_T = 10**9


def _spectrum_kind(text):
    if text not in ("geometric", "power"):
        raise UsageError(f"spectrum={text!r} is unknown; choose geometric (with c=) or power (with a=)")
    return text


def _open_unit(name):
    def parse(text):
        v = _rational(name, text)
        if not 0 < v < 1:
            raise UsageError(f"{name} must be in (0, 1) (got {text})")
        return v
    return parse


def _eta(text):
    v = _rational("eta", text)
    if not 0 < v < 2:
        raise UsageError(f"eta must be in (0, 2/lambda_1) = (0, 2) (got {text})")
    return v


def _keys(max_d: int, rho: bool) -> dict:
    keys = {
        "spectrum": (_spectrum_kind, "geometric (lambda_k = e^{-c(k-1)}) | power (lambda_k = k^{-a})"),
        "c": (_nonnegative("c"), "geometric decay rate c >= 0 (spectrum=geometric)"),
        "a": (_positive("a"), "power-law exponent a > 0 (spectrum=power)"),
        "d": (_integer("d", 1, max_d), f"number of modes, 1..{max_d}"),
        "T": (_integer("T", 0, MAX_T), f"last checkpoint (uniform checkpoints 0..T), 0..{MAX_T}"),
        "rho": (_positive("rho"), "teacher-to-initialisation ratio rho > 0 (spec §1.4)"),
        "k": (_integer("k", 1), "explained-stress rank k, 1..d"),
        "eta": (_eta, "learning rate in (0, 2/lambda_1) = (0, 2); default 1/lambda_1 = 1"),
    }
    if not rho:
        del keys["rho"]
    return keys


def _finish(out: dict) -> dict:
    need = {"geometric": "c", "power": "a"}[out["spectrum"]]
    other = {"geometric": "a", "power": "c"}[out["spectrum"]]
    if other in out:
        raise UsageError(f"{other}= applies only to spectrum={'power' if other == 'a' else 'geometric'} "
                         f"(got spectrum={out['spectrum']})")
    if need not in out:
        raise UsageError(f"spectrum={out['spectrum']} needs {need}= ({'c >= 0' if need == 'c' else 'a > 0'})")
    if out["k"] > out["d"]:
        raise UsageError(f"k must be in 1..d = 1..{out['d']} (got {out['k']})")
    out.setdefault("eta", Fraction(1))
    return out


def _lam(p: dict, dps: int) -> list:
    return pop.spectrum(p["spectrum"], p["c"] if p["spectrum"] == "geometric" else p["a"], p["d"], dps)


def _population(p, dps):
    return pop.population_es(_lam(p, dps), [1] * p["d"], p["eta"], p["T"], p["rho"], p["k"], dps)


def _cloud(p, dps):
    return pop.cloud_es(_lam(p, dps), p["eta"], p["T"], p["k"], dps)


def _c_A_finish(out: dict) -> dict:
    d, k = out["d"], out["k"]
    if k >= d:
        raise UsageError(f"k must be in 1..d-1 = 1..{d - 1} (ES_d = 1 for every c; got k={k})")
    low = 1 - ((d - k) / d) ** 0.5   # ES_k at c = 0 (flat spectrum): tau must exceed it
    if out["tau"] <= low:
        raise UsageError(f"tau must be in (1 - sqrt((d-k)/d), 1) = ({low:.6g}, 1) for d={d}, k={k} (got {float(out['tau'])})")
    return out


QUANTITIES.append(Quantity(
    "ribbon.population_es", "ES_k of S_inf = rho^-2 A' + B (S17; isotropic teacher, C = 1)",
    _keys(MAX_D_MATRIX, rho=True), ("spectrum", "d", "T", "rho", "k"), _population, _finish))
QUANTITIES.append(Quantity(
    "ribbon.cloud_es", "ES_k(A'), the rho -> 0 face of S_inf (S18, S19)",
    _keys(MAX_D_CLOUD, rho=False), ("spectrum", "d", "T", "k"), _cloud, _finish))
QUANTITIES.append(Quantity(
    "ribbon.c_A", "rho -> 0 boundary c_A(T): ES_k(A'_T) = tau, geometric spectrum, eta = 1/lambda_1 (S20)",
    {"T": (_integer("T", 0, MAX_T), f"last checkpoint, 0..{MAX_T}"),
     "k": (_integer("k", 1), "explained-stress rank k, 1..d-1"),
     "tau": (_open_unit("tau"), "explained-stress target tau in (0, 1)"),
     "d": (_integer("d", 2, MAX_D_CLOUD), f"number of modes, 2..{MAX_D_CLOUD}")},
    ("T", "k", "tau", "d"), lambda p, dps: pop.c_A(p["T"], p["k"], p["tau"], p["d"], dps), _c_A_finish))


def _boundary_keys() -> dict:
    keys = _keys(MAX_D_MATRIX, rho=False)
    keys["tau"] = (_open_unit("tau"), "explained-stress target tau in (0, 1)")
    return keys


def _rho_star(p, dps):
    try:
        return cert.rho_star(_lam(p, dps), [1] * p["d"], p["eta"], p["T"], p["k"], p["tau"], dps)
    except cert.SeveralCrossings as exc:   # rho* is undefined: say where ES_k crosses tau
        raise UsageError(f"rho_star is not unique for these parameters: {exc}") from None


def _rho_bracket(p, dps):
    lo, hi = cert.rho_bracket(_lam(p, dps), [1] * p["d"], p["eta"], p["T"], p["k"], p["tau"], dps)
    return {"rho_lo": lo, "rho_hi": hi}


QUANTITIES.append(Quantity(
    "ribbon.rho_star", "crossing rho* of ES_k(S_inf(rho)) = tau on [1e-3, 1e4] (S26c, S27; 0: phase I, inf: none)",
    _boundary_keys(), ("spectrum", "d", "T", "k", "tau"), _rho_star, _finish))
QUANTITIES.append(Quantity(
    "ribbon.rho_bracket", "certified bracket rho_lo = x_1^(-1/2) (S26b), rho_hi from the S26(a) quadratics",
    _boundary_keys(), ("spectrum", "d", "T", "k", "tau"), _rho_bracket, _finish))


def _bt_finish(out: dict) -> dict:
    if 2 * out["k"] + 1 > out["n"]:
        raise UsageError(f"k must be in 1..(n-1)/2 = 1..{(out['n'] - 1) // 2} so that j + 2k <= n for some j >= 1 "
                         f"(got n={out['n']}, k={out['k']})")
    return out


QUANTITIES.append(Quantity(
    "ribbon.bt_factor", "Beckermann-Townsend factor 16 varrho_n^(-2k+2) bounding sigma_{j+2k}/sigma_j of a PSD "
    "Hankel matrix (S22, cited; constants as recovered)",
    {"n": (_integer("n", 3, 10**12), "Hankel size n, 3..10^12"),
     "k": (_integer("k", 1), "index step k >= 1 (with 2k + 1 <= n)")},
    ("n", "k"), lambda p, dps: bt_factor(p["n"], p["k"], dps), _bt_finish))
QUANTITIES = tuple(QUANTITIES)
