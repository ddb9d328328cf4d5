"""Every subcommand and every option that ``sloppy --help`` and ``sloppy SUB --help`` list, exercised through the
CLI with its return code asserted (issue 16).  A crash (exit 3) fails any test (tests/conftest.py); the subprocess
call here asserts it itself.  Every ``eval`` quantity: tests/test_cli.py::test_eval_every_quantity."""
import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sloppy_verifier.verify.backend import available_backends
from sloppy_verifier.verify.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
USER = textwrap.dedent('''
    import sympy as sp
    from sloppy_verifier.theory import Claim, Interval, Kind, Param, Provenance, Tag, register
    x = sp.Symbol("x")
    register(Claim(id="user.amgm", tag="U1", kind=Kind.INEQ, title="x^2 + 1 >= 2x",
                   statement=sp.Ge(x**2 + 1, 2 * x), assumptions=(sp.Ne(x, 3),),
                   provenance=Provenance(tags=(Tag.USER,), source="test"),
                   parameters=(Param("x", Interval(-3, sp.Rational(582811643, 10**9))),)))
''')
CLAIM = "ribbon.width_box"      # a float64 search and a symbolic tier, a few seconds in the quick profile


def _options(argv) -> set:
    """The long options a ``--help`` lists."""
    parser = build_parser()
    for name in argv:
        parser = next(a for a in parser._actions if a.dest == "command").choices[name]
    return {s for a in parser._actions for s in a.option_strings if s.startswith("--")}


def _subcommands() -> list:
    return sorted(next(a for a in build_parser()._actions if a.dest == "command").choices)


def _calls(tmp: Path) -> list:
    """``(argv, expected exit status)`` in run order (later calls read what earlier ones wrote)."""
    user, out, base, tex = tmp / "mine.py", tmp / "out", tmp / "mine.baseline.json", tmp / "d.tex"
    user.write_text(USER)
    cupy = 2 if "unavailable" in available_backends()["cupy"] else 0
    tex_rc = 0 if shutil.which("latexmk") or shutil.which("pdflatex") else 2
    results = out / "results.json"
    sweep = ["--c", "1", "--rho", "1", "--T", "1", "--scales", "1", "--k", "1", "--tau", "0.9", "--M", "4",
             "--seeds", "2", "--N", "12", "--d", "8", "--eta-lam1", "1", "--bern-M", "4", "--bern-max-models", "2",
             "--seed", "1", "--dps", "20", "--backend", "numpy", "--quiet"]
    s = str
    return [
        (["--help"], 0), *((([name, "--help"]), 0) for name in _subcommands()),
        (["list"], 0), (["list", "--markdown"], 0), (["info"], 0),
        (["eval", "fisher.kappa1", "activation=relu", "sigma_w2=2", "L=3", "--dps", "20", "--json"], 0),
        (["eval", "fisher.kappa1", "activation=relu", "sigma_w2=2", "L=3", "--dps", "0"], 2),
        (["verify", CLAIM, "--profile", "quick", "--backend", "numpy", "--seed", "3", "--dps", "20", "--no-sweep",
          "--workers", "1", "--out", s(out)], 0),
        (["verify", "--claims", s(user), "--profile", "standard", "--workers", "1", "--out", s(tmp / "std")], 0),
        (["verify", "--claims", s(user), "--profile", "thorough", "--workers", "1", "--out", s(tmp / "th")], 0),
        (["verify", "--claims", s(user), "--backend", "cupy", "--workers", "1", "--out", s(tmp / "cu")], cupy),
        (["verify", CLAIM, "--scheduler", "tcp://127.0.0.1:1", "--out", s(tmp / "x")], 2),
        (["verify", CLAIM, "--profile", "huge"], 2),
        (["report", "--out", s(out)], 0), (["report", "--out", s(tmp / "none")], 2),
        (["derive", CLAIM, "--latex", s(tex), "--results", s(results)], 0),
        (["derive", "--claims", s(user), "--latex", s(tmp / "u.tex"), "--pdf"], tex_rc),
        (["derive", CLAIM, "--latex", s(tex), "--results", s(tmp / "missing.json")], 2),
        (["derive", CLAIM, "--snippet", s(tmp / "one.tex")], 0),
        (["derive", CLAIM, "--latex", s(tex), "--snippet", s(tmp / "both.tex")], 2),
        (["regress", "--claims", s(user)], 2),                    # no baseline yet
        (["regress", "--claims", s(user), "--baseline", s(base), "--update"], 0),
        (["regress", "--claims", s(user), "--baseline", s(base)], 0),
        (["certify", "--claims", s(user), "--seconds", "10"], 0),
        (["verify", "--claims", s(user), "--profile", "quick", "--workers", "1", "--out", s(tmp / "u")], 0),
        (["certify", "--replay", s(tmp / "u" / "results.json"), "--claims", s(user)], 0),
        (["sweep", *sweep, "--workers", "1", "--out", s(tmp / "s.jsonl")], 0),
        (["sweep", *sweep, "--scheduler", "tcp://127.0.0.1:1", "--out", s(tmp / "t.jsonl")], 2),
        (["sweep", "--preset", "huge", "--out", s(tmp / "t.jsonl")], 2),
        (["mutate", "--claims", s(user), "--profile", "quick", "--workers", "1", "--json", "--out", s(tmp / "m")], 0),
        (["mutate", "--claims", s(user), "--equivalent", s(tmp / "none.json"), "--out", s(tmp / "m")], 2),
        (["mutate", CLAIM, "--scheduler", "tcp://127.0.0.1:1", "--out", s(tmp / "m")], 2),
    ]


