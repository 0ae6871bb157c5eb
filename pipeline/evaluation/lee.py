"""Quotes, speakers and people on news none of the rules were developed against: 100 articles of
the Lee corpus (ABC Australia, 2001-2002), annotated by reading (`annotations/lee_quotes.jsonl`,
how it was made in `annotations/README.md`).

Scored as PolNeAR is: the quotes of the default pipeline (speech, as `make extract` runs it)
against the annotated ones, at character overlap > 0.3 and > 0.8 (the share of the annotated
characters a quote covers) and Jaccard > 0.5; the resolved speaker of each matched quote (same
name after normalisation, or same surname where neither is a pronoun); the people of each article
and their gender as the text states it. The annotation holds character offsets, not text: the
articles stay in `../shared/data/lee`, and a changed article is an error, not a silent mismatch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.evaluation.gold import Ranges, context
from pipeline.evaluation.metrics import Predicted, Tally, match, subset_tally
from pipeline.evaluation.parses import scored_docs
from pipeline.evaluation.polnear import CRITERIA, MAIN_CRITERION, article_who, prediction
from pipeline.evaluation.who import WhoScores, gender_maps, normalise_name, set_tally, speaker_correct
from pipeline.labels import KINDS
from pipeline.quotes.cues import SPEECH

LEE_ANNOTATION = Path(str(files("pipeline.evaluation").joinpath("annotations", "lee_quotes.jsonl")))
#: The corpus files, as the Lee corpus ships them: one article per line, Latin-1.
LEE_ENCODING = "latin-1"
NONE = "NONE"


class LeeDataError(ValueError):
    """The corpus and the annotation do not fit: a missing file or line, or a changed article."""


@dataclass(frozen=True)
class LeeQuote:
    """An annotated quote: its content's characters, the speaker's mention and who it refers to
    (() when the article never names them)."""

    content: Ranges
    mention: str
    speaker: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class LeePerson:
    name: str
    gender: str
    evidence: str


@dataclass(frozen=True)
class LeeArticle:
    id: str
    text: str
    quotes: tuple[LeeQuote, ...]
    people: tuple[LeePerson, ...]


def article_id(file_name: str, line: int) -> str:
    """'lee.cor:12': the corpus file and the article's line (from 0)."""
    return f"{file_name}:{line}"


def text_digest(text: str) -> str:
    """A short fingerprint of an article's text, kept in the annotation to notice a changed corpus."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def corpus_lines(root: Path) -> dict[str, str]:
    """Article id -> text, for every non-empty line of the corpus files under `root`."""
    found = {}
    for path in sorted(root.glob("*.cor")):
        for number, line in enumerate(path.read_text(encoding=LEE_ENCODING).split("\n")):
            if line.strip():
                found[article_id(path.name, number)] = line
    return found


def load_lee(root: Path, annotation: Path = LEE_ANNOTATION) -> list[LeeArticle]:
    """The annotated articles, their texts read from the corpus under `root`."""
    texts = corpus_lines(root)
    articles = []
    with annotation.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            text = texts.get(record["id"])
            if text is None:
                raise LeeDataError(f"{annotation}:{number}: no article {record['id']} under {root}")
            if text_digest(text) != record["sha1"]:
                raise LeeDataError(f"{annotation}:{number}: article {record['id']} under {root} is not the one annotated")
            quotes = tuple(
                LeeQuote(
                    ((q["start"], q["end"]),),
                    q["mention"],
                    () if q["speaker"] == NONE else tuple(q["speaker"].split(" | ")),
                    q["kind"],
                )
                for q in record["quotes"]
            )
            people = tuple(LeePerson(p["name"], p["gender"], p["evidence"]) for p in record["people"])
            articles.append(LeeArticle(record["id"], text, quotes, people))
    return articles


def _names(speaker: str) -> tuple[str, ...]:
    """'John Howard | Simon Crean' -> both names; NONE -> ()."""
    return () if speaker == NONE else tuple(speaker.split(" | "))


@dataclass
class LeeScores:
    """Our figures on the annotated articles."""

    articles: int = 0
    gold: int = 0
    predicted: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    kind_recall: dict[str, Tally] = field(default_factory=dict)
    who: WhoScores = field(default_factory=WhoScores)
    errors: list[str] = field(default_factory=list)


def _speech(doc: Doc) -> list[Predicted]:
    """Every speech quote as a prediction of its own: the annotation gives a quotation that goes
    on after an attributed one a row of its own, as our tables do (PolNeAR joins them by cue)."""
    return [prediction([q]) for q in doc._.quotes if q.cue_type == SPEECH]


def score_article(scores: LeeScores, article: LeeArticle, doc: Doc) -> None:
    """Add one article's quote matches, resolved speakers, people and genders to `scores`."""
    predicted = _speech(doc)
    gold = [q.content for q in article.quotes]
    scores.articles += 1
    scores.gold += len(gold)
    scores.predicted += len(predicted)
    everything = [True] * len(gold)
    for name, measure, threshold in CRITERIA:
        pairs = match(gold, predicted, measure, threshold)
        scores.tallies.setdefault(name, Tally()).add(subset_tally(pairs, everything, len(predicted)))
        if name == MAIN_CRITERION:
            _score_matches(scores, article, predicted, pairs)
    _score_people(scores, article, doc)


