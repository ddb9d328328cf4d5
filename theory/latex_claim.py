"""A claim typeset for a paper: one amsthm environment, its "where" clause, derivation and evidence.

The environment follows the claim's kind (:data:`ENVIRONMENT`).  The statement is the SymPy relation printed
with the project's symbol names; the hypotheses are the parameter domains and the assumptions; the "where"
clause defines every other symbol from the claim's definition steps (``Eq(symbol, expression)`` with check
``definition``) and its ``symbols`` metadata, and names the symbols that have no definition anywhere.  A
derivation is a list of steps; consecutive equalities whose left side is the previous right side are one
``align*`` chain.  Prose (titles, justifications, descriptions, evidence summaries) goes through
:func:`theory.asciimath.prose_tex`.  Pure string building: the caller passes citation keys and figure paths.
"""
from __future__ import annotations

import re

import sympy as sp

from .asciimath import FUNCS, names, prose_tex
from .claim import Choice, Interval, Kind, StepCheck
from .quantity import closure
from .latex import (PRODUCTS, brace_scripts, domain_latex, latex, option_text, quantity_symbols, statement_lines,
                    step_status, sum_terms, symbol_latex, text, transpose_tex)

ENVIRONMENT = {Kind.DEF: "definition", Kind.CITED: "theorem", Kind.CONJ: "conjecture",
               Kind.EMPIRICAL: "conjecture"}      # every other kind is a derived proposition
THEOREM_SETUP = "\n".join([
    r"\theoremstyle{plain}", r"\newtheorem{theorem}{Theorem}[section]",
    r"\newtheorem{proposition}[theorem]{Proposition}", r"\newtheorem{conjecture}[theorem]{Conjecture}",
    r"\theoremstyle{definition}", r"\newtheorem{definition}[theorem]{Definition}"])
PACKAGES = ("amsmath", "amssymb", "amsthm", "graphicx")
FLOAT_DIGITS = 6      # at most: a summary's float keeps the significant digits its check wrote, up to this many
STATUS_WORDS = {"proved": "proved by SymPy", "refuted": "refuted by SymPy", "undecided": "undecided by SymPy",
                "definition": "definition", "numeric": "established by the numerical evidence", "cited": "cited"}


def environment(claim) -> str:
    return ENVIRONMENT.get(claim.kind, "proposition")


def definitions(claim) -> dict:
    """``{symbol name: TeX of its definition}`` from the claim's quantities (their SymPy definition, else the typeset
    one, which a closed quantity also gives where its SymPy form is too long to print), its definition steps and
    its ``symbols`` metadata."""
    out = {}
    params = {p.name: p for p in claim.parameters}
    for qn in closure(claim.quantities).values():
        p = params.get(getattr(qn.definition, "name", None))
        if p is not None and not qn.typeset:      # eta is the parameter eta lambda_1: no formula to print
            out[qn.name] = rf"\({qn.latex}\) ({prose_tex(qn.description)}) is the parameter \({param_latex(p)}\)"
            continue
        out[qn.name] = transpose_tex(rf"\({qn.typeset}\)" if qn.typeset else rf"\({qn.latex} = {latex(qn.definition)}\)") + \
            f" ({prose_tex(qn.description)})"
    for st in claim.steps:
        e = st.expr
        if st.check is StepCheck.DEFINITION and isinstance(e, sp.Equality) and isinstance(e.lhs, sp.Symbol):
            out[e.lhs.name] = rf"\({latex(e.lhs)} = {latex(e.rhs)}\)"
    for name, meaning in (claim.symbols or {}).items():
        out.setdefault(str(name), rf"\({symbol_latex(str(name))}\) is {prose_tex(str(meaning))}")
    return out


def free_names(claim) -> list[str]:
    """Names of the symbols of the statement (and of its large parameter and rate) that are not parameters."""
    exprs = [sp.sympify(e) for e in (claim.statement, claim.large, claim.rate) if e is not None]
    indexed = {a for e in exprs for a in e.atoms(sp.Indexed)}      # kappa[i]: the symbol is kappa, i an index
    indices = {s for a in indexed for i in a.indices for s in i.free_symbols}
    names = {a.base.label.name for a in indexed}
    names |= {s.name for e in exprs for s in e.free_symbols
              if isinstance(s, sp.Symbol) and s not in indices and s.name not in names}
    return sorted(names - {p.name for p in claim.parameters})


def undefined_symbols(claim) -> list[str]:
    """The statement's non-parameter symbols without a definition in the theory."""
    defs = definitions(claim)
    return [n for n in free_names(claim) if n not in defs]


