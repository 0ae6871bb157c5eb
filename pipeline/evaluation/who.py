"""Scoring the *who*: resolved speakers, the people of each article and their gender.

- Resolved speaker: a quote matched to a gold attribution names the right person or organisation
  when its resolved name and the annotated one are the same after normalisation, or share their
  last word where neither is a pronoun; an annotated `NONE` (never named in the article) is right
  when our speaker is not resolved to a named entity either.
- People per article (the Gender Gap Tracker's rule): per-article sets of lower-cased names with
  punctuation removed, micro-averaged precision, recall and F1. Sources are the people quoted.
- Gender: F1 of the (article, person) pairs given each gender, for people and for sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.evaluation.annotation import WhoAnnotation
from pipeline.evaluation.gold import GoldArticle, Ranges, context
from pipeline.evaluation.metrics import Predicted, Tally

PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "who",
        "whom",
    ]
)
_PUNCTUATION = re.compile(r"[^\w\s]")
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def normalise_name(name: str) -> str:
    """Lower case, punctuation removed, a leading 'the' dropped: 'The N.Y. Times' -> 'ny times'."""
    words = _PUNCTUATION.sub("", name.replace("\u2019", "'").replace("'s ", " ")).lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def surname(name: str) -> str:
    """The last word of a normalised name that is not a suffix ('joseph r biden jr' -> 'biden')."""
    words = name.split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return words[-1] if words else ""


def same_name(gold: str, predicted: str, surnames: bool = True) -> bool:
    """Same name after normalisation, or (with `surnames`) the same surname where neither is a pronoun."""
    a, b = normalise_name(gold), normalise_name(predicted)
    if not a or not b:
        return False
    if a == b:
        return True
    if not surnames or a in PRONOUNS or b in PRONOUNS:
        return False
    return surname(a) == surname(b)


def speaker_correct(gold: tuple[str, ...], predicted_name: str, predicted_named: bool) -> bool:
    """Is a predicted speaker the annotated one? `gold` is () when the article never names it.

    A speaker we did not resolve to a named entity must read as the annotated name exactly
    ('Zero Hedge', 'Trump campaign'): the surname rule is for names, not for 'the campaign'.
    """
    if not gold:
        return not predicted_named
    return any(same_name(name, predicted_name, surnames=predicted_named) for name in gold)


def set_tally(gold: Iterable[str], predicted: Iterable[str]) -> Tally:
    """Precision/recall counts of two sets of names, compared after normalisation."""
    gold_set = {normalise_name(n) for n in gold} - {""}
    predicted_set = {normalise_name(n) for n in predicted} - {""}
    return Tally(matched=len(gold_set & predicted_set), gold=len(gold_set), predicted=len(predicted_set))


@dataclass
class WhoScores:
    """The who-figures of one system over a corpus."""

    speaker: dict[str, Tally] = field(default_factory=dict)
    people: Tally = field(default_factory=Tally)
    sources: Tally = field(default_factory=Tally)
    #: (group, gold column, gender) -> tally; group is 'people' or 'sources', column 'gender' or 'gender_known'.
    gender: dict[tuple[str, str, str], Tally] = field(default_factory=dict)

    def add_speaker(self, subset: str, correct: bool) -> None:
        self.speaker.setdefault(subset, Tally()).add(Tally(matched=int(correct), gold=1, predicted=1))

    def add_gender(self, group: str, column: str, gold: dict[str, str], predicted: dict[str, str]) -> None:
        """Per gender, the names given it by the gold and by us (keys already normalised).

        Against the gender the text states, only people whose gender the text states count: a
        person the text leaves unknown has no gold to hold our estimate (from a first name) to."""
        if column == "gender":
            predicted = {name: g for name, g in predicted.items() if gold.get(name, "unknown") != "unknown"}
        for gender in ("female", "male"):
            gold_names = {n for n, g in gold.items() if g == gender}
            predicted_names = {n for n, g in predicted.items() if g == gender}
            tally = Tally(matched=len(gold_names & predicted_names), gold=len(gold_names), predicted=len(predicted_names))
            self.gender.setdefault((group, column, gender), Tally()).add(tally)


def gender_maps(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Normalised name -> gender, from (name, gender) pairs (the first pair of a name wins)."""
    found: dict[str, str] = {}
    for name, gender in people:
        found.setdefault(normalise_name(name), gender)
    return found


