"""LaTeX: symbol names, escaped prose, ASCII math, claims as theorems, and the whole catalogue compiled to a PDF.

The compile and chktex tests need TeX Live; CI installs it (.ci/run) and sets SLOPPY_REQUIRE_TEX=1 (or CI=true),
so there a missing engine or chktex fails instead of skipping."""
import os
import re
import shutil

import pytest
import sympy as sp

from sloppy_verifier.theory import catalogue, select
from sloppy_verifier.theory.asciimath import prose_tex
from sloppy_verifier.theory.latex import latex, symbol_latex, text
from sloppy_verifier.theory.latex_claim import ENVIRONMENT, claim_section, evidence_tex, undefined_symbols
from sloppy_verifier.verify import latex_doc
from sloppy_verifier.verify.cli import main


@pytest.mark.parametrize("name, tex", [
    ("sigma_w2", r"\sigma_w^2"), ("lam_k", r"\lambda_{k}"), ("mu_i", r"\mu_{i}"), ("eta", r"\eta"),
    ("kappa_1", r"\kappa_{1}"), ("varrho_n", r"\varrho_n"), ("qhat", r"\hat{q}"), ("qtilde", r"\tilde{q}"),
    (r"\hat{q}", r"\hat{q}"), ("fro_S2", r"\|S\|_F^2"), ("mu1_W", r"\mu_{1,W}"), ("chi_1^*", r"{\chi_{1}}^{*}"),
    (r"\bar{lambda}_out", r"\bar{\lambda}_{\mathrm{out}}"), ("ES_mc", r"\mathrm{ES}_{\mathrm{mc}}"),
])
def test_symbol_names(name, tex):
    assert symbol_latex(name) == tex


def test_latex_uses_symbol_names():
    s, k = sp.symbols("sigma_w2 lam_k")
    assert latex(sp.Le(s * k, 1)) == r"\lambda_{k} \sigma_w^2 \leq 1"


def test_text_escapes_and_unicode():
    assert text("a_b 100% {x} $ #") == r"a\_b 100\% \{x\} \$ \#"
    assert text("q̂ ≤ σ²") == r"\(\hat{q}\) \(\le\) \(\sigma^{2}\)"
    assert text("Tomić – x<y") == r"Tomi\'{c} \textendash{} x\(<\)y"
    assert "U+" in text("\u2a01")                           # unknown symbols stay visible and compile


def test_repr_latex():
    (c,) = select(["ribbon.width_box"])
    out = c._repr_latex_()
    assert out.startswith("$") and out.endswith("$") and r"\sqrt{N \lambda}" in out and "S14" in out


