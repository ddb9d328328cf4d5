"""Users' own claims: loading a claims file, and the generic check of closed-form statements.

**The file.**  A plain Python file that builds :class:`theory.Claim` objects with the public API
(``theory.Claim``, ``Kind``, ``Param``, ``Interval``/``IntRange``/``Choice``, ``Step``, ``Provenance``,
``Tag.USER``) and either registers them (``theory.register``) or lists them in a module-level ``CLAIMS``
(both may be used; ids must be unique).  :func:`load_claims` imports it from its path with the spec's
catalogue kept apart: claims the file registers land in a private registry, not in ``sloppy list``.  A file
may also register its own check functions with ``verify.check.check``.

**The generic check.**  A claim with no registered check whose statement is a relation between SymPy
expressions of its scalar parameters (no other symbols) and that is not ASYMP gets
:func:`generic_check`: ``property_search`` draws the parameters from their domains (exact rationals),
evaluates both sides at ``ctx.dps`` digits (``verify.mpeval``), steers toward the tightest case, and shrinks
a violation to a minimal counterexample confirmed at ``ctx.dps2``.  Assumptions given as SymPy relations of
the parameters (e.g. ``sp.Lt(x, y)``) restrict the draws; assumptions given as sentences are only printed.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import sympy as sp

from theory.claim import Choice, Claim, Interval, IntRange, Kind

from .check import CHECKS, property_search, relation
from .context import Context
from .evidence import Evidence

_SCALAR = (Interval, IntRange, Choice)
_FILE_CHECKS: dict[str, set] = {}     # resolved path -> check ids its last load registered


class UserClaimsError(ValueError):
    """A claims file that cannot be used: the message is one line."""


def load_claims(path) -> list[Claim]:
    """The claims defined by the Python file at ``path`` (registered by it, or in its ``CLAIMS`` list)."""
    from theory import claim as registry
    importlib.import_module("verify.checks")   # spec checks first: a user's check id then fails loudly
    path = Path(path)
    if not path.is_file():
        raise UserClaimsError(f"--claims {path}: no such file")
    registry.catalogue()                  # the spec's claims are registered before the swap below
    key = str(path.resolve())
    for cid in _FILE_CHECKS.pop(key, ()):  # reloading the same file replaces its checks
        CHECKS.pop(cid, None)
    before, saved = set(CHECKS), registry._REGISTRY
    registry._REGISTRY = {}
    name = f"sloppy_user_claims_{abs(hash(key))}"
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise UserClaimsError(f"--claims {path}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise UserClaimsError(f"--claims {path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except UserClaimsError:
        raise
    except Exception as exc:  # noqa: BLE001 - the user's code failed: say where, in one line
        raise UserClaimsError(f"--claims {path}: loading failed: {type(exc).__name__}: {exc}") from None
    finally:
        registered, registry._REGISTRY = registry._REGISTRY, saved
        _FILE_CHECKS[key] = set(CHECKS) - before
    listed = getattr(module, "CLAIMS", [])
    if not all(isinstance(c, Claim) for c in listed):
        raise UserClaimsError(f"--claims {path}: CLAIMS must be a list of theory.Claim objects")
    claims: dict[str, Claim] = dict(registered)
    for c in listed:
        if claims.setdefault(c.id, c) != c:
            raise UserClaimsError(f"--claims {path}: two different claims have the id {c.id!r}")
    if not claims:
        raise UserClaimsError(f"--claims {path}: the file defines no claims "
                              "(register them with theory.register or list them in CLAIMS)")
    return list(claims.values())


def closed_form(claim: Claim) -> bool:
    """Whether the statement is a relation between expressions of the claim's scalar parameters only."""
    names = {p.name for p in claim.parameters if isinstance(p.domain, _SCALAR)}
    return bool(names) and {s.name for s in claim.statement.free_symbols} <= names


def _hypotheses(claim: Claim) -> list:
    return [a for a in claim.assumptions if isinstance(a, sp.core.relational.Relational)]


def generic_check(claim: Claim):
    """The generic check for ``claim``, or None when its statement is not closed-form (or it is ASYMP)."""
    if Kind(claim.kind) is Kind.ASYMP or not closed_form(claim):
        return None
    return _property_check


#: Branch-and-bound size per profile, in boxes (deterministic: a partial certificate must not depend on the
#: machine's speed); the time cap only guards against a pathological claim and is reported when it binds.
CERTIFY_BOXES = {"quick": 4_000, "standard": 20_000, "thorough": 100_000}
CERTIFY_SECONDS = {"quick": 60.0, "standard": 300.0, "thorough": 1800.0}


def _property_check(claim: Claim, ctx: Context) -> list[Evidence]:
    """Adversarial search (float64 scan, local searches, mpmath confirmation), then the ball-arithmetic
    certificate seeded with the search's counterexample and tightest points, then Hypothesis."""
    from .certify import certified_evidence, certify
    from .search import search_evidence, search_in_context, searchable

    evidence, seeds = [], []
    if searchable(claim):
        found = search_in_context(claim, ctx)
        evidence.append(search_evidence(claim, found))
        seeds = ([found.counterexample] if found.counterexample else []) + [t["at"] for t in found.tightest]
    name = ctx.profile.name
    evidence.append(certified_evidence(claim, certify(claim, seed_points=seeds, time_budget=CERTIFY_SECONDS[name],
                                                      max_boxes=CERTIFY_BOXES[name])))
    hyps = _hypotheses(claim)

    def assume(params) -> bool:
        return all(relation(h, params, ctx.dps)["ok"] for h in hyps)

    evidence.append(property_search(claim, ctx, lambda params, dps: params, assume=assume if hyps else None,
                                    label="generic search over the parameter domains: "))
    return evidence
