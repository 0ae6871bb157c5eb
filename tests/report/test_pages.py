"""The report files: overview, article pages, escaping of article text, no network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline import Article, Settings, extract
from pipeline.report import build_report
from pipeline.report.pages import PAGES, page_name


@pytest.fixture(scope="module")
def hostile_report(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    articles = [
        Article(
            doc_id="../../etc/passwd",
            text='<script>alert("x")</script> "It is fine," Mary Jones said. <img src=x onerror=alert(1)>',
            source="evil",
            title="</script><script>alert(2)</script>",
        )
    ]
    extract(articles, out, Settings(progress=False), nlp=nlp)
    build_report(out)
    return out


def test_report_files_and_page_names_never_come_from_doc_ids(hostile_report: Path) -> None:
    assert (hostile_report / "report.html").exists()
    assert [p.name for p in (hostile_report / PAGES).iterdir()] == [page_name(0)]


def test_article_text_renders_as_text(hostile_report: Path) -> None:
    page = (hostile_report / PAGES / page_name(0)).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    overview = (hostile_report / "report.html").read_text(encoding="utf-8")
    assert "</script><script>alert(2)" not in overview
    assert overview.count("<script") == 2  # the JSON data block and the list script, nothing injected


def test_report_is_self_contained(hostile_report: Path) -> None:
    for path in [hostile_report / "report.html", *(hostile_report / PAGES).iterdir()]:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path.name


def test_seed_report(seed_out: Path, seed_golden: dict) -> None:
    build_report(seed_out)
    page = (seed_out / PAGES / page_name(0)).read_text(encoding="utf-8")
    speakers = re.findall(r'<mark class="quote [^"]*"[^>]* data-speaker="([^"]*)"', page)
    assert speakers == [q["speaker_canonical"] for q in seed_golden["quotes"]]  # every quote marked, in text order
    assert seed_golden["document"]["title"] in page
    overview = (seed_out / "report.html").read_text(encoding="utf-8")
    assert "Most quoted speakers" in overview and "<svg" in overview
