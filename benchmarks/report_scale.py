"""The report at scale: 10,000 articles and 100,000 quotes, built in under a minute, an overview under 3 MB.

    python benchmarks/report_scale.py [--articles 10000] [--quotes-per-article 10] [--keep DIR]

Builds a synthetic output folder straight from the table schemas (`tests/report/synthetic.py`:
articles of quoted and filler sentences with real offsets, about 40 entity mentions each, 20,000
people quoted on a long tail, organisations and unnamed descriptions as speakers, 12 outlets, two
years of dates), times `build_report` on it, and prints the time, the overview's size and the size
of the whole report folder (article and person pages, search data, CSV export). A benchmark, not a
test: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.report import build_report  # noqa: E402
from pipeline.report.layout import EXPORT_FILE, PAGES  # noqa: E402
from pipeline.report.search import DATA_FILE  # noqa: E402
from tests.report.synthetic import write_synthetic_output  # noqa: E402

MB = 1_000_000
#: The targets: seconds for the build, bytes for the overview.
MAX_SECONDS, MAX_OVERVIEW_BYTES = 60.0, 3 * MB


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under `folder`."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure(out: Path, articles: int, quotes_per_article: int) -> dict[str, float]:
    """Write the synthetic tables to `out`, build the report, and return the figures."""
    started = time.perf_counter()
    write_synthetic_output(out, articles, quotes_per_article)
    tables_seconds = time.perf_counter() - started
    started = time.perf_counter()
    overview = build_report(out)
    seconds = time.perf_counter() - started
    pages = out / PAGES
    return {
        "tables_seconds": tables_seconds,
        "seconds": seconds,
        "overview": overview.stat().st_size,
        "folder": folder_bytes(pages) + overview.stat().st_size,
        "data": (pages / DATA_FILE).stat().st_size,
        "csv": (pages / EXPORT_FILE).stat().st_size,
        "article_pages": sum(p.stat().st_size for p in pages.glob("article-*.html")),
        "person_pages": sum(p.stat().st_size for p in pages.glob("person-*.html")),
        "n_person_pages": len(list(pages.glob("person-*.html"))),
    }


def report(figures: dict[str, float], articles: int, quotes: int) -> str:
    """The figures as lines, with the targets."""
    return "\n".join(
        [
            f"synthetic output: {articles:,} articles, {quotes:,} quotes (tables written in {figures['tables_seconds']:.1f} s)",
            f"build_report: {figures['seconds']:.1f} s (target < {MAX_SECONDS:.0f} s)",
            f"overview report.html: {figures['overview'] / MB:.2f} MB (target < {MAX_OVERVIEW_BYTES / MB:.0f} MB)",
            f"report folder: {figures['folder'] / MB:.0f} MB: article pages {figures['article_pages'] / MB:.0f} MB, "
            f"{figures['n_person_pages']:,} person pages {figures['person_pages'] / MB:.0f} MB, "
            f"search data {figures['data'] / MB:.1f} MB, quotes.csv {figures['csv'] / MB:.1f} MB",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--quotes-per-article", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-scale-") as tmp:
        out = args.keep or Path(tmp) / "out"
        figures = measure(out, args.articles, args.quotes_per_article)
    print(report(figures, args.articles, args.articles * args.quotes_per_article))
    met = figures["seconds"] < MAX_SECONDS and figures["overview"] < MAX_OVERVIEW_BYTES
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
