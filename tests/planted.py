"""Shared machinery of the planted-wrong-variant tests: a deliberately wrong statement must be reported
violated, and every violation must carry its counterexample (worst case)."""
from verify.check import run_check
from verify.context import PROFILES, Context
from verify.evidence import verdict

QUICK = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)


def assert_caught(claim, mutate, ctx=QUICK):
    """Apply ``mutate`` to the claim's statement, check the variant, and require a violation with evidence."""
    wrong = claim.variant(statement=mutate(claim.statement))
    assert wrong.statement != claim.statement, "the mutation must change the statement"
    evidence = run_check(wrong, ctx)
    assert verdict(evidence) == "violated", [e.summary for e in evidence]
    assert all(e.worst_case for e in evidence if e.status == "violated"), "a violation must come with its counterexample"
    return evidence
