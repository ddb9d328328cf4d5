"""The README's claim catalogue is what `sloppy list --markdown` prints (it was once left stale: S27's old list)."""
from pathlib import Path

from sloppy_verifier.verify.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _rows(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith(("| `fisher.", "| `ribbon."))]


def test_readme_catalogue_matches_sloppy_list(capsys):
    assert main(["list", "--markdown"]) == 0
    printed = _rows(capsys.readouterr().out)
    assert printed and _rows((ROOT / "README.md").read_text()) == printed
