"""Importing the package changes nothing in the caller's process (issue 10: no import side effects)."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, os, sys
before = dict(os.environ)
import numpy, scipy.linalg
if sys.argv[1] == "package":
    import sloppy_verifier.theory, sloppy_verifier.verify.cli, sloppy_verifier.verify.runner, sloppy_verifier.verify.check
from threadpoolctl import threadpool_info
print(json.dumps({"env_changed": sorted(k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k)),
                  "blas": [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]}))
"""


def test_import_sets_no_environment_and_keeps_blas_threads():
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    env["PYTHONPATH"] = str(ROOT)

    def probe(what):
        out = subprocess.run([sys.executable, "-c", PROBE, what], env=env, capture_output=True, text=True, check=True,
                             cwd=ROOT)
        return json.loads(out.stdout.splitlines()[-1])

    got, bare = probe("package"), probe("bare")
    assert got["env_changed"] == []
    assert got["blas"] and got["blas"] == bare["blas"]  # OpenBLAS keeps its own default


def test_cli_limits_blas_to_one_thread_for_the_command_only(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401

    from sloppy_verifier.verify import cli

    for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(v, raising=False)
    seen = {}

    def probe(args):
        seen["blas"] = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        return 0

    monkeypatch.setattr(cli, "cmd_list", probe)
    with threadpool_limits(limits=2, user_api="blas"):
        assert cli.main(["list"]) == 0
        after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    assert seen["blas"] and set(seen["blas"]) == {1}
    assert set(after) == {2}  # restored when the command ends
