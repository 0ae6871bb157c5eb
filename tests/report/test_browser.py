"""The seed report in headless Chromium: quotes with speakers, entity marks, charts, no console errors.

Chromium is Debian's package (`.ci/run` installs it when missing); Playwright drives it.
Screenshots are saved under outputs/ for people to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.report import build_report
from pipeline.report.pages import PAGES, page_name

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "outputs"
#: Flags for a closed network: no background connections, no first-run or sync traffic.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 1600})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(path.as_uri())
    return page, problems


def test_article_page_shows_quotes_with_speakers_and_entities(browser, seed_out: Path, seed_golden: dict) -> None:
    build_report(seed_out)
    page, problems = _open(browser, seed_out / PAGES / page_name(0))
    expected = [q for q in seed_golden["quotes"] if q["speaker_canonical"] == "Sheila Smith"]
    smith = page.locator('mark.quote[data-speaker="Sheila Smith"]')
    assert smith.count() == len(expected) > 1
    assert "Sheila Smith" in smith.first.inner_text()
    assert expected[1]["text_start"] in smith.nth(1).inner_text()
    people = page.locator("mark.ent-PERSON")
    assert people.count() >= len(seed_golden["people"]) and "PERSON" in people.first.inner_text()
    assert page.locator("#quotes tbody tr").count() == len(seed_golden["quotes"])
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report-article.png"), full_page=True)
    assert problems == []


def test_overview_has_charts_and_a_working_article_list(browser, seed_out: Path, seed_golden: dict) -> None:
    build_report(seed_out)
    page, problems = _open(browser, seed_out / "report.html")
    assert page.locator("#charts svg").count() >= 2
    rows = page.locator("#articles tbody tr")
    assert rows.count() == 1
    page.fill("#search", "no such article")
    assert rows.count() == 0
    page.fill("#search", "trump summit")
    assert rows.count() == 1
    page.locator("#articles a").first.click()
    page.wait_for_load_state()
    assert page.title() == seed_golden["document"]["title"]
    page.go_back()
    page.screenshot(path=str(SCREENSHOTS / "report-overview.png"), full_page=True)
    assert problems == []
