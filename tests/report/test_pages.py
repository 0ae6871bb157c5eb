"""The report files: overview, article, person and people pages, escaping of every text, no network."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from pipeline import Article, Settings, extract
from pipeline.report import build_report
from pipeline.report.pages import EXPORT_FILE, PAGES, PEOPLE_INDEX, page_name
from pipeline.report.search import DATA_FILE
from tests.report.synthetic import drop_table, rewrite_column

HOSTILE = "<img src=x onerror=alert(1)>"
#: The person's name as the tables give it after the fixture rewrites them: input may hold anything.
HOSTILE_NAME = f'{HOSTILE} "Mary" Jones'


@pytest.fixture(scope="module")
def hostile_report(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    articles = [
        Article(
            doc_id="../../etc/passwd",
            text=f'<script>alert("x")</script> "It is fine {HOSTILE}," Mary Jones said. {HOSTILE}',
            source="evil",
            title="</script><script>alert(2)</script>",
        )
    ]
    extract(articles, out, Settings(progress=False), nlp=nlp)
    rewrite_column(out, "people", "name", HOSTILE_NAME)
    rewrite_column(out, "quotes", "speaker_canonical", HOSTILE_NAME)
    build_report(out)
    return out


def _person_pages(out: Path) -> list[Path]:
    return sorted((out / PAGES).glob("person-*.html"))


def test_report_files_and_page_names_never_come_from_doc_ids_or_names(hostile_report: Path) -> None:
    assert (hostile_report / "report.html").exists()
    names = sorted(p.name for p in (hostile_report / PAGES).iterdir())
    person = [name for name in names if name.startswith("person-")]
    assert names == sorted([page_name(0), PEOPLE_INDEX, DATA_FILE, EXPORT_FILE, *person]) and len(person) == 1
    assert re.fullmatch(r"person-[0-9a-f]{16}\.html", person[0])


def test_article_text_renders_as_text(hostile_report: Path) -> None:
    page = (hostile_report / PAGES / page_name(0)).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    overview = (hostile_report / "report.html").read_text(encoding="utf-8")
    assert "</script><script>alert(2)" not in overview and "<img" not in overview
    assert overview.count("<script") == 2  # the data file's element and the search script, nothing injected


@pytest.mark.parametrize("page", ["person", "people"])
def test_person_pages_and_the_people_index_show_names_and_quotes_as_text(hostile_report: Path, page: str) -> None:
    path = _person_pages(hostile_report)[0] if page == "person" else hostile_report / PAGES / PEOPLE_INDEX
    html = path.read_text(encoding="utf-8")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &#34;Mary&#34; Jones" in html
    if page == "person":
        assert "It is fine &lt;img src=x onerror=alert(1)&gt;" in html


def test_search_data_holds_no_markup(hostile_report: Path) -> None:
    script = (hostile_report / PAGES / DATA_FILE).read_text(encoding="utf-8")
    assert "<" not in script and ">" not in script
    assert '\\u003cimg src=x onerror=alert(1)\\u003e \\"Mary\\" Jones' in script
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)" in script


def test_report_is_self_contained(hostile_report: Path) -> None:
    for path in [hostile_report / "report.html", *(hostile_report / PAGES).glob("*.html")]:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path.name


@pytest.fixture(scope="module")
def seed_report(seed_out: Path) -> Path:
    build_report(seed_out)
    return seed_out


def test_seed_article_page(seed_report: Path, seed_golden: dict[str, Any]) -> None:
    page = (seed_report / PAGES / page_name(0)).read_text(encoding="utf-8")
    marks = re.findall(r'<mark class="quote [^"]*"[^>]* id="(q-\d+)" data-speaker="([^"]*)"', page)
    assert [speaker for _, speaker in marks] == [q["speaker_canonical"] for q in seed_golden["quotes"]]  # every quote, in order
    assert [anchor for anchor, _ in marks] == [f"q-{n}" for n in range(len(seed_golden["quotes"]))]  # each with its anchor
    assert f"<title>{seed_golden['document']['title']}</title>" in page
    assert 'href="person-' in page  # named speakers link to their pages


def test_a_plain_text_article_is_titled_by_its_first_line_never_its_path(nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("the council met on tuesday and said the bridge would reopen soon.\n", encoding="utf-8")
    extract([folder], tmp_path / "out", Settings(progress=False, headlines=False), nlp=nlp)
    build_report(tmp_path / "out")
    page = (tmp_path / "out" / PAGES / page_name(0)).read_text(encoding="utf-8")
    assert "<title>the council met on tuesday and said the bridge would reopen soon.</title>" in page
    assert "<h1>the council met on tuesday" in page and "story" not in page.split("<small>")[0]


def test_seed_person_page_and_people_index(seed_report: Path, seed_golden: dict[str, Any]) -> None:
    index = (seed_report / PAGES / PEOPLE_INDEX).read_text(encoding="utf-8")
    links = dict((name, page) for page, name in re.findall(r'<a href="(person-[0-9a-f]+\.html)">([^<]+)</a>', index))
    assert sorted(links) == sorted(p["name"] for p in seed_golden["people"] if p["n_quotes"])
    smith = (seed_report / PAGES / links["Sheila Smith"]).read_text(encoding="utf-8")
    expected = [q for q in seed_golden["quotes"] if q["speaker_canonical"] == "Sheila Smith"]
    assert smith.count('<li class="quote-item">') == len(expected) and "female" in smith
    assert all(q["text_start"].split(",")[0] in smith for q in expected)
    assert len(re.findall(r'href="article-000001\.html#q-\d+"', smith)) == len(expected)


def test_seed_overview(seed_report: Path) -> None:
    overview = (seed_report / "report.html").read_text(encoding="utf-8")
    assert "Most quoted people" in overview and "<svg" in overview
    assert f'href="{PAGES}/{PEOPLE_INDEX}"' in overview and f'href="{PAGES}/{EXPORT_FILE}"' in overview
    assert (seed_report / PAGES / EXPORT_FILE).stat().st_size > 0
    assert "Quotes per month" not in overview and 'id="dates-note"' in overview  # one month: no chart over time
    assert "Nikkei" not in overview.split("Most quoted people")[1].split("</figure>")[0]  # descriptions charted apart
    assert 'id="gender-table"' in overview


def test_a_run_without_a_people_table_still_has_person_pages(seed_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "old-run"
    shutil.copytree(seed_out, out, ignore=shutil.ignore_patterns(PAGES, "report.html", "cache"))
    drop_table(out, "people")  # the manifest lists no people table, as a run of a version without one
    build_report(out)
    overview = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="gender-table"' not in overview and 'id="export-problem"' in overview and "no people table" in overview
    pages = {path.name: path.read_text(encoding="utf-8") for path in (out / PAGES).glob("person-*.html")}
    assert len(pages) == 2 and any('<h1 id="name">Sheila Smith</h1>' in page and "no estimate" in page for page in pages.values())
