"""`sloppy certify` through the CLI: certification without a run, and `--replay` of the certificates a verify run
stored in results.json, which fails (exit 1) on a tampered certificate; bad input is one line, exit 2."""
import json
from pathlib import Path

import pytest

from sloppy_verifier.verify.cli import main

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "user_claims.py")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("cert")
    assert main(["verify", "--claims", EXAMPLE, "--profile", "quick", "--workers", "1", "--out", str(out)]) == 1
    return out / "results.json"


def test_certify_without_a_run(capsys):
    code, out, _ = run(capsys, "certify", "--claims", EXAMPLE, "--seconds", "30")
    assert code == 0
    lines = dict(line.split(": ", 1) for line in out.strip().splitlines())
    assert lines["user.logcosh_quadratic"].startswith("proved: proved over the whole domain")
    assert lines["user.bernoulli_all_exponents"].startswith("violated: violated at")


def test_replay_passes_on_the_stored_certificates(capsys, results):
    code, out, err = run(capsys, "certify", "--replay", results, "--claims", EXAMPLE)
    assert code == 0, err
    assert "user.logcosh_quadratic: replayed" in out and "certificate(s) replayed" in out


@pytest.mark.parametrize("tamper", ["raise a bound", "drop a box", "change the statement"])
def test_replay_fails_loudly_on_a_tampered_certificate(capsys, results, tmp_path, tamper):
    doc = json.loads(results.read_text())
    rec = next(r for r in doc["claims"] if r["id"] == "user.logcosh_quadratic")
    cert = next(e for e in rec["evidence"] if e["tier"] == "certified")["data"]
    certified = [b for b in cert["boxes"] if b["status"] == "certified"]
    if tamper == "raise a bound":
        certified[0]["slack_lo"] = "1e6"
    elif tamper == "drop a box":
        cert["boxes"].remove(certified[-1])
    else:
        cert["statement"] = cert["statement"].replace("Rational(1, 2)", "Rational(1, 3)")
        assert "Rational(1, 3)" in cert["statement"]
    bad = tmp_path / "results.json"
    bad.write_text(json.dumps(doc))
    code, out, _ = run(capsys, "certify", "--replay", bad, "user.logcosh_quadratic", "--claims", EXAMPLE)
    assert code == 1 and "REPLAY FAILED" in out


@pytest.mark.parametrize("argv, message", [
    (["certify", "--replay", "/nonexistent/results.json"], "not a readable results file"),
    (["certify", "--seconds", "0"], "--seconds must be a number in (0, 86400]"),
    (["certify", "F1b"], "no selected claim is closed form"),
])
def test_bad_input_is_one_line(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
