"""Claims as data.

A :class:`Claim` is a frozen record: a SymPy relation between named quantities, the parameters it
ranges over (each with a numeric domain), ordered derivation steps, and provenance.  ``verify``
turns a claim into evidence; nothing here evaluates numbers.
"""
from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field, replace

import sympy as sp

from .quantity import closure, expand


class Kind(str, enum.Enum):
    """Claim kinds of the spec (spec/fisher.md, table "Kinds")."""

    DEF = "DEF"            # a definition, checked through its golden values and closed-form specialisations
    EXACT = "EXACT"        # identity for every width and draw
    FIN_EXACT = "FIN-EXACT"  # expectation exact at finite width
    ASYMP = "ASYMP"        # large-width limit with a stated rate
    INEQ = "INEQ"          # inequality for every draw / every parameter
    CITED = "CITED"        # an external theorem with its constants as recovered, checked numerically
    EMPIRICAL = "EMPIRICAL"  # simulation-only observation: reported, never fails a run
    CONJ = "CONJ"          # believed, unproven: reported, never fails a run

    @property
    def gating(self) -> bool:
        """Whether a violation of a claim of this kind fails ``sloppy verify``."""
        return self not in (Kind.EMPIRICAL, Kind.CONJ)


# ---------------------------------------------------------------- domains
@dataclass(frozen=True)
class Interval:
    """Real interval ``[lo, hi]`` (ends open when ``open_lo``/``open_hi``); bounds are exact rationals."""

    lo: sp.Rational
    hi: sp.Rational
    open_lo: bool = False
    open_hi: bool = False

    def __post_init__(self):
        object.__setattr__(self, "lo", sp.Rational(self.lo))
        object.__setattr__(self, "hi", sp.Rational(self.hi))
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    def __contains__(self, x) -> bool:
        x = sp.Rational(x) if not isinstance(x, sp.Basic) else x
        lo_ok = x > self.lo if self.open_lo else x >= self.lo
        hi_ok = x < self.hi if self.open_hi else x <= self.hi
        return bool(lo_ok and hi_ok)

    def __str__(self) -> str:
        return f"{'(' if self.open_lo else '['}{self.lo}, {self.hi}{')' if self.open_hi else ']'}"


@dataclass(frozen=True)
class IntRange:
    """Integers ``lo..hi`` inclusive."""

    lo: int
    hi: int

    def __contains__(self, x) -> bool:
        return float(x).is_integer() and self.lo <= int(x) <= self.hi

    def __str__(self) -> str:
        return f"{{{self.lo}..{self.hi}}}"


@dataclass(frozen=True)
class Choice:
    """A finite set of named options (e.g. activations)."""

    options: tuple

    def __contains__(self, x) -> bool:
        return x in self.options

    def __str__(self) -> str:
        return "{" + ", ".join(map(str, self.options)) + "}"


@dataclass(frozen=True)
class Sequence:
    """A list of values from ``element``, one per layer: its length is the value of parameter ``length``
    (``"L"``), optionally plus a constant (``"L+1"``)."""

    element: Interval
    length: str

    def __str__(self) -> str:
        return f"{self.element}^{self.length}"


Domain = Interval | IntRange | Choice | Sequence


@dataclass(frozen=True)
class Param:
    """A parameter a claim ranges over, with its test domain."""

    name: str
    domain: Domain
    description: str = ""

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name)


# ---------------------------------------------------------------- derivations and provenance
class StepCheck(str, enum.Enum):
    """How a derivation step is established."""

    ALGEBRA = "algebra"    # SymPy must reduce ``expr`` (an Eq) to a tautology
    DEFINITION = "definition"  # introduces notation: nothing to prove
    NUMERIC = "numeric"    # needs numbers: established by the claim's numerical evidence
    CITED = "cited"        # taken from the literature, named in the justification


@dataclass(frozen=True)
class Step:
    """One derivation step: a SymPy expression (usually an ``Eq``) and why it holds."""

    expr: sp.Basic
    justification: str
    check: StepCheck = StepCheck.ALGEBRA


@functools.lru_cache(maxsize=4096)
def step_holds(step: Step) -> bool | None:
    """SymPy verdict on an ALGEBRA step: True proved, False refuted, None undecided or not algebra."""
    if step.check is not StepCheck.ALGEBRA:
        return None
    e = step.expr
    if e is sp.true:
        return True
    if e is sp.false:
        return False
    if isinstance(e, sp.Equality) and getattr(e.lhs, "is_Matrix", False):
        verdicts = [step_holds(Step(sp.Eq(x, y, evaluate=False), step.justification))
                    for x, y in zip(e.lhs, e.rhs)]
        return False if False in verdicts else (None if None in verdicts else True)
    if isinstance(e, sp.Equality):
        diff = sp.simplify(e.lhs - e.rhs)
        if diff != 0 and not diff.is_number:
            diff = sp.simplify(sp.expand(sp.expand_log(sp.powsimp(diff, force=True), force=True)))
        if diff == 0:
            return True
        if diff.is_number:  # SymPy may fail to reduce a true constant identity: refute only a clear nonzero
            return False if abs(sp.N(diff, 50)) > sp.Float(10) ** -40 else None
        return _probe(e.lhs, e.rhs)
    return None


