"""``sloppy regress``: compare the theory with a committed baseline of its canonical form and key numbers.

**What is recorded, per claim** (``snapshot``):

- *form*: tag, kind, title, the statement (``sp.sstr``: SymPy's canonical argument order, so the same
  expression prints the same), assumptions, parameters with their domains, ``large``/``rate``, provenance,
  and every derivation step (expression, justification, how it is established, and SymPy's verdict on
  ALGEBRA steps: a step that stops being proved is a change).
  With declared quantities, also the ``closed_form`` (the statement with their definitions substituted).
- *numbers*, each ``{"value": 20 significant digits, "rtol": ..., ...}`` and all cheap and deterministic
  (no random draws, no Hypothesis search):
  - *probes* of statements that are closed-form in their parameters (users' claims, and catalogue claims
    through their quantities' definitions): both sides and the
    tightness ratio (``relation``: bound over actual for inequalities, relative error for identities) at three fixed points
    of the domain (every parameter at 1/4, 1/2, 3/4 of its range), at 30 digits;
  - *goldens*: for claims whose checks compare against published reference values (:data:`KEY_NUMBERS`),
    the values the project's own high-precision code computes for them at 30 digits, beside the published
    string.  Hypothesis tightness extremes are not recorded: they depend on the search, not only on the
    theory, and take minutes.

**Comparison.**  Text fields must be equal; a number changes when it moves by more than its ``rtol``
(relative, 10^-18: values computed at 30 digits agree to 25 or more) plus an absolute 10^-25 (zeros).
The baseline is JSON with sorted keys and one block per claim: the same theory gives the same bytes.
"""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Callable

import sympy as sp

from sloppy_verifier.theory.claim import Choice, Claim, Interval, IntRange, StepCheck, step_holds

from .check import relation
from .mpeval import context, mp_value
from .results import write_atomic

FORMAT = "sloppy-regress-1"
DPS = 30
DIGITS = 20
RTOL = "1e-18"
ATOL = "1e-25"
PROBES = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))
#: The catalogue's committed baseline, relative to the working directory: the repository root of a checkout.
#: It lives in the repository, never in the installed package (which is never written to).
DEFAULT_BASELINE = Path("reports") / "baseline" / "catalogue.json"
#: Package folders a baseline may not be written into (the installed code itself).
_PACKAGE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "theory")

#: claim id -> fn(dps) -> {label: (mpf value, published string or None)}
KEY_NUMBERS: dict[str, Callable[[int], dict]] = {}


def key_numbers(*claim_ids: str):
    """Register a cheap deterministic function giving a claim's golden numbers."""
    def deco(fn):
        for cid in claim_ids:
            KEY_NUMBERS[cid] = fn
        return fn
    return deco


# ---------------------------------------------------------------- canonical form
def _text(x) -> str:
    return sp.sstr(x) if isinstance(x, sp.Basic) else str(x)


def canonical_form(claim: Claim) -> dict:
    steps = [{"expr": _text(s.expr), "why": s.justification, "check": s.check.value,
              **({"sympy": {True: "proved", False: "refuted", None: "undecided"}[step_holds(s)]}
                 if s.check is StepCheck.ALGEBRA else {})} for s in claim.steps]
    return {"tag": claim.tag, "kind": claim.kind.value, "title": claim.title,
            "statement": _text(claim.statement), "assumptions": [_text(a) for a in claim.assumptions],
            "parameters": {p.name: str(p.domain) for p in claim.parameters},
            "large": _text(claim.large) if claim.large is not None else None,
            "rate": _text(claim.rate) if claim.rate is not None else None,
            "provenance": str(claim.provenance), "steps": steps,
            **({"closed_form": _text(claim.closed_form())} if claim.quantities else {})}


# ---------------------------------------------------------------- numbers
def _num(x, published: str | None = None) -> dict:
    out = {"value": context(DPS).nstr(x, DIGITS), "rtol": RTOL}
    return out | {"published": published} if published is not None else out


def _probe_point(claim: Claim, f: Fraction) -> dict | None:
    point = {}
    for p in claim.parameters:
        d = p.domain
        if isinstance(d, Interval):
            point[p.name] = Fraction(str(d.lo)) + f * (Fraction(str(d.hi)) - Fraction(str(d.lo)))
        elif isinstance(d, IntRange):
            point[p.name] = d.lo + int(f * (d.hi - d.lo))
        elif isinstance(d, Choice):
            point[p.name] = d.options[int(f * len(d.options))]
        else:
            return None
    return point


def probe_numbers(claim: Claim) -> dict:
    """Both sides and the tightness ratio of a closed-form statement at the fixed probe points."""
    from .user_claims import closed_form, closed_form_claim, hypotheses
    claim = closed_form_claim(claim) or claim   # a catalogue claim is probed through its quantities' definitions
    if not closed_form(claim):
        return {}
    hyps = hypotheses(claim)
    parts = claim.statement.args if isinstance(claim.statement, sp.And) else (claim.statement,)
    out = {}
    for f in PROBES:
        point = _probe_point(claim, f)
        if point is None or not all(relation(h, point, DPS)["ok"] for h in hyps):
            continue
        at = ", ".join(f"{k}={v}" for k, v in point.items())
        for i, part in enumerate(parts):
            tag = f"[{i + 1}] " if len(parts) > 1 else ""
            ratio = relation(part, point, DPS)["ratio"]
            values = {"lhs": mp_value(part.lhs, point, DPS), "rhs": mp_value(part.rhs, point, DPS), "ratio": ratio}
            out |= {f"{tag}{what} at {at}": _num(v) for what, v in values.items() if v != context(DPS).inf}
    return out


