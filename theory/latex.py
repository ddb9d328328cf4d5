"""LaTeX rendering of claims: symbol names, safe text, a claim's section, and Jupyter's ``_repr_latex_``.

Symbols are named three ways in the theory: plain identifiers (``lam_k``, ``sigma_w2``, ``mu1_W``), names
that are already TeX (``\\hat{q}``, ``\\operatorname{tr}F``, ``u_k^T(Z_t-Y)``), and identifiers with a
superscript (``chi_1^*``).  :func:`symbol_latex` maps each to TeX (Greek words become letters, ``_`` splits
subscripts, multi-letter words are upright, :data:`SYMBOL_LATEX` fixes the project's recurring names);
:func:`latex` applies it through ``sp.latex(..., symbol_names=...)``.  A whole claim is typeset by
:mod:`theory.latex_claim`.  :func:`text` escapes prose for TeX
and turns its Unicode (λ, ≤, q̂, σ², …) into math, so titles and justifications compile with pdflatex.
Pure string building: no I/O.
"""
from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

from .domain import Choice, Interval, IntRange, Sequence
from .quantity import closure
from .step import StepCheck, step_holds

GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
         "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma", "tau",
         "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi",
         "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell"}
ALIASES = {"lam": r"\lambda", "Lam": r"\Lambda", "eps": r"\varepsilon", "epsilon": r"\varepsilon", "inf": r"\infty",
           **{f: "\\" + f for f in ("max", "min", "sup", "exp", "log", "sin", "cos", "tanh", "sinh", "cosh", "det",
                                       "dim", "ker", "deg")}}
ACCENTS = {"hat": r"\hat", "tilde": r"\tilde", "bar": r"\bar", "dot": r"\dot", "vec": r"\vec"}

#: The project's recurring names whose generic rendering would be wrong or unreadable.
SYMBOL_LATEX = {
    "qhat": r"\hat{q}", "qtilde": r"\tilde{q}", "sigma_w2": r"\sigma_w^2", "sigma_b2": r"\sigma_b^2",
    "sigma0_sq": r"\sigma_0^2", "sigma0": r"\sigma_0", "trSigma": r"\operatorname{tr}\Sigma",
    "Sinf_kl_over_M": r"S^{\infty}_{kl}/M", "spectral_gap": r"\mathrm{gap}", "a_prime": r"a'_k",
    "inv_eta": r"\eta^{-1}", "m_lambda": r"m_\lambda", "s_lambda": r"s_\lambda", "b_lambda": r"b_\lambda",
    "lambda_bulk": r"\lambda_{\mathrm{bulk}}", "lambda_max": r"\lambda_{\max}", "mu_min": r"\mu_{\min}",
    "E_max": r"E_{\max}", "varrho_n": r"\varrho_n", "rho_n": r"\varrho_n",
    # products named as one parameter: eta_lam1 is eta lambda_1, not an eta indexed by lambda_1
    "eta_lam1": r"\eta\lambda_1", "eta_kappa1": r"\eta\kappa_1",
    "eta_lam": r"\eta\lambda_k", "eta_trace": r"\eta\operatorname{tr}\Sigma",
}
#: the products above in words: a claim's "where" clause defines each once
PRODUCTS = {"eta_lam1": "the step size eta in units of 1/lambda_1", "eta_kappa1": "the step size eta in units of 1/kappa_1",
            "eta_lam": "the step size eta in units of 1/lambda_k", "eta_trace": "the step size eta in units of 1/tr Sigma"}

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\^[A-Za-z0-9*]+)?")
_SPECIAL = {"tr": r"\operatorname{tr}", "rank": r"\operatorname{rank}"}


