"""Quote attribution scored on PolNeAR, ours and textacy's `direct_quotations` side by side."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.evaluation.annotation import WhoAnnotation
from pipeline.evaluation.gold import GoldArticle, GoldAttribution, Ranges
from pipeline.evaluation.metrics import Measure, Predicted, Tally, coverage, jaccard, match, ranges_overlap, subset_tally
from pipeline.evaluation.parses import scored_docs
from pipeline.evaluation.who import ArticleWho, WhoScores, score_article_who
from pipeline.labels import DIRECT, QUOTE_ATTRIBUTION
from pipeline.quotes.cues import SPEECH, is_source_phrase
from pipeline.quotes.lexicon import entry_of
from pipeline.quotes.quote import Quote

#: (name, measure, threshold) of each way a predicted quote may match a gold one.
CRITERIA: tuple[tuple[str, Measure, float], ...] = (
    ("overlap > 0.3", coverage, 0.3),
    ("overlap > 0.8", coverage, 0.8),
    ("Jaccard > 0.5", jaccard, 0.5),
)
#: The criterion speaker, cue and per-kind figures are computed at.
MAIN_CRITERION = CRITERIA[0][0]
PERSON = "PERSON"
SUBSETS = ("all", "speech")
Extractor = Callable[[Doc], list[Predicted]]


def _ranges(span: Span | None) -> Ranges:
    return ((span.start_char, span.end_char),) if span is not None else ()


def ours(doc: Doc) -> list[Predicted]:
    """Our quotes as scored predictions; quotes sharing a cue are one relation, as in PolNeAR.

    PolNeAR annotates `"A," she said. "B."` as one attribution whose content is A and B; we
    write a row for each quotation, both with the same cue.
    """
    by_cue: dict[int, list[Quote]] = {}
    for quote in doc._.quotes:
        by_cue.setdefault(quote.cue.start_char, []).append(quote)
    return sorted((prediction(group) for group in by_cue.values()), key=lambda p: p.content[0])


def prediction(quotes: Sequence[Quote]) -> Predicted:
    """Quotes of one relation (one cue) as one scored prediction, with the first one's speaker."""
    first = quotes[0]
    return Predicted(
        tuple((q.start_char, q.end_char) for q in quotes),
        _ranges(first.cue),
        _ranges(first.speaker.span if first.speaker else None),
        first.kind,
        first.speaker.canonical if first.speaker else "",
        first.speaker is not None and first.speaker.entity_id is not None,
        "+".join(dict.fromkeys(q.rule for q in quotes)),
        first.cue_type,
    )


def _token_ranges(tokens: Sequence) -> Ranges:
    return tuple((t.idx, t.idx + len(t)) for t in tokens)


def textacy_quotes(doc: Doc) -> list[Predicted]:
    """textacy's direct quotations as scored predictions (raises on unbalanced quote marks)."""
    from textacy.extract.triples import direct_quotations

    found = []
    for triple in direct_quotations(doc):
        content = triple.content
        start, end = (content.start_char, content.end_char) if isinstance(content, Span) else _token_ranges(content)[0]
        found.append(Predicted(((start, end),), _token_ranges(triple.cue), _token_ranges(triple.speaker), DIRECT))
    return found


def textacy_available() -> bool:
    try:
        import textacy.extract.triples  # noqa: F401
    except ImportError:
        return False
    return True


def is_speech_cue(doc: Doc, cue: Ranges, lemmas: frozenset[str]) -> bool:
    """True when a gold cue is a verb of saying (by lemma, or a phrasal one by its particle),
    'according to', or 'In' ahead of a source ('In a CNN poll, ...'): what our speech cues are
    (the cue finder also leaves out a source phrase in a sentence with another cue)."""
    for start, end in cue:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        if "according to" in span.text.lower() or any(entry_of(t, lemmas) in lemmas or is_source_phrase(t) for t in span):
            return True
    return False


@dataclass
class SystemScores:
    """One extractor's figures over a corpus, per subset of the gold."""

    name: str
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    kind_recall: dict[tuple[str, str], Tally] = field(default_factory=dict)
    speaker: dict[str, Tally] = field(default_factory=dict)
    cue: dict[str, Tally] = field(default_factory=dict)
    failures: int = 0
    predicted: int = 0

    def tally(self, criterion: str, subset: str) -> Tally:
        return self.tallies.setdefault((criterion, subset), Tally())


@dataclass
class ArticleResult:
    """What one extractor predicted for one article, and how it matched at the main criterion:
    `pairs` on all relations (indices into `predicted`), `speech_pairs` on the speech subset
    (indices into the speech predictions)."""

    article: GoldArticle
    speech: list[bool]
    predicted: list[Predicted]
    pairs: dict[int, int]
    speech_pairs: dict[int, int] = field(default_factory=dict)
    who_errors: list[str] = field(default_factory=list)

    def speech_predicted(self) -> list[Predicted]:
        return [p for p in self.predicted if p.cue_type == SPEECH]