def param_latex(p) -> str:
    """A parameter's symbol: its own (``Param.math``), else its typeset name."""
    return p.math or symbol_latex(p.name)


def membership(p) -> str:
    """``x \\in [a, b]``; a half-open interval as inequalities, ``a \\le x < b``."""
    d, x = p.domain, param_latex(p)
    if isinstance(d, Interval) and d.open_lo != d.open_hi:
        lo, hi = ("<" if d.open_lo else r"\le"), ("<" if d.open_hi else r"\le")
        return rf"{sp.latex(d.lo)} {lo} {x} {hi} {sp.latex(d.hi)}"
    return brace_scripts(rf"{x} \in {domain_latex(d)}")


def _words_choice(p) -> bool:
    """Whether a parameter is a choice among words named by a word, with no symbol (``spectrum``): it is stated
    in words, "spectrum: geometric or power"."""
    return (not p.math and isinstance(p.domain, Choice) and symbol_latex(p.name).startswith(r"\mathrm")
            and not any(isinstance(o, (int, sp.Rational)) and not isinstance(o, bool) for o in p.domain.options))


def _plain(tex: str) -> str:
    return re.sub(r"[\s{}]|\\[()]", "", tex)


def _hypothesis(p) -> str:
    """One parameter's hypothesis, with its description unless that only restates its symbol."""
    desc = prose_tex(p.description) if p.description else ""
    if _plain(desc) == _plain(param_latex(p)):
        desc = ""
    if _words_choice(p):
        opts = [option_text(o) for o in p.domain.options]
        head = text(p.name.replace("_", " ")) + ": " + (" or ".join(opts) if len(opts) < 3 else
                                                         ", ".join(opts[:-1]) + " or " + opts[-1])
    else:
        head = rf"\({membership(p)}\)"
    return head + (f" ({desc})" if desc else "")


def _hypotheses(claim) -> str:
    parts = [_hypothesis(p) for p in claim.parameters if p.hypothesis]
    assume = [rf"\({latex(a)}\)" if isinstance(a, sp.Basic) else prose_tex(a) for a in claim.assumptions]
    out = _sentence("Let " + "; ".join(parts)) if parts else ""
    if assume:
        out += _sentence("Assume " + "; ".join(assume))
    return out + ("Then" if out else "")


def _sentence(s: str) -> str:
    """``s`` ended by a full stop (``\\@.`` after a capital: "Assume phi = ReLU\\@. Then")."""
    return s + (r"\@. " if s[-1:].isupper() else ". ")


