"""sloppy regress: a changed constant or sign is reported (exit 1), an unchanged theory exits 0, --update is
the only writer, and the baseline's bytes are deterministic."""
import textwrap

import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.cli import main
from sloppy_verifier.verify.regress import DEFAULT_BASELINE, compare, dumps, snapshot

CLAIM = """
import sympy as sp
from sloppy_verifier.theory import Claim, Interval, Kind, Param, Provenance, Step, Tag, register
x = sp.Symbol('x')
register(Claim(id='user.logcosh', tag='U', title='log cosh bound', kind=Kind.INEQ,
               provenance=Provenance(tags=(Tag.USER,), source='test'),
               statement=sp.Le(sp.log(sp.cosh(x)), x**2 * sp.Rational(1, 2)),
               parameters=(Param('x', Interval(-4, 4)),),
               derivation=(Step(sp.Eq(sp.diff(x**2 / 2 - sp.log(sp.cosh(x)), x), x - sp.tanh(x)), 'gap derivative'),)))
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def theory(tmp_path):
    f = tmp_path / "mine.py"
    f.write_text(textwrap.dedent(CLAIM))
    return f


def test_unchanged_update_and_deterministic_bytes(capsys, tmp_path, theory):
    base = tmp_path / "base.json"
    code, _, err = run(capsys, "regress", "--claims", theory, "--baseline", base)
    assert code == 2 and "--update" in err and not base.exists()      # no baseline: nothing written
    assert run(capsys, "regress", "--claims", theory, "--baseline", base, "--update")[0] == 0
    first = base.read_bytes()
    assert run(capsys, "regress", "--claims", theory, "--baseline", base, "--update")[0] == 0
    assert base.read_bytes() == first
    code, out, _ = run(capsys, "regress", "--claims", theory, "--baseline", base)
    assert code == 0 and "no change" in out
    assert base.read_bytes() == first                                   # only --update writes


@pytest.mark.parametrize("old, new, shown", [
    ("x**2 * sp.Rational(1, 2)", "x**2 * sp.Rational(1, 3)", "x**2/3"),   # a constant
    ("sp.Le(sp.log", "sp.Ge(sp.log", ">="),                               # a sign
    ("x - sp.tanh(x)), 'gap", "x + sp.tanh(x)), 'gap", "x + tanh(x))  [refuted]"),  # a wrong step: refuted at exact probe points
])
def test_edit_is_reported(capsys, tmp_path, theory, old, new, shown):
    base = tmp_path / "base.json"
    run(capsys, "regress", "--claims", theory, "--baseline", base, "--update")
    theory.write_text(theory.read_text().replace(old, new))
    code, out, _ = run(capsys, "regress", "--claims", theory, "--baseline", base)
    assert code == 1 and "user.logcosh (U): changed" in out and shown in out and "->" in out
    assert run(capsys, "regress", "--claims", theory, "--baseline", base, "--update")[0] == 0
    assert run(capsys, "regress", "--claims", theory, "--baseline", base)[0] == 0


def test_numbers_and_added_removed_claims():
    x = sp.Symbol("x")
    (c,) = select(["ribbon.width_box"])
    old = snapshot([c])
    assert compare(old, snapshot([c])) == []
    changed = compare(old, snapshot([c.variant(statement=sp.Le(c.statement.lhs, 2 * c.statement.rhs))]))
    assert changed[0] == "ribbon.width_box (S14): changed" and "2*A*sqrt(N*lam)" in changed[1]
    moved = snapshot([c])
    moved["claims"][c.id]["numbers"] = {"k": {"value": "1.0000000000000000001", "rtol": "1e-18"}}
    same = snapshot([c])
    same["claims"][c.id]["numbers"] = {"k": {"value": "1.0", "rtol": "1e-18"}}
    assert compare(same, moved) == []                                       # within rtol: no change
    moved["claims"][c.id]["numbers"]["k"]["value"] = "1.001"
    assert "number k: 1.0 -> 1.001" in "\n".join(compare(same, moved))
    other = c.variant(id="ribbon.other", statement=sp.Le(x, 1))
    lines = compare(old, snapshot([other]))
    assert any(ln.startswith("ribbon.other: added") for ln in lines)
    assert any(ln.startswith("ribbon.width_box: removed") for ln in lines)
    assert dumps(snapshot([c])) == dumps(snapshot([c]))


@pytest.mark.slow
def test_catalogue_matches_committed_baseline(capsys):
    """The committed baseline is the theory: after an intended change, run `sloppy regress --update`."""
    code, out, _ = run(capsys, "regress", "--baseline", DEFAULT_BASELINE)
    assert code == 0, out