#: generic exact rationals in [2/9, 9/2] and integers 2..5 (for summation limits and indices), cycled per symbol
_RATIONALS = tuple(sp.Rational(p, q) for p, q in ((3, 7), (5, 4), (7, 3), (11, 13), (13, 5), (2, 9), (17, 11), (9, 2)))
_PROBES = 4


def _probe(lhs, rhs) -> bool | None:
    """Refute an equality SymPy could not simplify to 0 by evaluating both sides at ``_PROBES`` exact points.

    Symbol ``j`` takes ``_RATIONALS[(3j + 5k) % 8]`` at point ``k`` (a positive integer where it bounds a sum or
    product, indexes a sequence or is declared integer); an undefined function ``f_j`` (an arbitrary kernel)
    stands for the generic analytic ``exp((x_1 + ... + x_n)/(j + 2)) + 1/(j + 3)``: a step that holds for every
    function holds for it.  Each side is evaluated by SymPy's ``evalf`` to 60 significant digits, so an identity
    leaves ``|lhs - rhs| <= 2 10^-59 max(1, |lhs|, |rhs|)``; a gap above ``10^-40`` of that scale (19
    digits of margin) is a nonzero value.  A step carries no domain, and a true identity may fail outside its
    parameters' (``sqrt(s11 s22 - s12^2)`` beyond Cauchy-Schwarz): the step is refuted (False) only when every
    point where both sides are finite reals (at least two) gives a nonzero value, else it stays undecided (None).
    """
    funcs = sorted({a.func for side in (lhs, rhs) for a in side.atoms(sp.core.function.AppliedUndef)}, key=str)
    j_of = {f: j for j, f in enumerate(funcs)}
    generic = lambda e: sp.exp(sp.Add(*e.args) / (j_of[e.func] + 2)) + sp.Rational(1, j_of[e.func] + 3)  # noqa: E731
    lhs, rhs = (side.replace(lambda e: e.func in j_of, generic) for side in (lhs, rhs))
    syms = sorted(lhs.free_symbols | rhs.free_symbols, key=sp.default_sort_key)
    ints = {x for x in syms if x.is_integer}
    for a in (lhs + rhs).atoms(sp.Sum, sp.Product, sp.Indexed):
        ints |= {x for lim in getattr(a, "limits", ()) for x in sp.Tuple(*lim[1:]).free_symbols}
        ints |= {x for i in getattr(a, "indices", ()) for x in sp.sympify(i).free_symbols}
    nonzero = []
    for k in range(_PROBES):
        at = {x: (2 + (j + k) % 4 if x in ints else _RATIONALS[(3 * j + 5 * k) % len(_RATIONALS)])
              for j, x in enumerate(syms)}
        try:
            a, b = (sp.N(side.subs(at).doit(), 60) for side in (lhs, rhs))
        except (ArithmeticError, TypeError, ValueError, NotImplementedError):
            continue
        if not (a.is_extended_real and b.is_extended_real and a.is_finite and b.is_finite and a.is_Number and b.is_Number):
            continue
        nonzero.append(abs(a - b) > sp.Float(10, 60) ** -40 * max(1, abs(a), abs(b)))
    return False if len(nonzero) >= 2 and all(nonzero) else None


class Tag(str, enum.Enum):
    """Provenance tags of the spec."""

    R = "R"    # reconstructed from recall of the paper
    D = "D"    # derived in the spec
    FU = "FU"  # stated in a follow-up's abstract
    E = "E"    # observed in simulation only
    P = "P"    # project formulation (sloppiness spec)
    USER = "USER"  # a user's own claim


@dataclass(frozen=True)
class Provenance:
    """Where a claim comes from.  Spec claims are reconstructions, never the paper's verbatim text."""

    tags: tuple
    source: str
    note: str = ("Reconstruction: the paper's full text was not available; the statement follows the "
                 "project spec, which rebuilt it from the abstract and standard derivations.")

    def __str__(self) -> str:
        return f"[{', '.join(t.value for t in self.tags)}] {self.source}. {self.note}"


