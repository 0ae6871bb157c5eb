"""The cue-lexicon evidence: a verb's share of uses that are annotated cues."""

from __future__ import annotations

from spacy.language import Language

from pipeline.evaluation.cue_evidence import CueEvidence, cue_evidence, format_evidence
from pipeline.evaluation.gold import GoldArticle, GoldAttribution


def _article(text: str, cues: list[str]) -> GoldArticle:
    spans = tuple(((text.index(c), text.index(c) + len(c)),) for c in cues)
    return GoldArticle("a", text, tuple(GoldAttribution("Attribution", (), span, (), "indirect") for span in spans))


def test_a_verb_that_is_always_a_cue_has_share_one(nlp: Language) -> None:
    text = "The mayor indicated that the bridge would reopen. The council made a decision and made a plan."
    evidence = {e.lemma: e for e in cue_evidence([_article(text, ["indicated"])], nlp)}
    assert (evidence["indicate"].cues, evidence["indicate"].uses, evidence["indicate"].rate) == (1, 1, 1.0)
    assert (evidence["make"].cues, evidence["make"].uses) == (0, 2)


def test_the_listing_keeps_lemmas_with_enough_evidence_and_names_their_lexicon() -> None:
    table = format_evidence([CueEvidence("say", 10, 9), CueEvidence("make", 100, 9), CueEvidence("grumble", 4, 4)], 4, 0.5)
    assert "| say | 9 | 10 | 0.90 | speech |" in table
    assert "| grumble | 4 | 4 | 1.00 | - |" in table
    assert "make" not in table
