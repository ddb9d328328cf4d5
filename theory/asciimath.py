"""Prose with ASCII mathematics (claim titles, step justifications, parameter descriptions) as TeX.

The theory writes formulas inline in plain text: ``diagonal NTK entries / (alpha M) -> kappa_1``,
``V(s) = E phi(sqrt(s) z)^2``.  :func:`prose_tex` splits such text into prose words and maximal runs of
mathematical tokens, and typesets each run as inline math by a small fixed translation:

- identifiers through :func:`theory.latex.symbol_latex` (``kappa_1`` is ``\\kappa_{1}``), with ``x_(..)``,
  ``x_{..}``, ``x^(..)``, ``x^-1/2`` as sub- and superscripts;
- ``->`` ``<->`` ``<=`` ``>=`` ``!=`` ``~`` ``oo`` ``infinity`` as ``\\to \\leftrightarrow \\le \\ge \\neq \\sim \\infty``,
  ``**`` as ``^``, ``1e-10`` as ``10^{-10}``, ``Abs(u)`` as ``|u|``, a combining accent (``z̄``) on its symbol;
- ``sqrt(u)`` as ``\\sqrt{u}``, ``log exp cosh tr min max ...`` as operator names, ``int sum prod`` as operators.

- ``(x)`` as ``\\otimes``, ``x^T`` as ``x^{\\top}`` (the transpose), ``<u, v>`` as an inner product, ``x^a^b`` as ``{x^a}^b``, four primes as
  ``^{(4)}``, ``2 x 3`` (spaced) as ``2 \\times 3``, ``W*`` as ``W^*``, ``u . v`` as ``u \\cdot v``.

A word of two or more letters that is not Greek, not a known function and not one of the project's symbol
names is prose (two lower-case letters that are not an English word, ``ck``, are a product), and so is a
compound with such a word (``bias-free``, ``leaky_relu``); a word followed by ``_``, ``^`` or ``(`` is math.
Commas inside brackets stay in the formula; a bracket without its partner in the formula is prose.
The translation is syntactic: it neither parses nor reorders, so what it prints is what the text says.
"""
from __future__ import annotations

import re
from contextvars import ContextVar

from .latex import _MATH_MARKS, GREEK, OPTION_WORDS, SYMBOL_LATEX, _char, brace_scripts, scoped, symbol_latex, text

FUNCS = {"sqrt", "log", "ln", "exp", "cosh", "sinh", "tanh", "cos", "sin", "tan", "erf", "acos", "asin",
         "atan", "tr", "det", "min", "max", "argmin", "argmax", "sup", "inf", "lim", "rank", "diag", "eig",
         "sign", "floor", "ceil", "int", "sum", "prod", "Cov", "Var", "E", "LSE", "BC"}
_OPNAME = {"int": r"\int", "sum": r"\sum", "prod": r"\prod", "lim": r"\lim", "inf": r"\inf",
           "sup": r"\sup", "min": r"\min", "max": r"\max", "log": r"\log", "ln": r"\ln", "exp": r"\exp",
           "cosh": r"\cosh", "sinh": r"\sinh", "tanh": r"\tanh", "cos": r"\cos", "sin": r"\sin",
           "tan": r"\tan", "det": r"\det"}
_OPS = [("<->", r"\leftrightarrow "), ("->", r"\to "), ("=>", r"\Rightarrow "), ("<=", r"\le "), (">=", r"\ge "), ("!=", r"\neq "),
        ("+-", r"\pm "), ("..", r"\dots "), ("||", r"\| "), ("~", r"\sim "), ("<", "<"), (">", ">"), ("*", r"\cdot "),
        ("#", r"\#"), ("%", r"\%"), ("&", r"\&"), ("|", r"\vert ")]
_WORD = r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:'+(?![A-Za-z]))?"
_BASIC = (r"(?P<num>\d+(?:\.\d+)?(?:e[-+]?\d+(?![\w.]))?)|(?P<op><->|->|=>|<=|>=|!=|\+-|\.\.|\|\|)|(?P<space>\s+)"
          r"|(?P<other>.)")
