"""Mutation testing of claims: does a claim's check fail when its statement is wrong?

For a claim whose real verdict holds, :func:`mutants` derives wrong statements; each is checked by the claim's own
check (``run_check`` on ``claim.variant(statement=mutant)``, the dispatch of ``sloppy verify``) and counts as
*caught* only when its verdict is ``violated`` (an ``inconclusive`` mutant is not caught).  Operators, applied to
every part of an ``And`` in turn (the other parts unchanged):

- ``relation``: ``a = b`` into ``a < b`` and ``a > b``; ``a <= b`` into ``a > b`` (negation) and ``a >= b``
  (reversal); ``a <= b`` into ``a < b`` only where the check measured the bound attained (normalised slack 0).
  ``a < b`` into ``a <= b`` is never generated: it is implied by the claim (weaker, not wrong).
- ``scale``: a bound ``small <= big`` becomes ``f*small <= big`` and ``small <= big/f``; an equation ``a = b``
  becomes ``(1 +- eps) a = b``.  The factor comes from the tightest normalised slack ``s = (big - small) /
  (|big| + |small|)`` the real claim's evidence recorded: at that point ``big/small = (1 + s)/(1 - s)``, so
  ``f = 11/10 * (1 + s)/(1 - s)`` (rounded up to twentieths, at most 100) makes the mutant false there by a
  tenth of the margin, however loose the bound (no record: ``f = 11/10``).  Each part of an ``And`` is scaled by
  its own slack, measured by checking that part alone.  For an equation the measured relative
  error ``e = 2|s|`` sets ``eps = max(1/10, 4 e)`` (hundredths, at most 1/2), raised for a statistical check to
  the resolution it records (below).  A side that is 0 is not scaled (a
  sign statement is invariant); a side measured negative is scaled the other way.
- ``truncate``: a side that is a sum is replaced by its leading term (the highest power of the claim's ``large``
  parameter for ASYMP claims, else SymPy's first ordered term): an approximation stated as exact.
- ``constant``: each rational constant other than 0 and -1 (not inside summation limits) times 11/10 (9/10 on
  the big side of a bound: toward a tighter, false bound where the side grows with the constant), and each
  numeric exponent moved one away from 0 (``1/T`` into ``1/T**2``).

Statistical resolution.  A Monte-Carlo check may record ``relative_half_width`` in its tightness: the half-width
``r`` of its confidence interval of lhs/rhs (its measured ratio, 1 for a true claim, lies anywhere in ``1 +- r``).
A mutant that moves lhs/rhs to ``1/c`` is refuted for certain only if ``|1/c - 1| > 2 r``; so an equation's
``eps`` is raised toward ``2r/(1 - 2r)`` (both ``(1 +- eps)`` mutants then differ by more than ``2 r``), at most
the cap 1/2, and a mutant that is not caught and changes an equation by a constant factor within ``2 r``
(:func:`relative_change`) is ``unresolved``: below what the evidence can resolve, reported with that
resolution, neither caught nor an unexplained survivor (nor equivalent: it is a real error).

Mutants are deterministic (no randomness): the order above, deduplicated by their printed form, and interleaved
over the parts of an ``And`` so that a per-profile cap (:data:`CAPS`) still touches every part.  A survivor is
either a gap in the check or an *equivalent or weaker* mutant, listed with its reason in
``verify/data/mutants_equivalent.json`` (claim id -> printed mutant -> reason).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

from sloppy_verifier.theory.claim import Claim, Kind

from .context import Context

EQUIVALENT_FILE = Path(__file__).parent / "data" / "mutants_equivalent.json"
#: mutants per claim: quick keeps a sweep of the catalogue affordable (every And part still gets one when it has
#: at most that many parts), thorough runs them all
CAPS = {"quick": 8, "standard": 24, "thorough": None}
_BOUNDS = (sp.LessThan, sp.StrictLessThan, sp.GreaterThan, sp.StrictGreaterThan)


@dataclass(frozen=True)
class Mutant:
    """A wrong variant of a statement: the operator that made it, what it changed, and the new statement."""

    operator: str
    change: str
    statement: sp.Basic

    @property
    def key(self) -> str:
        """The canonical printed form (the key of the equivalent-mutant data)."""
        return sp.sstr(self.statement)


@dataclass(frozen=True)
class Tightness:
    """What the real claim's evidence measured: the tightest normalised slack, the sign of each side there, and the
    finest statistical resolution recorded (``relative_half_width``, None for a deterministic check)."""

    slack: float | None = None
    lhs_sign: int = 1
    rhs_sign: int = 1
    resolution: float | None = None


def tightness_of(evidence: list[dict]) -> Tightness:
    """The lowest ``normalised_slack`` over the JSON evidence records (``relation``'s measure), with the signs
    of ``lhs``/``rhs`` of that record's worst case (``+1`` when not recorded), and the lowest
    ``relative_half_width`` (a mutant refuted by any record is caught)."""
    best, signs, res = None, (1, 1), None
    for e in evidence:
        t = e.get("tightness") or {}
        s, r = _number(t.get("normalised_slack")), _number(t.get("relative_half_width"))
        if s is not None and (best is None or s < best):
            wc = e.get("worst_case") or {}
            best, signs = s, (_sign(wc.get("lhs")), _sign(wc.get("rhs")))
        if r is not None and (res is None or r < res):
            res = r
    return Tightness(best, *signs, res)


def _number(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _sign(x) -> int:
    v = _number(x)
    return -1 if v is not None and v < 0 else 1


def _up(x: float, denominator: int) -> sp.Rational:
    return sp.Rational(math.ceil(x * denominator - 1e-9), denominator)


def bound_factor(t: Tightness) -> sp.Rational:
    """``f = 11/10 (1 + s)/(1 - s)`` in twentieths, in [11/10, 100]: a bound scaled by ``f`` fails at the tightest
    point measured."""
    if t.slack is None:
        return sp.Rational(11, 10)
    s = min(max(t.slack, 0.0), 0.98)
    return min(max(_up(1.1 * (1 + s) / (1 - s), 20), sp.Rational(11, 10)), sp.Integer(100))


def equation_eps(t: Tightness) -> sp.Rational:
    """``eps = max(1/10, 4 e, 2r/(1 - 2r))`` in hundredths, at most 1/2, with ``e = 2|s|`` the measured relative
    error and ``r`` the recorded statistical resolution (``r >= 1/6``: the cap)."""
    e = 0.0 if t.slack is None else 2 * abs(t.slack)
    r = t.resolution or 0.0
    cap = sp.Rational(1, 2)
    stat = _up(2 * r / (1 - 2 * r), 100) if r < 1 / 6 else cap
    return min(max(_up(4 * e, 100), stat, sp.Rational(1, 10)), cap)


# ---------------------------------------------------------------- operators on one relation
def _rel(kind, a, b):
    return kind(a, b, evaluate=False)


def relation_mutants(rel, t: Tightness) -> list[tuple[str, str, sp.Basic]]:
    a, b = rel.lhs, rel.rhs
    if isinstance(rel, sp.Equality):
        return [("relation", "= into <", _rel(sp.Lt, a, b)), ("relation", "= into >", _rel(sp.Gt, a, b))]
    if not isinstance(rel, _BOUNDS):
        return []
    less = isinstance(rel, (sp.LessThan, sp.StrictLessThan))
    neg, rev = (sp.Gt, sp.Ge) if less else (sp.Lt, sp.Le)
    sym = "<" if less else ">"
    strict = isinstance(rel, (sp.StrictLessThan, sp.StrictGreaterThan))
    out = [("relation", f"{sym}{'' if strict else '='} into negation", _rel(neg if not strict else rev, a, b)),
           ("relation", f"{sym}{'' if strict else '='} reversed", _rel(rev if not strict else neg, a, b))]
    if not strict and t.slack is not None and t.slack <= 0:
        out.append(("relation", f"{sym}= into {sym} (bound attained)", _rel(sp.Lt if less else sp.Gt, a, b)))
    return out


def scale_mutants(rel, t: Tightness) -> list[tuple[str, str, sp.Basic]]:
    a, b = rel.lhs, rel.rhs
    kind = type(rel)
    if isinstance(rel, sp.Equality):
        eps = equation_eps(t)
        return [("scale", f"lhs times {1 + eps}", _rel(kind, (1 + eps) * a, b)),
                ("scale", f"lhs times {1 - eps}", _rel(kind, (1 - eps) * a, b))] if a != 0 and b != 0 else []
    if not isinstance(rel, _BOUNDS):
        return []
    f = bound_factor(t)
    less = isinstance(rel, (sp.LessThan, sp.StrictLessThan))
    small_sign, big_sign = (t.lhs_sign, t.rhs_sign) if less else (t.rhs_sign, t.lhs_sign)
    grow = f if small_sign > 0 else 1 / f       # moves the small side up
    shrink = 1 / f if big_sign > 0 else f       # moves the big side down
    if a == 0 or b == 0:
        return []
    small, big = ("lhs", "rhs") if less else ("rhs", "lhs")
    out = []
    for side, factor, word in ((small, grow, "small side"), (big, shrink, "big side")):
        new = (factor * a, b) if side == "lhs" else (a, factor * b)
        out.append(("scale", f"{word} ({side}) times {factor}", _rel(kind, *new)))
    return out


def leading_term(expr, large=None):
    """The leading term of a sum (``None`` when ``expr`` is not a sum of at least two terms)."""
    terms = sp.Add.make_args(sp.expand(expr)) if isinstance(expr, (sp.Add, sp.Mul)) else (expr,)
    if len(terms) < 2:
        return None
    if large is not None:
        return max(terms, key=lambda u: sp.degree(u, large) if u.is_polynomial(large) else 0)
    return sp.Add(*terms).as_ordered_terms()[0]


def truncate_mutants(rel, large=None) -> list[tuple[str, str, sp.Basic]]:
    out = []
    for side in ("lhs", "rhs"):
        x = getattr(rel, side)
        lead = leading_term(x, large) if not x.has(sp.Sum) else None
        if lead is not None and lead != x:
            new = (lead, rel.rhs) if side == "lhs" else (rel.lhs, lead)
            out.append(("truncate", f"{side} replaced by its leading term {sp.sstr(lead)}", _rel(type(rel), *new)))
    return out


def _constants(expr, path=()):
    """Paths (argument indices) to the perturbable rational atoms of ``expr``, and whether each is an exponent."""
    if isinstance(expr, sp.Rational):
        if expr not in (0, -1):
            yield path, False
        return
    if isinstance(expr, (sp.Tuple, sp.Symbol)) or not expr.args:
        return
    for i, arg in enumerate(expr.args):
        if isinstance(expr, sp.Pow) and i == 1 and isinstance(arg, sp.Rational):
            yield path + (i,), True
        elif isinstance(expr, sp.Mul) and arg == 1:
            continue
        else:
            yield from _constants(arg, path + (i,))


def _at(expr, path):
    for i in path:
        expr = expr.args[i]
    return expr


def _replaced(expr, path, new):
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = _replaced(args[path[0]], path[1:], new)
    return expr.func(*args)


def constant_mutants(rel) -> list[tuple[str, str, sp.Basic]]:
    less = isinstance(rel, (sp.LessThan, sp.StrictLessThan))
    big = {"rhs": less, "lhs": not less} if isinstance(rel, _BOUNDS) else {}
    out = []
    for side in ("lhs", "rhs"):
        x = getattr(rel, side)
        factor = sp.Rational(9, 10) if big.get(side) else sp.Rational(11, 10)   # a bound's big side is lowered
        for path, exponent in _constants(x):
            q = _at(x, path)
            new_q = q + sp.sign(q) if exponent else q * factor
            new = _replaced(x, path, new_q)
            if new == x:
                continue
            sides = (new, rel.rhs) if side == "lhs" else (rel.lhs, new)
            what = "exponent" if exponent else "constant"
            out.append(("constant", f"{what} {q} into {new_q} in the {side}", _rel(type(rel), *sides)))
    return out


def _part_mutants(rel, t: Tightness, large) -> list[tuple[str, str, sp.Basic]]:
    return relation_mutants(rel, t) + scale_mutants(rel, t) + truncate_mutants(rel, large) + constant_mutants(rel)


def mutants(statement, tightness: Tightness = Tightness(), large=None, cap: int | None = None,
            part_tightness: dict | None = None) -> list[Mutant]:
    """The mutants of ``statement`` (a relation or an ``And`` of relations), deterministic, at most ``cap``.
    ``part_tightness``: ``{index: Tightness}`` measured for a part of an ``And`` on its own (else ``tightness``,
    the whole statement's, the lowest over its parts)."""
    parts = list(statement.args) if isinstance(statement, sp.And) else [statement]
    per_part = []
    for i, part in enumerate(parts):
        made = []
        for op, change, new in _part_mutants(part, (part_tightness or {}).get(i, tightness), large):
            whole = sp.And(*(parts[:i] + [new] + parts[i + 1:]), evaluate=False) if len(parts) > 1 else new
            where = f"part {i + 1}: " if len(parts) > 1 else ""
            made.append(Mutant(op, where + change, whole))
        per_part.append(made)
    seen, out = {sp.sstr(statement)}, []
    for round_ in range(max((len(m) for m in per_part), default=0)):   # interleave: each part in turn
        for made in per_part:
            if round_ < len(made) and made[round_].key not in seen and _well_formed(made[round_].statement):
                seen.add(made[round_].key)
                out.append(made[round_])
    return out[:cap] if cap is not None else out


def _well_formed(statement) -> bool:
    parts = statement.args if isinstance(statement, sp.And) else (statement,)
    return all(isinstance(p, sp.core.relational.Relational) for p in parts)


def relative_change(statement, mutant) -> float | None:
    """``|1/c - 1|`` where the mutant changes one equation ``a = b`` of ``statement`` (a part of an ``And``) into
    ``a' = b'`` with ``(a' b)/(a b') = c`` a number: the mutant says lhs/rhs = 1/c.  None when the change is not a
    constant factor (e.g. an exponent of a variable) or not of an equation."""
    old = statement.args if isinstance(statement, sp.And) else (statement,)
    new = mutant.args if isinstance(mutant, sp.And) else (mutant,)
    gone, came = [p for p in old if p not in new], [m for m in new if m not in old]   # And's args are reordered
    if len(gone) != 1 or len(came) != 1 or not all(isinstance(x, sp.Equality) for x in gone + came):
        return None
    p, m = gone[0], came[0]
    if 0 in (p.lhs, p.rhs, m.lhs, m.rhs):
        return None
    c = sp.simplify(m.lhs * p.rhs / (p.lhs * m.rhs))
    return abs(1 / float(c) - 1) if c.is_number and c != 0 else None


# ---------------------------------------------------------------- running
def load_equivalent(path: Path | None = None) -> dict:
    """Claim id -> printed mutant -> reason it is equivalent to (or weaker than) the claim."""
    if path is not None and not Path(path).is_file():
        raise FileNotFoundError(f"no such file {path}")
    path = EQUIVALENT_FILE if path is None else Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    return {cid: dict(v) for cid, v in data.items() if not cid.startswith("_")}


@dataclass
class Score:
    """One claim's mutation result."""

    claim_id: str
    verdict: str                    # the real claim's verdict
    rows: list = field(default_factory=list)   # one dict per mutant: operator, change, mutant, verdict, outcome
    seconds: float = 0.0            # the whole run: the real claim and its mutants
    real_seconds: float = 0.0       # the real claim's check alone
    resolution: float | None = None  # the real claim's statistical resolution (``Tightness.resolution``)

    @property
    def generated(self) -> int:
        return len(self.rows)

    @property
    def caught(self) -> int:
        return sum(r["outcome"] == "caught" for r in self.rows)

    @property
    def unexplained(self) -> list:
        return [r for r in self.rows if r["outcome"] == "survived"]

    def to_json(self) -> dict:
        count = lambda o: sum(r["outcome"] == o for r in self.rows)  # noqa: E731
        return {"claim": self.claim_id, "verdict": self.verdict, "generated": self.generated, "caught": self.caught,
                "score": f"{self.caught}/{self.generated}", "equivalent": count("equivalent"),
                "survived": count("survived"), "unresolved": count("unresolved"), "resolution": self.resolution,
                "mutated": self.verdict in ("holds", "proved"), "seconds": round(self.seconds, 2),
                "real_seconds": self.real_seconds,
                "survivors": [r for r in self.rows if r["outcome"] != "caught"], "mutants": self.rows}


def mutate_claim(claim: Claim, ctx: Context, equivalent: dict | None = None, real: dict | None = None) -> Score:
    """Check ``claim``, then (when it holds) each of its mutants with the same check.  ``real``: the claim's
    record when already checked (e.g. by ``sloppy verify``).  Outcomes: ``caught`` (violated), ``equivalent``
    (listed in ``equivalent`` with a reason, or ``proved``: a mutant certified true over the whole domain is no error,
    e.g. a bound moved inside a slack the domain never uses), ``unresolved`` (a constant-factor change of an
    equation within twice the check's recorded statistical resolution, which is stated in the row), ``survived``
    (anything else, ``inconclusive`` included)."""
    import time

    from .runner import check_one
    t0 = time.perf_counter()
    real = real or check_one(claim, ctx)[0]
    score = Score(claim.id, real["verdict"], real_seconds=real["seconds"])
    if real["verdict"] not in ("holds", "proved"):  # a claim that does not hold has no meaningful mutants
        score.seconds = time.perf_counter() - t0
        return score
    listed = (equivalent or {}).get(claim.id, {})
    large = claim.large if Kind(claim.kind) is Kind.ASYMP else None
    t = tightness_of(real["evidence"])
    score.resolution = t.resolution
    for m in mutants(claim.statement, t, large, CAPS[ctx.profile.name], _part_tightness(claim, ctx, check_one)):
        rec = check_one(claim.variant(statement=m.statement), ctx)[0]
        proved = rec["verdict"] == "proved"
        change = relative_change(claim.statement, m.statement) if t.resolution is not None else None
        outcome = ("caught" if rec["verdict"] == "violated" else "equivalent" if m.key in listed or proved
                   else "unresolved" if change is not None and change <= 2 * t.resolution else "survived")
        row = {"operator": m.operator, "change": m.change, "mutant": m.key, "verdict": rec["verdict"],
               "outcome": outcome, "seconds": rec["seconds"]}
        if outcome == "equivalent":
            row["reason"] = listed.get(m.key) or "certified true on the whole domain (a ball-arithmetic proof)"
        if outcome == "unresolved":
            row["relative_change"], row["resolution"] = change, t.resolution
            row["reason"] = (f"below the check's resolution: the mutant moves lhs/rhs by {change:.3g}, the evidence "
                             f"measures it to +-{t.resolution:.3g} (relative half-width; refuted for certain beyond "
                             f"{2 * t.resolution:.3g})")
        score.rows.append(row)
    score.seconds = time.perf_counter() - t0
    return score


def _part_tightness(claim: Claim, ctx: Context, check_one) -> dict:
    """``{index: Tightness}`` of each part of an ``And`` statement checked on its own: the whole statement's slack is
    the lowest over its parts, so a tight part would set a scale too small to make a loose part's mutant false.  A
    part whose own check does not hold (or cannot run alone) keeps the whole statement's slack."""
    if not isinstance(claim.statement, sp.And):
        return {}
    out = {}
    for i, part in enumerate(claim.statement.args):
        rec, raised = check_one(claim.variant(statement=part), ctx)
        if not raised and rec["verdict"] in ("holds", "proved"):
            out[i] = tightness_of(rec["evidence"])
    return out


def mutation_summary(doc: dict) -> dict:
    """The short form of a claim's ``Score.to_json()`` stored in its record of ``results.json`` (``mutation``): the
    counts, the check's statistical resolution, and the unexplained and the unresolved mutants."""
    listed = lambda o: [r["mutant"] for r in doc["survivors"] if r["outcome"] == o]  # noqa: E731
    return {k: doc[k] for k in ("score", "generated", "caught", "equivalent", "survived", "unresolved",
                                    "resolution", "mutated")} | \
        {"survivors": listed("survived"), "unresolved_mutants": listed("unresolved")}


def mutate_unit(ref: str | None, claim_id: str, settings: dict, equivalent: dict) -> dict:
    """A worker's unit: ``mutate_claim`` of the claim ``claim_id`` (of the catalogue, or of the claims file at
    ``ref``) with the run's ``settings``, as JSON.  The claim and its mutants run in one process, so the check's
    cached computations (simulations keyed by their parameters) serve every mutant."""
    from .runner import _claims_of, worker_context
    return mutate_claim(_claims_of(ref)[claim_id], worker_context(settings), equivalent).to_json()


def mutate_claims(claims: list[Claim], ctx: Context, equivalent: dict, client=None, claims_file=None,
                  progress=lambda doc: None) -> list[dict]:
    """``Score.to_json()`` of each claim, in order: here one after another, or one unit per claim on ``client``
    (``verify.distributed``).  ``progress(doc)`` is called as each claim finishes."""
    if client is None:
        docs = []
        for c in claims:
            docs.append(mutate_claim(c, ctx, equivalent).to_json())
            progress(docs[-1])
        return docs
    from distributed import as_completed

    from .distributed import submit
    ref = None if claims_file is None else str(Path(claims_file).resolve())
    futures = [submit(client, f"mutate-{c.id}", mutate_unit, ref, c.id, ctx.settings(), equivalent) for c in claims]
    try:
        for fut in as_completed(futures):
            progress(fut.result())
        return [f.result() for f in futures]
    finally:
        client.cancel(futures)