def _word(tok: str, upright_words: bool = True) -> str:
    """One name token: Greek and aliases as letters, ``xhat`` accented, ``mu1`` subscripted, words upright."""
    if tok in GREEK:
        return ALIASES.get(tok, "\\" + tok)      # the one epsilon is \varepsilon
    if tok in ALIASES:
        return ALIASES[tok]
    for acc, cmd in ACCENTS.items():
        if tok.endswith(acc) and len(tok) > len(acc):
            return rf"{cmd}{{{_word(tok[:-len(acc)])}}}"
    m = re.fullmatch(r"([A-Za-z]+)(\d+)", tok)
    if m and not _word(m.group(1)).startswith(r"\mathrm"):
        return rf"{_word(m.group(1))}_{{{m.group(2)}}}"
    if len(tok) == 1 or tok.isdigit() or not upright_words:
        return tok
    return rf"\mathrm{{{tok}}}"


def symbol_latex(name: str) -> str:
    """TeX for a symbol name (see the module docstring)."""
    if name in SYMBOL_LATEX:
        return SYMBOL_LATEX[name]
    if not _IDENT.fullmatch(name):     # already TeX: keep it, Greek words made letters, scripts braced (x^{2})
        tex = re.sub(r"(?<![\\A-Za-z])(" + "|".join(sorted(GREEK, key=len, reverse=True)) + r")(?![A-Za-z])",
                     r"\\\1", name)
        tex = re.sub(r"([_^])([a-z]{2,})$", r"\1{\\mathrm{\2}}", tex)    # \bar{x}_out ends in a word
        tex = transpose_tex(tex)
        tex = re.sub(r"\\epsilon(?![A-Za-z])", r"\\varepsilon", tex)
        return brace_scripts(re.sub(r"([_^])([A-Za-z0-9+*])", r"\1{\2}", tex))
    head, _, sup = name.partition("^")
    base, *subs = head.split("_")
    if base == "fro" and subs:                  # fro_S2: ||S||_F^2
        squared = subs[-1].endswith("2") and subs[-1] != "2"
        arg = symbol_latex("_".join(subs)[:-1] if squared else "_".join(subs))
        return rf"\|{arg}\|_F" + ("^2" if squared else "")
    if base in _SPECIAL and subs:
        return rf"{_SPECIAL[base]}\,{symbol_latex('_'.join(subs))}"
    prime = "'" if subs and subs[-1] == "prime" else ""
    subs = subs[:-1] if prime else subs
    sq = "2" if subs and subs[-1] == "sq" else ""
    subs = subs[:-1] if sq else subs
    out = _word(base)
    m = re.fullmatch(r"(.*)_\{(\d+)\}", out)    # mu1_W: the digit joins the subscripts
    if m and subs:
        out, subs = m.group(1), [m.group(2)] + subs
    if subs:
        out += "_{" + ",".join(_word(s) for s in subs) + "}"
    sups = [s for s in (sq, sup) if s]
    if sups:
        out = "{" + out + "}^{" + ",".join(sups) + "}"
    return out + prime


#: ``{name: TeX}`` of the quantities of the claim being typeset, set by :func:`quantity_symbols`: a statement
#: prints each quantity as the symbol its "where" clause defines (``mu1_S`` as \(\mu_1(S)\))
_QUANTITIES: ContextVar[dict] = ContextVar("quantities", default={})


@contextmanager
def scoped(var: ContextVar, table: dict):
    """Within the block, ``var`` holds a copy of ``table`` (a per-claim name table)."""
    token = var.set(dict(table))
    try:
        yield
    finally:
        var.reset(token)


def quantity_symbols(table: dict):
    """Within the block, :func:`latex` prints each symbol named in ``table`` as its TeX."""
    return scoped(_QUANTITIES, table)


def symbol_names(expr) -> dict:
    """``symbol_names=`` argument of ``sp.latex`` for every symbol in ``expr``: a quantity's own symbol, else
    :func:`symbol_latex` of its name."""
    atoms = expr.atoms(sp.Symbol) if isinstance(expr, sp.Basic) else set()
    bases = {a.base.label for a in expr.atoms(sp.Indexed)} if atoms else set()     # kappa[i]: the base stays
    table = _QUANTITIES.get()
    return {s: (s not in bases and _braced(table.get(s.name))) or symbol_latex(s.name) for s in atoms}


