"""The HTML report: an overview of the corpus and a page per article, self-contained."""

from pipeline.report.pages import build_report

__all__ = ["build_report"]
