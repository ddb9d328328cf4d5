"""Users' own claims: loading a claims file, and the generic check of closed-form statements.

**The file.**  A plain Python file that builds :class:`theory.Claim` objects with the public API
(``theory.Claim``, ``Kind``, ``Param``, ``Interval``/``IntRange``/``Choice``, ``Step``, ``Provenance``,
``Tag.USER``) and either declares them with ``theory.register`` or lists them in a module-level ``CLAIMS``
(both may be used; ids must be unique).  :func:`load_claims` runs it from its path and collects exactly those
claims; the spec's catalogue (``theory.spec``) never changes.  A file may also declare check functions for its
claims with the decorator ``verify.check.check``.

**The generic check.**  A claim with no registered check whose statement is a relation between SymPy
expressions of its scalar parameters (no other symbols) and that is not ASYMP gets
:func:`generic_check`: ``property_search`` draws the parameters from their domains (exact rationals),
evaluates both sides at ``ctx.dps`` digits (``verify.mpeval``), steers toward the tightest case, and shrinks
a violation to a minimal counterexample confirmed at ``ctx.dps2``.  Assumptions given as SymPy relations of
the parameters (``Lt, Le, Gt, Ge, Eq, Ne`` and ``And``/``Or`` of them, e.g. ``sp.Lt(x, y)``) restrict the draws;
assumptions given as sentences are only printed.

**Errors.**  A file that fails to import, or a claim that is ill-formed (see :func:`claim_problem`), is one
:class:`UserClaimsError` line naming the file, the claim and the problem.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
import traceback
from pathlib import Path

import sympy as sp

from sloppy_verifier.theory import claim as theory_claim
from sloppy_verifier.theory.claim import Choice, Claim, Interval, IntRange, Kind, Param, Sequence
from sloppy_verifier.theory.spec import catalogue

from . import check as check_api
from .check import property_search, relation
from .context import Context
from .evidence import Evidence

_SCALAR = (Interval, IntRange, Choice)
_DOMAINS = (Interval, IntRange, Choice, Sequence)
_LOGIC = (sp.core.relational.Relational, sp.And, sp.Or)
_FILE_CHECKS: dict[str, dict] = {}    # resolved path -> the checks its last load declared (claim id -> check)


class UserClaimsError(ValueError):
    """A claims file that cannot be used: the message is one line."""


def load_claims(path) -> list[Claim]:
    """The claims defined by the Python file at ``path`` (declared by it with ``register``, or in its ``CLAIMS``
    list); the checks it declares with ``verify.check.check`` replace those of its previous load."""
    path = Path(path)
    if not path.is_file():
        raise UserClaimsError(f"--claims {path}: no such file")
    key = str(path.resolve())
    _FILE_CHECKS.pop(key, None)
    name = f"sloppy_user_claims_{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"   # not hash(): seeded per process
    try:
        with theory_claim.DECLARED.collecting() as registered, check_api.DECLARED.collecting() as checks:
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
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
        where = f"{path}:{lines[-1]}" if lines else str(path)
        msg = " ".join(str(exc).split())
        raise UserClaimsError(f"--claims {where}: loading failed: {type(exc).__name__}: {msg}") from None
    spec_ids = {c.id for c in catalogue()}
    taken = sorted(set(checks) & spec_ids)
    if taken:
        raise UserClaimsError(f"--claims {path}: loading failed: ValueError: two checks for {taken[0]}")
    _FILE_CHECKS[key] = checks
    listed = getattr(module, "CLAIMS", [])
    if not all(isinstance(c, Claim) for c in listed):
        raise UserClaimsError(f"--claims {path}: CLAIMS must be a list of theory.Claim objects")
    claims: dict[str, Claim] = {}
    for c in [*registered, *listed]:
        if claims.setdefault(c.id, c) != c:
            raise UserClaimsError(f"--claims {path}: two different claims have the id {c.id!r}")
    if not claims:
        raise UserClaimsError(f"--claims {path}: the file defines no claims "
                              "(register them with theory.register or list them in CLAIMS)")
    for c in claims.values():
        problem = claim_problem(c)
        if problem:
            raise UserClaimsError(f"--claims {path}: claim {c.id}: {problem}")
    return list(claims.values())


def claim_problem(claim: Claim) -> str | None:
    """What makes a user's claim unusable, in a few words (None when it is well-formed): a parameter that is
    not a ``Param`` with a domain, a duplicate parameter name, an assumption that is neither a sentence nor a
    relation (or an ``And``/``Or`` of relations), a float in an assumption, or -- for a claim without its own
    check -- a symbol of the statement or of an assumption that is not a parameter.  (The id, the statement's
    form and floats in it are checked when the ``Claim`` is built.)"""
    names = []
    for p in claim.parameters:
        if not isinstance(p, Param):
            return f"parameter {p!r} is not a theory.Param"
        if not isinstance(p.domain, _DOMAINS):
            return f"parameter {p.name} has no domain (got {p.domain!r}; use Interval, IntRange, Choice or Sequence)"
        names.append(p.name)
    if len(set(names)) != len(names):
        return f"parameter names repeat: {', '.join(names)}"
    hyps = []
    for a in claim.assumptions:
        if isinstance(a, str):
            continue
        if not isinstance(a, _LOGIC):
            return f"assumption {a!r} is neither a sentence nor a SymPy relation (Lt, Le, Gt, Ge, Eq, Ne, And, Or)"
        if any(isinstance(t, sp.Float) for t in sp.preorder_traversal(a)):
            return f"assumption {sp.sstr(a)} holds a float; use exact rationals"
        hyps.append(a)
    if user_check(claim.id) is None and Kind(claim.kind) is not Kind.ASYMP:
        unknown = sorted({s.name for e in (claim.statement, *hyps) for s in e.free_symbols} - set(names))
        if unknown:
            return (f"symbol(s) {', '.join(unknown)} are not parameters and no check is registered for the claim "
                    "(add a Param with a domain, or declare a check with verify.check.check)")
    return None


def user_check(claim_id: str):
    """The check a loaded users' claims file declared for ``claim_id`` (the latest load's), or None."""
    return next((c[claim_id] for c in reversed(_FILE_CHECKS.values()) if claim_id in c), None)


def closed_form(claim: Claim) -> bool:
    """Whether the statement is a relation between expressions of the claim's scalar parameters only."""
    names = {p.name for p in claim.parameters if isinstance(p.domain, _SCALAR)}
    return bool(names) and {s.name for s in claim.statement.free_symbols} <= names