def _top_split(tex: str) -> list[str]:
    """A typeset definition ``q = ...,\\ A = ...,\\ B = ...`` split at its top-level ``,\\ `` separators."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(tex):
        depth += ch in "{([" and tex[i - 1:i] != "\\"
        depth -= ch in "})]" and tex[i - 1:i] != "\\"
        if depth == 0 and tex.startswith(r",\ ", i):
            parts.append(tex[start:i])
            start = i + 3
    return parts + [tex[start:]]


def _once(entries: list[str]) -> list[str]:
    """The "where" entries with each auxiliary definition (``A = ...`` after a quantity's own) printed only
    where it first occurs: quantities of one construction share it."""
    seen, out = set(), []
    for entry in entries:
        m = re.match(r"\\\((.*?)\\\)", entry)
        if m is None:
            out.append(entry)
            continue
        own, *aux = _top_split(m.group(1))
        aux = [a for a in aux if a not in seen]
        seen.update(aux)
        out.append(r"\(" + r",\ ".join([own] + aux) + r"\)" + entry[m.end():])
    return out


def _where(claim) -> str:
    defs = definitions(claim)
    names = free_names(claim)
    names += [n for n in sorted(defs) if n not in names and n in {s.name for s in closure(claim.quantities)}]
    known = _once([defs[n] for n in names if n in defs])
    known += [rf"\({param_latex(p)}\) is {prose_tex(PRODUCTS[p.name])}" for p in claim.parameters if p.name in PRODUCTS]
    missing = [n for n in names if n not in defs]
    out = []
    if known:
        out.append(r"\noindent where " + "; ".join(known) + ".")
    if missing:
        out.append(r"\noindent\textbf{Not defined in the theory:} "
                   + ", ".join(rf"\({symbol_latex(n)}\)" for n in missing)
                   + r" (the check code evaluates these symbols; the theory states no definition).")
    return "\n\n".join(out)


def _chains(steps) -> list[list]:
    """Consecutive steps grouped: an equality continues the chain when its left side is the last right side."""
    groups: list[list] = []
    for st in steps:
        e = st.shown
        prev = groups[-1][-1].shown if groups else None
        if (isinstance(e, sp.Equality) and isinstance(prev, sp.Equality) and not getattr(e.lhs, "is_Matrix", False)
                and sp.srepr(e.lhs) == sp.srepr(prev.rhs)):
            groups[-1].append(st)
        else:
            groups.append([st])
    return groups


_REL = {sp.Equality: "=", sp.Unequality: r"\neq", sp.LessThan: r"\leq", sp.StrictLessThan: "<",
        sp.GreaterThan: r"\geq", sp.StrictGreaterThan: ">"}


#: visible characters of one displayed line (commands and braces not counted): a longer sum is broken
LINE_WIDTH = 72


def _width(tex: str) -> int:
    return len(re.sub(r"\\[A-Za-z]+|[{}\s]", "", tex))


def _lines(expr) -> list[str]:
    """A side of a relation as lines of at most LINE_WIDTH visible characters, broken between the terms of a sum
    (a single term longer than a line stays whole)."""
    lines = [""]
    for term in sum_terms(expr):
        if lines[-1] and _width(lines[-1] + term) > LINE_WIDTH:
            lines.append("")
        lines[-1] += (" " if lines[-1] else "") + term
    return lines


def _row(expr, first: bool) -> str:
    """One align row (``lhs &= rhs``), a long side broken into lines that continue at the alignment point."""
    rel = _REL.get(type(expr))
    if rel is None:
        return "&" + latex(expr)
    lhs = _lines(expr.lhs) if first else [""]
    rhs = _lines(expr.rhs)
    if len(lhs) > 1 or _width(lhs[0] + rhs[0]) > LINE_WIDTH and len(rhs) == 1 and lhs[0]:
        head = [rf"&{line}" if j == 0 else rf"&\quad {line}" for j, line in enumerate(lhs)]
        return " \\\\\n".join(head + [rf"&{rel} {rhs[0]}"] + [rf"&\quad {line}" for line in rhs[1:]])
    return " \\\\\n".join([rf"{lhs[0]} &{rel} {rhs[0]}"] + [rf"&\quad {line}" for line in rhs[1:]])


def derivation_tex(claim) -> str:
    """The derivation: displayed chains, each step numbered with its justification and SymPy status."""
    out, n = [], 0
    for group in _chains(claim.steps):
        rows, notes = [], []
        for j, st in enumerate(group):
            n += 1
            if st.shown not in (sp.true, sp.false):
                rows.append(_row(st.shown, j == 0) + rf" && \text{{({n})}}")
            notes.append(rf"\item[({n})] \textit{{{STATUS_WORDS[step_status(st)]}:}} {prose_tex(st.justification)}")
        if rows:
            out += [r"\begin{align*}", " \\\\\n".join(rows), r"\end{align*}"]
        out += [r"\begin{itemize}"] + notes + [r"\end{itemize}"]
    return "\n".join(out)


_FRACTION = re.compile(r"(?:Fraction|Rational)\((-?\d+), (\d+)\)")
_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d+(?:[eE][-+]?\d+)?(?![\w.])|(?<![\w.])-?\d+[eE][-+]?\d+(?![\w.])")


def number_tex(x: float, digits: int = FLOAT_DIGITS) -> str:
    """A float to ``digits`` significant digits, in math: ``1.235``, ``3.1\\times 10^{-7}``."""
    mant, _, exp = f"{x:.{digits - 1}e}".partition("e")
    e = int(exp)
    if -3 <= e < digits:
        return f"{x:.{max(digits - 1 - e, 0)}f}"
    return rf"{mant}\times 10^{{{e}}}"


def _written_digits(number: str) -> int:
    """Significant digits of a written float: ``0.0023`` has 2, ``1.0969`` 5, ``2.50e-7`` 3."""
    return max(1, len(re.sub(r"[eE].*", "", number).lstrip("-").replace(".", "").lstrip("0")))


def evidence_tex(summary: str) -> str:
    """An evidence summary for print: ``Fraction(1, 4)`` is \\(\\frac{1}{4}\\), floats keep the significant digits
    written, at most FLOAT_DIGITS, a counted ``3 case(s)`` is ``3 cases`` (an uncounted one plural), ``chi2/dof`` is χ²/dof, the rest is prose with ASCII math."""
    pieces, last = [], 0
    summary = re.sub(r"\b(\d+) ((?:[A-Za-z]+ )*[A-Za-z]+)\(s\)", lambda m: f"{m[1]} {m[2]}" + "s" * (m[1] != "1"),
                     summary)
    summary = re.sub(r"\b([A-Za-z]{3,})\(s\)", lambda m: m[0] if m[1] in FUNCS else m[1] + "s", summary)
    summary = summary.replace("chi2/dof", "chi^2/dof")
    for m in re.finditer(f"{_FRACTION.pattern}|{_FLOAT.pattern}", summary):
        pieces.append(prose_tex(summary[last:m.start()]))
        if m.group(1) is not None:
            pieces.append(rf"\(\frac{{{m.group(1)}}}{{{m.group(2)}}}\)")
        else:
            pieces.append(rf"\({number_tex(float(m.group()), min(FLOAT_DIGITS, _written_digits(m.group())))}\)")
        last = m.end()
    pieces.append(prose_tex(summary[last:]))
    return "".join(pieces)


def identifiers(claim) -> dict:
    """``{name: TeX}`` of the claim's parameters and quantities whose names are identifiers rather than words
    (``x1_direct``, ``eta_frac``): its prose typesets them as the symbols its statement uses."""
    table = {p.name: param_latex(p) for p in claim.parameters}
    table |= {q.name: q.latex for q in closure(claim.quantities).values()}
    return {k: v for k, v in table.items() if re.search(r"[_\d]", k)}


def _items_tex(summary) -> str:
    """A summary, or its first item with the others listed below it (a list of items)."""
    if isinstance(summary, str):
        return evidence_tex(summary)
    first, *rest = summary
    items = "".join(rf"\item {evidence_tex(s)}" + "\n" for s in rest)
    return evidence_tex(first) + (f"\n\\begin{{itemize}}\n{items}\\end{{itemize}}" if rest else "")


def claim_section(claim, verdict: str | None = None, evidence=(), cites=(), figures=()) -> str:
    """The ``\\section`` of one claim (``evidence``: ``(tier, status, summary)`` rows, a summary being a string or
    its list of items; ``cites``: BibTeX keys; ``figures``: ``(image path, caption TeX)`` of each figure)."""
    with names(identifiers(claim)), quantity_symbols({q.name: q.latex for q in closure(claim.quantities).values()}):
        return _section(claim, verdict, evidence, cites, figures)


def _section(claim, verdict, evidence, cites, figures) -> str:
    env = environment(claim)
    title = prose_tex(claim.title)
    cite = rf"\cite{{{','.join(cites)}}}" if cites else ""
    out = [rf"\section{{\texorpdfstring{{{text(claim.tag)}: {title}}}{{{text(claim.tag)} {text(claim.id)}}}}}"
           rf"\label{{claim:{claim.id}}}",
           rf"\noindent Claim \texttt{{{text(claim.id)}}}, kind \texttt{{{claim.kind.value}}}. Source: {prose_tex(claim.provenance.source)}"
           + (f"~{cite}." if cite else "."), "",
           rf"\begin{{{env}}}[{text(claim.tag)}]", _hypotheses(claim),
           r"\begin{gather*}", " \\\\\n".join(statement_lines(claim.statement)), r"\end{gather*}"]
    if claim.large is not None:
        out.append(rf"as \({latex(claim.large)} \to \infty\)" +
                   (rf", with error \(O\!\left({latex(claim.rate)}\right)\)." if claim.rate is not None else "."))
    out += [rf"\end{{{env}}}", _where(claim), "", rf"\noindent\emph{{{prose_tex(claim.provenance.note)}}}"]
    if claim.steps:
        out += [r"\paragraph{Derivation.}", derivation_tex(claim)]
    out.append(r"\paragraph{Evidence.}")
    out += [rf"The checks draw their random instances by \({membership(p)}\)"
            + (f" ({prose_tex(p.description)})." if p.description else ".") for p in claim.parameters if not p.hypothesis]
    if verdict is None:
        out.append("Not run (no results file given).")
    else:
        out.append(rf"Verdict: \textbf{{{text(verdict)}}}.")
        if evidence:
            out += [r"\begin{itemize}"]
            out += [rf"\item {text(tier.replace('_', ' '))}, \textit{{{text(status)}}}: {_items_tex(summary)}"
                    for tier, status, summary in evidence]
            out.append(r"\end{itemize}")
    for path, caption in figures:
        out += [r"\begin{figure}[htbp]", r"\centering", rf"\includegraphics[width=0.7\linewidth]{{{path}}}",
                rf"\caption{{{caption}}}", r"\end{figure}"]
    return "\n".join(out) + "\n"
