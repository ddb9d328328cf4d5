"""Checks bind parameters and quantities by the claim's objects, never by a retyped string (``verify.point``).

Every module under ``verify/checks/`` and ``verify/ribbon/``, and ``verify/quantities.py``, is parsed; a string
literal used as a subscript key (``p["sigma"]``), a ``.get`` key (``p.get("sigma")``) or a dict-literal key
(``{"sigma": 1}``) that is the name of a parameter or quantity of the catalogue is a finding, unless ``DATA_FIELDS``
lists it as a data file's or a record's own field.
"""
import ast
from pathlib import Path

import pytest

from sloppy_verifier.theory.quantity import closure
from sloppy_verifier.theory.spec import catalogue

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("verify/checks", "verify/ribbon", "verify/quantities.py")   # folders, and sloppy eval's Fisher keys

#: (module, key): a string key that is a data file's or a record's field, not a parameter or quantity: G4's Gram
#: matrix ``K`` of ``verify/data/ribbon_g4.json`` (the catalogue's ``K`` is the integer parameter of an
#: S-certificate claim); the failing ``part`` of S2's statement in its float64 grid evidence (not the catalogue's
#: parameter ``part``); fisher_mc's per-cell network count ``n``, fit intercept ``a`` and configuration ``"A"`` (a
#: value of ``config``, the key of ``fisher_sim.CONFIGS``); G5's ``P_t`` and ``D_t`` tables of
#: ``verify/data/ribbon_g5.json``, S33's ratio count ``n`` in ribbon_sgd, ensemble_sim's seed count ``n``
#: (summaries); G7a's matrix ``H``, measure ``nodes`` and singular values ``sigma`` of
#: ``verify/data/ribbon_g7a.json``; G6's instance and printed values of ``verify/data/ribbon_g6.json``; the
#: abscissae ``x`` of ribbon_ensemble's log-log figure series (``data["loglog"]["series"]``, read by the report);
#: fisher_sim's configuration names ``"A"``, ``"C"``, ``"D"`` (keys of ``CONFIGS``, values of ``config``), the fields
#: ``m`` and ``s`` of ``simulate.fim.fim_statistics``' record (the estimators of ``m_lambda``, ``s_lambda``), the fit
#: intercept ``a`` and F5c's fitted coefficient ``b`` (evidence fields), a log-log series' abscissa ``x`` and the
#: report's ``spectrum`` record (evidence data); the sections ``c_A`` (the c_A(T) list, and its regenerated copy in
#: the evidence), ``grid_c1``'s ``rho`` grid and ``signal_face_none``'s ``c`` of ``verify/data/ribbon_phase_table.json``
#: and K2's worst-case table ``ES_T`` (T -> ES_1(B_T); not S19's ES_T) in ribbon_phase; the logit ``scale`` of a
#: Bernoulli block or per-scale row (K4 states the limit s -> 0; no claim ranges over s) and the reported ``target``
#: (the reference value of ES_sim; not the GD claims' target) in ribbon_sweep; the sweep's ``scale`` likewise, its
#: random ``seed`` (provenance of a record; not a claim's instance seed) and the summary's file ``path``
DATA_FIELDS = ({("verify/checks/ribbon_kernels.py", "K"), ("verify/checks/ribbon_dynamics.py", "part"),
                ("verify/checks/fisher_mc.py", "n"), ("verify/checks/fisher_mc.py", "a"),
                ("verify/checks/fisher_mc.py", "A"), ("verify/checks/ribbon_sgd.py", "P"),
                ("verify/checks/ribbon_sgd.py", "D"), ("verify/checks/ribbon_sgd.py", "n"),
                ("verify/ribbon/ensemble_sim.py", "n")}
               | {("verify/checks/ribbon_bt.py", f) for f in ("H", "nodes", "sigma")}
               | {("verify/checks/ribbon_ensemble.py", "x")}
               | {("verify/checks/fisher_sim.py", f) for f in ("A", "C", "D", "m", "s", "a", "b", "x", "spectrum")}
               | {("verify/checks/ribbon_certificates.py", f)
                  for f in ("lambda", "beta", "eta", "T", "tau", "k", "a_prime", "rho_hi", "rho_star")}
               | {("verify/checks/ribbon_phase.py", f) for f in ("c_A", "rho", "c", "ES_T")}
               | {("verify/checks/ribbon_sweep.py", f) for f in ("scale", "target")}
               | {("verify/ribbon/sweep.py", f) for f in ("scale", "seed", "path")})


def catalogue_names() -> set:
    """The names of every parameter and every quantity (with those their definitions use) of the catalogue."""
    names = set()
    for claim in catalogue():
        names |= {p.name for p in claim.parameters} | {s.name for s in closure(claim.quantities)}
    return names


def string_keys(source: str, names: set) -> list:
    """``(line, key)`` of each string literal in ``names`` used as a subscript, ``.get`` or dict-literal key."""
    found = []
    for node in ast.walk(ast.parse(source)):
        keys = []
        if isinstance(node, ast.Subscript):
            keys = [node.slice]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            keys = node.args[:1]
        elif isinstance(node, ast.Dict):
            keys = [k for k in node.keys if k is not None]
        found += [(k.lineno, k.value) for k in keys
                  if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value in names]
    return found


def _modules():
    paths = [p for d in SCANNED for p in ((ROOT / d).rglob("*.py") if (ROOT / d).is_dir() else [ROOT / d])]
    return sorted(p.relative_to(ROOT).as_posix() for p in paths)


@pytest.fixture(scope="module")
def names():
    return catalogue_names()


@pytest.mark.parametrize("module", _modules())
def test_no_string_keys(module, names):
    found = [(line, key) for line, key in string_keys((ROOT / module).read_text(encoding="utf-8"), names)
             if (module, key) not in DATA_FIELDS]
    assert not found, f"{module} keys parameters/quantities by string (bind the Param/Quantity object): {found}"


def test_the_rule_can_fail(names):
    planted = 'def env(p, dps):\n    return {"d_B": p["sigma"] / p.get("N", 1), "note": p["not a name"]}\n'
    assert sorted(string_keys(planted, names)) == [(2, "N"), (2, "d_B"), (2, "sigma")]
    assert {"sigma", "d_B", "N", "eta_lam1"} <= names