def _score_matches(scores: LeeScores, article: LeeArticle, predicted: list[Predicted], pairs: dict[int, int]) -> None:
    text = article.text
    for g, quote in enumerate(article.quotes):
        scores.kind_recall.setdefault(quote.kind, Tally()).add(Tally(matched=int(g in pairs), gold=1))
        start, end = quote.content[0]
        if g not in pairs:
            scores.errors.append(f"FN {article.id} {quote.kind} speaker={quote.mention!r}\n  {context(text, start, end)}")
            continue
        pred = predicted[pairs[g]]
        correct = speaker_correct(quote.speaker, pred.speaker_name, pred.speaker_named)
        scores.who.add_speaker("speech", correct)
        if not correct:
            scores.errors.append(
                f"WHO {article.id}: {quote.mention!r} is {' | '.join(quote.speaker) or NONE!r}, ours {pred.speaker_name!r}"
                f"{'' if pred.speaker_named else ' (unresolved)'}\n  {context(text, start, end)}"
            )
    for p, pred in enumerate(predicted):
        if p not in pairs.values():
            start, end = pred.content[0][0], pred.content[-1][1]
            scores.errors.append(f"FP {article.id} rule={pred.rule} speaker={pred.speaker_name!r}\n  {context(text, start, end)}")


def _score_people(scores: LeeScores, article: LeeArticle, doc: Doc) -> None:
    """People and sources per article (the Gender Gap Tracker's rule) and their gender."""
    found = article_who(doc)
    who = scores.who
    who.people.add(set_tally([p.name for p in article.people], [name for name, _ in found.people]))
    quoted = {normalise_name(name) for q in article.quotes for name in q.speaker}
    gold_sources = [p.name for p in article.people if normalise_name(p.name) in quoted]
    who.sources.add(set_tally(gold_sources, found.sources))
    gold_gender = gender_maps((p.name, p.gender) for p in article.people)
    ours_gender = gender_maps(found.people)
    who.add_gender("people", "gender", gold_gender, ours_gender)
    source_keys = {normalise_name(n) for n in gold_sources}
    ours_sources = {normalise_name(n) for n in found.sources}
    who.add_gender(
        "sources",
        "gender",
        {n: g for n, g in gold_gender.items() if n in source_keys},
        {n: g for n, g in ours_gender.items() if n in ours_sources},
    )
    gold_names = {normalise_name(p.name) for p in article.people}
    predicted_names = {normalise_name(name) for name, _ in found.people}
    scores.errors += [
        f"PEOPLE FN {article.id}: {p.name!r}" for p in article.people if normalise_name(p.name) not in predicted_names
    ]
    scores.errors += [f"PEOPLE FP {article.id}: {name!r}" for name, _ in found.people if normalise_name(name) not in gold_names]


def score_lee(articles: Sequence[LeeArticle], nlp: Language, parse_cache: Path | None = None, batch_size: int = 16) -> LeeScores:
    """Run the pipeline over the annotated articles and score it."""
    scores = LeeScores()
    docs = scored_docs(nlp, [a.text for a in articles], parse_cache, batch_size)
    for article, doc in zip(articles, docs, strict=True):
        score_article(scores, article, doc)
    return scores


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _prf(tally: Tally) -> str:
    return f"{_pct(tally.precision)} / {_pct(tally.recall)} / {_pct(tally.f1)}"


def format_lee(scores: LeeScores) -> Iterator[str]:
    """The Lee figures as printable lines."""
    yield (
        f"Lee (ABC news, annotated by reading): {scores.articles} articles, {scores.gold} quotes, "
        f"{scores.predicted} predicted (speech, the default pipeline)"
    )
    yield "| match | P / R / F1 |"
    yield "|---|---|"
    for name, _, _ in CRITERIA:
        yield f"| {name} | {_prf(scores.tallies.get(name, Tally()))} |"
    recall = ", ".join(f"{kind} {_pct(scores.kind_recall[kind].recall)}" for kind in KINDS if kind in scores.kind_recall)
    yield f"recall by kind ({MAIN_CRITERION}): {recall}"
    who = scores.who
    speaker = who.speaker.get("speech", Tally())
    yield f"resolved speaker, quotes matched at {MAIN_CRITERION}: {_pct(speaker.recall)} ({speaker.matched}/{speaker.gold})"
    yield f"people per article P / R / F1: {_prf(who.people)}; sources: {_prf(who.sources)}"
    gender = [
        f"{group} {_pct(who.gender.get((group, 'gender', 'female'), Tally()).f1)} / "
        f"{_pct(who.gender.get((group, 'gender', 'male'), Tally()).f1)}"
        for group in ("people", "sources")
    ]
    yield f"gender F1 female / male (people whose gender the text states): {'; '.join(gender)}"


def write_lee_errors(scores: LeeScores, path: Path) -> int:
    """Every missed and extra quote, wrong speaker and wrong person, for analysis."""
    path.write_text("\n\n".join(scores.errors) + "\n", encoding="utf-8")
    return len(scores.errors)
