"""The catalogue: every spec sub-claim declared with the spec's kind, an explicit order, literal ids, selection, data
hygiene."""
import ast
from pathlib import Path

import pytest
import sympy as sp

from sloppy_verifier.theory import Claim, Interval, Kind, Provenance, Tag, catalogue, register, select
from sloppy_verifier.theory import spec

ROOT = Path(__file__).resolve().parents[1]

SPEC_KINDS = {  # spec/fisher.md claim index and per-claim "Kind" lines
    "F1a": {Kind.DEF}, "F1b": {Kind.ASYMP}, "F1c": {Kind.INEQ}, "F2": {Kind.EXACT},
    "F3a": {Kind.EXACT}, "F3b": {Kind.ASYMP}, "F3c": {Kind.FIN_EXACT}, "F3d": {Kind.CONJ}, "F3e": {Kind.ASYMP},
    "F4a": {Kind.EXACT}, "F4b": {Kind.ASYMP}, "F4c": {Kind.ASYMP},
    "F5a": {Kind.EXACT}, "F5b": {Kind.ASYMP}, "F5c": {Kind.ASYMP}, "F5d": {Kind.INEQ},
    "F6a": {Kind.EXACT}, "F6b": {Kind.ASYMP}, "F6c": {Kind.EXACT},
    "F7a": {Kind.EXACT}, "F7b": {Kind.EXACT}, "F7c": {Kind.EXACT}, "F7d": {Kind.ASYMP}, "F7e": {Kind.EMPIRICAL},
    "F8a": {Kind.EXACT}, "F8b": {Kind.FIN_EXACT}, "F8c": {Kind.EXACT}, "F8d": {Kind.ASYMP},
    "F9a": {Kind.EXACT}, "F9b": {Kind.ASYMP}, "F9c": {Kind.EMPIRICAL},
    "F10b": {Kind.EXACT}, "F10c": {Kind.EXACT}, "F10d": {Kind.ASYMP, Kind.CONJ},
    "F11a": {Kind.EXACT}, "F11b": {Kind.EXACT}, "F11c": {Kind.EXACT},
}


def test_every_spec_subclaim_is_registered_with_its_kind():
    claims = select(["fisher"])
    tags = {c.tag for c in claims}
    assert set(SPEC_KINDS) <= tags
    for c in claims:
        assert c.kind in SPEC_KINDS[c.tag], (c.id, c.kind)
    # the two conjectures the issue names
    assert {c.tag for c in claims if c.kind is Kind.CONJ} == {"F3d", "F10d"}


def test_provenance_says_reconstruction():
    for c in select(["fisher"]):
        assert "Reconstruction" in str(c.provenance) and c.provenance.tags


def test_statements_are_exact():
    for c in catalogue():
        assert not any(isinstance(a, sp.Float) for a in sp.preorder_traversal(c.statement)), c.id


def test_select_by_tag_prefix_and_id():
    assert {c.tag for c in select(["F1"])} == {"F1a", "F1b", "F1c"}     # not F10, F11
    assert {c.tag for c in select(["F10"])} == {"F10b", "F10c", "F10d"}
    assert [c.id for c in select(["fisher.rank"])] == ["fisher.rank"]
    assert len(select(["F"])) == len(select(["fisher"])) == sum(c.id.startswith("fisher.") for c in catalogue())
    with pytest.raises(LookupError):
        select(["F99"])


def test_claim_rejects_floats_and_non_relations():
    prov = Provenance((Tag.USER,), "test")
    x = sp.Symbol("x")
    with pytest.raises(ValueError):
        Claim("user.c", "U1", "t", Kind.EXACT, sp.Eq(x, sp.Float(0.1)), prov)
    with pytest.raises(TypeError):
        Claim("user.c", "U1", "t", Kind.EXACT, x + 1, prov)
    with pytest.raises(ValueError):
        Claim("Bad Id", "U1", "t", Kind.EXACT, sp.Eq(x, 1), prov)
    assert sp.Rational(1, 2) in Interval(0, 1) and 2 not in Interval(0, 1)


def test_repr_latex():
    c = select(["fisher.lambda_max_limit"])[0]
    assert c._repr_latex_().startswith("$") and r"\ell_{\mathrm{out}}" in c._repr_latex_()   # the level it names


def _literals(folder: Path) -> set:
    """Every string literal of the ``.py`` files under ``folder`` (an f-string contributes only its literal parts)."""
    return {n.value for p in folder.rglob("*.py") for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _not_literal(ids, literals) -> list:
    return [i for i in ids if i not in literals]


def test_every_claim_id_and_check_id_is_a_literal():
    """A claim's id is greppable: written whole as a string in theory/, and so is each key of the checks' mappings
    in verify/checks/ (never built by an f-string)."""
    from sloppy_verifier.verify.checks import CHECKS
    theory_ids = _literals(ROOT / "theory")
    assert not _not_literal([c.id for c in catalogue()], theory_ids)
    assert not _not_literal(CHECKS, _literals(ROOT / "verify" / "checks"))
    built = catalogue()[0].variant(id="fisher." + "built_" + "at_run_time")   # the rule can fail
    assert _not_literal([built.id], theory_ids) == ["fisher.built_at_run_time"]


def test_catalogue_is_the_explicit_concatenation_of_the_claim_modules():
    """The catalogue is ``theory.spec.MODULES``' ``CLAIMS`` in order, whatever was imported; every check serves a
    catalogue claim; ``register`` (the users' files' API) outside a claims file returns the claim and adds nothing."""
    from sloppy_verifier.verify.checks import CHECKS
    ids = [c.id for c in catalogue()]
    assert ids == [c.id for m in spec.MODULES for c in m.CLAIMS] and len(set(ids)) == len(ids)
    assert set(CHECKS) <= set(ids)
    extra = catalogue()[0].variant(id="user.not_in_catalogue")
    assert register(extra) is extra and [c.id for c in catalogue()] == ids


def test_two_checks_for_one_claim_are_an_error():
    from types import SimpleNamespace

    from sloppy_verifier.verify.checks import _joined

    def f(claim, ctx):
        return []

    def g(claim, ctx):
        return []
    assert _joined([SimpleNamespace(CHECKS={"a.b": f}), SimpleNamespace(CHECKS={"a.c": f})]) == {"a.b": f, "a.c": f}
    with pytest.raises(ValueError, match="two checks for a.b"):
        _joined([SimpleNamespace(CHECKS={"a.b": f}), SimpleNamespace(CHECKS={"a.b": g})])