def _braced(tex: str | None) -> str | None:
    """A quantity's TeX with every one-character script braced (``\\sum_lM`` as ``\\sum_{l}M``)."""
    return tex and re.sub(r"([_^])([A-Za-z0-9*])", r"\1{\2}", transpose_tex(tex))


def transpose_tex(tex: str) -> str:
    """TeX with the transpose written ``^{\\top}`` (``u_k^T(Z_t-Y)``, ``\\theta^TF\\theta``; a limit ``}^{T}`` stays)."""
    return re.sub(r"(?<!\})\^(?:\{T\}|T(?![a-z]))", r"^{\\top}", tex)


_OPEN = re.compile(r"\\left\(|\\left\[|\\left\\\{|(?<!\\)[(\[]")
_CLOSE = re.compile(r"\\right\)|\\right\]|\\right\\\}|(?<!\\)[)\]]")


def brace_scripts(tex: str) -> str:
    """``(a+b)^{2}`` as ``{(a+b)}^{2}``: a bracketed base of a script is one group (as chktex asks)."""
    opens: list[int] = []
    inserts: list[int] = []
    i = 0
    while i < len(tex):
        m_open, m_close = _OPEN.match(tex, i), _CLOSE.match(tex, i)
        if m_open:
            opens.append(i)
            i = m_open.end()
        elif m_close:
            start = opens.pop() if opens else None
            i = m_close.end()
            if start is not None and tex[i:i + 1] in ("^", "_"):
                inserts += [start, i]
        else:
            i += 1 + (tex[i] == "\\")
    for pos in sorted(inserts, reverse=True):
        tex = tex[:pos] + ("}" if inserts.index(pos) % 2 else "{") + tex[pos:]
    return tex


class _Printer(LatexPrinter):
    """SymPy's LaTeX printer, except that a sum whose first term is negative is led by its first positive term
    (``1 - \\eta \\lambda``, ``W_0 - W^*``: SymPy's order prints ``- \\eta \\lambda + 1``)."""

    def _as_ordered_terms(self, expr, order=None):
        terms = list(super()._as_ordered_terms(expr, order))
        if terms and _negative(terms[0]):
            terms.insert(0, terms.pop(next((i for i, t in enumerate(terms) if not _negative(t)), 0)))
        return terms

    def _print_MatAdd(self, expr):
        """A matrix sum, its signs read from the scalar coefficients (SymPy's minus-sign test fails on a matrix
        product, which then prints as ``+ -\\eta \\Sigma``)."""
        out = []
        for i, term in enumerate(self._as_ordered_terms(expr)):
            neg = _negative(term)
            tex = self._print(-term if neg and i else term)
            out.append(tex if not i else (" - " if neg else " + ") + tex)
        return "".join(out)

    def _print_Identity(self, expr):
        return "I"

    def _print_Transpose(self, expr):
        """``X^{\\top}``: the project's one transpose sign."""
        return super()._print_Transpose(expr).removesuffix("^{T}") + r"^{\top}"


def _negative(term) -> bool:
    """Whether a term prints with a leading minus sign (a matrix product: its scalar coefficient is negative)."""
    if isinstance(term, sp.MatMul):
        term = term.as_coeff_mmul()[0]
    return term.could_extract_minus_sign()


def sum_terms(expr) -> list[str]:
    """The printed terms of a sum with their signs, ``["a", "- b", "+ c"]``, as :func:`latex` orders them (so a
    long sum can be broken across lines); one piece for anything else."""
    expr = sp.sympify(expr)
    if not isinstance(expr, (sp.Add, sp.MatAdd)):
        return [latex(expr)]
    printer = _Printer({"symbol_names": symbol_names(expr)})
    out = []
    for i, term in enumerate(printer._as_ordered_terms(expr)):
        neg = _negative(term)
        tex = brace_scripts(printer.doprint(-term if neg and i else term))
        out.append(tex if not i else ("- " if neg else "+ ") + tex)
    return out


