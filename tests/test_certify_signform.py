"""Sign forms (verify.certify.signform) and the arguments built on them: a slack with a squared factor, and
a tight line whose transverse derivative vanishes on a curve (Hoeffding's ``d^2 s/dlam^2 = (1 - 2 sigma)^2 / 4``)
are proved; planted typos beside the tight sets stay violated with certified counterexamples; a certificate
whose statement is swapped for a typo's fails replay; huge constants and polygamma never crash."""
import copy
import json
from fractions import Fraction

import pytest
import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certify, replay
from sloppy_verifier.verify.certify.bnb import BoxEval, Engine, certify_part, statement_text
from sloppy_verifier.verify.certify.bnb import certify as certify_box
from sloppy_verifier.verify.certify.signform import sign_form

R = sp.Rational
x, p, q, lam = sp.symbols("x p q lam")


def claim(cid, statement, params, assumptions=()):
    return Claim(id=f"user.{cid}", tag="U1", title=cid, kind=Kind.INEQ, statement=statement,
                 provenance=Provenance((Tag.USER,), "test"), parameters=tuple(params),
                 assumptions=tuple(assumptions))


X = [Param("x", Interval(-1, 1))]
PL = [Param("p", Interval(0, 1)), Param("lam", Interval(-4, 4))]


def hoeffding(c):
    return claim("hoeffding", sp.log(1 - p + p * sp.exp(lam)) - lam * p <= lam ** 2 / c, PL)


def test_sign_form_keeps_the_odd_factors_and_lists_the_even_ones():
    d2 = sp.diff(p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q)) - 2 * (p - q) ** 2, p, 2)
    r, even_num, even_den = sign_form(d2)
    assert even_num == (2 * p - 1,) and even_den == ()
    assert sp.simplify(r * (2 * p - 1) ** 2 / (r ** 2) - d2) == 0      # d2 = (2p - 1)^2 / R, R = p (1 - p)
    assert sign_form(sp.exp(x) - 1 - x) is None                           # no even factor: nothing gained


def test_squared_factor_is_proved_and_its_typo_violated():
    true = claim("sq", (x - R(1, 3)) ** 2 * (x + 1) >= 0, X)       # tight at x = 1/3 (double) and x = -1
    r = certify(true, time_budget=5)
    assert r.status == "proved", r.summary
    assert "sign-form" in {b["method"] for b in r.certificate["boxes"]}
    bad = claim("sq_typo", (x - R(1, 3)) ** 2 * (x + R(999, 1000)) >= 0, X)
    r = certify(bad, time_budget=5)
    assert r.status == "violated" and -1 <= r.counterexample["x"] < R(-999, 1000)
    huge = certify(claim("even_power", x ** (10 ** 6) >= 0, X), time_budget=5)
    assert huge.status == "proved", huge.summary
    odd = certify(claim("odd_power", x ** (10 ** 6 + 1) >= 0, X), time_budget=5)
    assert odd.status == "violated" and odd.counterexample["x"] < 0


def test_tight_line_with_a_squared_transverse_derivative():
    r = certify(hoeffding(8), time_budget=20)
    assert r.status == "proved", r.summary
    assert any(b["method"].startswith("tight-line k=2") for b in r.certificate["boxes"])
    for c in (R(8008, 1000), R(80008, 10000)):          # violated only beside lam = 0, |p - 1/2| small
        v = certify(hoeffding(c), time_budget=20)
        assert v.status == "violated", v.summary
        assert abs(v.counterexample["lam"]) < 1 and abs(v.counterexample["p"] - R(1, 2)) < R(1, 10)


def test_tight_line_argument_fails_for_the_typo_beside_the_line():
    """On a box beside lam = 0 at p = 1/2 the true claim's line argument holds (its transverse derivative's
    sign form is 1/4 times squares) and the typo's does not (``2/c - sigma (1 - sigma) < 0`` at sigma = 1/2)."""
    box = ((R(1, 2), R(33, 64)), (R(1, 64), R(1, 32)))
    verdicts = []
    for c in (8, R(8008, 1000)):
        eng = Engine(hoeffding(c))
        t = eng.analyse_line(0, 1, None, Fraction(0))
        assert t is not None and t.kf == 2
        eng.tight.append(t)
        verdicts.append(certify_part(BoxEval(eng, box), 0, [0], only="tight-line k=2"))
    assert verdicts[0] is not None and verdicts[1] is None


