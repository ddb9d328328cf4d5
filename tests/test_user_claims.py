"""Users' own claims: loading a file, the generic property search, and verify/derive/regress --claims."""
import json
from fractions import Fraction
import textwrap
from pathlib import Path

import pytest

from sloppy_verifier.theory import catalogue
from sloppy_verifier.verify.cli import main
from sloppy_verifier.verify.context import Context
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.user_claims import UserClaimsError, load_claims

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "user_claims.py"
HEADER = "import sympy as sp\nfrom sloppy_verifier.theory import Claim, Interval, Kind, Param, Provenance, Tag, register\n" \
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
    assert search["tier"] == "float64"             # a float64 scan: labelled as such
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
        from sloppy_verifier.verify.check import check
        from sloppy_verifier.verify.evidence import Evidence
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


RELATIONS = """
    n = sp.Symbol('n')
    XY = (Param('x', Interval(-2, 2)), Param('y', Interval(-2, 2)))
    N = (Param('n', IntRange(0, 3)),)
    def claim(i, statement, assumption, params=XY):
        return Claim(id=f'user.rel{i}', tag=f'U{i}', title=f'under {assumption}', kind=Kind.INEQ, provenance=P,
                     statement=statement, assumptions=(assumption, 'a sentence'), parameters=params)
    CLAIMS = [claim(0, sp.Le(x, y), sp.Lt(x, y)), claim(1, sp.Le(x, y), sp.Le(x, y)),
              claim(2, sp.Le(x, y), sp.Gt(y, x)), claim(3, sp.Le(x, y), sp.Ge(y, x)),
              claim(4, sp.Le(n, 2), sp.Eq(n, 2), N), claim(5, sp.Le(n, 2), sp.Ne(n, 3), N),
              claim(6, sp.Le(x + n, y + 2), sp.And(sp.Lt(x, y), sp.Ne(n, 3)), XY + N),
              claim(7, sp.Le(x, y), sp.Or(sp.Lt(x, y), sp.Eq(x, y))),
              claim(8, sp.Le(n, 1), sp.Ne(n, 3), N)]          # false: n = 2 satisfies the assumption
"""


def test_every_relation_works_as_an_assumption(capsys, tmp_path):
    """Lt, Le, Gt, Ge, Eq, Ne, And, Or as assumptions: verify (results.json and the report), derive, regress and
    report all run to the end; each assumption restricts the search (rel8 is false under its assumption)."""
    f = write(tmp_path, "from sloppy_verifier.theory import IntRange\n" + textwrap.dedent(RELATIONS))
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "verify", "--claims", f, "--profile", "quick", "--out", out_dir)
    assert code == 1, err                                   # rel8 is violated, nothing else
    recs = {r["id"]: r for r in json.loads((out_dir / "results.json").read_text())["claims"]}
    # the certified tier proves each true one over its domain cut by its assumption (rel7: the side of x = y
    # from Or(x < y, x = y)); rel6's slack y - x + 2 - n vanishes on x = y only at n = 2, not on a whole plane
    # of the box, so no tight line is found: a partial certificate (coverage ~99 %), so it holds, unproved
    assert {k: r["verdict"] for k, r in recs.items()} == {**{f"user.rel{i}": "proved" for i in range(6)},
                                                          "user.rel6": "holds", "user.rel7": "proved",
                                                          "user.rel8": "violated"}
    assert recs["user.rel5"]["assumptions"] == ["Ne(n, 3)", "a sentence"]
    page = (out_dir / "claims" / "user.rel5.html").read_text()
    assert (out_dir / "index.html").is_file()                # the assumption n != 3 is typeset on its page
    assert "<mi>n</mi><mo>&#x02260;</mo><mn>3</mn>" in page and "a sentence" in page
    code, _, err = run(capsys, "report", "--out", out_dir)
    assert code == 0, err
    code, _, err = run(capsys, "derive", "--claims", f, "--latex", tmp_path / "mine.tex")
    tex = (tmp_path / "mine.tex").read_text()
    assert code == 0 and all(s in tex for s in (r"x < y", r"x \leq y", r"y > x", r"y \geq x", r"n = 2",
                                                r"n \neq 3", r"\wedge", r"\vee")), err
    base = tmp_path / "mine.baseline.json"
    code, out, err = run(capsys, "regress", "--claims", f, "--update")
    assert code == 0 and base.is_file(), err
    code, out, err = run(capsys, "regress", "--claims", f)
    assert code == 0 and "no change" in out, err