def test_pdf_without_engine_is_one_line_exit_2(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(latex_doc.shutil, "which", lambda name: None)
    code = main(["derive", "ribbon.width_box", "--latex", str(tmp_path / "d.tex"), "--pdf"])
    err = capsys.readouterr().err
    assert code == 2 and "no TeX engine" in err and len(err.strip().splitlines()) == 1
    assert (tmp_path / "d.tex").exists()


def _require(tool_missing: bool, what: str):
    if tool_missing:
        if os.environ.get("SLOPPY_REQUIRE_TEX") or os.environ.get("CI") == "true":
            pytest.fail(f"CI requires {what}, which is not installed")
        pytest.skip(f"{what} not installed")


@pytest.mark.parametrize("ascii_, tex", [
    ("diagonal NTK entries / (alpha M) -> kappa_1", r"diagonal NTK entries \(/ (\alpha M) \to \kappa_{1}\)"),
    ("O(M^-1/2)", r"\(O (M^{-1/2})\)"),
    ("V(s) = E phi(sqrt(s) z)^2", r"\(V (s) = E \phi {(\sqrt{s} z)}^{2}\)"),
    ("a^2 int_(-oo)^0", r"\(a^{2} \int_{-\infty}^{0}\)"),
    ("bias-free nets (Price's theorem)", "bias-free nets (Price's theorem)"),
    ("(1 - eta lam)^floor(tau/eta)", r"\({(1 - \eta \lambda)}^{\lfloor \tau /\eta \rfloor}\)"),
    ("x in [0, 1], a common translation", r"\(x\) in \([0, 1]\), a common translation"),
    ("zeta^GD^T and W*", r"\({\zeta^{\mathrm{GD}}}^{\top}\) and \(W^{*}\)"),
    ("the i-th eigenvalue of a rank-k truncation", r"the \(i\)-th eigenvalue of a rank-\(k\) truncation"),
    ("mu_j-th root, x-dependent", r"\(\mu_{j}\)-th root, \(x\)-dependent"),
    ("O(n^4 x^3) and P_k(x), not Q (x) J", r"\(O (n^{4} x^{3})\) and \(P_{k} (x)\), not \(Q \otimes J\)"),
    ("mean z\u0304_n, d\u033f", r"mean \(\bar{z}_{n}\), \(\bar{\bar{d}}\)"),
    ("shift 1e-10 mu_1, d = 2.5e4", r"shift \(10^{-10} \mu_{1}\), \(d = 2.5 \times 10^{4}\)"),
    ("L -> infinity, j <-> N - j", r"\(L \to \infty\), \(j \leftrightarrow N - j\)"),
    ("Abs(d_B - delta**2*v/8)", r"\(\lvert d_{B} - \delta^{2}\cdot v /8\rvert\)"),
    ("Gaussian kernels of leaky_relu", "Gaussian kernels of leaky ReLU"),
])
def test_ascii_math_is_typeset(ascii_, tex):
    assert prose_tex(ascii_) == tex


def test_ascii_math_translation_can_fail():
    """The translation is checked, not echoed: a wrong rendering of a formula is caught."""
    assert prose_tex("kappa_1 -> 0") != r"\(\kappa_{2} \to 0\)"
    assert "->" not in prose_tex("kappa_1 -> 0") and "^-" not in prose_tex("M^-1/2")


def test_evidence_numbers_for_print():
    out = evidence_tex("alphas=(Fraction(1, 4), Fraction(3, 2)) worst 0.123456789 at 1e-07, +- 0.0023")
    assert r"\frac{1}{4}" in out and r"\frac{3}{2}" in out and "Fraction" not in out
    assert "0.123457" in out and r"1\times 10^{-7}" in out and "0.123456789" not in out
    assert r"\(0.0023\)" in out        # the digits written, not padded to look more precise
    assert evidence_tex("10 algebra step(s), 1 case(s), the counterexample(s)") == \
        r"\(10\) algebra steps, \(1\) case, the counterexamples"


@pytest.fixture(scope="module")
def catalogue_tex(tmp_path_factory):
    claims = catalogue()
    tex = tmp_path_factory.mktemp("derive") / "derivations.tex"
    latex_doc.write_document(tex, claims)
    return claims, tex


_REPR = re.compile(r"Fraction\(|Rational\(|\(\s*-?\d+\s*,\s*-?\d+\s*\)\s*,|Symbol\(|->|<=|>=|\*\*")


def test_catalogue_tex_has_no_reprs_and_no_ascii_math(catalogue_tex):
    claims, tex = catalogue_tex
    body = tex.read_text()
    bad = sorted({m.group() for m in _REPR.finditer(body)})
    assert not bad, f"Python reprs or ASCII operators in the TeX: {bad}"
    for c in claims:
        env = ENVIRONMENT.get(c.kind, "proposition")
        assert rf"\begin{{{env}}}[{text(c.tag)}]" in body.split(rf"\label{{claim:{c.id}}}")[1], c.id


def test_undefined_symbols_are_shown_not_hidden(catalogue_tex):
    """Every statement symbol without a definition is named in the document; the list is printed (pytest -s)."""
    claims, tex = catalogue_tex
    body = tex.read_text()
    missing = {c.id: undefined_symbols(c) for c in claims if undefined_symbols(c)}
    for cid, names in missing.items():
        section = body.split(rf"\label{{claim:{cid}}}")[1].split(r"\section{")[0]
        assert r"\textbf{Not defined in the theory:}" in section
        assert all(symbol_latex(n) in section for n in names), cid
    print(f"\n{sum(map(len, missing.values()))} undefined symbols in {len(missing)} claims:")
    for cid, names in missing.items():
        print(f"  {cid}: {', '.join(names)}")


def test_catalogue_tex_is_chktex_clean(catalogue_tex):
    _require(shutil.which("chktex") is None, "chktex")
    import subprocess
    _, tex = catalogue_tex
    out = subprocess.run(["chktex", "-q", "-v0", tex.name], cwd=tex.parent, capture_output=True, text=True)
    warnings = [ln for ln in out.stdout.splitlines() if ln.strip()]
    assert not warnings, f"{len(warnings)} chktex warnings, first: {warnings[:5]}"


def test_chktex_catches_a_bad_document(tmp_path):
    """The chktex check can fail: a document with a known defect is flagged."""
    _require(shutil.which("chktex") is None, "chktex")
    import subprocess
    bad = tmp_path / "bad.tex"
    bad.write_text("\\documentclass{article}\n\\begin{document}\nA (x)^2 and e.g. this.\n\\end{document}\n")
    out = subprocess.run(["chktex", "-q", "-v0", bad.name], cwd=tmp_path, capture_output=True, text=True)
    assert out.stdout.strip()


def test_snippet_compiles_standalone(tmp_path, capsys):
    out = tmp_path / "claim.tex"
    assert main(["derive", "ribbon.width_box", "--snippet", str(out)]) == 0
    snippet = out.read_text()
    assert snippet.startswith("% sloppy derive snippet") and r"\begin{proposition}" in snippet
    assert (tmp_path / "sloppy.bib").exists()
    assert main(["derive", "ribbon", "--snippet", str(tmp_path / "x.tex")]) == 2
    assert "exactly one claim" in capsys.readouterr().err
    _require(latex_doc.tex_engine() is None, "a TeX engine")
    packages = re.findall(r"^%   (\\usepackage.*|\\newtheorem.*|\\theoremstyle.*)$", snippet, re.M)
    wrapper = tmp_path / "paper.tex"
    wrapper.write_text("\\documentclass{article}\n" + "\n".join(p.split("   %")[0] for p in packages)
                       + "\n\\begin{document}\n\\input{claim}\n\\bibliographystyle{plain}\n\\bibliography{sloppy}\n"
                       "\\end{document}\n")
    assert latex_doc.compile_pdf(wrapper).read_bytes()[:5] == b"%PDF-"


def test_derive_needs_one_output(capsys):
    assert main(["derive", "ribbon.width_box"]) == 2
    assert "exactly one of --latex" in capsys.readouterr().err


def test_claims_cite_the_bibliography():
    keys = {k for c in catalogue() for k in latex_doc.cites(c)}
    assert {"karakida2019universal", "mao2025sloppiness", "price1958", "beckermann2017displacement",
            "rasmussen2006gpml"} <= keys
    bib = latex_doc.BIB.read_text()
    assert all(f"{{{k}," in bib for k in keys)


def test_figures_are_embedded(tmp_path):
    (c,) = select(["ribbon.width_box"])
    (tmp_path / "figures").mkdir()
    for name in ("ribbon.width_box.tightness.png", "ribbon.width_box.other.tightness.png", "ribbon.width.png"):
        (tmp_path / "figures" / name).write_bytes(b"png")
    (tmp_path / "figures" / "ribbon.width_box.tightness.txt").write_text("Bound over actual (rhs/lhs) against c.")
    figs = latex_doc.figure_paths(c, tmp_path / "results.json")
    assert len(figs) == 1
    section = claim_section(c, figures=figs)
    assert rf"\includegraphics[width=0.7\linewidth]{{{figs[0][0]}}}" in section
    assert r"\caption{Claim S14 (\texttt{ribbon.width\_box}), tightness. Bound over actual" in section


def test_whole_catalogue_compiles_with_one_section_per_claim(catalogue_tex):
    _require(latex_doc.tex_engine() is None, "a TeX engine (latexmk/pdflatex)")
    claims, tex = catalogue_tex
    source = tex.read_text()
    assert source.count(r"\section{") == len(claims)
    pdf = latex_doc.compile_pdf(tex)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    toc = tex.with_suffix(".toc").read_text(errors="replace")
    assert len(re.findall(r"\\contentsline \{section\}", toc)) == len(claims)
    labels = set(re.findall(r"\\newlabel\{claim:([^}]+)\}", tex.with_suffix(".aux").read_text(errors="replace")))
    assert labels == {c.id for c in claims}
    if shutil.which("pdftotext"):
        import subprocess
        words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert all(c.tag in words for c in claims)


#: evidence summaries as the checks write them (taken from a quick run): counted and uncounted plurals, parameter
#: points, fits, half-open brackets in prose
SUMMARIES = ("10 algebra step(s) checked by SymPy",
             "statement fails at the recorded counterexample(s): c = 0.05, rho = 1, T = 1 -> 3000: ES_k(T) = 0.83",
             "held on 25 float64 evaluations; worst margin 0.5 at m=35, N=32, C=3, scale=0.013271517125308803",
             "tanh, sigma_w^2 = 2, sigma_b^2 = 0.3: intercept 0.9945 +- 0.0023 (chi2/dof 0.62): holds on [0.98, 1.004]",
             "largest monotone rate: 1.0969 <= eta*/eta_c < 1.0975 (grid (0.5, 0.9, 2), bisected)",
             "closed forms: held on 25 distinct points; tightest at L=3, alphas=(181/620, 7/2, 7/2): normalised slack 0.018")


def test_evidence_with_results_is_chktex_clean(tmp_path):
    """The document with a results file (evidence printed) is chktex-clean too, and prints no Python reprs."""
    _require(shutil.which("chktex") is None, "chktex")
    import json
    import subprocess
    claims = select(["ribbon.width_box", "ribbon.no_ribbon_x1"])
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"claims": [{"id": c.id, "verdict": "holds", "evidence": [
        {"tier": "float64", "status": "holds", "summary": s} for s in SUMMARIES]} for c in claims]}))
    tex = tmp_path / "d.tex"
    latex_doc.write_document(tex, claims, results)
    body = tex.read_text()
    assert "(s)" not in body and "{'" not in body and r"algebra steps" in body
    assert r"x1\_direct" not in body and r"x_{1,\mathrm{direct}}\): bisection" in body   # an identifier in prose
    out = subprocess.run(["chktex", "-q", "-v0", tex.name], cwd=tmp_path, capture_output=True, text=True)
    warnings = [ln for ln in out.stdout.splitlines() if ln.strip()]
    assert not warnings, f"{len(warnings)} chktex warnings, first: {warnings[:5]}"