@dataclass(frozen=True)
class ArticleWho:
    """What our pipeline says about one article's people: (name, gender) per person, and the
    names of the people its speech quotes are resolved to."""

    people: list[tuple[str, str]]
    sources: list[str]


def _layout_cue(text: str, cue: Ranges) -> bool:
    """A cue that is punctuation, not a word: `"..." ― Name`, `NAME: ...`. Such a relation is a
    quotation set out by layout, so its source is a person quoted (a source), as with a verb of
    saying; attitude relations (believe, want) are not."""
    written = "".join(text[start:end] for start, end in cue)
    return bool(written.strip()) and not any(ch.isalnum() for ch in written)


def score_article_who(
    scores: WhoScores,
    annotation: WhoAnnotation,
    article: GoldArticle,
    matched: dict[str, tuple[dict[int, int], list[Predicted], list[bool]]],
    ours: ArticleWho,
) -> list[str]:
    """Add one article's who-figures to `scores`; return its who-errors, one line each.

    `matched` gives, per subset ('speech', 'all'), the gold-to-prediction pairs at the main
    criterion, the predictions they index and which gold relations belong to the subset.
    """
    errors = []
    for subset, (pairs, predicted, in_subset) in matched.items():
        for g, p in pairs.items():
            gold = article.attributions[g]
            names = annotation.speaker(article.name, gold.source) if gold.source and in_subset[g] else None
            if names is None:
                continue
            pred = predicted[p]
            correct = speaker_correct(names, pred.speaker_name, pred.speaker_named)
            scores.add_speaker(subset, correct)
            if not correct and subset == "speech":
                source = " ".join(article.text[s:e] for s, e in gold.source)
                errors.append(
                    f"WHO {article.name}: source {source!r} is {' | '.join(names) or 'NONE'!r}, "
                    f"ours {pred.speaker_name!r}{'' if pred.speaker_named else ' (unresolved)'}\n"
                    f"  {context(article.text, gold.source[0][0], gold.source[-1][1])}"
                )
    gold_people = annotation.people.get(article.name, [])
    scores.people.add(set_tally([p.name for p in gold_people], [name for name, _ in ours.people]))
    gold_names = {normalise_name(p.name) for p in gold_people}
    predicted_names = {normalise_name(name) for name, _ in ours.people}
    errors += [f"PEOPLE FN {article.name}: {p.name!r}" for p in gold_people if normalise_name(p.name) not in predicted_names]
    errors += [f"PEOPLE FP {article.name}: {name!r}" for name, _ in ours.people if normalise_name(name) not in gold_names]
    _, _, in_speech = matched["speech"]
    quoted = {
        normalise_name(name)
        for g, attribution in enumerate(article.attributions)
        if (in_speech[g] or _layout_cue(article.text, attribution.cue)) and attribution.source
        for name in annotation.speaker(article.name, attribution.source) or ()
    }
    gold_sources = [p.name for p in gold_people if normalise_name(p.name) in quoted]
    scores.sources.add(set_tally(gold_sources, ours.sources))
    ours_gender = gender_maps(ours.people)
    for column in ("gender", "gender_known"):
        gold_gender = gender_maps((p.name, getattr(p, column)) for p in gold_people)
        scores.add_gender("people", column, gold_gender, ours_gender)
        source_keys = {normalise_name(n) for n in gold_sources}
        ours_sources = {normalise_name(n) for n in ours.sources}
        scores.add_gender(
            "sources",
            column,
            {n: g for n, g in gold_gender.items() if n in source_keys},
            {n: g for n, g in ours_gender.items() if n in ours_sources},
        )
    for person in gold_people:
        guess = ours_gender.get(normalise_name(person.name))
        if guess is not None and person.gender != "unknown" and guess != person.gender:
            errors.append(f"GENDER {article.name}: {person.name!r} is {person.gender} ({person.evidence}), ours {guess}")
    return errors
