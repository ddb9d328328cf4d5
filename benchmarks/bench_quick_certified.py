"""Cost of the certified tier of catalogue claims in the quick profile: ``verify --profile quick --workers 1
--no-sweep`` of the catalogue claims that get the tier, back to back without the tier (``certified_tier``
replaced by one returning nothing, for this measurement only) and with it, then each claim's tier alone.
With ``--all``, the whole quick profile (every claim, the report included) once, with the tier, against the
tier's own time (each claim's tier alone, summed): the growth is that sum over the rest.  Two runs of the profile
back to back (without, then with) mostly measure the first run's warm-up (lazy derivations, SymPy's caches).

    PYTHONPATH=. python -m benchmarks.bench_quick_certified [--all] [--out DIR]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from unittest import mock


def tier_claims() -> list:
    """The catalogue claims with their own check whose closed form gets a certificate."""
    from sloppy_verifier.theory import catalogue
    from sloppy_verifier.verify.checks import CHECKS
    from sloppy_verifier.verify.user_claims import closed_form_claim
    return [c for c in catalogue() if c.id in CHECKS and closed_form_claim(c) is not None]


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
        print(f"| the whole quick profile, with the tier | {whole:.1f} s |")
    else:
        off = wall(ids, base / "off", tier=False)
        on = wall(ids, base / "on", tier=True)
        print(f"| quick, these claims, without the tier | {off:.1f} s |")
        print(f"| quick, these claims, with the tier | {on:.1f} s |")
    ctx = Context(progress=lambda msg: None)          # the quick profile
    spent = 0.0
    for c in claims:
        t = time.perf_counter()
        (ev,) = certified_tier(c, ctx)
        spent += time.perf_counter() - t
        print(f"| {c.id} | {ev.status} | {ev.data.get('coverage')} | {ev.data.get('n_boxes')} boxes | "
              f"{time.perf_counter() - t:.1f} s |")
    print(f"| the tier alone, summed | {spent:.1f} s |")
    if args.all:
        print(f"| growth of the quick profile from the tier | {100 * spent / (whole - spent):+.1f} % |")


if __name__ == "__main__":
    main()
