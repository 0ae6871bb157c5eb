"""How often each verb is a cue in PolNeAR: the evidence behind the cue lexicons.

    python -m pipeline.evaluation.cue_evidence [--split train] [--min-cues 4] [--min-rate 0.5]

For every verb lemma of the split, the number of its uses that are (part of) an annotated cue and
the share of its verb uses that are. A verb of saying with a high share is a cue; one with a low
share ('make', 'have') is not, whatever its count. Lemmas already in a lexicon are marked, so a
new one reads off the list; whether a verb reports speech or an attitude is decided by reading it.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from pipeline.evaluation.gold import GoldArticle, load_split
from pipeline.labels import ENTITY_RESOLUTION, QUOTE_ATTRIBUTION
from pipeline.nlp import build_nlp
from pipeline.quotes.lexicon import DEFAULT_ATTITUDE_LEXICON, DEFAULT_LEXICON, read_lexicon

DEFAULT_DATA = Path("../shared/data/polnear")


@dataclass(frozen=True)
class CueEvidence:
    """One verb lemma: its uses as a verb, and how many of them are cues."""

    lemma: str
    uses: int
    cues: int

    @property
    def rate(self) -> float:
        return self.cues / self.uses if self.uses else 0.0


def cue_evidence(articles: Iterable[GoldArticle], nlp: Language) -> list[CueEvidence]:
    """Per verb lemma, uses and cue uses over the articles, most cue uses first."""
    articles = list(articles)
    uses: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        cue_tokens = set()
        for gold in article.attributions:
            for start, end in gold.cue:
                span = doc.char_span(start, end, alignment_mode="expand")
                cue_tokens.update(t.i for t in span or ())
        for token in doc:
            if token.pos_ == "VERB":
                uses[token.lemma_.lower()] += 1
                cues[token.lemma_.lower()] += token.i in cue_tokens
    found = [CueEvidence(lemma, uses[lemma], cues[lemma]) for lemma in uses]
    return sorted(found, key=lambda e: (-e.cues, e.lemma))


def format_evidence(evidence: Sequence[CueEvidence], min_cues: int, min_rate: float) -> str:
    """The lemmas with enough evidence, and which lexicon holds each already."""
    speech, attitude = read_lexicon(DEFAULT_LEXICON).lemmas, read_lexicon(DEFAULT_ATTITUDE_LEXICON).lemmas
    lines = ["| lemma | cue uses | verb uses | share | lexicon |", "|---|---|---|---|---|"]
    for e in evidence:
        if e.cues >= min_cues and e.rate >= min_rate:
            held = "speech" if e.lemma in speech else "attitude" if e.lemma in attitude else "-"
            lines.append(f"| {e.lemma} | {e.cues} | {e.uses} | {e.rate:.2f} | {held} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation.cue_evidence", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"PolNeAR folder (default: {DEFAULT_DATA})")
    parser.add_argument("--split", choices=("train", "dev"), default="train")
    parser.add_argument("--min-cues", type=int, default=4, help="least cue uses to list a lemma (default: 4)")
    parser.add_argument("--min-rate", type=float, default=0.5, help="least share of verb uses that are cues (default: 0.5)")
    args = parser.parse_args(argv)
    nlp = build_nlp()
    with nlp.select_pipes(disable=[ENTITY_RESOLUTION, QUOTE_ATTRIBUTION]):
        evidence = cue_evidence(load_split(args.data, args.split), nlp)
    print(format_evidence(evidence, args.min_cues, args.min_rate))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