def latex(expr) -> str:
    """``sp.latex`` with the project's symbol names (for undefined functions too: ``K_tanh(q)``), sums led by a
    positive term."""
    expr = sp.sympify(expr)
    if isinstance(expr, sp.Basic):
        expr = expr.xreplace({f: sp.Function(symbol_latex(f.func.__name__))(*f.args)
                              for f in expr.atoms(AppliedUndef)})
    return brace_scripts(_Printer({"symbol_names": symbol_names(expr)}).doprint(expr))


# ---------------------------------------------------------------- prose
_TEXT_ESCAPES = (("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("_", r"\_"), ("^", r"\^{}"),
                 ("&", r"\&"), ("%", r"\%"), ("#", r"\#"), ("$", r"\$"), ("~", r"\textasciitilde{}"),
                 ("<", r"\(<\)"), (">", r"\(>\)"), ("|", r"\(|\)"))
_MATH_CHARS = {
    "≤": r"\le", "≥": r"\ge", "≠": r"\neq", "≈": r"\approx", "≡": r"\equiv", "∼": r"\sim", "∝": r"\propto",
    "≪": r"\ll", "≫": r"\gg", "·": r"\cdot", "×": r"\times", "∈": r"\in", "∉": r"\notin", "‖": r"\|",
    "√": r"\surd", "∞": r"\infty", "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "∂": r"\partial", "∇": r"\nabla",
    "→": r"\to", "←": r"\leftarrow", "↦": r"\mapsto", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow",
    "⊗": r"\otimes", "⊕": r"\oplus", "∘": r"\circ", "⟨": r"\langle", "⟩": r"\rangle", "±": r"\pm",
    "∓": r"\mp", "ℓ": r"\ell", "⊤": r"\top", "†": r"\dagger", "∗": r"\ast", "⋆": r"\star", "∀": r"\forall",
    "∃": r"\exists", "∧": r"\wedge", "∨": r"\vee", "¬": r"\neg", "⊂": r"\subset", "⊆": r"\subseteq",
    "∪": r"\cup", "∩": r"\cap", "∅": r"\emptyset", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}",
    "ϵ": r"\varepsilon", "ᵀ": r"^{\top}", "½": r"\tfrac12", "¼": r"\tfrac14", "¾": r"\tfrac34", "°": r"^\circ", "′": "'", "″": "''", "−": "-",
    "…": r"\ldots", "⋯": r"\cdots", "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil",
}
_TEXT_CHARS = {"–": r"\textendash{}", "—": "---", "§": r"\S{}", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~",
               "•": r"\textbullet{}", "„": ",,"}
_SUPER = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵗᵏ*", "0123456789+-=()niTtk*"))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", "0123456789+-=()aeoxhklmnpstij"))
_MATH_MARKS = {"\u0302": r"\hat", "\u0303": r"\tilde", "\u0304": r"\bar", "\u0305": r"\bar", "\u0307": r"\dot",
               "\u0308": r"\ddot", "\u20d7": r"\vec", "\u033f": r"\bar"}
_TEXT_MARKS = {"\u0301": "'", "\u0300": "`", "\u030c": "v", "\u0327": "c", "\u0306": "u", "\u030b": "H"}


def _math(tex: str) -> str:
    return rf"\({tex}\)"


