"""A CPU stand-in for CuPy: an array namespace over NumPy that fails where NumPy code would fail on CuPy.

Use it as ``xp`` (``import sloppy_verifier.verify.standin as xp``, or ``get_backend("standin")``) to run array code
written for NumPy and CuPy without a GPU.  Its arrays (``DeviceArray``) hold NumPy arrays as "device memory" and,
like CuPy's:

* refuse implicit conversion to NumPy: ``np.asarray(a)`` (``__array__``) raises ``TypeError``, and so does
  anything that needs it (SciPy functions, ``np.array(a)``, a Python ``for`` over NumPy code);
* refuse NumPy arrays as operands (``a + numpy_array``, ``xp.concatenate([a, numpy_array])``: ``TypeError``);
* dispatch NumPy's own ufuncs and functions on device arrays (``np.exp(a)``, ``np.sum(a)`` return device
  arrays, as CuPy's ``__array_ufunc__``/``__array_function__`` do); ufuncs from elsewhere (``scipy.special``) raise;
* return 0-d device arrays from reductions (not NumPy scalars).

Host↔device transfers are counted in ``transfers``: ``to_device`` for ``asarray``/``array`` of host data and host
arrays used as indices or assigned into device arrays; ``to_host`` for ``.get()``, ``asnumpy``, ``float()``,
``int()``, ``bool()``, ``.item()``, ``.tolist()`` and ``repr``.  ``counting()`` measures them over a block.
"""
from __future__ import annotations

import contextlib
import operator
import sys
import types

import numpy as np

__all__ = ["DeviceArray", "asnumpy", "counting", "erf", "transfers"]

#: host↔device transfers so far (see the module docstring)
transfers = {"to_device": 0, "to_host": 0}

_MESSAGE = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct a NumPy array "
            "explicitly.")
_HIDDEN = {"ctypes", "tofile", "tobytes", "dump", "dumps", "base"}


@contextlib.contextmanager
def counting():
    """Yield a dict that holds, after the block, the transfers made inside it."""
    before = dict(transfers)
    out = {}
    try:
        yield out
    finally:
        out.update({k: transfers[k] - before[k] for k in transfers})


def _host_array(x) -> bool:
    return isinstance(x, np.ndarray) and x.ndim > 0


def _unwrap(x):
    """Device arrays to their NumPy data (recursively in lists/tuples); a host array raises TypeError."""
    if isinstance(x, DeviceArray):
        return x._a
    if _host_array(x):
        raise TypeError(f"Unsupported type {type(x)} (a NumPy array where a device array is needed)")
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(v) for v in x) if type(x) in (list, tuple) else type(x)(*(_unwrap(v) for v in x))
    return x


def _unwrap_index(key):
    """An index: device arrays unwrapped, host arrays allowed (CuPy copies them to the device: counted)."""
    if isinstance(key, tuple):
        return tuple(_unwrap_index(k) for k in key)
    if isinstance(key, DeviceArray):
        return key._a
    if _host_array(key) or isinstance(key, list):
        transfers["to_device"] += 1
        return np.asarray(key)
    return key


def _wrap(x):
    """NumPy results as device arrays (scalars as 0-d arrays), recursively in tuples and lists."""
    if isinstance(x, np.ndarray):
        return DeviceArray(x)
    if isinstance(x, np.generic):
        return DeviceArray(np.asarray(x))
    if isinstance(x, tuple):
        return type(x)(*(_wrap(v) for v in x)) if hasattr(x, "_fields") else tuple(_wrap(v) for v in x)
    if isinstance(x, list):
        return [_wrap(v) for v in x]
    return x


def _call(fn, args, kwargs):
    out = kwargs.get("out")
    kwargs = {k: _unwrap(v) for k, v in kwargs.items()}
    res = fn(*_unwrap(args), **kwargs)
    if out is not None:
        return out
    return _wrap(res)


def _to_host(a: np.ndarray):
    transfers["to_host"] += 1
    return a


