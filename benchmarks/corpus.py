"""The benchmark corpora: the Lee corpus (and PolNeAR train), read in place and written as JSONL."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def corpus_texts(which: str) -> list[tuple[str, str]]:
    """(id, text) of the Lee corpus, plus PolNeAR train for `full`."""
    texts = []
    for name in ("lee_background.cor", "lee.cor"):
        for number, line in enumerate((DATA / "lee" / name).read_text(encoding="utf-8", errors="replace").splitlines()):
            if line.strip():
                texts.append((f"lee/{name}:{number}", line.strip()))
    if which == "full":
        for path in sorted((DATA / "polnear" / "train" / "text").glob("*.txt")):
            texts.append((f"polnear/{path.stem}", path.read_text(encoding="utf-8")))
    return texts


def write_jsonl(path: Path, texts: list[tuple[str, str]], copies: int = 1) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for doc_id, text in texts:
                handle.write(json.dumps({"id": f"{doc_id}#{copy}", "text": text}) + "\n")