_PROSE_WORD = r"\b(?:i\.e|e\.g|cf|et al)\.|[A-Za-z]{2,}\(s\)|(?:\d+|[A-Za-z]+)(?:-[A-Za-z]+)+|[A-Za-z]+'s\b"
_TOKEN = re.compile(r"(?P<word>" + _PROSE_WORD + "|" + _WORD + ")|" + _BASIC, re.S)
_SIMPLE = re.compile(r"(?P<word>" + _WORD + ")|" + _BASIC, re.S)
_PUNCT = set(",.;:")
#: ``{name: TeX}`` of the identifiers the text at hand may use (a claim's parameters and quantities), set by
#: :func:`names`: ``x1_direct`` is then the symbol \(x_{1,\mathrm{direct}}\), not the words "x1 direct"
_NAMES: ContextVar[dict] = ContextVar("names", default={})


def names(table: dict):
    """Within the block, :func:`prose_tex` typesets each identifier of ``table`` as its TeX."""
    return scoped(_NAMES, table)


ENGLISH_2 = {"an", "as", "at", "be", "by", "do", "go", "if", "in", "is", "it", "no", "of", "on", "or", "so", "to",
             "up", "us", "we"}


def _is_prose(word: str) -> bool:
    if word in _NAMES.get():
        return False
    word = word.removesuffix("(s)").rstrip("'") or word
    if word.endswith("'s"):
        return _is_prose(word[:-2])
    if "-" in word or "_" in word:       # bias-free, 1-homogeneous, leaky_relu
        parts = re.split(r"[-_]", word)
        return all(len(w) >= 2 or w.isdigit() for w in parts) and any(_is_prose(w) for w in parts)
    if re.fullmatch(r"[SGKRF]\d+[a-z]?", word) or re.fullmatch(r"(?:float|int)\d+", word):   # S26, F1b; float64
        return True
    if len(word) == 2 and word.islower() and word not in ENGLISH_2:      # ck, nx: products of symbols
        return False
    if len(word) < 2 or _known(word):
        return False
    if re.search(r"\d", word) or re.fullmatch(r"[a-z]?[A-Z]{1,2}[a-z]?", word):   # mu1, XX, ES
        return False
    return True


def _known(word: str) -> bool:
    return word in GREEK or word in FUNCS or word in SYMBOL_LATEX or word in ("oo", "infinity", "lam", "eps")


_ORDINAL = {"th", "st", "nd", "rd"}


def _mixed(word: str) -> list[tuple[str, str]] | None:
    """A compound of single letters and words, ``i-th``, ``rank-k``, ``x-dependent``: each letter is a symbol and
    the rest (hyphens included) prose, so it prints as ``$i$-th``.  None for any other word."""
    parts = word.split("-")
    if not all(p.isalpha() for p in parts) or len({len(p) == 1 for p in parts}) < 2:
        return None
    out: list[tuple[str, str]] = []
    for j, part in enumerate(parts):
        piece = ("word", part) if len(part) == 1 else ("prose", part)
        if j:
            out.append(("prose", "-"))
        out.append(piece)
    return out


