"""One-sided enclosures (verify.certify.onesided) and the two arguments built on them: the tight-line argument
(Pinsker at the corners (0, 0), (1, 1) of the open square, where d^2 s/dp^2 = 1/p + 1/(1 - p) - 4 has no finite
ball but a finite lower bound) and the divided argument with the faces of the domain checked by substitution
(gd_flow at (u, t) = (1, 0), where (1 - u)^t = 0^t is 1 at t = 0 and 0 after).  Both replay; a tampered box fails."""
import copy
import json
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certify, replay
from sloppy_verifier.verify.certify.balls import precision
from sloppy_verifier.verify.certify.bnb import dims_of, statement_text
from sloppy_verifier.verify.certify.onesided import bounds, holds

sys.path.insert(0, str(Path(__file__).parent))
from search_claims import CLASSICAL, pinsker  # noqa: E402

R = sp.Rational
p, q, t, u = sp.symbols("p q t u")
F = Fraction
QUICK = {"time_budget": 60, "max_boxes": 4000}       # the quick profile's certify budget (user_claims)


def claim(cid, statement, params):
    return Claim(id=f"user.{cid}", tag="U1", title=cid, kind=Kind.INEQ, statement=statement,
                 provenance=Provenance((Tag.USER,), "test"), parameters=tuple(params))


def _float(v):
    return None if v is None else float(v)


def test_reciprocal_near_its_pole_is_bounded_on_one_side_only():
    """1/p + 1/(1-p) - 4 over p in [0, 1e-7]: >= 1e7 + 1 - 4 (up to rounding), no upper bound, face p = 0."""
    with precision(96):
        (lo, hi), faces = bounds(-4 - 1 / (p - 1) + 1 / p, (p, q), [(F(0), F(1, 10 ** 7)), (F(1, 2), F(1, 2))])
    assert hi is None and faces == [(0, F(0))]
    assert abs(_float(lo) - (10 ** 7 + 1 / (1 - 1e-7) - 4)) < 1e-6
    with precision(96):      # at p -> 1 the other reciprocal: 1/(p - 1) <= 0 from below, so -1/(p - 1) >= 1e7
        (lo, hi), faces = bounds(-4 - 1 / (p - 1) + 1 / p, (p, q), [(1 - F(1, 10 ** 7), F(1)), (F(1, 2), F(1, 2))])
    assert hi is None and faces == [(0, F(1))] and _float(lo) > 10 ** 7 - 4


def test_products_with_an_infinite_end_and_logarithms():
    """[0, 1] * [1, oo) = [0, oo) (0 * oo = 0); log p over [0, 1/10] is <= log(1/10), unbounded below; (1 - u)^t
    over u in [1 - 1e-6, 1], t in [0, 1e-6] is in [0, 1] (through exp(t log(1 - u)))."""
    with precision(96):
        (lo, hi), faces = bounds(p / q, (p, q), [(F(0), F(1)), (F(0), F(1))])
        assert (_float(lo), hi, faces) == (0.0, None, [(1, F(0))])
        (lo, hi), _ = bounds(sp.log(p), (p,), [(F(0), F(1, 10))])
        assert lo is None and abs(_float(hi) - float(sp.log(R(1, 10)))) < 1e-12
        (lo, hi), faces = bounds((1 - u) ** t, (u, t), [(1 - F(1, 10 ** 6), F(1)), (F(0), F(1, 10 ** 6))])
        assert _float(lo) == 0 and abs(_float(hi) - 1) < 1e-20 and faces == [(0, F(1))]


@pytest.mark.parametrize("expr, box", [
    (1 / (p - R(1, 2)), [(F(0), F(1))]),            # a pole inside the box: no enclosure
    (sp.log(p - R(1, 2)), [(F(0), F(1))]),           # log of a range reaching below 0
    (1 / (p ** 2 + p), [(F(0), F(1))]),               # the operand p^2 + p is not affine: its zeros are not known
    (sp.besselj(0, 1 / p), [(F(0), F(1))]),          # a function not enclosed on an unbounded argument
], ids=["pole_inside", "log_negative", "not_affine", "unlisted_function"])
def test_no_enclosure_is_claimed_where_none_is_shown(expr, box):
    with precision(96):
        assert bounds(expr, (p,), box) is None


def test_holds_checks_the_faces_of_the_domain_by_substitution():
    """exp(-t) - 0^t on t in [0, 1/100]: 0^t = 0 off t = 0 and 0^0 = 1, so it is >= 0 but not > 0 (0 at t = 0);
    lowered by 1e-9 it fails at t = 0; on a domain open at 0 the face is not in it and the strict bound holds."""
    box = [(F(0), F(1, 100))]
    closed = dims_of(claim("c", sp.Ge(t, 0), [Param("t", Interval(0, 1))]))
    opened = dims_of(claim("o", sp.Ge(t, 0), [Param("t", Interval(0, 1, open_lo=True))]))
    e = sp.exp(-t) - sp.Pow(0, t, evaluate=False)
    assert holds(e, (t,), box, closed, False)
    assert not holds(e, (t,), box, closed, True)
    assert not holds(e - R(1, 10 ** 9), (t,), box, closed, False)
    assert holds(e, (t,), box, opened, True)


def _classical(name):
    return next(c for c in CLASSICAL if c.id == f"user.{name}")


@pytest.mark.parametrize("name, method", [("pinsker", "tight-line k=2 one-sided"),
                                          ("gd_flow", "divided by term 0 one-sided")])
def test_issue_classical_claims_are_proved_and_replay(name, method):
    c = _classical(name)
    t0 = time.perf_counter()
    r = certify(c, **QUICK)
    assert r.status == "proved" and r.coverage == 1, r.summary
    assert time.perf_counter() - t0 < 30
    cert = json.loads(json.dumps(r.certificate))
    boxes = [k for k, b in enumerate(cert["boxes"]) if b["method"] == method]
    assert boxes
    assert replay(cert, c) == (True, f"replayed: proved over the whole domain ({len(cert['boxes'])} boxes)")
    plain = copy.deepcopy(cert)                    # the box needs the one-sided enclosure: the plain method fails
    plain["boxes"][boxes[0]]["method"] = method.removesuffix(" one-sided")
    ok, msg = replay(plain, c)
    assert not ok and "does not certify" in msg


def test_a_one_sided_certificate_does_not_replay_for_a_false_statement():
    """Pinsker's certificate presented for the typo 2.002 (p - q)^2, which is violated near p = q = 1/2."""
    c, typo = _classical("pinsker"), pinsker(R(2002, 1000), "_typo_1e3")
    cert = json.loads(json.dumps(certify(c, **QUICK).certificate))
    cert["statement"] = statement_text(typo)
    assert not replay(cert, typo)[0]
    r = certify(typo, **QUICK)
    assert r.status == "violated" and r.counterexample is not None


def test_a_wrong_side_is_refuted():
    """1/p <= 10^6 on (0, 10^-3] is false near 0: the one-sided bound is the lower one, never the upper one."""
    r = certify(claim("recip", sp.Le(1 / p, 10 ** 6), [Param("p", Interval(0, R(1, 1000), open_lo=True))]),
                **QUICK)
    assert r.status == "violated"
    r = certify(claim("recip_true", sp.Ge(1 / p + 1 / (1 - p), 4), [Param("p", Interval(0, 1, True, True))]),
                **QUICK)
    assert r.status == "proved", r.summary
