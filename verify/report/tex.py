"""What the HTML report typesets: TeX recorded with each claim at verify time, MathML made from it at render time.

``claim_tex`` (called by the runner, so ``results.json`` alone suffices to render) gives the statement's relations,
each parameter as ``symbol ∈ domain``, the large parameter and rate of an ASYMP claim, every derivation step and the
claim's LaTeX section (``theory.latex_claim.claim_section``, the paper snippet), all with the project's symbol names.
``mathml`` converts TeX to presentation MathML (``latex2mathml``), which browsers render natively: the pages need
no script and no network to show mathematics.
"""
from __future__ import annotations

import html
import re

import sympy as sp

from sloppy_verifier.theory.latex import domain_latex, latex, statement_lines, symbol_latex
from sloppy_verifier.theory.latex_claim import claim_section

from ..evidence import print_items


def claim_tex(claim, verdict: str | None = None, evidence=()) -> dict:
    """TeX of a claim's statement, parameters, assumptions, steps and section (``evidence``: Evidence records);
    ``{"error": ...}`` when a user's claim holds something the TeX printer cannot print (the report then shows the
    plain statement: a printing defect must not cost the verdicts)."""
    try:
        return _claim_tex(claim, verdict, evidence)
    except Exception as exc:  # noqa: BLE001 - recorded in the results and shown on the page
        return {"error": f"{type(exc).__name__}: {exc}"}


def _claim_tex(claim, verdict, evidence) -> dict:
    return {
        "statement": statement_lines(claim.statement),
        "parameters": [{"name": p.name, "tex": rf"{symbol_latex(p.name)} \in {domain_latex(p.domain)}",
                        "description": p.description} for p in claim.parameters],
        "assumptions": [latex(a) if isinstance(a, sp.Basic) else None for a in claim.assumptions],
        "large": latex(claim.large) if claim.large is not None else None,
        "rate": latex(claim.rate) if claim.rate is not None else None,
        "steps": ["" if st.expr in (sp.true, sp.false) else latex(st.expr) for st in claim.steps],
        "section": claim_section(claim, verdict, [(e.tier, e.status, print_items(e.summary)) for e in evidence]),
    }


_TEXT = re.compile(r"(\\text\{)([^{}]*)\}")
_BARE_AMP = re.compile(r"&(?!#x?[0-9A-Fa-f]+;|[A-Za-z]+;)")


def mathml(tex: str, display: bool = False) -> str:
    """Presentation MathML of ``tex``; TeX the converter cannot read is shown as code (and marked for the tests)."""
    from latex2mathml.converter import convert
    # the converter keeps TeX's escapes inside \text{...} literally (``c\_A``): unescape them there
    tex = _TEXT.sub(lambda m: m.group(1) + re.sub(r"\\([_&%#$])", r"\1", m.group(2)) + "}", tex)
    try:
        out = convert(tex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - the converter raises assorted errors on TeX it does not know
        return f'<code class="tex-unread">{html.escape(tex)}</code>'
    return _BARE_AMP.sub("&amp;", out)          # text the converter left unescaped (``\text{a\&b}``)