# ---------------------------------------------------------------- the claim
@dataclass(frozen=True)
class Claim:
    """A checkable statement.

    ``statement`` is a SymPy relation (``Eq``, ``Le``, ``Lt``, ``Ge``, ``Gt``), or an ``And`` of them,
    whose free symbols are quantities the checker can evaluate.  ASYMP claims name the ``large`` parameter and the stated
    error ``rate`` (e.g. ``M**(-1/2)``).
    """

    id: str
    tag: str
    title: str
    kind: Kind
    statement: sp.Basic
    provenance: Provenance
    parameters: tuple = ()
    derivation: object = ()   # tuple of Steps, or a zero-argument callable building them (costly derivations)
    assumptions: tuple = ()
    symbols: dict = field(default_factory=dict, compare=False, hash=False)
    large: sp.Symbol | None = None
    rate: sp.Expr | None = None
    quantities: tuple = ()   # the Quantity objects (theory.quantity) the statement is written in

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", self.id):
            raise ValueError(f"claim id {self.id!r} must be dotted lower-case, e.g. 'fisher.m_lambda'")
        parts = self.statement.args if isinstance(self.statement, sp.And) else (self.statement,)
        if not all(isinstance(r, sp.core.relational.Relational) for r in parts):
            raise TypeError(f"claim {self.id}: statement must be a SymPy relation or an And of relations, "
                            f"got {type(self.statement).__name__}")
        if any(isinstance(a, sp.Float) for a in sp.preorder_traversal(self.statement)):
            raise ValueError(f"claim {self.id}: statement holds a float; use exact rationals")

    @property
    def steps(self) -> tuple:
        """The derivation steps (built on first use when ``derivation`` is a callable)."""
        d = self.derivation
        if callable(d):
            d = _built_steps(d)
        return tuple(d)

    def closed_form(self) -> sp.Basic:
        """The statement with every defined quantity replaced by its definition, recursively."""
        return expand(self.statement, self.quantities)

    def undefined_symbols(self) -> set:
        """Names of the symbols of the statement, and of the definitions it reaches, that are neither parameters
        nor declared quantities."""
        known = closure(self.quantities)
        names = {p.name for p in self.parameters} | {s.name for s in known}
        used = set(self.statement.free_symbols)
        for q in known.values():
            used |= q.definition.free_symbols if q.closed else set()
        return {s.name for s in used} - names

    def variant(self, **changes) -> "Claim":
        """A copy with fields changed: how planted-wrong variants and user edits are made."""
        return replace(self, **changes)

    def param(self, name: str) -> Param:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(f"claim {self.id} has no parameter {name!r}")

    def _repr_latex_(self) -> str:
        from .latex import claim_latex_inline
        return claim_latex_inline(self)


@functools.lru_cache(maxsize=None)
def _built_steps(build) -> tuple:
    return tuple(build())


# ---------------------------------------------------------------- registry
_REGISTRY: dict[str, Claim] = {}


def register(claim: Claim) -> Claim:
    """Add a claim to the catalogue; ids are unique."""
    if claim.id in _REGISTRY and _REGISTRY[claim.id] != claim:
        raise ValueError(f"duplicate claim id {claim.id!r}")
    _REGISTRY[claim.id] = claim
    return claim


def catalogue() -> list[Claim]:
    """Every registered claim (the spec's theories are imported on first use), in registration order."""
    from . import fisher, ribbon  # noqa: F401  (register the spec's claims)
    return list(_REGISTRY.values())


def _tag_matches(pattern: str, tag: str) -> bool:
    # "F1" matches F1, F1a, F1c but not F10; "F" matches every F-tag; "F10d" matches itself.
    if pattern[-1].isdigit():
        tail = r"[a-z]*"
    else:
        tail = "" if any(ch.isdigit() for ch in pattern) else r"\d+[a-z]*"
    return re.fullmatch(re.escape(pattern) + tail, tag, flags=re.IGNORECASE) is not None


def select(patterns, claims=None) -> list[Claim]:
    """Claims matching any pattern: an exact id, an id prefix (``fisher.``), or a tag / tag prefix (``F3``, ``F3b``, ``F``).

    Raises ``LookupError`` naming the first pattern that matches nothing.
    """
    claims = catalogue() if claims is None else claims
    if not patterns:
        return list(claims)
    chosen: dict[str, Claim] = {}
    for p in patterns:
        hits = [c for c in claims
                if c.id == p or c.id.startswith(p.rstrip(".") + ".") or _tag_matches(p, c.tag)]
        if not hits:
            raise LookupError(p)
        for c in hits:
            chosen.setdefault(c.id, c)
    return [c for c in claims if c.id in chosen]