def closed_form_claim(claim: Claim) -> Claim | None:
    """The claim with its quantities' definitions substituted (``Claim.closed_form``), when that statement is
    closed form in the scalar parameters and the claim is not ASYMP; else None."""
    if not claim.quantities or Kind(claim.kind) is Kind.ASYMP:
        return None
    statement = claim.closed_form()
    if not isinstance(statement, (sp.core.relational.Relational, sp.And)):
        return None          # the definitions made it True or False: nothing left for a certificate to decide
    expanded = claim.variant(statement=statement)
    return expanded if closed_form(expanded) else None


#: Box and time budgets of the certificate added to a catalogue claim's own check (smaller in the quick profile:
#: the claim's verdict rests on its check, the certificate only adds a proved or partial tier).
CLOSED_FORM_BOXES = {"quick": 500, "standard": 20_000, "thorough": 100_000}
#: a safety cap only: the box budget above binds (on the 2-core reference machine the quick one takes < 10 s), so
#: the certificate does not depend on machine speed; a run stopped by this cap says so in its evidence
CLOSED_FORM_SECONDS = {"quick": 120.0, "standard": 900.0, "thorough": 3600.0}

#: how many of a claim's reductions each profile certifies: quick and standard only the first (S7: C = 2; at C = 3 the
#: bounds spend the 120 s cap in the exact analysis of the 4-parameter closed form before a box is split)
REDUCTIONS = {"quick": 1, "standard": 1, "thorough": None}


