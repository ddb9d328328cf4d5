"""results.json is written atomically: an interrupted write leaves the previous report intact."""
import json
import os

import pytest

from sloppy_verifier.verify import results


def test_interrupted_write_keeps_previous_report(tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    results.write_results(path, [], {"seed": 0})
    before = path.read_text()

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        results.write_results(path, [{"id": "x", "gating": True, "verdict": "violated"}], {"seed": 1})
    assert path.read_text() == before and json.loads(before)["schema_version"] == results.SCHEMA_VERSION
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]      # no temporary file left behind


def test_report_records_versions_and_failures(tmp_path):
    doc = results.write_results(tmp_path / "r.json", [{"id": "a", "gating": True, "verdict": "violated"},
                                                      {"id": "b", "gating": False, "verdict": "violated"}],
                                {"seed": 3, "dps": 40})
    assert doc["summary"]["failing"] == ["a"] and not doc["summary"]["ok"]
    assert {"sympy", "mpmath", "numpy"} <= set(doc["settings"]["versions"])
    assert oct((tmp_path / "r.json").stat().st_mode & 0o777) != oct(0o600)
