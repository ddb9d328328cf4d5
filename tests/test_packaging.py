"""Packaging (issue 10): one import root ``sloppy_verifier``, no generic top-level names.  PyPI's unrelated
``verify`` distribution ships a top-level ``verify`` package; installing sloppy beside it breaks neither."""
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from test_install_modes import IGNORE, _venv

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_list_names_every_package_folder():
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = {v: k for k, v in tool["package-dir"].items()}
    found = {".".join([dirs[p.relative_to(ROOT).parts[0]], *p.relative_to(ROOT).parts[1:-1]])
             for top in ("theory", "verify") for p in (ROOT / top).rglob("__init__.py")} | {"sloppy_verifier"}
    assert set(tool["packages"]) == found


def test_wheel_beside_pypi_verify(tmp_path):
    src, wheels = tmp_path / "src", tmp_path / "wheels"
    shutil.copytree(ROOT, src, ignore=IGNORE)              # a clean tree: no build/ left by an earlier build
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(src)], check=True, cwd=tmp_path)
    wheel = next(wheels.glob("sloppy_verifier-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {"sloppy_verifier"}
    assert "sloppy_verifier/verify/data/sloppy.bib" in names and "sloppy_verifier/verify/data/fisher_reference.json" in names
    bin_ = _venv(tmp_path / "env")
    site = next((tmp_path / "env" / "lib").glob("python3*/site-packages"))
    (site / "verify").mkdir()                                  # a stand-in for PyPI's `verify`, installed first
    (site / "verify" / "__init__.py").write_text("ORIGIN = 'pypi-verify'\n")
    env = {"PATH": "/usr/bin:/bin"}
    subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   cwd=tmp_path, env=env)
    probe = ("import verify, sloppy_verifier.verify.cli as c, sloppy_verifier.theory as t; "
             "print(verify.ORIGIN, c.__file__.count('site-packages'), t.__file__.count('site-packages'))")
    out = subprocess.run([str(bin_ / "python"), "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["pypi-verify", "1", "1"], out.stderr
    run = subprocess.run([str(bin_ / "sloppy"), "list"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0 and "fisher.kappa_order" in run.stdout, run.stderr
