"""What went wrong with one input: a row of the `errors` table, never an exception.

Kept apart from the readers so every layer (locations, corpora, articles, the runner) can report
a bad input the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.labels import STAGE_READ, ErrorStage


@dataclass(frozen=True)
class InputError:
    """An input that could not be turned into an article: one row of the `errors` table."""

    source: str
    doc_id: str | None
    error: str
    message: str
    stage: ErrorStage = STAGE_READ

    def describe(self) -> str:
        """One line naming the input and the problem."""
        where = f"{self.source} [{self.doc_id}]" if self.doc_id else self.source
        return f"{where}: {self.error}: {self.message}"
