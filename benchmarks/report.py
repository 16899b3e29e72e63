"""How long ``bitext report`` takes on a book and how fast the page paints: the Bible set of the shared gold
(../shared/data/alignment/bible_en_zh_bertalign/001: 5,000 English / 6,301 Chinese sentences), built from
its sentences_*.txt and gold.tsv so no aligner runs.

Printed: seconds to build the pair, to render the HTML (with the SVG plot), the whole ``bitext report`` command
on the pair's TEI (start-up, reading the TEI, rendering, writing), to render the SVG and PNG plots
alone, to max-pool a 5,000×6,301 similarity matrix of 512-dim vectors into 400×400 cells (random unit
vectors: the encoder's own time is the aligner's benchmark), the page size, and in headless Chromium
(if /usr/bin/chromium is installed) first contentful paint, DOMContentLoaded and load, median of 3 loads.
Goals: render < 5 s, first paint < 2 s, page < 15 MB.  Absolute times depend on the machine's load.

    python benchmarks/report.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

BIBLE = ROOT.parent / "shared" / "data" / "alignment" / "bible_en_zh_bertalign" / "001"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def paint_times(path: Path, runs: int = 3) -> dict[str, float] | None:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        print(f"first paint: skipped ({CHROMIUM} or {CHROMEDRIVER} missing: apt-get install chromium chromium-driver)")
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("first paint: skipped (selenium not installed: pip install -e '.[test]')")
        return None
    results: dict[str, list[float]] = {"first-contentful-paint": [], "domContentLoaded": [], "load": []}
    with tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={profile}", "--window-size=1280,900"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            for _ in range(runs):
                driver.get("about:blank")
                driver.get(path.as_uri())
                timing = driver.execute_script("""
                    var nav = performance.getEntriesByType('navigation')[0];
                    var fcp = performance.getEntriesByName('first-contentful-paint')[0];
                    return {fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                            rows: document.querySelectorAll('tr.link').length};""")
                results["first-contentful-paint"].append(timing["fcp"] / 1000)
                results["domContentLoaded"].append(timing["dcl"] / 1000)
                results["load"].append(timing["load"] / 1000)
        finally:
            driver.quit()
    print(f"rows in the page: {timing['rows']}")
    return {k: statistics.median(v) for k, v in results.items()}


def main() -> int:
    if not BIBLE.is_dir():
        print(f"skipped: {BIBLE} is absent (the shared gold data)")
        return 0
    import numpy as np

    from conftest import gold_pair
    from tei.report import plot_png, plot_svg, render_report
    from tei.report.matrix import pooled_similarity

    pair = timed("build the Bible pair from gold", gold_pair, BIBLE)
    if pair is None:
        print("skipped: the Bible gold does not build a pair")
        return 0
    n, m = pair.alignment.n_src, pair.alignment.n_tgt
    print(f"pair: {n} / {m} sentences, {len(pair.alignment.links)} links")
    rng = np.random.default_rng(0)
    a = rng.normal(size=(n, 512)).astype(np.float32)
    b = rng.normal(size=(m, 512)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    matrix = timed("max-pool the similarity matrix to 400x400", pooled_similarity, a, b)
    page = timed("render the report (HTML + SVG plot, no matrix)", render_report, pair, name="bible")
    page_m = timed("render the report with the pooled matrix", render_report, pair, matrix=matrix, name="bible")
    svg = timed("SVG plot alone (with matrix)", plot_svg, pair, matrix)
    png = timed("PNG plot alone (with matrix)", plot_png, pair, matrix)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bible.html"
        start = time.perf_counter()
        path.write_text(page_m, encoding="utf-8")
        print(f"{'write the page':<48} {time.perf_counter() - start:8.3f} s")
        size = path.stat().st_size
        print(f"page size: {size / 1e6:.2f} MB (no matrix: {len(page.encode('utf-8')) / 1e6:.2f} MB); "
              f"SVG plot {len(svg.encode('utf-8')) / 1e3:.0f} kB; PNG plot {len(png) / 1e3:.0f} kB")
        tei_path = Path(folder) / "bible.tei.xml"
        import subprocess
        import tei
        tei.write(tei_path, pair)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bitext.cli", "report", str(tei_path), "-o", str(Path(folder) / "cli.html"),
                        "--no-matrix", "-q"], check=True, cwd=ROOT)
        print(f"{'bitext report bible.tei.xml --no-matrix (all)':<48} {time.perf_counter() - start:8.3f} s")
        paints = paint_times(path)
    if paints:
        for key, value in paints.items():
            print(f"{'Chromium ' + key + ' (median of 3)':<48} {value:8.3f} s")
    print("goals: render < 5 s, first paint < 2 s, page < 15 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