def test_tampered_certificates_fail_replay():
    r = certify(hoeffding(8), time_budget=20)
    cert = json.loads(json.dumps(r.certificate))
    assert replay(cert, hoeffding(8))[0]
    typo = hoeffding(R(8008, 1000))
    forged = copy.deepcopy(cert)
    forged["statement"] = statement_text(typo)        # the true claim's partition offered for its typo
    assert not replay(forged, typo)[0]
    relabelled = copy.deepcopy(cert)
    k = next(k for k, b in enumerate(relabelled["boxes"]) if b["status"] == "certified")
    relabelled["boxes"][k]["method"] = "sign-form"        # the slack has no sign form: nothing to re-check
    ok, msg = replay(relabelled, hoeffding(8))
    assert not ok and "sign-form" in msg, msg
    sq = claim("sq", (x - R(1, 3)) ** 2 * (x + 1) >= 0, X)
    cert = json.loads(json.dumps(certify(sq, time_budget=5).certificate))
    assert replay(cert, sq)[0]
    widened = copy.deepcopy(cert)
    widened["domain"]["lo"] = ["-2"]
    widened["boxes"][0]["lo"] = ["-2"]                    # x + 1 < 0 there: the sign form fails
    bad = claim("sq", (x - R(1, 3)) ** 2 * (x + 1) >= 0, [Param("x", Interval(-2, 1))])
    assert not replay(widened, bad)[0]


X01 = [Param("x", Interval(0, 1))]


@pytest.mark.parametrize("statement, params, status", [
    (x <= sp.Pow(2, 10 ** 6, evaluate=False), X, "proved"),          # the ball of 2^(10^6) is exact
    (x <= 2 ** (10 ** 6), X, "not_certifiable"),                     # 301030 digits written out
    (sp.exp(2 ** (10 ** 6) * x) <= 2, X, "not_certifiable"),
    (sp.polygamma(0, x + 2) >= sp.log(x + 2) - 1 / (x + 2), X, "proved"),   # psi(y) >= log y - 1/y
    (sp.loggamma(x + 2) >= 0, X01, "proved"),        # tight at x = 0 (lgamma 2 = 0), psi(2) > 0 decides
    (sp.loggamma(x + 2) >= 0, X, "violated"),        # lgamma < 0 on (1, 2)
])
def test_huge_constants_and_polygamma_never_crash(statement, params, status):
    r = certify(claim("robust", statement, params), time_budget=5)
    assert r.status == status, r.summary
    if status == "not_certifiable":
        assert r.summary.startswith("not certifiable: a constant of about 301030 digits")
    if status == "proved" and statement.has(sp.loggamma):     # the derivative psi(x + 2) is enclosed
        assert {b["method"] for b in r.certificate["boxes"]} <= {"mean-value", "tight-point k=1"}


LOG_RATIO = claim("log_ratio", sp.log(x) / (x - 1) <= 1 / sp.sqrt(x), [Param("x", Interval(0, 3, open_lo=True))],
                  (sp.Ne(x, 1),))


def test_open_end_with_a_root_and_a_logarithm_is_proved_by_factor_signs():
    """s = 1/sqrt(x) - log(x)/(x - 1) -> +oo at x -> 0; s' = c prod f_k^(m_k) with f_k = x^j g_kj, the g_kj
    of one sign near 0: s decreases there and its value at the far end of the box bounds it."""
    r = certify(LOG_RATIO, time_budget=10)
    assert r.status == "proved", r.summary
    assert "monotone-end" in {b["method"] for b in r.certificate["boxes"]}
    cert = json.loads(json.dumps(r.certificate))
    assert replay(cert, LOG_RATIO)[0]
    forged = copy.deepcopy(cert)
    k = next(k for k, t in enumerate(forged["tight_points"]) if t["kind"] == "mono")
    forged["tight_points"][k]["point"] = {"x": "1/2"}        # no such argument at x = 1/2
    assert not replay(forged, LOG_RATIO)[0]
    bad = claim("log_ratio_end", sp.log(x) / (x - 1) <= 1 / sp.sqrt(x) - 1 / x ** R(1, 3) + 1,
                [Param("x", Interval(0, 3, open_lo=True))], (sp.Ne(x, 1),))   # false inside (0, 1): at x = 1/10
    v = certify(bad, time_budget=10)
    assert v.status == "violated" and v.counterexample["x"] < 1, v.summary


