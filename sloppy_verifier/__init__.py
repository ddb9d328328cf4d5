"""sloppy: a symbolic-numeric theorem verifier for the theory of sloppiness in neural networks.

The import root of the distribution ``sloppy-verifier``: ``sloppy_verifier.theory`` (the claims, pure SymPy) and
``sloppy_verifier.verify`` (evidence, reports, the ``sloppy`` command).  In the repository the two packages sit at
the top (``theory/``, ``verify/``); a wheel installs them under this folder.  In a source checkout (this file beside
``pyproject.toml``) the package path also holds the repository root, so ``PYTHONPATH=<checkout>`` works uninstalled.
"""
from pathlib import Path as _Path

_root = _Path(__file__).resolve().parents[1]
if (_root / "pyproject.toml").is_file() and (_root / "theory" / "claim.py").is_file():
    __path__.append(str(_root))
del _Path, _root
