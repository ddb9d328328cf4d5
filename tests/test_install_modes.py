"""The same claim file, seed and commit give the same verdicts and evidence whether sloppy is installed as a wheel or
editable, and from whichever working directory it runs (issue 15: Hypothesis drew differently per install mode)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".hypothesis", "reports", "tests",
                                "benchmarks")


def _venv(where: Path) -> Path:
    """A venv without pip whose path continues with this interpreter's site-packages (the project's dependencies,
    pip and setuptools): ``--system-site-packages`` would reach the base interpreter, not a venv running the tests.
    The project itself is left out of that path (CI runs the tests against an installed copy, which would shadow
    the venv's own install): a folder of links to every other entry of those site-packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    site = next((where / "lib").glob("python3*/site-packages"))
    deps = where / "deps"
    deps.mkdir()
    for sp_dir in (Path(p) for p in sys.path if p.endswith("site-packages")):
        for entry in sp_dir.iterdir():
            own = entry.name in ("theory", "verify") or entry.name.startswith(("sloppy", "__editable__"))
            if not own and not (deps / entry.name).exists():
                (deps / entry.name).symlink_to(entry)
    (site / "_deps.pth").write_text(f"{deps}\n")
    return where / "bin"


def _claims(doc: dict) -> list:
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k != "seconds"}
        return [strip(v) for v in x] if isinstance(x, list) else x
    return strip(doc["claims"])


def test_wheel_and_editable_installs_give_the_same_results(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHASHSEED")}
    results = {}
    for mode, target in (("wheel", [str(src)]), ("editable", ["-e", str(src)])):
        bin_ = _venv(tmp_path / mode)
        subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                        *target], check=True, env=env, cwd=tmp_path)
        for i, cwd in enumerate((tmp_path, tmp_path / "elsewhere" / "deeper")):
            cwd.mkdir(parents=True, exist_ok=True)
            out = tmp_path / f"out-{mode}-{i}"
            run = subprocess.run([str(bin_ / "sloppy"), "verify", "--claims", str(src / "examples" / "user_claims.py"),
                                  "--profile", "quick", "--out", str(out)], cwd=cwd, capture_output=True, text=True,
                                 env=env | {"PYTHONHASHSEED": str(11 + i)})
            assert run.returncode == 1, run.stderr                   # the example holds one false claim
            results[mode, i] = json.loads((out / "results.json").read_text())
    installed = {mode: subprocess.run([str(tmp_path / mode / "bin" / "python"), "-c",
                                       "import sloppy_verifier.verify as v; print(v.__file__)"],
                                      capture_output=True, text=True, env=env, cwd=tmp_path).stdout
                 for mode in ("wheel", "editable")}
    assert "site-packages" in installed["wheel"] and str(src) in installed["editable"]
    first = _claims(results["wheel", 0])
    assert [c["verdict"] for c in first] == ["holds", "violated", "proved"]
    for key, doc in results.items():
        assert _claims(doc) == first, key
    _regress_update_writes_nothing_into_the_package(tmp_path / "wheel" / "bin", env, tmp_path)


def _regress_update_writes_nothing_into_the_package(bin_: Path, env: dict, tmp_path: Path) -> None:
    """Issue 10: ``sloppy regress --update`` after a wheel install writes the baseline in the working directory, and
    nothing under site-packages; a ``--baseline`` inside the installed package is refused (exit 2)."""
    pkg = Path(subprocess.run([str(bin_ / "python"), "-c", "import sloppy_verifier.verify as v; print(v.__file__)"], env=env,
                              cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()).parents[1]
    assert "site-packages" in str(pkg)

    def tree():
        return {p: p.stat().st_mtime_ns for d in ("verify", "theory") for p in (pkg / d).rglob("*")
                if "__pycache__" not in p.parts}

    before = tree()
    work = tmp_path / "regress-here"
    work.mkdir()
    run = subprocess.run([str(bin_ / "sloppy"), "regress", "--update"], cwd=work, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (work / "reports" / "baseline" / "catalogue.json").is_file()
    inside = pkg / "verify" / "data" / "baseline.json"
    run = subprocess.run([str(bin_ / "sloppy"), "regress", "--update", "--baseline", str(inside)], cwd=work, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "inside the installed package" in run.stderr and not inside.exists()
    assert tree() == before
