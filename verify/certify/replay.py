"""Replay of a certificate: every recorded fact re-checked, nothing searched.

A certificate (the ``data`` of a ``certified`` evidence record) is accepted only when

1. its statement, assumptions, parameters and domain are the claim's (canonical ``srepr`` text, exact
   rational ends);
2. every recorded tight point is re-derived exactly by SymPy with the same kind and orders;
3. its boxes tile the domain exactly: a guillotine partition, checked recursively by finding a cut that no
   box crosses (integer ranges ``a..b`` read as ``[a, b+1)``), so there is no gap and no overlap;
4. each ``certified`` box is re-certified by its recorded method per part, with a lower bound at least
   the recorded ``slack_lo`` (a box of the method ``homogeneous``: the claim's reduction to its ratio re-derived
   exactly and both halves' certificates replayed, ``homogeneous.check``); each ``excluded`` box has an
   assumption surely false on it;
5. the coverage recomputed in exact rationals equals the recorded one, and the status follows from the
   boxes (``proved``: no undecided box; ``violated``: the counterexample re-certified).

Any mismatch fails with a message naming the box.
"""
from __future__ import annotations

from fractions import Fraction

from sloppy_verifier.theory.claim import Claim

from .balls import NotCertifiable, precision
from .homogeneous import METHOD as HOMOGENEOUS, check as check_homogeneous
from .bnb import (BoxEval, Engine, assumptions_text, balls_of, certify_part, certify_point, point_lower,
                  scaled_corner, statement_text, volume)


class ReplayError(Exception):
    pass


def _box(entry, k, n):
    try:
        lo = [Fraction(v) for v in entry["lo"]]
        hi = [Fraction(v) for v in entry["hi"]]
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        raise ReplayError(f"box {k}: unreadable bounds") from None
    if len(lo) != n or len(hi) != n or any(a > b for a, b in zip(lo, hi)):
        raise ReplayError(f"box {k}: malformed bounds {entry.get('lo')}..{entry.get('hi')}")
    return tuple(zip(lo, hi))


def _degenerate(box, dims) -> bool:
    """A real side of zero width where the domain's side is not (a null box that would hide a gap)."""
    return any(a == b and not d.integer and d.lo < d.hi for (a, b), d in zip(box, dims))


def _tiles(items, region, integer) -> None:
    """Raise unless the boxes ``items`` [(k, box)] tile ``region`` exactly (half-open integer reading)."""
    stack = [(items, region)]
    while stack:
        items, region = stack.pop()
        if not items:
            raise ReplayError(f"gap: no box covers {_fmt(region)}")
        if len(items) == 1:
            k, box = items[0]
            if box != region:
                raise ReplayError(f"box {k} {_fmt(box)} does not fill {_fmt(region)} (gap or moved box)")
            continue
        for k, box in items:
            if any(a < ra or b > rb for (a, b), (ra, rb) in zip(box, region)):
                raise ReplayError(f"box {k} {_fmt(box)} leaves {_fmt(region)} (overlap or moved box)")
        cut = None
        for j, (ra, rb) in enumerate(region):
            if ra == rb and not integer[j]:
                continue
            end = (lambda bx: bx[j][1] + 1) if integer[j] else (lambda bx: bx[j][1])
            order = sorted(items, key=lambda kb: kb[1][j][0])
            reach = end(order[0][1])
            for idx in range(1, len(order)):
                lo = order[idx][1][j][0]
                if lo >= reach:        # every box before ends by lo: cut there (a gap shows in the halves)
                    cut = (j, lo, order[:idx], order[idx:])
                    break
                reach = max(reach, end(order[idx][1]))
            if cut:
                break
        if cut is None:
            k = items[0][0]
            raise ReplayError(f"boxes in {_fmt(region)} overlap (box {k} among them)")
        j, t, left, right = cut
        lreg = region[:j] + ((region[j][0], t - 1 if integer[j] else t),) + region[j + 1:]
        rreg = region[:j] + ((t, region[j][1]),) + region[j + 1:]
        stack.append((left, lreg))
        stack.append((right, rreg))


def _fmt(box) -> str:
    return "x".join(f"[{a}, {b}]" for a, b in box)


def replay(certificate: dict, claim: Claim, prec: int | None = None):
    """``(ok, message)``: whether ``certificate`` re-checks for ``claim`` box by box."""
    try:
        with precision(int(prec or certificate.get("prec") or 96)):
            return True, _replay(certificate, claim, prec)
    except ReplayError as exc:
        return False, str(exc)
    except (NotCertifiable, AttributeError, TypeError, ValueError) as exc:
        return False, f"unreadable certificate: {exc}"


