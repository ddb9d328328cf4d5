"""Cost of the certified tier of catalogue claims in the quick profile: ``verify --profile quick --workers 1
--no-sweep`` of the catalogue claims that get the tier, back to back without the tier (``certified_tier``
replaced by one returning nothing, for this measurement only) and with it, then each claim's tier alone.
With ``--all``, the whole quick profile (every claim, the report included) once, with the tier, against the
tier's own time, read two ways: the ``seconds`` its certificates record inside that run, and each claim's tier
run again alone, summed.  The growth is the tier's time over the rest.  Two runs of the profile
back to back (without, then with) mostly measure the first run's warm-up (lazy derivations, SymPy's caches).

    PYTHONPATH=. python -m benchmarks.bench_quick_certified [--all] [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from unittest import mock


def tier_claims() -> list:
    """The catalogue claims with their own check whose closed form, or one of whose reductions (S7 at fixed C),
    gets a certificate."""
    from sloppy_verifier.theory import catalogue
    from sloppy_verifier.verify.checks import CHECKS
    from sloppy_verifier.verify.user_claims import closed_form_claim
    return [c for c in catalogue() if c.id in CHECKS and (closed_form_claim(c) is not None or c.reductions)]


def wall(ids, out: Path, tier: bool) -> float:
    from sloppy_verifier.verify import user_claims
    from sloppy_verifier.verify.cli import main
    argv = ["verify", "--profile", "quick", "--workers", "1", "--no-sweep", "--out", str(out), *ids]
    t = time.perf_counter()
    if tier:
        main(argv)
    else:
        with mock.patch.object(user_claims, "certified_tier", lambda claim, ctx: []):
            main(argv)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=None)
    ap.add_argument("--all", action="store_true", help="the whole quick profile, without and with the tier")
    args = ap.parse_args()
    from sloppy_verifier.verify.context import Context
    from sloppy_verifier.verify.user_claims import certified_tier
    claims = tier_claims()
    ids = [c.id for c in claims]
    base = Path(args.out or tempfile.mkdtemp(prefix="bench-quick-cert-"))
    print(f"claims with the tier: {', '.join(ids)}")
    if args.all:
        whole = wall([], base / "all", tier=True)
        doc = json.loads((base / "all" / "results.json").read_text(encoding="utf-8"))
        in_run = sum(ev["data"].get("seconds") or 0.0 for r in doc["claims"] for ev in r["evidence"]
                     if ev["tier"] == "certified")
        print(f"| the whole quick profile, with the tier | {whole:.1f} s |")
        print(f"| the certificates' own seconds in that run | {in_run:.1f} s ({100 * in_run / (whole - in_run):+.1f} %) |")
    else:
        off = wall(ids, base / "off", tier=False)
        on = wall(ids, base / "on", tier=True)
        print(f"| quick, these claims, without the tier | {off:.1f} s |")
        print(f"| quick, these claims, with the tier | {on:.1f} s |")
    ctx = Context(progress=lambda msg: None)          # the quick profile
    spent = 0.0
    for c in claims:
        t = time.perf_counter()
        evs = certified_tier(c, ctx)
        spent += time.perf_counter() - t
        for ev in evs:
            print(f"| {c.id} | {ev.status} | {ev.data.get('coverage')} | {ev.data.get('n_boxes')} boxes | "
                  f"{time.perf_counter() - t:.1f} s (the claim's tier) |")
    print(f"| the tier alone, summed | {spent:.1f} s |")
    if args.all:
        print(f"| growth of the quick profile from the tier | {100 * spent / (whole - spent):+.1f} % |")


if __name__ == "__main__":
    main()
