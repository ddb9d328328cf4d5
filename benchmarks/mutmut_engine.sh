#!/usr/bin/env bash
# Mutation testing of the verdict engine (issue 16): mutmut on verify/check.py, verify/evidence.py,
# verify/certify/balls.py (config: [tool.mutmut] in pyproject.toml).  A slow job, never part of CI.
#
# mutmut names a mutant by its file's path ("src/" stripped) and the trampoline by the function's __module__, so the
# checkout's package-dir layout (verify/ imported as sloppy_verifier.verify) is staged as the wheel lays it out,
# build/mutmut/src/sloppy_verifier/{theory,verify}, with tests/ and pyproject.toml beside it; mutmut runs there
# (its mutants/ folder lies in the git-ignored build/).  PYTHONPATH is cleared so the checkout itself is never imported.
#
#   benchmarks/mutmut_engine.sh                          # every mutant of the configured modules
#   benchmarks/mutmut_engine.sh 'sloppy_verifier.verify.evidence.*'   # only these mutants (mutmut's name globs)
# Prints killed / survived / timeout / other per module, then the survivors.  Env: MUTMUT_CHILDREN (default 2).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
stage="$repo/build/mutmut"
rm -rf "$stage"
mkdir -p "$stage/src/sloppy_verifier"
cp "$repo/sloppy_verifier/__init__.py" "$stage/src/sloppy_verifier/"
cp -r "$repo/theory" "$stage/src/sloppy_verifier/theory"
cp -r "$repo/verify" "$stage/src/sloppy_verifier/verify"
cp -r "$repo/tests" "$stage/tests"
cp "$repo/pyproject.toml" "$stage/"
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
cd "$stage"
unset PYTHONPATH
mutmut run --max-children "${MUTMUT_CHILDREN:-2}" "$@" > mutmut-run.log 2>&1 || { tail -40 mutmut-run.log; exit 1; }
mutmut results --all=true > results.txt
python "$repo/benchmarks/mutmut_score.py" results.txt
