"""Claims as data.

A :class:`Claim` is a frozen record: a SymPy relation between named quantities, the parameters it
ranges over (each with a numeric domain), ordered derivation steps, and provenance.  ``verify``
turns a claim into evidence; nothing here evaluates numbers.
"""
from __future__ import annotations

import contextlib
import enum
import functools
import re
from dataclasses import dataclass, field, replace

import sympy as sp

from .domain import Choice, Domain, Interval, IntRange, Sequence  # noqa: F401  (re-exported: the claims' vocabulary)
from .quantity import closure, expand
from .step import Step, StepCheck, step_holds  # noqa: F401  (re-exported)


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


#: the mathematical symbol of a parameter whose name is a word, where the theory has one (the activation is the
#: spec's φ); a parameter without one is typeset by its name
PARAM_TEX = {"activation": r"\phi", "alphas": r"(\alpha_l)_l"}
#: parameters that select a random instance of the evidence (a seed): no hypothesis of the mathematics
INSTANCE_PARAMS = frozenset({"seed"})


@dataclass(frozen=True)
class Param:
    """A parameter a claim ranges over, with its test domain; ``tex``: its symbol when its name is a word."""

    name: str
    domain: Domain
    description: str = ""
    tex: str = ""

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name)

    @property
    def math(self) -> str:
        """Its LaTeX symbol (``tex``, else :data:`PARAM_TEX`); empty when it has none but its name."""
        return self.tex or PARAM_TEX.get(self.name, "")

    @property
    def hypothesis(self) -> bool:
        """Whether the theorem states it (a seed only selects the evidence's random instance)."""
        return self.name not in INSTANCE_PARAMS


# ---------------------------------------------------------------- provenance
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
    #: ``claim -> ((label, Claim), ...)``: the claim restated at fixed values of a discrete parameter, each closed
    #: form in its own scalar parameters (``"C = 2"``: S7 at two classes); given the claim, so that a variant's
    #: changed statement is what gets restated.  The certified tier certifies each (``verify.user_claims``).
    reductions: object = field(default=None, compare=False, hash=False)

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
        used = _statement_symbols(self.statement)
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


def _statement_symbols(statement) -> set:
    """The statement's free symbols, an indexed object ``kappa[i]`` counted as its base ``kappa`` and the symbols
    that only index it (``i``) left out: they range over the base's index set, which its definition states."""
    indexed = statement.atoms(sp.Indexed)
    outside = statement.xreplace({a: sp.Dummy() for a in indexed}).free_symbols
    return {s for s in outside if not isinstance(s, sp.Dummy)} | {a.base.label for a in indexed}


@functools.lru_cache(maxsize=None)
def _built_steps(build) -> tuple:
    return tuple(build())


# ---------------------------------------------------------------- users' claims files
class Declarations:
    """What a users' claims file declares while ``sloppy --claims FILE`` runs it: inside ``collecting()``,
    ``current`` is a fresh ``kind()`` that the declaring function fills; outside, it is None."""

    def __init__(self, kind):
        self.kind, self.current = kind, None

    @contextlib.contextmanager
    def collecting(self):
        saved, self.current = self.current, self.kind()
        try:
            yield self.current
        finally:
            self.current = saved


#: the claims ``register`` declares
DECLARED = Declarations(list)


def register(claim: Claim) -> Claim:
    """Declare a claim of a users' claims file (``sloppy --claims FILE`` collects it) and return it.  The spec's
    catalogue is the explicit ``theory.spec``: ``register`` never changes it."""
    if DECLARED.current is not None:
        DECLARED.current.append(claim)
    return claim
