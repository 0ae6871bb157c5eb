"""Our pronoun resolution scored on GAP (Webster et al. 2018): Wikipedia text, one pronoun and two
candidate names per row, both of the pronoun's gender, so syntax and salience decide.

Each row asks two yes/no questions (does the pronoun refer to A? to B?). We answer yes for the
candidate our antecedent is: the entity at the candidate's offset has the antecedent's canonical
name, or the candidate's name is the antecedent's by the resolved-speaker rule (same name, or
same surname). F1 counts the yes answers over both questions, as GAP's own scorer does.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.coref import TITLE
from pipeline.evaluation.metrics import Tally
from pipeline.gender import PRONOUN_GENDER
from pipeline.labels import ENTITY_RESOLUTION, PERSON_LABELS, QUOTE_ATTRIBUTION

SPLITS = ("development", "validation")
GAP_FILE = "gap-{split}.tsv"


@dataclass(frozen=True)
class GapExample:
    """One GAP row: the text, the pronoun and the two candidate names with the gold answers."""

    id: str
    text: str
    pronoun: str
    pronoun_offset: int
    a: str
    a_offset: int
    a_coref: bool
    b: str
    b_offset: int
    b_coref: bool
    #: The Wikipedia page the text comes from: its title names whom the page is about.
    url: str = ""


def load_gap(root: Path, split: str, limit: int | None = None) -> list[GapExample]:
    """The rows of `gap-<split>.tsv` under `root`."""
    path = root / GAP_FILE.format(split=split)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        GapExample(
            row["ID"],
            row["Text"],
            row["Pronoun"],
            int(row["Pronoun-offset"]),
            row["A"],
            int(row["A-offset"]),
            row["A-coref"].upper() == "TRUE",
            row["B"],
            int(row["B-offset"]),
            row["B-coref"].upper() == "TRUE",
            row.get("URL", ""),
        )
        for row in rows[:limit]
    ]


def _cluster_at(doc: Doc, name: str, offset: int) -> str | None:
    span = doc.char_span(offset, offset + len(name), alignment_mode="expand")
    return next((t.ent_kb_id_ for t in span if t.ent_kb_id_), None) if span is not None else None


def predict(doc: Doc, example: GapExample) -> tuple[bool, bool]:
    """Our answers for candidates A and B: the one our salience ranks higher for the pronoun,
    when either is ranked at all (GAP gives the candidates; the pronoun's gender is known)."""
    span = doc.char_span(example.pronoun_offset, example.pronoun_offset + len(example.pronoun), alignment_mode="expand")
    if span is None:
        return False, False
    token = span.root
    word = token.lower_
    ranked = doc._.coref.salience.rank(token, PERSON_LABELS, PRONOUN_GENDER.get(word), word)
    scores = [
        ranked.get(_cluster_at(doc, name, offset), (0.0, None))[0]
        for name, offset in ((example.a, example.a_offset), (example.b, example.b_offset))
    ]
    if max(scores) <= 0:
        return False, False
    return scores[0] >= scores[1], scores[1] > scores[0]


@dataclass
class GapScores:
    """Yes-answers over both questions of every row, and how many rows resolved the pronoun at all."""

    split: str
    tally: Tally
    rows: int
    answered: int


def _spans(doc: Doc, bounds: Iterable[tuple[int, int]]) -> list[Span]:
    spans = (doc.char_span(start, end, label="PERSON", alignment_mode="expand") for start, end in bounds)
    return [span for span in spans if span is not None]


def _overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


def with_candidates(doc: Doc, example: GapExample) -> Doc:
    """The doc with GAP's two candidate names as PERSON entities (they are the task's input, and
    the small model misses or mislabels many Wikipedia names), at their offsets and wherever else
    they are written outside another person's name: 'Natasha' taken for an organisation twice
    before would make the candidate one too, as one label per name goes by the first mention.
    Other entities are kept around them."""
    given = _spans(
        doc, ((example.a_offset, example.a_offset + len(example.a)), (example.b_offset, example.b_offset + len(example.b)))
    )
    written = _spans(
        doc, (m.span() for name in {example.a, example.b} for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text))
    )
    people = given + [e for e in doc.ents if e.label_ == "PERSON"]
    candidates = given + [span for span in written if not _overlaps(span, people)]
    kept = [e for e in doc.ents if not _overlaps(e, candidates)]
    doc.set_ents(filter_spans(candidates + kept), default="outside")
    return doc


def page_title(url: str) -> str:
    """The title of a Wikipedia page from its address: 'wiki/Kathleen_Nolan_(actress)' -> 'Kathleen Nolan'."""
    name = unquote(url.rstrip("/").rpartition("/")[2]).replace("_", " ")
    return re.sub(r"\s*\([^)]*\)$", "", name)


def with_page_title(doc: Doc, example: GapExample) -> Doc:
    """The doc with its page's title, as an article's title: whom the text is about (GAP's
    'URL' baseline; our news articles give their headline)."""
    doc.user_data[TITLE] = page_title(example.url)
    return doc


def score_gap(examples: Iterable[GapExample], nlp: Language, split: str, batch_size: int = 64) -> GapScores:
    """Run the model over GAP rows, add the candidates, resolve entities and pronouns, score."""
    examples = list(examples)
    tally, answered = Tally(), 0
    resolve = nlp.get_pipe(ENTITY_RESOLUTION)
    with nlp.select_pipes(disable=[ENTITY_RESOLUTION, QUOTE_ATTRIBUTION]):
        docs = nlp.pipe((e.text for e in examples), batch_size=batch_size)
        parsed = [
            resolve(with_page_title(with_candidates(doc, example), example)) for example, doc in zip(examples, docs, strict=True)
        ]
    for example, doc in zip(examples, parsed, strict=True):
        a, b = predict(doc, example)
        answered += a or b
        for gold, guess in ((example.a_coref, a), (example.b_coref, b)):
            tally.add(Tally(matched=int(gold and guess), gold=int(gold), predicted=int(guess)))
    return GapScores(split, tally, len(examples), answered)


def format_gap(scores: GapScores) -> str:
    t = scores.tally
    return (
        f"GAP {scores.split}: {scores.rows:,} pronouns, {scores.answered:,} resolved to a candidate; "
        f"P {100 * t.precision:.1f} R {100 * t.recall:.1f} F1 {100 * t.f1:.1f} "
        "(GAP paper's syntactic-parallelism baseline: 66.9 F1)"
    )