xx, yy = sp.symbols("x y")
OPEN4 = [Param("x", Interval(0, 4, open_lo=True)), Param("y", Interval(0, 4, open_lo=True))]
LOG_MEAN = claim("log_mean", sp.log(yy) - sp.log(xx) <= (yy - xx) / sp.sqrt(xx * yy), OPEN4, (sp.Lt(xx, yy),))


def test_scale_invariant_claim_is_proved_with_its_corner_and_edges():
    """s(lam x, lam y) = s(x, y): the corner box near (0, 0), where s has no limit, is the image of the rest
    under scaling; the open edges x -> 0 by the sign of ds/dx; a typo beside x = y stays violated."""
    r = certify_box(LOG_MEAN, time_budget=30)      # the plain search (certify takes the homogeneous reduction)
    assert r.status == "proved", r.summary
    methods = {b["method"] for b in r.certificate["boxes"]}
    assert "scaling" in methods and "monotone-edge" in methods
    cert = json.loads(json.dumps(r.certificate))
    assert replay(cert, LOG_MEAN)[0]
    moved = copy.deepcopy(cert)
    k = next(k for k, b in enumerate(moved["boxes"]) if b["method"] == "taylor2")
    moved["boxes"][k]["method"] = "scaling"                  # not a corner box
    ok, msg = replay(moved, LOG_MEAN)
    assert not ok and "scaled corner" in msg, msg
    partial = copy.deepcopy(cert)
    k = next(k for k, b in enumerate(partial["boxes"]) if b["method"] == "taylor2")
    partial["boxes"][k] = {**partial["boxes"][k], "status": "undecided", "method": ""}
    assert not replay(partial, LOG_MEAN)[0]                  # scaling counts only when all else is certified
    typo = claim("log_mean_typo", sp.log(yy) - sp.log(xx) <= (1 - R(1, 10 ** 6)) * (yy - xx) / sp.sqrt(xx * yy),
                 OPEN4, (sp.Lt(xx, yy),))
    v = certify(typo, time_budget=30)
    assert v.status == "violated", v.summary
    shifted = claim("log_mean_shift", sp.log(yy + 1) - sp.log(xx + 1) <= (yy - xx) / sp.sqrt(xx * yy), OPEN4,
                    (sp.Lt(xx, yy),))                        # not homogeneous: no scaling argument
    assert "scaling" not in {b["method"] for b in certify(shifted, time_budget=5).certificate["boxes"]}


def test_compound_assumptions_give_the_side_of_the_tight_line():
    """x < y inside Or(x < y, y + 5 < x) (the second disjunct surely false on [1, 4]^2) and And(x != 1, x < 2)."""
    sq = [Param("x", Interval(1, 4)), Param("y", Interval(1, 4))]
    st = sp.log(yy) - sp.log(xx) <= (yy - xx) / sp.sqrt(xx * yy)
    r = certify(claim("log_mean_or", st, sq, (sp.Or(sp.Lt(xx, yy), sp.Lt(yy + 5, xx)),)), time_budget=20)
    assert r.status == "proved", r.summary
    typo = sp.log(yy) - sp.log(xx) <= (1 - R(1, 100)) * (yy - xx) / sp.sqrt(xx * yy)   # false for y/x < 1.6
    v = certify(claim("log_mean_or_typo", typo, sq, (sp.Or(sp.Lt(xx, yy), sp.Lt(yy + 5, xx)),)), time_budget=20)
    assert v.status == "violated", v.summary
    both = (sp.And(sp.Ne(x, 1), sp.Lt(x, 2)),)
    r = certify(claim("log_ratio_and", LOG_RATIO.statement, LOG_RATIO.parameters, both), time_budget=10)
    assert r.status == "proved", r.summary
