"""Quantities ``sloppy eval`` can evaluate, with their parameters parsed and range-checked.

Every value is exact on input (decimal strings become rationals: ``sigma_b2=0.64`` is 16/25) and is
evaluated in a local mpmath context at the requested precision plus guard digits.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import sympy as sp

from sloppy_verifier.theory.fisher import quantities as fq
from sloppy_verifier.theory.fisher.kernels import ACTIVATIONS
from sloppy_verifier.theory.fisher.order_params import alpha_of
from sloppy_verifier.theory.quantity import expand

from .mpeval import context, mp_value, to_mpf

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
        raise UsageError(f"activation={text!r} is unknown; choose from {', '.join(ACTIVATIONS)}")
    return text


def _alphas(text):
    parts = [p for p in text.split(",")]
    return tuple(_positive("alphas")(p.strip()) for p in parts)


def _slope(text):
    v = _rational("a", text)
    if not -1 <= v <= 1:
        raise UsageError(f"a must be in [-1, 1] (got {text})")
    return v


FISHER_KEYS = {
    "activation": (_activation, "relu | leaky_relu | tanh | erf | linear"),
    "a": (_slope, "negative slope of leaky_relu, in [-1, 1]"),
    "sigma_w2": (_positive("sigma_w2"), "weight variance sigma_w^2 > 0"),
    "sigma_b2": (_nonnegative("sigma_b2"), "bias variance sigma_b^2 >= 0 (default 0)"),
    "L": (_integer("L", 2, MAX_L), f"number of weight layers, 2..{MAX_L}"),
    "alphas": (_alphas, "comma-separated width ratios alpha_0..alpha_{L-1} > 0 (default all 1)"),
    "C": (_integer("C", 1), "number of outputs >= 1"),
    "T": (_integer("T", 1), "number of inputs >= 1"),
    "M": (_positive("M"), "width M > 0"),
}


def _fisher_finish(out: dict) -> dict:
    """Cross-parameter checks and defaults of the network keys."""
    if out["activation"] == "leaky_relu" and "a" not in out:
        raise UsageError("activation=leaky_relu needs a= (negative slope, in [-1, 1])")
    if out["activation"] != "leaky_relu" and "a" in out:
        raise UsageError(f"a= applies only to activation=leaky_relu (got activation={out['activation']})")
    out.setdefault("sigma_b2", Fraction(0))
    out.setdefault("alphas", (Fraction(1),) * out["L"])
    if len(out["alphas"]) != out["L"]:
        raise UsageError(f"alphas must have L={out['L']} entries alpha_0..alpha_{{L-1}} (got {len(out['alphas'])})")
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
    keys = {k: FISHER_KEYS[k] for k in ("activation", "a", "sigma_w2", "sigma_b2", "L", "alphas") + needs}
    return Quantity(name, description, keys, ("activation", "sigma_w2", "L") + needs, compute, _fisher_finish)


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
    return order_parameters(params["activation"], params["sigma_w2"], params["sigma_b2"], params["alphas"],
                            a=params.get("a"), dps=dps)


def _formula(expr):
    def compute(params, dps):
        op = _order(params, dps)
        env = {fq.kappa1.name: op.kappa1, fq.kappa2.name: op.kappa2, fq.alpha.name: op.alpha}
        env |= {k: params[k] for k in ("C", "T", "M") if k in params}
        return mp_value(expand(expr, fq.ORDER + (fq.S_INF, fq.OUTLIER, fq.BULK)), env, dps)
    return compute


#: the Fisher quantities of ``sloppy eval``
FISHER_QUANTITIES = (
    fisher_quantity("fisher.alpha", "alpha = sum_{l=1}^{L-1} alpha_l alpha_{l-1} (spec §1.2)", (),
             lambda p, d: to_mpf(context(d), alpha_of(p["alphas"]))),
    fisher_quantity("fisher.kappa1", "kappa_1: diagonal NTK entry / (alpha M) (F1)", (), lambda p, d: _order(p, d).kappa1),
    fisher_quantity("fisher.kappa2", "kappa_2: off-diagonal NTK entry / (alpha M) (F1)", (), lambda p, d: _order(p, d).kappa2),
    fisher_quantity("fisher.m_lambda", "mean FIM eigenvalue, kappa_1 C / M (F3b)", ("C", "M"), _formula(fq.m_lambda_limit)),
    fisher_quantity("fisher.s_lambda", f"second moment s_inf = {sp.sstr(fq.S_INF.definition)} (F4b)", ("C", "T"),
             _formula(fq.S_INF.symbol)),
    fisher_quantity("fisher.lambda_max", f"largest eigenvalue M {sp.sstr(fq.OUTLIER.definition)} (F5b)", ("T", "M"),
             _formula(fq.lambda_max_limit)),
    fisher_quantity("fisher.bulk", f"bulk eigenvalue level M {sp.sstr(fq.BULK.definition)} (F5b)", ("T", "M"),
             _formula(fq.M * fq.BULK.symbol)),
    fisher_quantity("fisher.eta_c", "learning-rate threshold 2/lambda_max (F7d)", ("T", "M"), _formula(fq.eta_c_limit)),
)
