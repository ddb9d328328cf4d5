"""The generic check of closed-form claims on a benchmark set: ``issue`` (``tests/search_claims.py``: the issue-11
classical inequalities and special-function inequalities), ``special`` (``benchmarks/claims_special.py``: more
special-function inequalities, some under relational assumptions) or ``metitarski``
(``benchmarks/claims_metitarski.py``: a held-out set of MetiTarski's problems and problems in their style), true, and their one-constant typos, false, each
run through ``verify.user_claims``'s generic check (adversarial search, ball certificate, Hypothesis) in a profile.

``python -m benchmarks.bench_certified [--profile quick] [--set issue|special|metitarski] [--write]`` prints, per claim, the
verdict, the certified tier's status and coverage, and the seconds; then the fractions the issue judges: false
claims violated with a certified counterexample, true claims never violated and ``proved``.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from search_claims import CLASSICAL, SPECIAL, SPECIAL_TYPOS, TYPOS  # noqa: E402

from benchmarks.claims_metitarski import METITARSKI, METITARSKI_TYPOS  # noqa: E402
from benchmarks.claims_special import SPECIAL2, SPECIAL2_TYPOS  # noqa: E402
from sloppy_verifier.verify.context import PROFILES, Context  # noqa: E402
from sloppy_verifier.verify.evidence import verdict  # noqa: E402
from sloppy_verifier.verify.user_claims import generic_check  # noqa: E402


#: name -> (true claims, (typo, measured violation fraction, region) triples)
SETS = {"issue": (CLASSICAL + SPECIAL, TYPOS + SPECIAL_TYPOS), "special": (SPECIAL2, SPECIAL2_TYPOS),
        "metitarski": (METITARSKI, METITARSKI_TYPOS)}


def run(profile: str, which: str = "issue") -> list[dict]:
    ctx = Context(profile=PROFILES[profile], progress=lambda m: None)
    rows = []
    true, typos = SETS[which]
    for truth, claims in ((True, true), (False, [t[0] for t in typos])):
        for c in claims:
            t0 = time.perf_counter()
            ev = generic_check(c)(c, ctx)
            cert = next(e for e in ev if e.tier == "certified")
            rows.append({"id": c.id, "true": truth, "verdict": verdict(ev), "certified": cert.status,
                         "coverage": cert.data.get("coverage"), "seconds": time.perf_counter() - t0,
                         "summary": cert.summary})
            print(f"{c.id}: {rows[-1]['verdict']} ({cert.summary}) {rows[-1]['seconds']:.1f} s", file=sys.stderr,
                  flush=True)
    return rows


def table(rows: list[dict], profile: str) -> str:
    true = [r for r in rows if r["true"]]
    false = [r for r in rows if not r["true"]]
    lines = [f"Generic check, profile {profile}, {platform.processor() or platform.machine()} "
             f"({platform.node()}), one process", "",
             "| claim | true | verdict | certified | coverage | s |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['id']} | {'yes' if r['true'] else 'no'} | {r['verdict']} | {r['certified']} | {r['coverage']} "
              f"| {r['seconds']:.2f} |" for r in rows]
    lines += ["",
              f"- false claims violated with a certified counterexample: "
              f"{sum(r['certified'] == 'violated' for r in false)} / {len(false)}",
              f"- false claims violated (any tier): {sum(r['verdict'] == 'violated' for r in false)} / {len(false)}",
              f"- true claims violated: {sum(r['verdict'] == 'violated' for r in true)} / {len(true)}",
              f"- true claims proved: {sum(r['verdict'] == 'proved' for r in true)} / {len(true)}",
              f"- total seconds: {sum(r['seconds'] for r in rows):.1f}"]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="quick", choices=sorted(PROFILES))
    ap.add_argument("--set", default="issue", choices=sorted(SETS), help="the benchmark set")
    ap.add_argument("--write", action="store_true", help="write benchmarks/RESULTS_certified.md")
    args = ap.parse_args(argv)
    text = table(run(args.profile, args.set), args.profile)
    print(text)
    if args.write:
        (Path(__file__).parent / "RESULTS_certified.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
