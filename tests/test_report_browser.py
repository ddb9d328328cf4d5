"""The HTML report in a real browser: headless Chromium with the network disabled loads the index, one claim page of
every kind and the phase page.  No console error, no failed load, no network request, no broken link or image;
every math element has a rendered size.  Screenshots of a claim page and of the phase page are kept as artefacts
(``$SLOPPY_TEST_ARTIFACTS``, default ``test-artifacts/``).

Skips without Chromium, except where ``SLOPPY_REQUIRE_BROWSER=1`` (CI installs Debian's chromium): there it fails.
"""
import json
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from browser import Browser, find_chromium
from test_report import _sweep_lines, synthetic_doc

from sloppy_verifier.verify.report import render, safe_name

EXE = find_chromium()
if EXE is None and os.environ.get("SLOPPY_REQUIRE_BROWSER") != "1":
    pytest.skip("no chromium (CI sets SLOPPY_REQUIRE_BROWSER=1 and installs it)", allow_module_level=True)

CHECK_PAGE = """(() => {
  const math = Array.from(document.querySelectorAll('math')).map(m => { const r = m.getBoundingClientRect();
    return [r.width, r.height, m.textContent.slice(0, 40)]; });
  const imgs = Array.from(document.images).map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]);
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  const unread = document.querySelectorAll('.tex-unread').length;
  const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  return {math, imgs, links, unread, over};
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    (out / "results.json").write_text(json.dumps(synthetic_doc()))
    (out / "sweeps").mkdir()
    (out / "sweeps" / "quick.jsonl").write_text("\n".join(json.dumps(r) for r in _sweep_lines()) + "\n")
    render(out)
    return out


@pytest.fixture(scope="module")
def browser():
    assert EXE, "SLOPPY_REQUIRE_BROWSER=1 but no chromium on PATH"
    b = Browser(EXE)
    yield b
    b.close()


def _pages(site: Path) -> list[Path]:
    doc = json.loads((site / "results.json").read_text())
    by_kind = {}
    for rec in doc["claims"]:
        by_kind.setdefault(rec["kind"], rec["id"])
    assert len(by_kind) == 8                                        # every kind of the spec
    return [site / "index.html", site / "phase.html"] + [site / "claims" / f"{safe_name(i)}.html" for i in by_kind.values()]


def _local(url: str) -> Path | None:
    u = urlparse(url)
    return Path(unquote(u.path)) if u.scheme == "file" else None


def test_pages_load_offline_without_errors(site, browser):
    for path in _pages(site):
        seen = browser.load(path.as_uri())
        assert not seen["errors"], (path.name, seen["errors"])
        remote = [u for u in seen["requests"] if not u.startswith(("file:", "data:", "about:"))]
        assert not remote, (path.name, remote)
        got = browser.evaluate(CHECK_PAGE)
        assert got["unread"] == 0, path.name
        assert all(ok for _, ok in got["imgs"]), (path.name, [s for s, ok in got["imgs"] if not ok])
        for url in got["links"]:
            target = _local(url)
            assert target is None or target.exists(), (path.name, url)
        if path.parent.name == "claims" or path.name == "index.html":
            assert got["math"], f"{path.name}: no typeset mathematics"
        small = [m for m in got["math"] if m[0] <= 0 or m[1] <= 0]
        assert not small, (path.name, small[:5])
        assert got["over"] <= 0, f"{path.name}: the page is {got['over']} px wider than the window"


def test_index_filters_and_sorts(site, browser):
    browser.load((site / "index.html").as_uri())
    shown = browser.evaluate("""(() => { const s = document.querySelector('select[name=kind]');
        s.value = 'ASYMP'; s.dispatchEvent(new Event('change'));
        return Array.from(document.querySelectorAll('#claims tbody tr')).filter(r => !r.hidden).map(r => r.dataset.id); })()""")
    assert shown == ["fisher.limit_two"]
    order = browser.evaluate("""(() => { const s = document.querySelector('select[name=kind]');
        s.value = ''; s.dispatchEvent(new Event('change'));
        const th = Array.from(document.querySelectorAll('#claims th')).find(h => h.textContent === 'verdict');
        th.click();
        return Array.from(document.querySelectorAll('#claims tbody tr')).map(r => r.dataset.verdict); })()""")
    assert order == sorted(order)


def test_screenshots_kept(site, browser):
    folder = Path(os.environ.get("SLOPPY_TEST_ARTIFACTS", "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in (("claim_page.png", site / "claims" / "fisher.bound_one.html"), ("phase_page.png", site / "phase.html"),
                       ("index.png", site / "index.html")):
        browser.load(path.as_uri())
        browser.screenshot(folder / name)
        assert (folder / name).read_bytes().startswith(b"\x89PNG") and (folder / name).stat().st_size > 20_000
    shutil.copy(site / "figures" / "phase_abc123_T10.png", folder / "phase_T10_figure.png")