@pytest.mark.parametrize("body, problem", [
    ("register(Claim(id='Bad id', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, 1)))\n",
     "claim id 'Bad id' must be dotted"),
    ("register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=x + 1))\n",
     "claim user.a: statement must be a SymPy relation"),
    ("register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, 0.5),"
     " parameters=(Param('x', Interval(0, 1)),)))\n", "claim user.a: statement holds a float"),
    ("register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, 1),"
     " parameters=(Param('x', None),)))\n", "claim user.a: parameter x has no domain"),
    ("register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, 1),"
     " parameters=(Param('x'),)))\n", "missing 1 required positional argument: 'domain'"),
    ("register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, y),"
     " parameters=(Param('x', Interval(0, 1)),)))\n", "claim user.a: symbol(s) y are not parameters"),
    ("register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, 1),"
     " assumptions=(sp.Le(x, 0.5),), parameters=(Param('x', Interval(0, 1)),)))\n",
     "claim user.a: assumption x <= 0.5 holds a float"),
    ("register(Claim(id='user.a', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, 1),"
     " assumptions=(x + 1,), parameters=(Param('x', Interval(0, 1)),)))\n",
     "claim user.a: assumption x + 1 is neither a sentence nor a SymPy relation"),
    ("import not_a_module_anywhere\n", "loading failed: ModuleNotFoundError"),
])
def test_ill_formed_claims_give_one_line_exit_2(capsys, tmp_path, body, problem):
    f = write(tmp_path, body)
    for cmd in (["verify", "--claims", f, "--out", tmp_path / "o"], ["derive", "--claims", f, "--latex",
                tmp_path / "x.tex"], ["regress", "--claims", f], ["regress", "--claims", f, "--update"]):
        code, _, err = run(capsys, *cmd)
        assert code == 2 and str(f) in err and problem in err and len(err.strip().splitlines()) == 1, err


def test_a_raising_check_loses_only_its_claim(capsys, tmp_path):
    """A check that raises, or returns something that is not evidence, makes its claim inconclusive with the
    error; the other claims are judged and results.json and the report are written."""
    f = write(tmp_path, """
        from sloppy_verifier.verify.check import check
        ok = Claim(id='user.ok', tag='U', title='t', kind=Kind.INEQ, provenance=P, statement=sp.Le(x, 1),
                   parameters=(Param('x', Interval(0, 1)),))
        CLAIMS = [ok, ok.variant(id='user.broken'), ok.variant(id='user.garbage')]
        @check('user.broken')
        def _raises(claim, ctx):
            raise RuntimeError('the check broke')
        @check('user.garbage')
        def _garbage(claim, ctx):
            return [42]
    """)
    code, out, err = run(capsys, "verify", "--claims", f, "--profile", "quick", "--out", tmp_path / "o")
    assert code == 1, err
    recs = {r["id"]: r for r in json.loads((tmp_path / "o" / "results.json").read_text())["claims"]}
    assert {k: r["verdict"] for k, r in recs.items()} == {"user.ok": "proved", "user.broken": "inconclusive",
                                                          "user.garbage": "inconclusive"}
    assert "RuntimeError: the check broke" in recs["user.broken"]["evidence"][0]["summary"]
    assert (tmp_path / "o" / "index.html").is_file()


def test_reductions_written_in_their_parameters_are_certified():
    """A claim whose reductions are already closed form (no quantities to substitute) gets one certificate per
    reduction: exp(a x) >= 1 + a x at a = 1 is proved for that case only; at a = 2 the typo 1 + 3x is refuted."""
    import sympy as sp

    from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag
    from sloppy_verifier.verify.context import PROFILES
    from sloppy_verifier.verify.user_claims import certified_tier
    x, a = sp.symbols("x a")

    def at(c):
        return tuple((f"a = {v}", c.variant(statement=c.statement.subs(a, v), parameters=(Param("x", Interval(0, 1)),)))
                     for v in (1, 2))
    true = Claim(id="user.exp_family", tag="U1", kind=Kind.INEQ, title="exp(a x) >= 1 + a x",
                 statement=sp.Ge(sp.exp(a * x), 1 + a * x),
                 parameters=(Param("x", Interval(0, 1)), Param("a", Interval(1, 2))), reductions=at,
                 provenance=Provenance((Tag.USER,), "test"))
    evs = certified_tier(true, Context(progress=lambda m: None, profile=PROFILES["thorough"]))
    assert [e.data["reduction"] for e in evs] == ["a = 1", "a = 2"]
    assert all(e.status == "inconclusive" and float(e.data["coverage"]) == 1 and "proved" in e.summary for e in evs)
    typo = true.variant(statement=sp.Ge(sp.exp(a * x), 1 + 3 * x))
    (first,) = certified_tier(typo, Context(progress=lambda m: None))
    assert first.data["reduction"] == "a = 1" and first.status == "violated"


def test_hypothesis_does_not_shrink_past_a_certified_counterexample():
    """Where the certificate refutes the claim, the generic Hypothesis search still runs (and finds the violation)
    but reports its first violating point unshrunk: MetiTarski's two-variable-problem-1 with the typo 2 -> 2.0001
    took 16 s of shrinking (1514 draws) for a point no simpler than the certificate's."""
    import sympy as sp

    from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag
    from sloppy_verifier.verify.context import PROFILES
    from sloppy_verifier.verify.user_claims import _property_check
    x, y = sp.symbols("x y")
    typo = Claim(id="user.tv1_typo", tag="U1", kind=Kind.INEQ, title="two-variable problem 1, typo",
                 statement=sp.Gt(sp.log(x / y) / sp.Rational(20001, 10000), (x - y) / (x + y)),
                 parameters=(Param("x", Interval(0, 4, open_lo=True)), Param("y", Interval(0, 4, open_lo=True))),
                 assumptions=(sp.Lt(y, x),), provenance=Provenance((Tag.USER,), "test"))
    ctx = Context(progress=lambda m: None, profile=PROFILES["quick"])
    evs = _property_check(typo, ctx)
    cert, generic = evs[-2], evs[-1]
    assert cert.tier == "certified" and cert.status == "violated"
    assert generic.status == "violated" and generic.data["examples"] < 50, generic.summary   # shrunk: 1514 draws