def claim_numbers(claim: Claim) -> dict:
    out = probe_numbers(claim)
    if claim.id in KEY_NUMBERS:
        out |= {k: _num(v, pub) for k, (v, pub) in KEY_NUMBERS[claim.id](DPS).items()}
    return out


# ---------------------------------------------------------------- goldens (spec §4 of fisher.md, §3 of sloppiness.md)
@key_numbers("fisher.order_parameters")
def _fisher_goldens(dps: int) -> dict:
    from .golden import load
    from .hp.fisher import order_parameters
    out = {}
    for name, c in load("fisher_reference.json")["cases"].items():
        op = order_parameters(c["activation"], c["sigma_w2"], c["sigma_b2"], c["alphas"], a=c["a"], dps=dps)
        out[f"{name} kappa1"] = (op.kappa1, c["kappa1_printed"])
        out[f"{name} kappa2"] = (op.kappa2, c["kappa2_printed"])
    return out


def _ribbon_goldens(names):
    def numbers(dps: int) -> dict:
        from .checks.ribbon_inpca import golden_logits
        from .golden import load
        from .ribbon.inpca_mp import distance_matrix_mp, inpca_mp
        out = {}
        for name in names:
            c = load("ribbon_reference.json")["cases"][name]
            D = distance_matrix_mp(golden_logits(c), c["model"], dps, sigma=sp.Rational(c.get("sigma", 1)))
            mu, _, _, ES = inpca_mp(D, dps)
            out |= {f"{name} mu_{i + 1}": (mu[i], g) for i, g in enumerate(c["mu"])}
            out |= {f"{name} ES_{k}": (ES[int(k)], g) for k, g in c["ES"].items()}
        return out
    return numbers


key_numbers("ribbon.inpca_gaussian_eigenvalues")(_ribbon_goldens(("G1", "G3")))
key_numbers("ribbon.bernoulli_three_logits_eigenvalues")(_ribbon_goldens(("G2a", "G2b")))


# ---------------------------------------------------------------- baseline
def snapshot(claims) -> dict:
    """The baseline document of ``claims``."""
    return {"format": FORMAT, "precision": {"dps": DPS, "digits": DIGITS, "atol": ATOL},
            "claims": {c.id: {"form": canonical_form(c), "numbers": claim_numbers(c)} for c in claims}}


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _moved(old: dict, new: dict) -> bool:
    if old.get("published") != new.get("published"):
        return True
    c = context(DPS)
    a, b = c.mpf(old["value"]), c.mpf(new["value"])
    return abs(a - b) > c.mpf(old.get("rtol", RTOL)) * max(abs(a), abs(b)) + c.mpf(ATOL)


def compare(old: dict, new: dict) -> list[str]:
    """Human-readable changes from baseline ``old`` to snapshot ``new``, claim by claim (empty: none)."""
    lines: list[str] = []
    oc, nc = old.get("claims", {}), new["claims"]
    for cid in sorted(set(oc) | set(nc)):
        if cid not in oc:
            lines.append(f"{cid}: added ({nc[cid]['form']['tag']}, {nc[cid]['form']['kind']}): "
                         f"{nc[cid]['form']['statement']}")
            continue
        if cid not in nc:
            lines.append(f"{cid}: removed (was {oc[cid]['form']['statement']})")
            continue
        ch = _form_changes(oc[cid]["form"], nc[cid]["form"]) + _number_changes(oc[cid]["numbers"], nc[cid]["numbers"])
        if ch:
            lines.append(f"{cid} ({nc[cid]['form']['tag']}): changed")
            lines += [f"  {c}" for c in ch]
    return lines


def _form_changes(o: dict, n: dict) -> list[str]:
    out = []
    for key in sorted(set(o) | set(n)):
        if key == "steps":
            continue
        if o.get(key) != n.get(key):
            out.append(f"{key}: {o.get(key)!s}\n      -> {n.get(key)!s}")
    os_, ns_ = o.get("steps", []), n.get("steps", [])
    for i in range(max(len(os_), len(ns_))):
        a, b = (os_[i] if i < len(os_) else None), (ns_[i] if i < len(ns_) else None)
        if a != b:
            show = lambda s: "(none)" if s is None else f"{s['expr']}  [{s.get('sympy', s['check'])}] {s['why']}"
            out.append(f"step {i + 1}: {show(a)}\n      -> {show(b)}")
    return out


def _number_changes(o: dict, n: dict) -> list[str]:
    out = []
    for key in sorted(set(o) | set(n)):
        if key not in n:
            out.append(f"number {key}: {o[key]['value']} -> (gone)")
        elif key not in o:
            out.append(f"number {key}: (new) -> {n[key]['value']}")
        elif _moved(o[key], n[key]):
            out.append(f"number {key}: {o[key]['value']} -> {n[key]['value']}"
                       + (f" (published {o[key].get('published')} -> {n[key].get('published')})"
                          if o[key].get("published") != n[key].get("published") else ""))
    return out


def read_baseline(path: Path) -> dict:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    if doc.get("format") != FORMAT:
        raise ValueError(f"{path} is not a sloppy regression baseline (format {doc.get('format')!r})")
    return doc


def write_baseline(path: Path, doc: dict) -> None:
    """Write ``doc`` atomically to ``path``; a path inside the installed package is refused (ValueError)."""
    target = Path(path).resolve()
    if any(target.is_relative_to(d) for d in _PACKAGE_DIRS):
        raise ValueError(f"--baseline {path}: inside the installed package ({target.parent}); "
                         "give a path in your repository, e.g. reports/baseline/catalogue.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, dumps(doc))
