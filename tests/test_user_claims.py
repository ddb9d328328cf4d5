"""Users' own claims: loading a file, the generic property search, and verify/derive/regress --claims."""
import json
from fractions import Fraction
import textwrap
from pathlib import Path

import pytest

from theory.claim import catalogue
from verify.cli import main
from verify.context import Context
from verify.check import run_check
from verify.user_claims import UserClaimsError, load_claims

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "user_claims.py"
HEADER = "import sympy as sp\nfrom theory import Claim, Interval, Kind, Param, Provenance, Tag, register\n" \
         "P = Provenance(tags=(Tag.USER,), source='test')\nx, y = sp.symbols('x y')\n"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, body, name="mine.py"):
    f = tmp_path / name
    f.write_text(HEADER + textwrap.dedent(body))
    return f


def test_verify_example_judges_true_false_and_tight(capsys, tmp_path):
    code, out, _ = run(capsys, "verify", "--claims", EXAMPLE, "--profile", "quick", "--out", tmp_path)
    assert code == 1                                   # one claim is false
    recs = {r["id"]: r for r in json.loads((tmp_path / "results.json").read_text())["claims"]}
    assert set(recs) == {"user.bernoulli", "user.bernoulli_all_exponents", "user.logcosh_quadratic"}
    assert recs["user.bernoulli"]["verdict"] == "holds"
    bad = recs["user.bernoulli_all_exponents"]
    assert bad["verdict"] == "violated"
    cert = next(e for e in bad["evidence"] if e["tier"] == "certified")
    assert cert["status"] == "violated"                # a certified counterexample: the ball of rhs - lhs < 0
    assert 0 < float(Fraction(cert["data"]["counterexample"]["r"])) < 1   # only r < 1 breaks Bernoulli
    hp = next(e for e in bad["evidence"] if e["tier"] == "high_precision" and "minimal_counterexample" in e["data"])
    assert 0 < float(eval(hp["data"]["minimal_counterexample"]["r"])) < 1 and hp["worst_case"]["confirmed"]
    good = recs["user.logcosh_quadratic"]
    assert good["verdict"] == "proved"                 # certified over the whole box [-20, 20]
    assert next(e for e in good["evidence"] if e["tier"] == "certified")["data"]["coverage"] == "1"
    search = next(e for e in good["evidence"] if "distinct points" in e["summary"])  # equality at x = 0 (0/0 of the normalised slack) ...
    assert search["tier"] == "high_precision"
    tightest = search["tightness"]["at"]["x"]
    assert abs(float(Fraction(tightest))) < 1e-6       # ... so the tightest non-degenerate point is beside it
    assert "user.bernoulli" not in {c.id for c in catalogue()}   # the catalogue is not polluted


def test_derive_and_regress_example(capsys, tmp_path):
    code, out, _ = run(capsys, "derive", "--claims", EXAMPLE, "--latex", tmp_path / "mine.tex")
    assert code == 0
    assert (tmp_path / "mine.tex").read_text().count(r"\section{") == 3
    code, out, _ = run(capsys, "regress", "--claims", EXAMPLE)   # the committed examples baseline
    assert code == 0 and "no change" in out


@pytest.mark.parametrize("body, message", [
    (None, "no such file"),
    ("def broken(:\n", "syntax error"),
    ("z = 1\n", "defines no claims"),
    ("raise RuntimeError('boom')\n", "loading failed: RuntimeError: boom"),
])
def test_bad_files_give_one_line_exit_2(capsys, tmp_path, body, message):
    f = tmp_path / "absent.py" if body is None else write(tmp_path, body)
    for cmd in (["verify", "--claims", f], ["derive", "--claims", f, "--latex", tmp_path / "x.tex"],
                ["regress", "--claims", f]):
        code, _, err = run(capsys, *cmd)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_claims_list_assumptions_and_own_check(tmp_path):
    f = write(tmp_path, """
        from verify.check import check
        from verify.evidence import Evidence
        mono = Claim(id='user.exp_monotone', tag='U', title='exp increasing', kind=Kind.INEQ, provenance=P,
                     statement=sp.Le(sp.exp(x), sp.exp(y)), assumptions=(sp.Le(x, y),),
                     parameters=(Param('x', Interval(-3, 3)), Param('y', Interval(-3, 3))))
        unguarded = mono.variant(id='user.exp_unguarded', assumptions=())
        opaque = Claim(id='user.opaque', tag='U', title='needs a check', kind=Kind.EXACT, provenance=P,
                       statement=sp.Eq(sp.Symbol('w'), 1), parameters=(Param('x', Interval(0, 1)),))
        @check('user.opaque')
        def _opaque(claim, ctx):
            return [Evidence('high_precision', 'holds', 'checked by the user')]
        CLAIMS = [mono, unguarded, opaque]
    """)
    for _ in range(2):                                   # reloading replaces the file's checks
        claims = {c.id: c for c in load_claims(f)}
    ctx = Context(progress=lambda m: None)
    status = {cid: [e.status for e in run_check(c, ctx)] for cid, c in claims.items()}
    # the generic check: adversarial search, certificate, Hypothesis; the assumption x <= y is what makes it true
    assert status == {"user.exp_monotone": ["holds", "proved", "holds"],
                      "user.exp_unguarded": ["violated", "violated", "violated"], "user.opaque": ["holds"]}


def test_duplicate_ids_rejected(tmp_path):
    f = write(tmp_path, """
        a = register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P,
                           statement=sp.Le(x, 1), parameters=(Param('x', Interval(0, 1)),)))
        CLAIMS = [a.variant(statement=sp.Le(x, 2))]
    """)
    with pytest.raises(UserClaimsError, match="two different claims"):
        load_claims(f)
