"""Power of the statistical tier: each ASYMP claim unplanted and with three planted errors (the constant x 21/20 on
the right side, the stated rate M^-1/2 changed to M^-1/4 and to M^-1), checked in one profile; one JSON line per
run with the verdict and the evidence that decided it.  Results: benchmarks/RESULTS_stats_power.md.

Run: ``PYTHONPATH=. python benchmarks/bench_stats_power.py standard fisher.bulk_level,fisher.centred_spectrum``
(simulations are shared between the plants of one claim, so the plants cost nothing after the first run).
"""
import json
import sys
import time

import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import verdict

R = sp.Rational
PLANTS = {"none": lambda c: c,
          "x1.05": lambda c: c.variant(statement=type(c.statement)(c.statement.lhs, R(21, 20) * c.statement.rhs)),
          "M^-1/4": lambda c: c.variant(rate=c.large ** R(-1, 4)),
          "M^-1": lambda c: c.variant(rate=c.large ** -1)}


def main(profile: str, ids: str) -> None:
    ctx = Context(profile=PROFILES[profile], seed=0, dps=30, progress=lambda msg: None)
    claims = {c.id: c for c in select(ids.split(","))}
    for cid in ids.split(","):
        for name, plant in PLANTS.items():
            t = time.time()
            ev = run_check(plant(claims[cid]), ctx)
            print(json.dumps({"profile": profile, "claim": cid, "plant": name, "verdict": verdict(ev),
                              "seconds": round(time.time() - t),
                              "evidence": [[e.tier, e.status, e.summary] for e in ev]}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
