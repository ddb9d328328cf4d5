"""Run the checks of selected claims with progress, and gather one record per claim.

A claim is one unit of work: in this process (``client=None``), or on the workers of a Dask cluster
(``verify.distributed``), where it is shipped by identity (its id, and the absolute path of the user's claims
file) and re-created.  Either way the records come back in the order of the selection, and a check that
raises makes that claim ``inconclusive`` with the error while the others go on.
"""
from __future__ import annotations

import json
import time
import traceback
from functools import lru_cache
from pathlib import Path

import sympy as sp

from sloppy_verifier.theory.claim import Claim

from .check import gating
from .checks import run_check
from .context import PROFILES, Context
from .evidence import Evidence, verdict
from .report.tex import claim_tex


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
        "tex": claim_tex(claim, verdict(evidence), evidence),
    }


def raised(what: str, exc: BaseException, tb: str | None = None) -> Evidence:
    """The evidence of a unit that raised: a defect of the checker (or the cluster), not of the claim."""
    return Evidence("symbolic", "inconclusive", f"{what} raised {type(exc).__name__}: {exc}",
                    data={"traceback": tb} if tb else {})


def check_one(claim: Claim, ctx: Context) -> tuple[dict, bool]:
    """The record of ``claim`` checked in ``ctx``, and whether its check raised."""
    t0 = time.perf_counter()
    try:   # a check that raises, or returns what cannot be recorded, loses only its own claim
        return claim_record(claim, run_check(claim, ctx), time.perf_counter() - t0), False
    except Exception as exc:  # noqa: BLE001 - reported as evidence, not swallowed
        evidence = [raised("check", exc, traceback.format_exc(limit=6))]
    return claim_record(claim, evidence, time.perf_counter() - t0), True


def run_claims(claims: list[Claim], ctx: Context, client=None, claims_file=None, costs: dict | None = None,
               drawn: dict | None = None, fig_dir: Path | None = None) -> list[dict]:
    """Check each claim, reporting progress through ``ctx.progress``; one record per claim, in order.

    ``client``: a ``distributed.Client`` to run the claims on (``None``: one after another here).
    ``claims_file``: the user's file the claims come from (workers re-load it).  ``costs``: expected seconds
    per claim id (e.g. from the last results.json; else ``ESTIMATES``): the cluster starts the longest first,
    unknown ones first of all.  ``drawn`` (cluster only): filled with each claim's report figures for
    ``fig_dir``, drawn on its worker right after its check (``verify.report.render`` takes them).
    """
    if client is not None:
        known = ESTIMATES["quick" if ctx.profile.name == "quick" else "standard"]
        return _run_on_cluster(claims, ctx, client, claims_file, known | (costs or {}), drawn, fig_dir)
    records = []
    width = len(str(len(claims)))
    for i, claim in enumerate(claims, 1):
        ctx.progress(f"[{i:>{width}}/{len(claims)}] {claim.id} ({claim.tag}, {claim.kind.value}) ...")
        rec, _ = check_one(claim, ctx)
        ctx.progress(f"{'':>{2 * width + 3}} {rec['verdict']} in {rec['seconds']:.1f} s")
        records.append(rec)
    return records


# ---------------------------------------------------------------- the cluster path
#: seconds per claim by profile (``sloppy verify --profile P --workers 1`` on the idle 2-core reference machine;
#: only their order matters): the cluster's order when there is no earlier run (thorough: the standard order)
ESTIMATES = json.loads((Path(__file__).parent / "data" / "claim_seconds.json").read_text(encoding="utf-8"))


def _run_on_cluster(claims, ctx, client, claims_file, costs, drawn, fig_dir) -> list[dict]:
    from distributed import as_completed

    from .distributed import Tally, running, submit, worker_count
    ref = None if claims_file is None else str(claims_file.resolve())
    settings = ctx.settings()
    figs = None if drawn is None else fig_dir
    futures = [submit(client, f"claim-{c.id}", claim_unit, ref, c.id, settings, figs, priority=costs.get(c.id, 1e9))
               for c in claims]
    index = {f.key: i for i, f in enumerate(futures)}
    ctx.progress(f"{len(claims)} claims on {worker_count(client)} workers ({client.scheduler.address})")
    records: list[dict | None] = [None] * len(claims)
    tally = Tally(len(claims))
    try:
        for fut in as_completed(futures):
            i = index[fut.key]
            try:
                rec, failed, figures = fut.result()
            except Exception as exc:  # noqa: BLE001 - the unit itself failed on the cluster (e.g. workers kept dying)
                rec, failed, figures = claim_record(claims[i], [raised("the cluster unit", exc)], 0.0), True, None
            if figures is not None:
                drawn[rec["id"]] = figures
            records[i] = rec
            tally.add(failed)
            ctx.progress(f"[{tally.count()}] {rec['id']}: {rec['verdict']} in {rec['seconds']:.1f} s "
                         f"({tally.state(running(client))})")
    finally:                                   # an interrupted client leaves no work behind on the cluster
        client.cancel(futures)
    return records


@lru_cache(maxsize=8)
def _claims_of(ref: str | None) -> dict:
    if ref is None:
        from sloppy_verifier.theory.spec import catalogue
        return {c.id: c for c in catalogue()}
    from .user_claims import load_claims
    return {c.id: c for c in load_claims(ref)}


def claim_unit(ref: str | None, claim_id: str, settings: dict, fig_dir: Path | None = None) -> tuple:
    """A worker's unit: the claim ``claim_id`` (of the catalogue, or of the claims file at ``ref``) checked
    with the run's ``settings`` (``Context.settings()``); progress lines of the check are dropped.  Returns the
    record, whether the check raised, and (given ``fig_dir``) the record's figures (``verify.report.draw``)."""
    rec, failed = check_one(_claims_of(ref)[claim_id], worker_context(settings))
    if fig_dir is None:
        return rec, failed, None
    from .report import draw
    return rec, failed, draw(rec, fig_dir)


def worker_context(settings: dict) -> Context:
    """The ``Context`` of a run's ``settings`` (``Context.settings()``) on a worker, with progress lines dropped."""
    from .backend import get_backend
    return Context(profile=PROFILES[settings["profile"]], seed=settings["seed"], dps=settings["dps"],
                   backend=get_backend(settings["backend"]), progress=lambda msg: None)
