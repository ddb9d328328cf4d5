"""``reports/results.json``: the schema-versioned record of a run, written atomically."""
from __future__ import annotations

import json
import os
import platform
import tempfile
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

SCHEMA_VERSION = 1
PACKAGES = ("sloppy", "sympy", "mpmath", "numpy", "scipy", "hypothesis", "gmpy2", "cupy")


def versions() -> dict:
    """Python and package versions (``None`` when a package is absent)."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name if name != "cupy" else _cupy_dist())
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _cupy_dist() -> str:
    for dist in metadata.distributions():
        n = (dist.metadata["Name"] or "").lower()
        if n.startswith("cupy"):
            return n
    return "cupy"


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path`` via a temporary file and ``os.replace``: readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8")) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)          # mkstemp creates 0600; a report is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def results_document(records: list[dict], settings: dict) -> dict:
    counts: dict[str, int] = {}
    for r in records:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    failing = [r["id"] for r in records if r["gating"] and r["verdict"] not in ("proved", "holds")]
    return {
        "schema_version": SCHEMA_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "settings": settings | {"versions": versions(), "machine": platform.platform(),
                                "processor": platform.processor() or platform.machine()},
        "summary": {"claims": len(records), "verdicts": counts, "failing": failing, "ok": not failing},
        "claims": records,
    }


def write_results(path: Path, records: list[dict], settings: dict) -> dict:
    doc = results_document(records, settings)
    write_atomic(path, json.dumps(doc, indent=1, sort_keys=False) + "\n")
    return doc


def safe_name(claim_id: str) -> str:
    """A file-name stem for a claim id (users' claim ids may hold any character)."""
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in claim_id)
