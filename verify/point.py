"""Binding by object: a parameter point and a statement's values keyed by the claim's own objects.

A check names a parameter or quantity by the object the claim declares (``theory.claim.Param``,
``theory.quantity.Quantity``, or the SymPy ``Symbol`` of the statement), never by a retyped string::

    from sloppy_verifier.theory.ribbon.distances import SIGMA, D_B_GAUSS, DELTA2

    def env(p, dps):                          # p: a Point
        return {D_B_GAUSS: gaussian_db(p[MU1], p[MU2], p[SIGMA], dps), DELTA2: gap, SIGMA: p[SIGMA]}

    CASES = {"tiny sigma": {SIGMA: R_(1, 100), C: 3, ...}}
    property_search(claim, ctx, env, fixed={SCALE: 3})

Every mapping a check hands the engine (``verify.check``, ``verify.vectorised``) -- a reference case, ``fixed``,
an evaluated env -- is normalised once at the engine's entry by :func:`named`: keys become the plain names, so
results, results.json, reports and the CLI read exactly what they read when checks wrote strings.
"""
from __future__ import annotations


def name_of(key) -> str:
    """The name a key binds: ``key.name`` for a Param, Quantity or Symbol, the string itself otherwise."""
    return key if isinstance(key, str) else key.name


def named(mapping) -> dict:
    """``mapping`` with every key replaced by its name (:func:`name_of`); two keys of one name are an error."""
    out = {name_of(k): v for k, v in mapping.items()}
    if len(out) != len(mapping):
        raise ValueError(f"two keys of one name in {sorted(map(name_of, mapping))}")
    return out


class Point(dict):
    """A read-only parameter point: a dict of names (so that JSON, equality, hashing of its items and pickling
    see the plain dict it was) that is read by object, ``p[SIGMA]``, ``p.get(SIGMA)``, ``SIGMA in p``.
    ``p | {T: 3}`` is a new Point."""

    def __init__(self, mapping=()):
        super().__init__(named(dict(mapping)))

    def __getitem__(self, key):
        return super().__getitem__(name_of(key))

    def get(self, key, default=None):
        return super().get(name_of(key), default)

    def __contains__(self, key):
        return super().__contains__(name_of(key))

    def __or__(self, other):
        return Point({**self, **named(other)})

    def __reduce__(self):
        return Point, (dict(self),)

    def _read_only(self, *args, **kw):
        raise TypeError("a Point is read-only: build a new one with p | {KEY: value}")

    __setitem__ = __delitem__ = __ior__ = update = setdefault = pop = popitem = clear = _read_only