def _greek(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    m = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (\w+)", name)
    if not m:
        return None
    word = {"LAMDA": "lambda", "FINAL SIGMA": "varsigma", "EPSILON": "varepsilon"}.get(m.group(2), m.group(2).lower())
    if m.group(1) == "CAPITAL":
        word = word.capitalize()
    return "\\" + word if word in GREEK else (word[0].upper() if m.group(1) == "CAPITAL" else None)


def _char(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in _TEXT_CHARS:
        return _TEXT_CHARS[ch]
    if ch in _MATH_CHARS:
        return _math(_MATH_CHARS[ch])
    if ch in _SUPER:
        return _math("^{" + _SUPER[ch] + "}")
    if ch in _SUB:
        return _math("_{" + _SUB[ch] + "}")
    g = _greek(ch)
    if g is not None:
        return _math(g) if g.startswith("\\") else g
    return rf"\texttt{{[U+{ord(ch):04X}]}}"       # anything else stays visible and compiles


def text(s: str) -> str:
    """Prose for TeX: special characters escaped, Unicode symbols as math, combining accents applied
    (``q̂`` is ``\\hat{q}``, ``é`` is ``\\'{e}``).  Adjacent math pieces are merged."""
    s = unicodedata.normalize("NFD", str(s))     # é is e + a combining acute: accents are marks below
    out: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        marks = ""
        while i + 1 + len(marks) < len(s) and unicodedata.combining(s[i + 1 + len(marks)]):
            marks += s[i + 1 + len(marks)]
        piece = next((e[1] for e in _TEXT_ESCAPES if e[0] == ch), None) or _char(ch)
        for mk in marks:
            if mk in _TEXT_MARKS and ch.isascii() and ch.isalpha():
                piece = rf"\{_TEXT_MARKS[mk]}{{{piece}}}"
            else:
                inner = piece[2:-2] if piece.startswith(r"\(") else piece
                piece = _math(rf"{_MATH_MARKS.get(mk, '')}{{{inner}}}")
        out.append(piece)
        i += 1 + len(marks)
    return "".join(out).replace(r"\)\(", "")


# ---------------------------------------------------------------- claims
#: option names whose plain-words form would be wrong (activations are proper names: ReLU)
OPTION_WORDS = {"relu": "ReLU", "leaky_relu": "leaky ReLU", "psd": "PSD", "gaussian_inpca": "Gaussian inPCA",
                "bernoulli_inpca": "Bernoulli inPCA", True: "yes", False: "no"}


def option_text(option) -> str:
    """A choice option as words for print: ``leaky_relu`` is "leaky ReLU", ``near_degenerate`` "near degenerate"."""
    word = OPTION_WORDS.get(option) if isinstance(option, (str, bool)) else None
    return text(word if word is not None else str(option).replace("_", " "))


def domain_latex(domain) -> str:
    """A parameter's domain in math mode."""
    if isinstance(domain, Interval):
        return (rf"{'(' if domain.open_lo else '['}{sp.latex(domain.lo)}, {sp.latex(domain.hi)}"
                rf"{')' if domain.open_hi else ']'}")
    if isinstance(domain, IntRange):
        return rf"\{{{domain.lo}, \dots, {domain.hi}\}}"
    if isinstance(domain, Choice):
        opts = [sp.latex(sp.sympify(o)) if isinstance(o, (int, sp.Rational)) and not isinstance(o, bool)
                else rf"\text{{{option_text(o)}}}" for o in domain.options]
        return r"\{" + ", ".join(opts) + r"\}"
    if isinstance(domain, Sequence):
        return rf"{domain_latex(domain.element)}^{{{symbol_latex(domain.length)}}}"
    return rf"\text{{{text(str(domain))}}}"


def statement_lines(statement) -> list[str]:
    """One TeX line per relation of the statement (an ``And`` is split)."""
    parts = statement.args if isinstance(statement, sp.And) else (statement,)
    return [latex(p) for p in parts]


def step_status(step) -> str:
    """``proved`` / ``refuted`` / ``undecided`` for ALGEBRA steps (SymPy), else the step's kind."""
    if step.check is StepCheck.ALGEBRA:
        return {True: "proved", False: "refuted", None: "undecided"}[step_holds(step)]
    return step.check.value


def claim_latex_inline(claim) -> str:
    """Jupyter (MathJax) rendering: tag, kind and title, then the statement with the project's symbol names."""
    title = re.sub(r"[{}$\\]", "", claim.title)
    with quantity_symbols({q.name: q.latex for q in closure(claim.quantities).values()}):
        lines = [rf"\textbf{{{claim.tag}}}\ (\text{{{claim.kind.value}}})\ \text{{{title}}}"] + statement_lines(claim.statement)
    return r"$\displaystyle\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}$"
