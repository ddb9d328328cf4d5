"""Shared machinery of the planted-wrong-variant tests: a deliberately wrong statement must be reported
violated, and every violation must carry its counterexample (worst case)."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import verdict

QUICK = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)


def assert_caught(claim, mutate, ctx=QUICK):
    """Apply ``mutate`` to the claim's statement, check the variant, and require a violation with evidence."""
    wrong = claim.variant(statement=mutate(claim.statement))
    assert wrong.statement != claim.statement, "the mutation must change the statement"
    evidence = run_check(wrong, ctx)
    assert verdict(evidence) == "violated", [e.summary for e in evidence]
    assert all(e.worst_case for e in evidence if e.status == "violated"), "a violation must come with its counterexample"
    return evidence


def whole_relation_tests(holds, mutants, ctx=QUICK):
    """The two tests of a whole-relation module, to be bound to module-level names: each catalogue claim id in
    ``holds`` is reported holds, and each ``(claim id, mutate)`` of ``mutants`` (a changed relation, left side or
    And part) is reported violated."""
    @pytest.mark.parametrize("cid", holds)
    def test_real_claim_holds(cid):
        assert verdict(run_check(select([cid])[0], ctx)) == "holds"

    @pytest.mark.parametrize("cid, mutate", mutants, ids=[f"{c}-{i}" for i, (c, _) in enumerate(mutants)])
    def test_relation_and_left_side_mutants_are_caught(cid, mutate):
        c = select([cid])[0]
        assert verdict(run_check(c.variant(statement=mutate(c.statement)), ctx)) == "violated"
    return test_real_claim_holds, test_relation_and_left_side_mutants_are_caught


# ---------------------------------------------------------------- common mutations of a statement
def scale(factor):
    """``lhs ⋈ rhs`` → ``lhs ⋈ factor·rhs`` (a changed constant)."""
    return lambda st: type(st)(st.lhs, factor * st.rhs)


def and_part(name, fn):
    """Mutate the part of an ``And`` whose left-hand side is the symbol ``name`` (``And`` sorts its args)."""
    return lambda st: sp.And(*[fn(a) if a.lhs == sp.Symbol(name) else a for a in st.args])


def flip(st):
    """The inequality reversed (``≤`` → ``>``, ``<`` → ``≥``, …)."""
    return {sp.Le: sp.Gt, sp.Lt: sp.Ge, sp.Ge: sp.Lt, sp.Gt: sp.Le}[type(st)](st.lhs, st.rhs)


def sub(old, new):
    """Replace a subexpression (``xreplace``)."""
    return lambda st: st.xreplace({old: new})


def inline(quantity, mutate):
    """The quantity's symbol replaced by its definition changed by ``mutate`` (a wrong formula in a definition)."""
    return lambda st: st.xreplace({quantity.symbol: mutate(quantity.definition)})
