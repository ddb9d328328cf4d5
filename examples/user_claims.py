"""Your own claims, checked by sloppy: a worked example.

Run it with the same commands as the catalogue::

    sloppy verify --claims examples/user_claims.py --profile quick   # verdicts, counterexamples
    sloppy derive --claims examples/user_claims.py --latex mine.tex --pdf
    sloppy regress --claims examples/user_claims.py --update          # record a baseline, then
    sloppy regress --claims examples/user_claims.py                   # exit 1 if a claim changed

How to write a claim
--------------------
* Symbols are SymPy symbols named like the claim's parameters; each parameter has a domain
  (``Interval`` of exact rationals, ``IntRange``, ``Choice``).
* The statement is a SymPy relation (``Eq``, ``Le``, ``Lt``, ``Ge``, ``Gt``, or an ``And`` of them) with exact
  constants (``sp.Rational(1, 2)``, never ``0.5``).
* When the statement involves only the parameters, no check function is needed: sloppy searches the
  domain with Hypothesis, evaluates both sides at 50 digits, steers toward the tightest case, and shrinks a
  violation to a minimal counterexample (confirmed at 60 digits).  Assumptions written as SymPy relations
  (``Lt, Le, Gt, Ge, Eq, Ne`` and ``And``/``Or`` of them, e.g. ``sp.Lt(x, y)``) restrict the search; assumptions
  written as sentences are documentation.  An ill-formed claim (bad id, a float, a symbol that is not a parameter,
  a parameter without a domain) stops every command with one line naming the file, the claim and the problem.
* Derivation steps (``Step``; by default ``StepCheck.ALGEBRA``) are proved or refuted by SymPy.
* Register each claim with ``register`` (or list them in a module-level ``CLAIMS``); tag them ``Tag.USER``.
* A statement about quantities sloppy cannot evaluate from the parameters needs a check function:
  ``@verify.check.check("user.my_id")`` on ``def my_check(claim, ctx) -> list[Evidence]`` (see verify/check.py).
"""
import sympy as sp

from sloppy_verifier.theory import Claim, Interval, Kind, Param, Provenance, Step, Tag, register

x, r = sp.symbols("x r")


def mine(source: str) -> Provenance:
    return Provenance(tags=(Tag.USER,), source=source, note="Example claim shipped with sloppy.")


# A true claim: Bernoulli's inequality for real exponents r >= 1 (equality at x = 0 and at r = 1).
register(Claim(
    id="user.bernoulli", tag="U1", kind=Kind.INEQ,
    title="Bernoulli: (1 + x)^r >= 1 + r x for x >= -1 and r >= 1",
    statement=sp.Ge((1 + x) ** r, 1 + r * x),
    parameters=(Param("x", Interval(-1, 10), "base offset"), Param("r", Interval(1, 5), "exponent")),
    provenance=mine("classical (convexity of t -> t^r for r >= 1)"),
    derivation=(Step(sp.Eq(sp.diff((1 + x) ** r - 1 - r * x, x), r * ((1 + x) ** (r - 1) - 1)),
                     "the gap's derivative in x; (1 + x)^(r-1) >= 1 exactly when x >= 0, so x = 0 is the minimum"),),
))

# A false claim: the same inequality for exponents in [0, 3].  For 0 < r < 1 the map is concave and the
# inequality reverses (e.g. x = 1, r = 1/2: sqrt(2) < 3/2).  sloppy reports it violated with a shrunk
# counterexample.
register(Claim(
    id="user.bernoulli_all_exponents", tag="U2", kind=Kind.INEQ,
    title="(false) Bernoulli for every exponent r in [0, 3]",
    statement=sp.Ge((1 + x) ** r, 1 + r * x),
    parameters=(Param("x", Interval(-1, 10), "base offset"), Param("r", Interval(0, 3), "exponent")),
    provenance=mine("a plausible over-generalisation"),
))

# A bound whose tightness is interesting: log cosh x <= x^2/2 (spec/sloppiness.md, the Bernoulli distance
# bound).  Equality only at x = 0, where bound/actual -> 1; far out the ratio grows like |x|/2.
register(Claim(
    id="user.logcosh_quadratic", tag="U3", kind=Kind.INEQ,
    title="log cosh x <= x^2/2, tight at x = 0",
    statement=sp.Le(sp.log(sp.cosh(x)), x ** 2 / 2),
    parameters=(Param("x", Interval(-20, 20), "argument"),),
    provenance=mine("spec/sloppiness.md (log cosh bound); elementary"),
    derivation=(
        Step(sp.Eq(sp.diff(x ** 2 / 2 - sp.log(sp.cosh(x)), x), x - sp.tanh(x)),
             "the gap g(x) = x^2/2 - log cosh x has g' = x - tanh x, of the sign of x"),
        Step(sp.Eq(sp.diff(x - sp.tanh(x), x), sp.tanh(x) ** 2), "g'' = tanh^2 x >= 0: g is convex with g(0) = g'(0) = 0"),
    ),
    assumptions=("equality exactly at x = 0",),
))