class DeviceArray:
    """A NumPy array standing in for a CuPy array (see the module docstring)."""

    __slots__ = ("_a",)
    __array_priority__ = 100
    __hash__ = None

    def __init__(self, a: np.ndarray):
        self._a = a

    # ---- what CuPy refuses or counts
    def __array__(self, *args, **kwargs):
        raise TypeError(_MESSAGE)

    def get(self) -> np.ndarray:
        """A host copy (one device-to-host transfer)."""
        return _to_host(self._a).copy()

    def __float__(self):
        return float(_to_host(self._a))

    def __int__(self):
        return int(_to_host(self._a))

    def __index__(self):
        return operator.index(_to_host(self._a)[()])

    def __bool__(self):
        return bool(_to_host(self._a))

    def __complex__(self):
        return complex(_to_host(self._a))

    def item(self):
        return _to_host(self._a).item()

    def tolist(self):
        return _to_host(self._a).tolist()

    def __repr__(self):
        return f"standin.DeviceArray({_to_host(self._a)!r})"

    __str__ = __repr__

    def __array_namespace__(self, api_version=None):
        return sys.modules[__name__]

    # ---- the array interface
    shape = property(lambda self: self._a.shape)
    ndim = property(lambda self: self._a.ndim)
    dtype = property(lambda self: self._a.dtype)
    size = property(lambda self: self._a.size)
    nbytes = property(lambda self: self._a.nbytes)
    itemsize = property(lambda self: self._a.itemsize)
    T = property(lambda self: DeviceArray(self._a.T))
    mT = property(lambda self: DeviceArray(self._a.mT))

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (DeviceArray(np.asarray(v)) for v in self._a)

    def __getitem__(self, key):
        return _wrap(self._a[_unwrap_index(key)])

    def __setitem__(self, key, value):
        if _host_array(value):
            transfers["to_device"] += 1
        else:
            value = _unwrap(value)
        self._a[_unwrap_index(key)] = value

    def __getattr__(self, name):
        if name.startswith("__") or name in _HIDDEN:
            raise AttributeError(name)
        attr = getattr(self._a, name)
        if callable(attr):
            return lambda *args, **kwargs: _call(attr, args, kwargs)
        return _wrap(attr)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if getattr(np, ufunc.__name__, None) is not ufunc:
            return NotImplemented          # CuPy has no counterpart for a foreign ufunc (e.g. scipy.special)
        try:
            ins = _unwrap(inputs)
            if "out" in kwargs:
                kwargs["out"] = _unwrap(kwargs["out"])
        except TypeError:
            return NotImplemented
        res = getattr(ufunc, method)(*ins, **kwargs)
        return _wrap(res)

    def __array_function__(self, func, types_, args, kwargs):
        try:
            return _call(func, args, kwargs)
        except TypeError as exc:
            if "Unsupported type" in str(exc):
                return NotImplemented
            raise


def _binary(name):
    op = getattr(operator, name)

    def f(self, other):
        if _host_array(other):
            raise TypeError(f"Unsupported type {type(other)} (a NumPy array as an operand of a device array)")
        return _wrap(op(self._a, _unwrap(other)))

    def r(self, other):
        if _host_array(other):
            raise TypeError(f"Unsupported type {type(other)} (a NumPy array as an operand of a device array)")
        return _wrap(op(_unwrap(other), self._a))

    def i(self, other):
        if _host_array(other):
            raise TypeError(f"Unsupported type {type(other)} (a NumPy array as an operand of a device array)")
        getattr(operator, "i" + name.rstrip("_"))(self._a, _unwrap(other))
        return self

    return f, r, i


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
              "lshift", "rshift"):
    _op = _name + "_" if _name in ("and", "or") else _name
    _f, _r, _i = _binary(_op)
    setattr(DeviceArray, f"__{_name}__", _f)
    setattr(DeviceArray, f"__r{_name}__", _r)
    setattr(DeviceArray, f"__i{_name}__", _i)
for _name in ("lt", "le", "gt", "ge", "eq", "ne"):
    setattr(DeviceArray, f"__{_name}__", _binary(_name)[0])
for _name in ("neg", "pos", "abs", "invert"):
    setattr(DeviceArray, f"__{_name}__", (lambda op: lambda self: DeviceArray(op(self._a)))(getattr(operator, _name)))

ndarray = DeviceArray


# ---- the namespace: creation from host data counts a transfer; everything else is NumPy on device arrays
def asarray(a, dtype=None, order=None):
    """``a`` on the device (a host→device transfer unless it is a device array already)."""
    if isinstance(a, DeviceArray):
        return DeviceArray(np.asarray(a._a, dtype=dtype, order=order))
    transfers["to_device"] += 1
    return DeviceArray(np.array(a, dtype=dtype, order=order))


def array(a, dtype=None, copy=True, order="K"):
    """A device copy of ``a`` (a host→device transfer unless it is a device array)."""
    if isinstance(a, DeviceArray):
        return DeviceArray(np.array(a._a, dtype=dtype, copy=copy, order=order))
    return asarray(a, dtype=dtype, order=order)


def ascontiguousarray(a, dtype=None):
    return DeviceArray(np.ascontiguousarray(asarray(a)._a, dtype=dtype))


def asnumpy(a) -> np.ndarray:
    """A host copy (``cupy.asnumpy``)."""
    return a.get() if isinstance(a, DeviceArray) else np.asarray(a)


def erf(x):
    """``erf`` on a device array (``cupyx.scipy.special.erf``)."""
    import scipy.special
    return DeviceArray(scipy.special.erf(_unwrap(x)))


class _Namespace(types.SimpleNamespace):
    """A NumPy submodule (``linalg``, ``fft``) on device arrays."""

    def __init__(self, module):
        super().__init__(_module=module)

    def __getattr__(self, name):
        return _lookup(self._module, name)


def _lookup(module, name):
    if name.startswith("__"):
        raise AttributeError(name)
    attr = getattr(module, name)
    if isinstance(attr, types.ModuleType):
        return _Namespace(attr)
    if isinstance(attr, type) or not callable(attr):
        return attr                              # dtypes, constants, exception classes: NumPy's own
    return lambda *args, **kwargs: _call(attr, args, kwargs)


def __getattr__(name):
    return _lookup(np, name)
