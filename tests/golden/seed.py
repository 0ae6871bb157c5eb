"""The seed article's expected output, kept in `seed.json` next to this module.

The facts are what a reader of the article checks: who said what (kind, speaker as written and
resolved, the start of the quote text, the cue, the addressee) and which people the article names.
`seed_facts` projects the pipeline's tables onto the same shape, so the golden test compares like
with like.

Regenerate after an intended change, then read the diff against the article before keeping it:
`.venv/bin/python -m tests.golden.seed` (it rewrites the computed sections and keeps the
hand-written ones: short names, non-people, non-entities, non-quotes).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

GOLDEN = Path(__file__).with_name("seed.json")
#: How much of a quote's text the golden file keeps (whole words): enough to tell the quotes apart.
TEXT_START = 50
DOCUMENT_FIELDS = ("title", "date", "published", "published_text", "author", "dateline", "agency", "publisher")
COMPUTED = ("document", "quotes", "people")


def _value(value: Any) -> Any:
    """A table cell as JSON: missing values are null, dates and times ISO strings."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def text_start(text: str) -> str:
    """The first words of a quote, at most TEXT_START characters."""
    return text if len(text) <= TEXT_START else text[: TEXT_START + 1].rsplit(" ", 1)[0]


def quote_facts(quotes: pd.DataFrame) -> list[dict[str, Any]]:
    """The quotes as the golden file holds them, in text order."""
    return [
        {
            "kind": q.kind,
            "speaker": _value(q.speaker),
            "speaker_canonical": _value(q.speaker_canonical),
            "text_start": text_start(q.text),
            "cue": q.cue,
            "addressee": _value(q.addressee),
        }
        for q in quotes.sort_values("start_char").itertuples()
    ]


def people_facts(people: pd.DataFrame) -> list[dict[str, Any]]:
    """The people of the article by name: gender, mentions and quotes."""
    return [
        {"name": p.name, "gender": p.gender, "n_mentions": int(p.n_mentions), "n_quotes": int(p.n_quotes)}
        for p in people.sort_values("name").itertuples()
    ]


def seed_facts(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The computed sections of the golden file, from the seed's output tables."""
    [document] = tables["documents"].to_dict("records")
    return {
        "document": {name: _value(document[name]) for name in DOCUMENT_FIELDS},
        "quotes": quote_facts(tables["quotes"]),
        "people": people_facts(tables["people"]),
    }


def load() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def main() -> None:
    """Rewrite the computed sections from a fresh run on the seed (loads the model once)."""
    from pipeline import Settings, build_nlp, extract, read_tables
    from tests.conftest import SEED

    with tempfile.TemporaryDirectory() as out:
        extract([SEED], out, Settings(progress=False), nlp=build_nlp())
        facts = seed_facts(read_tables(out))
    golden = load() if GOLDEN.exists() else {}
    golden = {"about": golden.pop("about", ""), **facts, **{k: v for k, v in golden.items() if k not in COMPUTED}}
    GOLDEN.write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}: {len(facts['quotes'])} quotes, {len(facts['people'])} people; check it against {SEED.name}")


if __name__ == "__main__":
    main()
