"""The cue-verb lexicon and matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.quotes.cues import ACCORDING_TO, CUE_ATTITUDE, CUE_NOUN, CUE_VERB, CueFinder
from pipeline.quotes.lexicon import (
    ADDRESSEE,
    DEFAULT_ATTITUDE_LEXICON,
    DEFAULT_LEXICON,
    DEMANDING,
    DESCRIBING,
    NO_OBJECT,
    RESPONSE,
    LexiconError,
    read_lexicon,
)


def load_lexicon(path: Path = DEFAULT_LEXICON) -> frozenset[str]:
    return read_lexicon(path).lemmas


def test_shipped_lexicon_is_package_data_with_the_core_verbs_and_their_classes() -> None:
    assert DEFAULT_LEXICON.parent.name == "resources" and DEFAULT_LEXICON.parent.parent.name == "pipeline"
    lexicon = read_lexicon()
    assert {"say", "tell", "add", "ask", "claim"} <= lexicon.lemmas
    assert lexicon.classes("tell") == {ADDRESSEE} and lexicon.classes("claim") == frozenset()
    assert lexicon.classes("respond") == {NO_OBJECT, RESPONSE} and DESCRIBING in lexicon.classes("describe")
    assert read_lexicon(DEFAULT_ATTITUDE_LEXICON).classes("call") == {DESCRIBING, DEMANDING}


def test_verb_classes_follow_the_lemma(tmp_path: Path) -> None:
    path = tmp_path / "cues.txt"
    path.write_text("murmur  addressee no_object  # like 'tell'\nMurmur response\nsay\n", encoding="utf-8")
    lexicon = read_lexicon(path)
    assert lexicon.classes("murmur") == {ADDRESSEE, NO_OBJECT, RESPONSE} and lexicon.members(ADDRESSEE) == {"murmur"}


def test_an_unknown_verb_class_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cues.txt"
    path.write_text("say\ntell adressee\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cues.txt:2: unknown verb class adressee \(known: addressee, aspectual"):
        read_lexicon(path)


def test_a_missing_lexicon_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"cannot read cue lexicon .*nothing\.txt"):
        read_lexicon(tmp_path / "nothing.txt")


def test_lexicon_comments_and_blanks_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "cues.txt"
    path.write_text("# heading\n\nsay  # the commonest\n  Tell\n", encoding="utf-8")
    assert load_lexicon(path) == {"say", "tell"}


def test_empty_lexicon_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cues.txt"
    path.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holds no lemmas"):
        load_lexicon(path)


def test_finder_finds_inflected_verbs_and_according_to(nlp: Language) -> None:
    doc = nlp("She told reporters the plan works, according to officials, who have said so.")
    cues = [(c.text, c.label_) for c in CueFinder(nlp.vocab, load_lexicon())(doc)]
    assert cues == [("told", CUE_VERB), ("according to", ACCORDING_TO), ("said", CUE_VERB)]


def test_nouns_of_saying_are_noun_cues_but_quote_nothing_alone(nlp: Language) -> None:
    doc = nlp("The claim and the report were old.")
    assert [(c.text, c.label_) for c in CueFinder(nlp.vocab, load_lexicon())(doc)] == [("claim", CUE_NOUN), ("report", CUE_NOUN)]
    assert doc._.quotes == []


def test_attitude_verbs_only_when_asked(nlp: Language) -> None:
    doc = nlp("Voters believe the economy is improving.")
    assert CueFinder(nlp.vocab, load_lexicon())(doc) == []
    with_attitudes = CueFinder(nlp.vocab, load_lexicon(), load_lexicon(DEFAULT_ATTITUDE_LEXICON))
    assert [(c.text, c.label_) for c in with_attitudes(doc)] == [("believe", CUE_ATTITUDE)]


def test_a_phrasal_cue_needs_its_particle(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "cues.txt"
    path.write_text("say\npoint_out\nshoot_back\n", encoding="utf-8")
    finder = CueFinder(nlp.vocab, load_lexicon(path))
    for text, cue in [
        ("Smith pointed out that the budget had doubled.", "pointed"),
        ("Smith pointed it out twice.", "pointed"),
        ("Clinton shot back that Trump had no plan.", "shot"),
    ]:
        assert [(c.text, c.label_) for c in finder(nlp(text))] == [(cue, CUE_VERB)]
    assert finder(nlp("The mayor pointed to his record and shot a video.")) == []


def test_a_phrasal_speech_cue_wins_over_the_verbs_attitude(nlp: Language) -> None:
    """'point' is an attitude ('pointed to his record'); 'point_out' is saying."""
    finder = CueFinder(nlp.vocab, load_lexicon(), load_lexicon(DEFAULT_ATTITUDE_LEXICON))
    assert [(c.text, c.label_) for c in finder(nlp("Smith pointed out that costs rose."))] == [("pointed", CUE_VERB)]
    assert [(c.text, c.label_) for c in finder(nlp("Smith pointed to rising costs."))] == [("pointed", CUE_ATTITUDE)]


def test_a_call_for_something_is_speech_a_name_called_is_not(nlp: Language) -> None:
    finder = CueFinder(nlp.vocab, load_lexicon())
    doc = nlp("The president resigned and called for a national unity government.")
    assert [(c.text, c.label_) for c in finder(doc)] == [("called", CUE_VERB)]
    assert finder(nlp("Trump called Clinton a liar.")) == []


def test_a_call_for_someone_to_do_something_is_speech(nlp: Language) -> None:
    """'called for pilots to be better trained': the parse makes 'for' the mark of the clause."""
    [quote] = nlp("The Australian Transport Safety Bureau has called for pilots to be better trained on the risks.")._.quotes
    assert (quote.cue.text, quote.text) == ("called", "pilots to be better trained on the risks")
    assert quote.speaker is not None and quote.speaker.canonical == "Australian Transport Safety Bureau"
