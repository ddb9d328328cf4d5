"""The one-command device check (``python -m benchmarks.device``) without a device: its flop count matches the
roofline in benchmarks/RESULTS.md, it refuses cleanly without CuPy, and its dry run (NumPy, toy sizes) runs every
benchmark step end to end and writes its results."""
import importlib.util
import json

import pytest

from benchmarks import device


def test_roofline_flops():
    assert abs(device.dual_gram_flops(16384, 4, 10, 2048) / 6.6e13 - 1) < 0.02     # RESULTS.md: ≈ 6.6·10¹³
    assert device.fp64_peak("NVIDIA H200") == 67e12 and device.fp64_peak("NVIDIA H100 PCIe") == 51e12
    assert device.fp64_peak("some card") is None


@pytest.mark.skipif(importlib.util.find_spec("cupy") is not None, reason="CuPy present")
def test_refuses_without_cupy(capsys, tmp_path):
    assert device.main(["--out", str(tmp_path)]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "cupy" in out[0] and "unmeasured" in out[0]


def test_dry_run_end_to_end(tmp_path):
    assert device.main(["--dry-run", "--out", str(tmp_path), "--budget-s", "120"]) == 0
    res = json.loads((tmp_path / "device.json").read_text())
    assert all(res[k]["ok"] for k in ("dual_gram", "inpca", "sweep_point")), res
    assert res["inpca"]["agree"] and res["dual_gram"]["flops"] > 0
    assert "| dual_gram | pass" in (tmp_path / "RESULTS_device.md").read_text()


def test_a_step_past_its_limit_is_recorded_not_fatal():
    import time
    res = {}
    device.run_step(res, "slow", 1.0, lambda: time.sleep(5) or {})
    assert res["slow"]["ok"] is False and "stopped after" in res["slow"]["error"] and res["slow"]["wall_s"] < 3
