"""The spec's checks: ``CHECKS`` maps each claim id to its check, the union of the check modules' ``CHECKS``
(one module per family of claims, ``theory/fisher``, ``theory/ribbon``); ``run_check`` dispatches a claim.

A claim without a check here gets the check its users' claims file declared (``verify.user_claims``), else the
generic property search when its statement is closed form in its parameters.
"""
from __future__ import annotations

from sloppy_verifier.theory.claim import Claim, StepCheck

from ..check import symbolic_evidence
from ..context import Context
from ..evidence import Evidence
from ..user_claims import certified_tier, generic_check, user_check
from . import (fisher_hp, fisher_mc, fisher_sim, ribbon_bt, ribbon_centred, ribbon_certificates, ribbon_distances,
               ribbon_dynamics, ribbon_ensemble, ribbon_hankel, ribbon_inpca, ribbon_kernels, ribbon_phase, ribbon_sgd,
               ribbon_sweep)

MODULES = (fisher_hp, fisher_mc, fisher_sim, ribbon_bt, ribbon_centred, ribbon_certificates, ribbon_distances,
           ribbon_dynamics, ribbon_ensemble, ribbon_hankel, ribbon_inpca, ribbon_kernels, ribbon_phase, ribbon_sgd,
           ribbon_sweep)


def _joined(modules) -> dict:
    """The union of the modules' ``CHECKS`` mappings; a claim id checked twice is an error."""
    out: dict = {}
    for m in modules:
        for cid, fn in m.CHECKS.items():
            if out.setdefault(cid, fn) is not fn:
                raise ValueError(f"two checks for {cid}")
    return out


#: claim id -> check(claim, ctx) -> list[Evidence], for the spec's claims
CHECKS = _joined(MODULES)


def check_of(claim: Claim):
    """The claim's own check: the spec's, else the one its users' claims file declared (None when neither)."""
    return CHECKS.get(claim.id) or user_check(claim.id)


def run_check(claim: Claim, ctx: Context) -> list[Evidence]:
    """The claim's own check (``check_of``) run in ``ctx``, or the generic property search for a statement closed
    form in its parameters, preceded by the symbolic tier when the claim's derivation has algebra steps; a claim
    with its own check also gets the certificate of its closed form where it has one."""
    own = check_of(claim)
    fn = own or generic_check(claim)
    if fn is None:
        return [Evidence("symbolic", "inconclusive", f"no check is registered for {claim.id}")]
    algebra = any(s.check is StepCheck.ALGEBRA for s in claim.steps)
    evidence = ([symbolic_evidence(claim)] if algebra else []) + fn(claim, ctx)
    if own is not None:
        evidence += certified_tier(claim, ctx)
    return evidence