def test_matrix_steps_print_in_matrix_symbols():
    """A step checked on explicit generic entries prints as the matrix identity it stands for, never entry by entry."""
    entrywise = [(c.id, i) for c in catalogue() for i, st in enumerate(c.steps, 1)
                 if st.display is None and isinstance(st.expr, sp.Equality) and getattr(st.expr.lhs, "is_Matrix", False)]
    assert entrywise == []
    step = next(st for c in catalogue() if c.id == "ribbon.gd_logit_recursion" for st in c.steps)
    assert latex(step.shown) == (r"X \left(W_{t} - \frac{\eta}{N} X^{\top} \left(X W_{t} - Y\right)\right) - Y = "
                                 r"\left(I - \frac{\eta}{N} X X^{\top}\right) \left(X W_{t} - Y\right)")
    assert r"\begin{matrix}" in latex(step.expr)


def test_sums_lead_with_a_positive_term():
    eta, lam, a, b = sp.symbols("eta lambda a b")
    S = sp.MatrixSymbol("Sigma", 2, 2)
    assert latex(1 - eta * lam) == r"1 - \eta \lambda"
    assert latex(sp.Identity(2) - eta * S) == r"I - \eta \Sigma"
    assert latex(-a - b) == "- a - b"
    assert latex(a ** 2 / 2 - a + 1) == r"\frac{a^{2}}{2} - a + 1"


def test_long_sums_break_across_lines():
    from sloppy_verifier.theory.latex_claim import LINE_WIDTH, _row, _width
    x = sp.symbols("x0:20")
    row = _row(sp.Eq(sp.Symbol("S"), sum(xi ** 3 / (1 + xi) for xi in x)), True)
    lines = row.split(r" \\" + "\n")
    assert len(lines) > 2 and lines[0].startswith("S &=") and all(ln.startswith(r"&\quad +") for ln in lines[1:])
    assert all(_width(ln) <= LINE_WIDTH + 8 for ln in lines)
    assert _row(sp.Eq(sp.Symbol("S"), x[0] + x[1]), True) == "S &= x_{0} + x_{1}"


def test_choice_options_print_as_words():
    from sloppy_verifier.theory.claim import Choice
    from sloppy_verifier.theory.latex import domain_latex
    assert domain_latex(Choice(("relu", "leaky_relu", "near_degenerate"))) == \
        r"\{\text{ReLU}, \text{leaky ReLU}, \text{near degenerate}\}"
    assert domain_latex(Choice((False, True))) == r"\{\text{no}, \text{yes}\}"