def test_every_listed_option_is_exercised(tmp_path):
    calls = _calls(tmp_path)
    used = {(argv[0], a) for argv, _ in calls for a in argv if a.startswith("--")}
    assert {argv[0] for argv, _ in calls if argv[0] != "--help"} == set(_subcommands())
    for name in _subcommands():
        missing = {o for o in _options([name]) if (name, o) not in used}
        assert not missing, f"sloppy {name}: options listed by --help but never exercised: {sorted(missing)}"


def test_every_path_returns_its_status(tmp_path, capsys):
    for argv, rc in _calls(tmp_path):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == rc, (argv, code, err[-500:])
        if rc == 2 and argv[-1] != "--help":
            assert err.startswith("sloppy: error:") or err.startswith("usage:") or "error" in err, (argv, err)
            assert "Traceback" not in err
    rec = json.loads((tmp_path / "u" / "results.json").read_text())
    assert [c["verdict"] for c in rec["claims"]] in (["holds"], ["proved"])
    assert (tmp_path / "s.jsonl").read_text().strip() and (tmp_path / "d.tex").read_text().count(r"\section") == 1


def test_entry_point_in_a_subprocess():
    p = subprocess.run([sys.executable, "-m", "sloppy_verifier.verify.cli", "eval", "fisher.kappa1", "activation=relu",
                        "sigma_w2=2", "L=3"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert p.returncode != 3, p.stderr
    assert p.returncode == 0 and re.fullmatch(r"[0-9.]+\n", p.stdout), p.stderr


@pytest.mark.parametrize("argv", [["verify", "--workers", "0"], ["eval", "fisher.nothing"], ["list", "--x"]])
def test_bad_input_is_exit_2_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err and err[-1].startswith(("sloppy: error:", "sloppy list: error:", "sloppy: ")) and "Traceback" not in "".join(err)


def test_a_crash_fails_the_test(monkeypatch):
    def boom(args):
        raise ZeroDivisionError("planted crash")
    monkeypatch.setattr("sloppy_verifier.verify.cli.cmd_info", boom)
    with pytest.raises(pytest.fail.Exception, match="sloppy crashed .*planted crash"):
        main(["info"])