def _tokens(s: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(s):
        w = m.group()
        if m.lastgroup == "word" and ("-" in w or w.endswith("(s)")) and not _is_prose(w):   # N-b, sqrt(s)
            out += _mixed(w) or [(n.lastgroup, n.group()) for n in _SIMPLE.finditer(m.group())]
        elif (m.lastgroup == "word" and w in _ORDINAL and out[-1:] == [("other", "-")]
              and len(out) > 1 and out[-2][0] != "space"):                     # lambda_i-th
            out[-1:] = [("prose", "-"), ("prose", w)]
        else:
            out.append((m.lastgroup, m.group()))
    return out


_PROSE_OPS = {"sum", "int", "prod", "min", "max", "tr", "rank", "diag", "eig", "sign", "det", "lim", "inf", "sup"}


def _next_word(tokens, i: int) -> tuple[str, str]:
    j = i + 1
    while j < len(tokens) and tokens[j][0] == "space":
        j += 1
    return tokens[j] if j < len(tokens) else ("", "")


def _prose_token(tokens, i: int) -> bool:
    kind, tok = tokens[i]
    nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ""
    if tok in ".:" and tokens[i - 1:i] == [("space", " ")] and nxt == " ":     # u . v, {i : ...}
        return False
    if kind in ("space", "prose") or (kind == "other" and tok in _PUNCT):
        return True
    if kind == "other" and not tok.isascii():
        return tok not in _MATH_MARKS and not _char(tok).startswith(r"\(")
    prev_tok = tokens[i - 1][1] if i else ""
    if kind != "word" or nxt in ("_", "^", "(") or prev_tok in ("_", "^"):
        return False
    after = _next_word(tokens, i)
    if tok in _PROSE_OPS or tok == "a":       # "the layer sum of", "a common translation"
        prev = next((t for t in reversed(tokens[:i]) if t[0] != "space"), ("", ""))
        article_ok = tok != "a" or prev[0] in ("", "word") or prev[1] in _PUNCT
        return (after[0] == "prose" or after[0] in ("", "word") and _is_prose(after[1] or "xx")) and article_ok
    return _is_prose(tok)


def _runs(tokens):
    """Alternating ("prose", tokens) and ("math", tokens) segments (see the module docstring)."""
    segs: list[list] = []
    for i, (kind, tok) in enumerate(tokens):
        prose = _prose_token(tokens, i)
        label = "prose" if prose else "math"
        if kind == "space" and segs:
            label = segs[-1][0]
        if segs and segs[-1][0] == label:
            segs[-1][1].append((kind, tok))
        else:
            segs.append([label, [(kind, tok)]])
    _absorb_punctuation(segs)
    out: list[list] = []
    for label, toks in segs:    # a bracket unmatched inside its formula belongs to the prose: "(arXiv 1806.01316)"
        lone = _unmatched(toks) if label == "math" else set()
        for j, t in enumerate(toks):
            lab = "prose" if j in lone else label
            if out and out[-1][0] == lab:
                out[-1][1].append(t)
            else:
                out.append([lab, [t]])
    for seg in out:
        if all(k == "space" or t in "()[]" for k, t in seg[1]):
            seg[0] = "prose"
    return out


def _unmatched(toks) -> set[int]:
    """Indices of the brackets of ``toks`` that have no partner within ``toks``."""
    stack, lone = [], set()
    for j, (_, t) in enumerate(toks):
        if t in "([{":
            stack.append(j)
        elif t in ")]}":
            if stack:
                stack.pop()
            else:
                lone.add(j)
    return lone | set(stack)


def _absorb_punctuation(segs) -> None:
    """Commas inside brackets belong to the formula: ``(a, b)`` is one math run."""
    i = 0
    while i + 2 < len(segs):
        left, mid, right = segs[i], segs[i + 1], segs[i + 2]
        depth = sum(t in ("(", "[", "{", "\u27e8") for _, t in left[1]) - \
            sum(t in (")", "]", "}", "\u27e9") for _, t in left[1])
        if left[0] == right[0] == "math" and depth > 0 and all(k == "space" or t in ",;:" for k, t in mid[1]):
            left[1] += mid[1] + right[1]
            del segs[i + 1:i + 3]
        else:
            i += 1


def _math(tokens) -> str:
    """TeX of one run of mathematical tokens (see the module docstring)."""
    out: list[str] = []
    close: list[str] = []          # what each open bracket closes with
    i = 0
    toks = []
    for j, (kind, tok) in enumerate(tokens):       # sum_k, and delta^l_k: the subscript is a token of its own
        head, sep, rest = tok.partition("_")
        if kind == "word" and sep and tok not in _NAMES.get() and (head in _OPNAME or head in _PROSE_OPS
                                                                   or (j and tokens[j - 1][1] == "^")):
            toks += [("word", head), ("other", "_"), ("word", rest)]
        else:
            toks.append((kind, tok))
    while i < len(toks):
        kind, tok = toks[i]
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if kind == "word":
            base = tok.rstrip("'")
            primes = tok[len(base):]
            if base in ("sqrt", "floor", "ceil", "Abs") and nxt == "(":
                out.append({"sqrt": r"\sqrt{", "floor": r"\lfloor ", "ceil": r"\lceil ", "Abs": r"\lvert "}[base])
                close.append({"sqrt": "}", "floor": r"\rfloor ", "ceil": r"\rceil ", "Abs": r"\rvert "}[base])
                i += 2
                continue
            if base == "sqrt" and i + 2 < len(toks) and toks[i + 1][0] == "space":      # 1/sqrt 2
                out.append(rf"\sqrt{{{_math(toks[i + 2:i + 3])}}}")
                i += 3
                continue
            if base in _NAMES.get():
                out.append(_NAMES.get()[base] + " ")
            elif (base == "x" and 2 <= i < len(toks) - 2 and toks[i - 2][0] == toks[i + 2][0] == "num"
                  and toks[i - 1][0] == toks[i + 1][0] == "space"):                                  # 2 x 3
                out.append(r"\times ")
            elif _is_prose(base):
                out.append(rf"\text{{{text(tok)}}}")
            elif (re.fullmatch(r"[a-z]{2}", base) and base not in ENGLISH_2 and not _known(base)
                  or re.fullmatch(r"([A-Z])\1", base)):
                out.append(" ".join(base) + " ")          # ck is c times k, XX is X X
            elif base == "oo" or base == "infinity":
                out.append(r"\infty ")
            elif base in _OPNAME:
                out.append(_OPNAME[base] + " ")
            elif base in FUNCS and len(base) > 1:
                out.append(rf"\operatorname{{{base}}}")
            else:
                out.append(symbol_latex(base) + " ")
            if len(primes) > 2:                                  # f'''' is f^(4)
                out[-1] = "{" + out[-1].strip() + f"^{{({len(primes)})}}" + "}"
            elif primes:
                out[-1] = "{" + out[-1].strip() + primes + "}"     # a'_i^2: the prime is a superscript
        elif kind in ("op", "other") and tok in ("_", "^"):
            if len(out) >= 3 and out[-2] == tok:       # zeta^GD^T is (zeta^GD)^T
                out[-3:] = ["{" + "".join(out[-3:]).strip() + "}"]
            out.append(tok)
            i += 1
            script = _script(toks, i, close)
            out.append(r"{\top}" if tok == "^" and script == "{T}" else script)     # x^T: the transpose
            i = _script_end(toks, i)
            continue
        elif (tok == "(" and toks[i + 1:i + 3] == [("word", "x"), ("other", ")")] and i and toks[i - 1][0] == "space"
              and toks[i + 3:i + 4] == [("space", " ")]):                  # Q (x) J: Kronecker product; f(x) is f(x)
            out.append(r"\otimes ")
            i += 3
            continue
        elif tok == "[" and nxt == "[":                  # [[a, b], [c, d]]: the outer bracket of a matrix
            out.append(r"\lbrack ")
            close.append(r"\rbrack ")
        elif tok in ("(", "[", "{"):
            out.append({"(": "(", "[": "[", "{": r"\{"}[tok])
            close.append({"(": ")", "[": "]", "{": r"\}"}[tok])
        elif tok in (")", "]", "}"):
            out.append(close.pop() if close else {")": ")", "]": "]", "}": r"\}"}[tok])
        elif kind == "space":
            out.append(" ")
        elif tok == ".":
            out.append(r"\cdot ")
        elif tok == "!":
            out.append("!{}")                 # a factorial, not punctuation
        elif tok == "*" and i and toks[i - 1][0] in ("word", "other") and nxt in ("", " ", ")", ",", "]", "|", "^", "_", "/"):
            out.append("^{*}")                 # W* is W star; a * b is a product
        elif kind == "op" or tok in dict(_OPS):
            out.append(dict(_OPS)[tok])
        elif tok in _MATH_MARKS and out:            # z̄, d̿: a combining accent on the symbol before it
            out[-1] = _MATH_MARKS[tok] + "{" + out[-1].strip() + "}" + ("}" if tok == "\u033f" else "")
            if tok == "\u033f":
                out[-1] = r"\bar{" + out[-1]
        elif not tok.isascii():
            piece = _char(tok)
            out.append(piece[2:-2] + " " if piece.startswith(r"\(") else piece)
        elif kind == "num" and "e" in tok:           # 1e-10 is 10^{-10}, 2.5e4 is 2.5 \times 10^{4}
            mant, _, exp = tok.partition("e")
            out.append((f"{mant} \\times " if mant != "1" else "") + f"10^{{{int(exp)}}} ")
        else:
            out.append(tok)
        i += 1
    out += close[::-1]
    tex = re.sub(r"\s+", " ", "".join(out)).strip()
    return brace_scripts(re.sub(r"(?<=[(\[{]) | (?=[)\]}_^])", "", tex))


def _script_end(toks, i: int) -> int:
    """Index after a sub/superscript operand starting at ``toks[i]``."""
    if i >= len(toks):
        return i
    if toks[i][1] in ("(", "{", "["):
        return _group_end(toks, i)
    signed = toks[i][1] in ("-", "+")
    j = i + signed
    j += j < len(toks) and (toks[j][0] in ("word", "num") or (toks[j][0] == "other" and not signed
                                                              and toks[j][1] not in ")]}"))
    if j < len(toks) and toks[j - 1][1] in FUNCS and toks[j][1] == "(":      # x^floor(t/eta)
        return _group_end(toks, j)
    if (signed or toks[j - 1][1] == "1") and j + 1 < len(toks) and toks[j][1] == "/" and toks[j + 1][0] == "num":
        j += 2          # M^-1/2, Gamma^1/2 (but delta^2/8 is delta squared over 8)
    return j


def _group_end(toks, i: int) -> int:
    """Index after the bracket group opening at ``toks[i]``."""
    depth, j = 0, i
    while j < len(toks):
        depth += toks[j][1] in ("(", "{", "[")
        depth -= toks[j][1] in (")", "}", "]")
        j += 1
        if depth == 0:
            break
    return j


def _script(toks, i: int, close) -> str:
    j = _script_end(toks, i)
    inner = toks[i:j]
    if inner and inner[0][1] in ("(", "{") and inner[-1][1] in (")", "}"):
        inner = inner[1:-1]
    return "{" + _math(inner) + "}"


_BRACKET = re.compile(r"(?:(?<=^)|(?<=[\s|(]))<(?![\s=-])([^<>]*?[^\s<>])>")


_OPTION_WORD = re.compile(r"\b(?:" + "|".join(k for k in OPTION_WORDS if isinstance(k, str)) + r")\b")


def prose_tex(s: str) -> str:
    """``s`` as TeX: prose escaped (:func:`theory.latex.text`), each mathematical run as ``\\(...\\)``.
    ``<u, v>`` (no space inside the brackets) is an inner product."""
    out = []
    for label, toks in _runs(_tokens(_BRACKET.sub("\u27e8\\1\u27e9", str(s).replace("**", "^")))):
        raw = "".join(t for _, t in toks)
        if label == "prose":
            raw = _OPTION_WORD.sub(lambda m: OPTION_WORDS[m[0]], raw)                  # leaky_relu: leaky ReLU
            prose = re.sub(r"(?<=[A-Z])([.:])(?=\s)", r"\\@\1", text(raw))    # "NTK. The": a sentence ends
            out.append(re.sub(r"\b(al|e\.g|i\.e|cf|vs|eqs?|resp)\. ", r"\1.\\ ", prose))   # "et al. X"
            continue
        lead = raw[:len(raw) - len(raw.lstrip())]
        trail = raw[len(raw.rstrip()):]
        core = [t for t in toks]
        while core and core[0][0] == "space":
            core.pop(0)
        while core and core[-1][0] == "space":
            core.pop()
        out.append(lead + rf"\({_math(core)}\)" + trail)
    return "".join(out).replace(r"\)\(", " ")


def math_identifiers(s: str) -> list[str]:
    """The identifiers ``prose_tex`` typesets as symbols in ``s`` (``kappa_1``, ``Kd``, ``f''``), in order, primes
    kept; operator names (``sqrt``, ``sum_k``'s ``sum``) left out and a product of two letters (``ck``) split."""
    toks = _tokens(_BRACKET.sub("\u27e8\\1\u27e9", str(s).replace("**", "^")))
    out = []
    for label, run in _runs(toks):
        for kind, t in run if label == "math" else ():
            head, sep, rest = t.partition("_")
            if kind != "word" or t in _NAMES.get() or _is_prose(t) or t in FUNCS or t in _OPNAME:
                continue
            if sep and (head in _OPNAME or head in _PROSE_OPS):
                out += [] if rest.isdigit() else [rest]
            elif re.fullmatch(r"[a-z]{2}", t) and t not in ENGLISH_2 and not _known(t) or re.fullmatch(r"([A-Z])\1", t):
                out += list(t)
            else:
                out.append(t)
    return out
