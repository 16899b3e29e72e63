"""The report in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven by Selenium.

Selenium Manager never runs: the driver path is always given.  Skips with a clear message only when
/usr/bin/chromium (or the driver, or selenium) is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tei import corrections as corr
from tei.ids import link_ids
from tei.report import render_report

from conftest import random_pair
from test_report import reviewed_pair

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} is missing: apt-get install chromium chromium-driver (make system-deps)"),
    pytest.mark.skipif(not os.path.exists(CHROMEDRIVER),
                       reason=f"{CHROMEDRIVER} is missing: apt-get install chromium-driver (make system-deps)"),
]
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def start_browser(profile: Path, downloads: Path, width: int = 1280, height: int = 900):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    base = tmp_path_factory.mktemp("chromium")
    (base / "downloads").mkdir()
    driver = start_browser(base / "profile", base / "downloads")
    driver.downloads = base / "downloads"
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    pair = reviewed_pair()
    path = tmp_path_factory.mktemp("report") / "seed.html"
    path.write_text(render_report(pair, name="seed"), encoding="utf-8")
    return pair, path


def open_page(browser, path: Path):
    browser.get(path.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def in_viewport(browser, element) -> bool:
    return browser.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;", element)


def test_both_columns_render_side_by_side_one_row_per_link(browser, report):
    pair, path = report
    open_page(browser, path)
    assert browser.execute_script("return document.querySelectorAll('#bitext tr.link').length") == \
        len(pair.alignment.links)
    row = browser.find_elements(By.CSS_SELECTOR, "#bitext tr.link")[1]
    src, tgt = row.find_element(By.CSS_SELECTOR, "td.src"), row.find_element(By.CSS_SELECTOR, "td.tgt")
    assert src.is_displayed() and tgt.is_displayed()
    assert src.size["width"] > 200 and tgt.size["width"] > 200
    assert src.location["x"] + src.size["width"] <= tgt.location["x"] + 1   # source left of target
    assert abs(src.location["y"] - tgt.location["y"]) < 2                   # on the same line
    assert browser.find_element(By.ID, "toolbar").is_displayed()          # the script ran


def test_next_finding_scrolls_to_a_row_with_a_finding(browser, report):
    pair, path = report
    open_page(browser, path)
    with_findings = {n.link_id for n in pair.run["qa"] if n.link_id}
    expected = [i for i in link_ids(pair.alignment.links) if i in with_findings]
    button = browser.find_element(By.ID, "next-finding")
    visited = []
    for _ in range(3):
        button.click()
        selected = browser.find_element(By.CSS_SELECTOR, "tr.link.sel")
        assert selected.get_attribute("data-f"), "the selected row has a finding"
        assert in_viewport(browser, selected)
        visited.append(selected.get_attribute("id"))
    assert visited == expected[:3]
    # keyboard: p goes back one finding
    browser.find_element(By.TAG_NAME, "body").send_keys("p")
    assert browser.find_element(By.CSS_SELECTOR, "tr.link.sel").get_attribute("id") == visited[1]


def test_filter_and_search(browser, report):
    pair, path = report
    open_page(browser, path)
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element(By.ID, "filter")).select_by_value("*finding")
    shown = browser.execute_script("return Array.from(document.querySelectorAll('tr.link')).filter(r => !r.hidden)"
                                   ".map(r => r.id)")
    with_findings = {n.link_id for n in pair.run["qa"] if n.link_id}
    assert shown == [i for i in link_ids(pair.alignment.links) if i in with_findings]
    Select(browser.find_element(By.ID, "filter")).select_by_value("")
    word = pair.src.sentences().__next__()[2].text.split()[-1].strip("?.!").lower()
    search = browser.find_element(By.ID, "search")
    search.send_keys(word)
    time.sleep(0.4)
    shown = browser.execute_script("return Array.from(document.querySelectorAll('tr.link')).filter(r => !r.hidden)"
                                   ".map(r => r.cells[1].textContent + ' ' + r.cells[2].textContent)")
    assert shown and all(word in text.lower() for text in shown)


def test_mark_merge_split_and_save_produces_corrections_that_apply(browser, report):
    pair, path = report
    open_page(browser, path)
    rows = browser.find_elements(By.CSS_SELECTOR, "#bitext tr.link")
    links = pair.alignment.links
    one_one = [k for k, link in enumerate(links) if link.type == "1-1"]
    nm = next(k for k, link in enumerate(links) if len(link.src) + len(link.tgt) > 2)
    rows[one_one[0]].find_element(By.CSS_SELECTOR, "td.src").click()
    browser.find_element(By.ID, "mark-wrong").click()
    rows[one_one[1]].find_element(By.CSS_SELECTOR, "td.src").click()
    browser.find_element(By.ID, "mark-ok").click()
    rows[one_one[2]].find_element(By.CSS_SELECTOR, "td.src").click()
    browser.find_element(By.ID, "merge-next").click()
    rows[nm].find_element(By.CSS_SELECTOR, "td.tgt").click()
    browser.find_element(By.ID, "split").click()
    browser.find_element(By.ID, "split-apply").click()
    assert "x-wrong" in rows[one_one[0]].get_attribute("class")
    for leftover in browser.downloads.iterdir():
        leftover.unlink()
    browser.find_element(By.ID, "save").click()
    exposed = json.loads(browser.execute_script("return document.getElementById('corrections-json').value"))
    assert exposed["format"] == corr.FORMAT and exposed["alignment"] == corr.fingerprint(pair.alignment)
    assert sorted(c["op"] for c in exposed["corrections"]) == ["confirm", "merge", "split", "wrong"]
    target = browser.downloads / "seed.corrections.json"
    for _ in range(50):
        if target.exists():
            break
        time.sleep(0.1)
    assert target.exists(), f"the download went nowhere: {list(browser.downloads.iterdir())}"
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved == exposed
    updated, summary = corr.apply(pair, saved, "Reviewer", "2026-11-29T11:00:00Z", str(target))
    assert summary == {"confirm": 1, "wrong": 1, "merge": 1, "split": 1}
    updated.alignment.check()
    # and through the command, into a TEI file
    import tei
    from click.testing import CliRunner
    from bitext.cli import cli
    tei_file = target.parent / "seed.tei.xml"
    tei.write(tei_file, pair)
    result = CliRunner().invoke(cli, ["apply-corrections", str(tei_file), str(target), "--reviewer", "Reviewer"])
    assert result.exit_code == 0, result.output
    assert len(corr.fixed_links(tei.read(tei_file))) == 4   # confirm, merge, and the split's two parts


def test_screenshot_is_not_blank(browser, report, tmp_path):
    _, path = report
    open_page(browser, path)
    browser.find_element(By.ID, "next-finding").click()
    shot = tmp_path / "report.png"
    browser.save_screenshot(str(shot))
    keep = os.environ.get("BITEXT_SCREENSHOTS")
    if keep:
        shutil.copy(shot, Path(keep) / "report-seed.png")
    # decode the screenshot in the browser itself (canvas) and measure the pixel variance
    data = shot.read_bytes()
    import base64
    browser.get("about:blank")
    stats = browser.execute_async_script("""
        var done = arguments[arguments.length - 1], img = new Image();
        img.onload = function () {
          var c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
          var g = c.getContext('2d'); g.drawImage(img, 0, 0);
          var d = g.getImageData(0, 0, c.width, c.height).data, n = 0, s = 0, s2 = 0, colours = {};
          for (var i = 0; i < d.length; i += 4 * 7) { var v = (d[i] + d[i+1] + d[i+2]) / 3; n++; s += v; s2 += v * v;
            colours[d[i] + ',' + d[i+1] + ',' + d[i+2]] = 1; }
          var mean = s / n; done({variance: s2 / n - mean * mean, colours: Object.keys(colours).length,
                                  width: img.width, height: img.height});
        };
        img.src = 'data:image/png;base64,' + arguments[0];
    """, base64.b64encode(data).decode("ascii"))
    assert stats["width"] >= 1000 and stats["height"] >= 600
    assert stats["variance"] > 200, stats     # a blank page is 0; text on white is far above
    assert stats["colours"] > 50, stats


def test_readable_without_javascript(tmp_path, report):
    pair, path = report
    base = tmp_path / "nojs"
    (base / "d").mkdir(parents=True)
    driver = start_browser(base / "profile", base / "d")
    try:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(path.as_uri())
        rows = driver.find_elements(By.CSS_SELECTOR, "#bitext tr.link")
        assert len(rows) == len(pair.alignment.links)
        assert rows[0].find_element(By.CSS_SELECTOR, "td.src").is_displayed()
        assert not driver.find_element(By.ID, "toolbar").is_displayed()   # no dead buttons without the script
        finding = driver.find_element(By.CSS_SELECTOR, "tr.link[data-f] td.qa .msg")
        assert finding.is_displayed() and finding.text
    finally:
        driver.quit()


def test_phone_width_stacks_and_print_hides_the_tools(tmp_path, report):
    _, path = report
    base = tmp_path / "phone"
    (base / "d").mkdir(parents=True)
    driver = start_browser(base / "profile", base / "d", width=390, height=800)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 800, "deviceScaleFactor": 1, "mobile": True})
        driver.get(path.as_uri())
        row = driver.find_elements(By.CSS_SELECTOR, "#bitext tr.link")[1]
        src, tgt = row.find_element(By.CSS_SELECTOR, "td.src"), row.find_element(By.CSS_SELECTOR, "td.tgt")
        assert tgt.location["y"] >= src.location["y"] + src.size["height"] - 1    # stacked
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 400  # no sideways scroll
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not driver.find_element(By.ID, "toolbar").is_displayed()
    finally:
        driver.quit()


def test_odd_characters_and_low_confidence_navigation(browser, tmp_path):
    pair = random_pair(5)
    path = tmp_path / "random.html"
    path.write_text(render_report(pair, low=0.5), encoding="utf-8")
    open_page(browser, path)
    assert browser.execute_script("return document.querySelectorAll('tr.link').length") == len(pair.alignment.links)
    low = [link for link in pair.alignment.links if link.confidence < 0.5]
    assert low
    browser.find_element(By.ID, "next-low").click()
    selected = browser.find_element(By.CSS_SELECTOR, "tr.link.sel")
    assert float(selected.get_attribute("data-c")) < 0.5
    assert browser.get_log("browser") == [] if "browser" in browser.log_types else True


def test_clicking_the_plot_selects_that_link(browser, report):
    pair, path = report
    open_page(browser, path)
    link_list = pair.alignment.links
    k = next(n for n in range(len(link_list) // 2, len(link_list)) if link_list[n].src and link_list[n].tgt)
    link = link_list[k]
    # the centre of the link's box, in client coordinates, from the SVG's own geometry
    x, y = browser.execute_script("""
        var svg = document.querySelector('svg.alignment-plot'), a = svg.getAttribute('data-area').split(' ').map(Number);
        svg.scrollIntoView({block: 'center'});
        var p = svg.createSVGPoint();
        p.x = a[0] + arguments[0] / a[4] * a[2]; p.y = a[1] + arguments[1] / a[5] * a[3];
        var c = p.matrixTransform(svg.getScreenCTM()); return [c.x, c.y];""",
        (link.src[0] + link.src[-1] + 1) / 2, (link.tgt[0] + link.tgt[-1] + 1) / 2)
    plot = browser.find_element(By.CSS_SELECTOR, "svg.alignment-plot")
    rect = browser.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
                                  plot)
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(browser).move_to_element_with_offset(plot, int(x - rect[0] - rect[2] / 2),
                                                      int(y - rect[1] - rect[3] / 2)).click().perform()
    selected = browser.find_element(By.CSS_SELECTOR, "tr.link.sel")
    assert selected.get_attribute("id") == list(link_ids(link_list))[k]
    assert in_viewport(browser, selected)
