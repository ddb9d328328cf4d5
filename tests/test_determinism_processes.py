"""Determinism across processes: two ``sloppy verify`` runs with different ``PYTHONHASHSEED`` (so set and dict-of-set
orders differ) write the same results.json, timings and the creation stamp aside.  One process cannot show this:
its hash seed is fixed."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ("ribbon.gaussian_intensive", "ribbon.population_limit")    # a Hypothesis search, a Monte-Carlo ensemble


def _strip(doc: dict) -> dict:
    doc.pop("created")
    for c in doc["claims"]:
        c.pop("seconds")
    return doc


def test_results_identical_across_hash_seeds(tmp_path):
    runs = []
    for hs in ("1", "4242"):
        env = os.environ | {"PYTHONHASHSEED": hs, "PYTHONPATH": str(ROOT)}
        out = tmp_path / hs
        runs.append((out, subprocess.Popen([sys.executable, "-m", "sloppy_verifier.verify.cli", "verify", *CLAIMS, "--profile", "quick",
                                            "--no-sweep", "--out", str(out)], env=env, cwd=tmp_path,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    docs = []
    for out, p in runs:
        stdout, stderr = p.communicate(timeout=600)
        assert p.returncode == 0, stderr[-2000:]
        docs.append(_strip(json.loads((out / "results.json").read_text())))
    assert docs[0]["claims"] and [c["verdict"] for c in docs[0]["claims"]] == ["holds", "holds"]
    assert json.dumps(docs[0], sort_keys=True) == json.dumps(docs[1], sort_keys=True)