def _accuracy(scores: SystemScores, subset: str, gold: GoldAttribution, pred: Predicted) -> None:
    """Speaker and cue of a matched quote: right when the spans overlap the gold ones."""
    if gold.source:
        scores.speaker.setdefault(subset, Tally()).add(Tally(matched=int(ranges_overlap(gold.source, pred.speaker)), gold=1))
    if gold.cue:
        scores.cue.setdefault(subset, Tally()).add(Tally(matched=int(ranges_overlap(gold.cue, pred.cue)), gold=1))


def score_article(scores: SystemScores, article: GoldArticle, speech: list[bool], predicted: list[Predicted]) -> ArticleResult:
    """Add one article's matches to `scores`; return its match on all relations at the main criterion.

    All relations are scored with every prediction; the speech-verb subset with the
    predictions whose cue is speech, so attitude cues never count against it.
    """
    gold = [g.content for g in article.attributions]
    scores.predicted += len(predicted)
    result = ArticleResult(article, speech, predicted, {})
    for subset in SUBSETS:
        in_subset = speech if subset == "speech" else [True] * len(gold)
        preds = [p for p in predicted if p.cue_type == SPEECH] if subset == "speech" else predicted
        for name, measure, threshold in CRITERIA:
            pairs = match(gold, preds, measure, threshold)
            scores.tally(name, subset).add(subset_tally(pairs, in_subset, len(preds)))
            if name != MAIN_CRITERION:
                continue
            if subset == "all":
                result.pairs = pairs
            else:
                result.speech_pairs = pairs
            for g, attribution in enumerate(article.attributions):
                if not in_subset[g]:
                    continue
                tally = scores.kind_recall.setdefault((subset, attribution.kind), Tally())
                tally.add(Tally(matched=int(g in pairs), gold=1))
                if g in pairs:
                    _accuracy(scores, subset, attribution, preds[pairs[g]])
    return result


@dataclass
class Evaluation:
    """Figures of every extractor on one split, and our per-article results for error analysis."""

    split: str
    articles: int
    gold: int
    gold_speech: int
    systems: list[SystemScores]
    results: list[ArticleResult]
    #: Our resolved speakers, people and genders, on the articles the who-annotation covers.
    who: WhoScores | None = None


def article_who(doc: Doc) -> ArticleWho:
    """The people of a doc with their genders, and the people its speech quotes are resolved to."""
    people = [(person.canonical, person.gender) for person in doc._.coref.people.values()]
    sources = [
        q.speaker.canonical
        for q in doc._.quotes
        if q.cue_type == SPEECH and q.speaker is not None and q.speaker.entity_id is not None and q.speaker.label == PERSON
    ]
    return ArticleWho(people, sources)


def _score_who(scores: WhoScores, annotation: WhoAnnotation, result: ArticleResult, doc: Doc) -> None:
    everything = [True] * len(result.article.attributions)
    matched = {
        "speech": (result.speech_pairs, result.speech_predicted(), result.speech),
        "all": (result.pairs, result.predicted, everything),
    }
    result.who_errors = score_article_who(scores, annotation, result.article, matched, article_who(doc))


def evaluate(
    articles: Sequence[GoldArticle],
    nlp: Language,
    split: str,
    with_textacy: bool = True,
    batch_size: int = 16,
    annotation: WhoAnnotation | None = None,
    parse_cache: Path | None = None,
) -> Evaluation:
    """Run our pipeline (and textacy on the same parses) over gold articles and score both;
    with `annotation`, also score our resolved speakers, people and genders; with
    `parse_cache`, the model's parses come from (and go to) the parse cache in that folder."""
    lemmas = nlp.get_pipe(QUOTE_ATTRIBUTION).lemmas
    systems: list[tuple[SystemScores, Extractor]] = [(SystemScores("ours"), ours)]
    if with_textacy:
        systems.append((SystemScores("textacy"), textacy_quotes))
    results: list[ArticleResult] = []
    who = WhoScores() if annotation is not None else None
    docs = scored_docs(nlp, [a.text for a in articles], parse_cache, batch_size)
    gold = speech_total = 0
    for article, doc in zip(articles, docs, strict=True):
        speech = [is_speech_cue(doc, g.cue, lemmas) for g in article.attributions]
        gold += len(speech)
        speech_total += sum(speech)
        for scores, extractor in systems:
            try:
                predicted = extractor(doc)
            except Exception:
                scores.failures += 1
                predicted = []
            result = score_article(scores, article, speech, predicted)
            if scores.name == "ours":
                results.append(result)
                if who is not None and annotation is not None and annotation.covers(article.name):
                    _score_who(who, annotation, result, doc)
    return Evaluation(split, len(articles), gold, speech_total, [s for s, _ in systems], results, who)
