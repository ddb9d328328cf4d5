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


S7, S9 = "ribbon.softmax_jensen", "ribbon.jensen_gap_bernoulli"


@pytest.fixture(scope="module")
def s7_results(tmp_path_factory):
    """A results file with both of S7's reduction certificates (C = 2: some boxes proved by identity; C = 3: only
    refutable) and S9's closed-form one, at 40 boxes each (the profile's budget is beside the point: replay re-checks
    what is recorded)."""
    from planted import QUICK

    from sloppy_verifier.theory import select
    from sloppy_verifier.verify import user_claims
    from sloppy_verifier.verify.results import results_document
    from sloppy_verifier.verify.runner import claim_record
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(user_claims.CLOSED_FORM_BOXES, "quick", 40)
        mp.setitem(user_claims.REDUCTIONS, "quick", None)
        records = [claim_record(c, user_claims.certified_tier(c, QUICK), 0.0) for c in select([S7, S9])]
    s7 = next(r for r in records if r["id"] == S7)["evidence"]
    assert [e["data"]["reduction"] for e in s7] == ["C = 2", "C = 3"]
    assert any(b["status"] == "certified" for b in s7[0]["data"]["boxes"])
    path = tmp_path_factory.mktemp("s7") / "results.json"
    path.write_text(json.dumps(results_document(records, {"profile": "quick"})))
    return path


def test_every_certificate_replays_against_its_own_claim(capsys, s7_results):
    """Each S7 certificate against its reduction's closed form, S9's against the claim's closed form."""
    code, out, err = run(capsys, "certify", "--replay", s7_results)
    assert code == 0, out + err
    assert f"{S7} (C = 2): replayed: certified on " in out and f"{S7} (C = 3): replayed: certified on " in out
    assert f"{S9}: replayed: certified on " in out and "3 of 3 certificate(s) replayed" in out


def _s7_tampered(s7_results, tmp_path, tamper) -> Path:
    doc = json.loads(s7_results.read_text())
    rec = next(r for r in doc["claims"] if r["id"] == S7)
    cert = next(e for e in rec["evidence"] if e["data"].get("reduction") == "C = 2")["data"]
    certified = next(b for b in cert["boxes"] if b["status"] == "certified")
    if tamper == "raise a bound":
        certified["slack_lo"] = "1/1000"
    elif tamper == "certify an undecided box":
        undecided = next(b for b in cert["boxes"] if b["status"] == "undecided")
        undecided.update({k: certified[k] for k in ("status", "method", "slack_lo")})
    elif tamper == "unknown reduction":
        cert["reduction"] = "C = 4"
    else:                                   # a certificate from before labels were recorded: it is stale
        del cert["reduction"]
    bad = tmp_path / "results.json"
    bad.write_text(json.dumps(doc))
    return bad


@pytest.mark.parametrize("tamper, message", [
    ("raise a bound", "C = 2): REPLAY FAILED: box "),
    ("certify an undecided box", "C = 2): REPLAY FAILED: box "),
    ("unknown reduction", "C = 4): REPLAY FAILED: ribbon.softmax_jensen has no reduction 'C = 4' "
                          "(its reductions: C = 2, C = 3)"),
    ("no label", f"{S7}: REPLAY FAILED: statement changed"),
])
def test_a_tampered_or_unmatched_reduction_certificate_fails(capsys, s7_results, tmp_path, tamper, message):
    code, out, _ = run(capsys, "certify", "--replay", _s7_tampered(s7_results, tmp_path, tamper), S7)
    assert code == 1 and message in out, out
    assert f"{S7} (C = 3): replayed" in out and "1 of 2 certificate(s) replayed" in out   # the other one still checked
