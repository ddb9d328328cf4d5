"""Run the checks of selected claims with progress, and gather one record per claim."""
from __future__ import annotations

import time
import traceback

import sympy as sp

from theory.claim import Claim

from .check import gating, run_check
from .context import Context
from .evidence import Evidence, verdict


def claim_record(claim: Claim, evidence: list[Evidence], seconds: float) -> dict:
    """The JSON record of one claim: identity, statement, provenance, verdict and its evidence."""
    return {
        "id": claim.id, "tag": claim.tag, "title": claim.title, "kind": claim.kind.value,
        "theory": claim.id.split(".")[0],
        "statement": sp.sstr(claim.statement), "statement_latex": sp.latex(claim.statement),
        "assumptions": [sp.sstr(a) if isinstance(a, sp.Basic) else str(a) for a in claim.assumptions],
        "parameters": {p.name: str(p.domain) for p in claim.parameters},
        "provenance": str(claim.provenance),
        "verdict": verdict(evidence), "gating": gating(claim), "seconds": round(seconds, 2),
        "evidence": [e.to_json() for e in evidence],
    }


def run_claims(claims: list[Claim], ctx: Context) -> list[dict]:
    """Check each claim in turn, reporting progress through ``ctx.progress``.

    A check that raises is a defect of the checker, not of the claim: it is recorded as an
    inconclusive verdict with the error, and the run goes on.
    """
    records = []
    width = len(str(len(claims)))
    for i, claim in enumerate(claims, 1):
        ctx.progress(f"[{i:>{width}}/{len(claims)}] {claim.id} ({claim.tag}, {claim.kind.value}) ...")
        t0 = time.perf_counter()
        try:   # a check that raises, or returns what cannot be recorded, loses only its own claim
            rec = claim_record(claim, run_check(claim, ctx), time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - reported as evidence, not swallowed
            evidence = [Evidence("symbolic", "inconclusive", f"check raised {type(exc).__name__}: {exc}",
                                 data={"traceback": traceback.format_exc(limit=6)})]
            rec = claim_record(claim, evidence, time.perf_counter() - t0)
        ctx.progress(f"{'':>{2 * width + 3}} {rec['verdict']} in {rec['seconds']:.1f} s")
        records.append(rec)
    return records
