"""The seed article's quotes, people and metadata against tests/golden/seed.json, exactly."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.golden.seed import COMPUTED, GOLDEN, seed_facts


def _diff(expected: Any, actual: Any) -> str:
    """A unified diff of the JSON texts: one line per changed fact, easy to read against the article."""
    lines = difflib.unified_diff(
        json.dumps(expected, indent=1, ensure_ascii=False).splitlines(),
        json.dumps(actual, indent=1, ensure_ascii=False).splitlines(),
        fromfile=f"{GOLDEN.name} (expected)",
        tofile="pipeline output (actual)",
        lineterm="",
    )
    return "\n".join(lines)


@pytest.mark.parametrize("section", COMPUTED)
def test_seed_output_matches_the_golden_file(section: str, seed_tables: dict[str, pd.DataFrame], seed_golden: dict) -> None:
    expected, actual = seed_golden[section], seed_facts(seed_tables)[section]
    assert actual == expected, (
        f"the seed's {section} changed:\n{_diff(expected, actual)}\n"
        "If the change is right (read the article!), regenerate with `.venv/bin/python -m tests.golden.seed`."
    )


def test_the_golden_quotes_are_quotes_of_the_article(seed_path: Path, seed_golden: dict) -> None:
    """Guards the golden file itself: each quote start, speaker and cue is text of the article."""
    article = seed_path.read_text(encoding="utf-8")
    quotes = seed_golden["quotes"]
    assert quotes
    for quote in quotes:
        assert quote["text_start"] in article and quote["speaker"] in article and quote["cue"] in article, quote
    names = {p["name"] for p in seed_golden["people"]}
    assert names and all(name in article for name in names)
    assert not names & set(seed_golden["not_people"])
