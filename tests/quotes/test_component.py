"""The quote_attribution component's settings."""

from __future__ import annotations

from spacy.language import Language

from pipeline.nlp import QUOTES, build_nlp


def test_speech_only_by_default(nlp: Language) -> None:
    assert nlp.get_pipe(QUOTES).attitude_lemmas == frozenset()
    assert nlp("Most voters believe the economy is improving fast.")._.quotes == []


def test_attitudes_on_request() -> None:
    nlp = build_nlp(attitudes=True)
    [quote] = nlp("Most voters believe the economy is improving fast.")._.quotes
    assert quote.cue_type == "attitude" and quote.text == "the economy is improving fast"
    [speech] = nlp("The minister said the economy is improving fast.")._.quotes
    assert speech.cue_type == "speech"


def test_another_lexicon_can_be_configured(tmp_path) -> None:
    lexicon = tmp_path / "cues.txt"
    lexicon.write_text("# only this one\nmurmur\n", encoding="utf-8")
    nlp = build_nlp()
    nlp.replace_pipe(QUOTES, QUOTES, config={"lexicon": str(lexicon)})
    assert nlp.get_pipe(QUOTES).lemmas == {"murmur"}
    assert nlp("The minister said the economy is improving fast.")._.quotes == []


def test_stance_nouns_with_attitudes() -> None:
    nlp = build_nlp(attitudes=True)
    [quote] = nlp("Clinton's criticism of the trade deal was sharp.")._.quotes
    assert quote.cue_type == "attitude" and quote.text == "the trade deal" and quote.speaker.span.text == "Clinton"
