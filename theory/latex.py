"""LaTeX rendering of claims (Jupyter ``_repr_latex_`` and derivation documents)."""
from __future__ import annotations

import sympy as sp


def claim_latex_inline(claim) -> str:
    """One display block: title, statement, kind and tag."""
    return (rf"$\textbf{{{claim.tag}}}\ ({claim.kind.value})\ \text{{{_escape(claim.title)}}}:\quad "
            rf"{sp.latex(claim.statement)}$")


def _escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("^", r"\^{}"), ("&", r"\&"), ("%", r"\%"),
                 ("#", r"\#"), ("{", r"\{"), ("}", r"\}"), ("$", r"\$")):
        text = text.replace(a, b)
    return text