def certified_tier(claim: Claim, ctx: Context) -> list[Evidence]:
    """The ball-arithmetic certificate of the closed form of a catalogue claim that has its own check, evidence
    added to the check's, never replacing it.  A claim with no closed form of its own but with fixed-parameter
    reductions (``Claim.reductions``: S7 at C = 2 and C = 3) gets one certificate per reduction (as many as the
    profile's ``REDUCTIONS``), its summary led by the reduction's label ("C = 2: ...") and its data recording the
    label (``data["reduction"]``, which replay matches): a certified counterexample of a special case violates the
    claim; a proof of one is coverage, never a proof of the claim (inconclusive)."""
    expanded = closed_form_claim(claim)
    if expanded is not None:
        return [_certificate(expanded, ctx, "closed form (quantities' definitions substituted)")]
    evidence = []
    for label, expanded in list(reductions(claim).items())[:REDUCTIONS[ctx.profile.name]]:
        ev = _certificate(expanded, ctx, label)
        ev.data["reduction"] = label
        if ev.status == "proved":
            ev.status, ev.summary = "inconclusive", ev.summary + " (this case only: not a proof of the claim)"
        evidence.append(ev)
    return evidence


def reductions(claim: Claim) -> dict:
    """``label -> closed form`` of each of the claim's reductions (``Claim.reductions``), in their order: the
    reduction with its quantities' definitions substituted, or as it is when it is written in its parameters; a
    ValueError names one that is not closed form in its parameters."""
    out = {}
    for label, reduced in claim.reductions(claim) if claim.reductions else ():
        expanded = closed_form_claim(reduced)
        if expanded is None and Kind(reduced.kind) is not Kind.ASYMP and closed_form(reduced):
            expanded = reduced
        if expanded is None:
            raise ValueError(f"claim {claim.id}: its reduction {label} is not closed form in its parameters")
        out[label] = expanded
    return out


def certificate_claim(claim: Claim, data: dict) -> Claim:
    """The claim that a certificate of ``claim`` (a ``certified`` record's ``data``) is for: the closed form of
    the reduction its ``reduction`` label names, else the claim's closed form, else the claim itself.  A
    LookupError says that the claim has no reduction of that label."""
    label = data.get("reduction")
    if label is None:
        return closed_form_claim(claim) or claim
    found = reductions(claim)
    if not isinstance(label, str) or label not in found:
        raise LookupError(f"{claim.id} has no reduction {label!r} (its reductions: {', '.join(found) or 'none'})")
    return found[label]


def _certificate(expanded: Claim, ctx: Context, label: str) -> Evidence:
    """The certified evidence of a closed-form claim at the profile's box budget, its summary led by ``label``."""
    from .certify import certified_evidence, certify
    name = ctx.profile.name
    ev = certified_evidence(expanded, certify(expanded, time_budget=CLOSED_FORM_SECONDS[name],
                                              max_boxes=CLOSED_FORM_BOXES[name]))
    ev.summary = f"{label}: {ev.summary}"
    return ev


def hypotheses(claim: Claim) -> list:
    """The assumptions that are relations of the parameters (sentences are documentation)."""
    return [a for a in claim.assumptions if isinstance(a, _LOGIC)]


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
    cert = certified_evidence(claim, certify(claim, seed_points=seeds, time_budget=CERTIFY_SECONDS[name],
                                             max_boxes=CERTIFY_BOXES[name]))
    evidence.append(cert)
    hyps = hypotheses(claim)

    def assume(params) -> bool:
        return all(relation(h, params, ctx.dps)["ok"] for h in hyps)

    # Hypothesis still searches where a certified counterexample stands, but does not shrink what it finds: the
    # certificate's point is already the simple one, and shrinking took up to 60 s of a 2-D typo's 61 s
    evidence.append(property_search(claim, ctx, lambda params, dps: params, assume=assume if hyps else None,
                                    label="generic search over the parameter domains: ",
                                    shrink=cert.status != "violated"))
    return evidence