def _replay(data: dict, claim: Claim, prec) -> str:
    if not isinstance(data, dict) or "boxes" not in data:
        raise ReplayError("not a certificate (no boxes)")
    if data.get("statement") != statement_text(claim):
        raise ReplayError("statement changed: the certificate is for another statement")
    if data.get("assumptions", []) != assumptions_text(claim):
        raise ReplayError("assumptions changed")
    eng = Engine(claim, int(prec or data.get("prec") or 96))
    names = [d.name for d in eng.dims]
    if data.get("params") != names:
        raise ReplayError(f"parameters changed: {data.get('params')} vs {names}")
    dom = data.get("domain", {})
    if dom.get("lo") != [str(d.lo) for d in eng.dims] or dom.get("hi") != [str(d.hi) for d in eng.dims]:
        raise ReplayError("domain changed")
    for m, tp in enumerate(data.get("tight_points", [])):
        try:
            if tp["kind"] == "cross":
                t = eng.analyse_cross(int(tp["part"]), names.index(tp["var"]), Fraction(tp["value"]),
                                      names.index(tp["base"]), Fraction(tp["value2"]))
            elif tp["kind"] == "edge":
                t = eng.analyse_edge(int(tp["part"]), names.index(tp["var"]), Fraction(tp["value"]))
            elif tp["kind"] == "line":
                value = None if tp["value"] is None else Fraction(tp["value"])
                base = None if tp["base"] is None else names.index(tp["base"])
                t = eng.analyse_line(int(tp["part"]), names.index(tp["var"]), base, value, int(tp["flip"]))
            else:
                found = eng.analyse(tuple(Fraction(tp["point"][n]) for n in names), int(tp["part"]))
                t = next((u for u in found if u.kind == tp["kind"]), None)
        except (KeyError, ValueError, TypeError, IndexError):
            raise ReplayError(f"tight point {m}: unreadable") from None
        if t is None or (t.kind, t.kf, t.kg) != (tp["kind"], tp["kf"], tp["kg"]):
            raise ReplayError(f"tight point {m} ({tp}) does not re-derive")
        eng.tight.append(t)
    n = len(names)
    boxes = [_box(e, k, n) for k, e in enumerate(data["boxes"])]
    for k, box in enumerate(boxes):
        if _degenerate(box, eng.dims):
            raise ReplayError(f"box {k} {_fmt(box)} has zero width")
    region = tuple((d.lo, d.hi) for d in eng.dims)
    _tiles(list(enumerate(boxes)), region, [d.integer for d in eng.dims])
    cert_vol = excl_vol = Fraction(0)
    undecided = 0
    for k, (entry, box) in enumerate(zip(data["boxes"], boxes)):
        status = entry.get("status")
        if status == "certified" and entry.get("method") == HOMOGENEOUS:
            try:
                check_homogeneous(data, claim, lambda cert, half: replay(cert, half, prec))
            except ValueError as exc:
                raise ReplayError(f"box {k}: homogeneous reduction: {exc}") from None
            cert_vol += volume(box, eng.dims)
        elif status == "certified":
            _recheck(eng, entry, box, k)
            cert_vol += volume(box, eng.dims)
        elif status == "excluded":
            if eng.hyp_status(balls_of(box)) is not False:
                raise ReplayError(f"box {k} {_fmt(box)}: no assumption is surely false there")
            excl_vol += volume(box, eng.dims)
        elif status in ("undecided", "violated"):
            undecided += 1
        else:
            raise ReplayError(f"box {k}: unknown status {status!r}")
    total = volume(region, eng.dims)
    coverage = cert_vol / (total - excl_vol) if total - excl_vol else Fraction(1)
    if str(coverage) != data.get("coverage_exact"):
        raise ReplayError(f"coverage {data.get('coverage_exact')} recorded, {coverage} recomputed")
    status = data.get("status")
    cex = data.get("counterexample")
    if status == "violated" or cex is not None:
        point = tuple(Fraction(cex[nm]) for nm in names) if isinstance(cex, dict) else None
        if point is None or certify_point(eng, point) is None:
            raise ReplayError(f"counterexample {cex} is not a certified violation")
        return f"replayed: violated at {', '.join(f'{a}={b}' for a, b in cex.items())} ({len(boxes)} boxes)"
    if undecided and any(e.get("status") == "certified" and e.get("method") == "scaling" for e in data["boxes"]):
        raise ReplayError("a box certified by scaling while other boxes are undecided")
    if status == "proved":
        if undecided or any(p.equality and not eng.identity(i) for i, p in enumerate(eng.parts)):
            raise ReplayError(f"status proved but {undecided} boxes are undecided")
        return f"replayed: proved over the whole domain ({len(boxes)} boxes)"
    return f"replayed: certified on {float(coverage) * 100:.4f} % of the domain ({len(boxes)} boxes)"


def _recheck(eng: Engine, entry: dict, box, k: int) -> None:
    methods = str(entry.get("method", "")).split("; ")
    if len(methods) != len(eng.parts):
        raise ReplayError(f"box {k} {_fmt(box)}: {len(methods)} methods for {len(eng.parts)} parts")
    tight = entry.get("tight")
    tight = tight if isinstance(tight, list) else [tight] * len(methods)
    try:
        recorded = Fraction(entry["slack_lo"])
    except (KeyError, TypeError, ValueError):
        raise ReplayError(f"box {k} {_fmt(box)}: no slack_lo") from None
    if methods == ["scaling"] * len(methods):
        if not scaled_corner(box, eng):
            raise ReplayError(f"box {k} {_fmt(box)}: not a scaled corner of a scale-invariant claim")
        return
    if methods == ["point"] * len(methods):
        lb = point_lower(eng, tuple(a for a, _ in box)) if all(a == b for a, b in box) else None
        if lb is None or lb < recorded:
            raise ReplayError(f"box {k} {_fmt(box)}: point evaluation does not certify slack >= {recorded}")
        return
    ev = BoxEval(eng, box)
    lbs = []
    for i, (m, ti) in enumerate(zip(methods, tight)):
        ids = [] if ti is None else [int(ti)]
        if ti is not None and not 0 <= int(ti) < len(eng.tight):
            raise ReplayError(f"box {k} {_fmt(box)}: unknown tight point {ti}")
        r = certify_part(ev, i, ids, only=m)
        if r is None:
            raise ReplayError(f"box {k} {_fmt(box)}: method {m!r} does not certify part {i}")
        lbs.append(r[1])
    if min(lbs) < recorded:
        raise ReplayError(f"box {k} {_fmt(box)}: lower bound {float(min(lbs)):.6g} < recorded {recorded}")
