"""Array backends for the simulations: NumPy on the host, CuPy on an NVIDIA GPU, and ``standin``, the CPU stand-in
for CuPy (``verify.standin``) that the tests run every device code path on.

Every simulation function takes the array namespace ``xp`` (through a ``Backend``) and uses only functions
that NumPy and CuPy share.  Random numbers are always drawn on the host with NumPy and moved to the device,
so both backends see bit-identical inputs (spec/fisher.md §2.2).
"""
from __future__ import annotations

import platform
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import scipy.special

from sloppy_verifier.verify import standin


@dataclass(frozen=True)
class Backend:
    """An array namespace with its ``erf`` and a host transfer.  ``gpu`` is True for CuPy."""

    name: str
    xp: Any
    erf: Callable
    gpu: bool
    device_name: str

    def to_host(self, array) -> np.ndarray:
        """The array as a NumPy array (a copy from the device for CuPy)."""
        return to_host(array)

    def asarray(self, array):
        """A host array moved to this backend, as float64."""
        return self.xp.asarray(array, dtype=self.xp.float64)


def to_host(array) -> np.ndarray:
    """NumPy view of a NumPy array, a copy of a CuPy or stand-in array (one counted transfer)."""
    return array.get() if _is_cupy(array) or isinstance(array, standin.DeviceArray) else np.asarray(array)


def namespace_of(array):
    """``cupy`` for a CuPy array, ``verify.standin`` for a stand-in array, else ``numpy``."""
    if _is_cupy(array):
        import cupy

        return cupy
    return standin if isinstance(array, standin.DeviceArray) else np


def _is_cupy(array) -> bool:
    return type(array).__module__.split(".")[0] == "cupy"


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _numpy_backend() -> Backend:
    return Backend("numpy", np, scipy.special.erf, False, _cpu_name())


def _cupy_backend() -> Backend:
    """The CuPy backend; ValueError (one line) when CuPy or a CUDA device is missing."""
    try:
        import cupy
        import cupyx.scipy.special
    except ImportError as exc:
        raise ValueError(f"backend 'cupy' unavailable: cannot import cupy ({exc})") from None
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            raise ValueError("backend 'cupy' unavailable: no CUDA device")
        name = cupy.cuda.runtime.getDeviceProperties(cupy.cuda.Device().id)["name"]
    except cupy.cuda.runtime.CUDARuntimeError as exc:
        raise ValueError(f"backend 'cupy' unavailable: {exc}") from None
    name = name.decode() if isinstance(name, bytes) else str(name)
    return Backend("cupy", cupy, cupyx.scipy.special.erf, True, name)


def _standin_backend() -> Backend:
    return Backend("standin", standin, standin.erf, False, "CPU stand-in for CuPy (verify.standin)")


def get_backend(name: str = "auto") -> Backend:
    """``'numpy'``, ``'cupy'`` (ValueError if unavailable), ``'standin'`` (the CPU stand-in for CuPy) or
    ``'auto'`` (CuPy if usable, else NumPy)."""
    if name == "numpy":
        return _numpy_backend()
    if name == "standin":
        return _standin_backend()
    if name == "cupy":
        return _cupy_backend()
    if name == "auto":
        try:
            return _cupy_backend()
        except ValueError:
            return _numpy_backend()
    raise ValueError(f"unknown backend {name!r}; choose auto, numpy, cupy or standin")


def available_backends() -> dict[str, str]:
    """Backend name -> device description, or the reason it is unavailable (for ``sloppy info``)."""
    out = {"numpy": _numpy_backend().device_name}
    try:
        out["cupy"] = _cupy_backend().device_name
    except ValueError as exc:
        out["cupy"] = str(exc)
    return out
