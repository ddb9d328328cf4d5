"""Quantities ``sloppy eval`` can evaluate, with their parameters parsed and range-checked.

Every value is exact on input (decimal strings become rationals: ``sigma_b2=0.64`` is 16/25) and is
evaluated in a local mpmath context at the requested precision plus guard digits.  Each key is the name of the
claims' own parameter (``theory.fisher.claims``' ``ACT``, ``SW``, ...): one spelling from the claim to the command
line; the ranges are the evaluator's, wider than the claims' sampled domains.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import sympy as sp

from sloppy_verifier.theory.fisher import quantities as fq
from sloppy_verifier.theory.fisher.claims import A_SLOPE, ACT, ALPHAS, DEPTH, INPUTS, OUTPUTS, SB, SW, WIDTH
from sloppy_verifier.theory.fisher.kernels import ACTIVATIONS
from sloppy_verifier.theory.fisher.order_params import alpha_of
from sloppy_verifier.theory.quantity import expand

from .mpeval import context, mp_value, to_mpf
from .point import Point

GUARD = 10
MAX_L = 200


class UsageError(ValueError):
    """Bad user input: the message is one line naming the parameter and the valid range."""


def _rational(name: str, text: str) -> Fraction:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise UsageError(f"{name}={text!r} is not a number") from None


def _positive(name):
    def parse(text):
        v = _rational(name, text)
        if v <= 0:
            raise UsageError(f"{name} must be > 0 (got {text})")
        return v
    return parse


def _nonnegative(name):
    def parse(text):
        v = _rational(name, text)
        if v < 0:
            raise UsageError(f"{name} must be >= 0 (got {text})")
        return v
    return parse


def _integer(name, lo, hi=None):
    def parse(text):
        v = _rational(name, text)
        if v.denominator != 1 or v < lo or (hi is not None and v > hi):
            rng = f"an integer >= {lo}" if hi is None else f"an integer in {lo}..{hi}"
            raise UsageError(f"{name} must be {rng} (got {text})")
        return int(v)
    return parse


def _activation(text):
    if text not in ACTIVATIONS:
        raise UsageError(f"{ACT.name}={text!r} is unknown; choose from {', '.join(ACTIVATIONS)}")
    return text


def _alphas(text):
    return tuple(_positive(ALPHAS.name)(p.strip()) for p in text.split(","))


def _slope(text):
    v = _rational(A_SLOPE.name, text)
    if not -1 <= v <= 1:
        raise UsageError(f"{A_SLOPE.name} must be in [-1, 1] (got {text})")
    return v


FISHER_KEYS = {
    ACT.name: (_activation, "relu | leaky_relu | tanh | erf | linear"),
    A_SLOPE.name: (_slope, "negative slope of leaky_relu, in [-1, 1]"),
    SW.name: (_positive(SW.name), "weight variance sigma_w^2 > 0"),
    SB.name: (_nonnegative(SB.name), "bias variance sigma_b^2 >= 0 (default 0)"),
    DEPTH.name: (_integer(DEPTH.name, 2, MAX_L), f"number of weight layers, 2..{MAX_L}"),
    ALPHAS.name: (_alphas, "comma-separated width ratios alpha_0..alpha_{L-1} > 0 (default all 1)"),
    OUTPUTS.name: (_integer(OUTPUTS.name, 1), "number of outputs >= 1"),
    INPUTS.name: (_integer(INPUTS.name, 1), "number of inputs >= 1"),
    WIDTH.name: (_positive(WIDTH.name), "width M > 0"),
}


def _fisher_finish(out: dict) -> dict:
    """Cross-parameter checks and defaults of the network keys."""
    act, slope, depth, alphas = ACT.name, A_SLOPE.name, DEPTH.name, ALPHAS.name
    if out[act] == "leaky_relu" and slope not in out:
        raise UsageError(f"{act}=leaky_relu needs {slope}= (negative slope, in [-1, 1])")
    if out[act] != "leaky_relu" and slope in out:
        raise UsageError(f"{slope}= applies only to {act}=leaky_relu (got {act}={out[act]})")
    out.setdefault(SB.name, Fraction(0))
    out.setdefault(alphas, (Fraction(1),) * out[depth])
    if len(out[alphas]) != out[depth]:
        raise UsageError(f"{alphas} must have L={out[depth]} entries alpha_0..alpha_{{L-1}} "
                         f"(got {len(out[alphas])})")
    return out


@dataclass(frozen=True)
class Quantity:
    """An evaluable quantity: parameter parsers ``keys`` (name -> (parse, help)), the ``required`` names, a
    ``finish`` hook for defaults and cross-parameter checks, and ``compute(params, dps) -> mpf``."""

    name: str
    description: str
    keys: dict
    required: tuple
    compute: Callable
    finish: Callable = dict


def fisher_quantity(name: str, description: str, needs: tuple, compute: Callable) -> Quantity:
    """A quantity of the network keys and the parameters ``needs`` (Params, e.g. ``(OUTPUTS, WIDTH)``)."""
    keys = {P.name: FISHER_KEYS[P.name] for P in (ACT, A_SLOPE, SW, SB, DEPTH, ALPHAS) + needs}
    required = tuple(P.name for P in (ACT, SW, DEPTH) + needs)
    return Quantity(name, description, keys, required, compute, _fisher_finish)


def parse_params(q: Quantity, pairs: list[str]) -> dict:
    """``key=value`` strings to checked values for quantity ``q``; defaults filled in."""
    out: dict = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or not value:
            raise UsageError(f"malformed parameter {pair!r}: expected key=value")
        if key not in q.keys:
            hint = f" (write {key.replace('^', '')}, the claims' spelling)" if key.replace("^", "") in q.keys else ""
            raise UsageError(f"unknown parameter {key!r} for {q.name}{hint}; valid: {', '.join(q.keys)}")
        if key in out:
            raise UsageError(f"parameter {key!r} given twice")
        out[key] = q.keys[key][0](value)
    for key in q.required:
        if key not in out:
            raise UsageError(f"{q.name} needs {key}= ({q.keys[key][1]})")
    return q.finish(out)


def _order(params: dict, dps: int):
    from .hp.fisher import order_parameters
    p = Point(params)
    return order_parameters(p[ACT], p[SW], p[SB], p[ALPHAS], a=p.get(A_SLOPE), dps=dps)


def _formula(expr):
    def compute(params, dps):
        op = _order(params, dps)
        env = {fq.kappa1.name: op.kappa1, fq.kappa2.name: op.kappa2, fq.alpha.name: op.alpha}
        env |= {P.name: params[P.name] for P in (OUTPUTS, INPUTS, WIDTH) if P.name in params}
        return mp_value(expand(expr, fq.ORDER + (fq.S_INF, fq.OUTLIER, fq.BULK)), env, dps)
    return compute


#: the Fisher quantities of ``sloppy eval``
FISHER_QUANTITIES = (
    fisher_quantity("fisher.alpha", "alpha = sum_{l=1}^{L-1} alpha_l alpha_{l-1} (spec §1.2)", (),
                    lambda p, d: to_mpf(context(d), alpha_of(Point(p)[ALPHAS]))),
    fisher_quantity("fisher.kappa1", "kappa_1: diagonal NTK entry / (alpha M) (F1)", (),
                    lambda p, d: _order(p, d).kappa1),
    fisher_quantity("fisher.kappa2", "kappa_2: off-diagonal NTK entry / (alpha M) (F1)", (),
                    lambda p, d: _order(p, d).kappa2),
    fisher_quantity("fisher.m_lambda", "mean FIM eigenvalue, kappa_1 C / M (F3b)", (OUTPUTS, WIDTH),
                    _formula(fq.m_lambda_limit)),
    fisher_quantity("fisher.s_lambda", f"second moment s_inf = {sp.sstr(fq.S_INF.definition)} (F4b)",
                    (OUTPUTS, INPUTS), _formula(fq.S_INF.symbol)),
    fisher_quantity("fisher.lambda_max", f"largest eigenvalue M {sp.sstr(fq.OUTLIER.definition)} (F5b)",
                    (INPUTS, WIDTH), _formula(fq.lambda_max_limit)),
    fisher_quantity("fisher.bulk", f"bulk eigenvalue level M {sp.sstr(fq.BULK.definition)} (F5b)", (INPUTS, WIDTH),
                    _formula(fq.M * fq.BULK.symbol)),
    fisher_quantity("fisher.eta_c", "learning-rate threshold 2/lambda_max (F7d)", (INPUTS, WIDTH),
                    _formula(fq.eta_c_limit)),
)
