"""The quote_attribution component: its settings, lexicons and rules as data, saved and loaded the spaCy way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.labels import QUOTE_ATTRIBUTION
from pipeline.quotes.clause import Clause, Content, CueRule
from pipeline.quotes.component import QuoteAttribution
from pipeline.quotes.lexicon import LexiconError
from pipeline.quotes.rules import DEFAULT_CUE_RULES, UnknownRule, register_rule

ROOT = Path(__file__).resolve().parents[2]
#: Run in a fresh interpreter: load a saved pipeline with spaCy alone, print the seed's quotes.
LOAD_WITH_SPACY_ALONE = """
import json, sys
import spacy
assert not any(m == "pipeline" or m.startswith("pipeline.") for m in sys.modules)
nlp = spacy.load(sys.argv[1])
doc = nlp(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps([[q.rule, q.kind, q.start_char, q.end_char, q.speaker.canonical] for q in doc._.quotes]))
"""


def found(component: QuoteAttribution, doc: Doc) -> list[tuple[str, str]]:
    return [(q.rule, q.text) for q in component.find(doc)]


def seed_quotes(doc: Doc) -> list[list[object]]:
    return [[q.rule, q.kind, q.start_char, q.end_char, q.speaker.canonical] for q in doc._.quotes]


def test_speech_only_by_default(nlp: Language) -> None:
    assert nlp.get_pipe(QUOTE_ATTRIBUTION).attitude_lemmas == frozenset()
    assert nlp("Most voters believe the economy is improving fast.")._.quotes == []


def test_attitudes_on_request(nlp: Language) -> None:
    with_attitudes = QuoteAttribution(nlp.vocab, attitudes=True)
    [quote] = with_attitudes.find(nlp("Most voters believe the economy is improving fast."))
    assert quote.cue_type == "attitude" and quote.text == "the economy is improving fast"
    [speech] = with_attitudes.find(nlp("The minister said the economy is improving fast."))
    assert speech.cue_type == "speech"


def test_stance_nouns_with_attitudes(nlp: Language) -> None:
    [quote] = QuoteAttribution(nlp.vocab, attitudes=True).find(nlp("Clinton's criticism of the trade deal was sharp."))
    assert (quote.cue_type, quote.text, quote.rule) == ("attitude", "the trade deal", "noun_then_object")
    assert quote.speaker.span.text == "Clinton"


@pytest.mark.parametrize(
    ("sentence", "cue", "text"),
    [
        (
            "Cruz blamed the anti-fracking law on Democratic politicians.",
            "blamed",
            "the anti-fracking law on Democratic politicians",
        ),
        ("A spokesman for the agency declined to comment on the report.", "declined", "to comment on the report"),
        ("Her opponents portrayed her as a relic of the past.", "portrayed", "a relic of the past"),
        ("The senator slammed the proposal.", "slammed", "the proposal"),
    ],
)
def test_judging_verbs_from_the_evidence_are_attitudes(nlp: Language, sentence: str, cue: str, text: str) -> None:
    """Verbs that are a cue in most of their PolNeAR train uses (judging, refusing, portraying)."""
    doc = nlp(sentence)
    assert all(q.cue.text != cue for q in QuoteAttribution(nlp.vocab).find(doc))
    found_here = [q for q in QuoteAttribution(nlp.vocab, attitudes=True).find(doc) if q.cue.text == cue]
    assert [(q.cue_type, q.text) for q in found_here] == [("attitude", text)]


def test_another_lexicon_can_be_configured(nlp: Language, tmp_path: Path) -> None:
    lexicon = tmp_path / "cues.txt"
    lexicon.write_text("# only this one\nmurmur\n", encoding="utf-8")
    component = QuoteAttribution(nlp.vocab, lexicon=lexicon)
    assert component.lemmas == {"murmur"}
    assert found(component, nlp("The minister said the economy is improving fast.")) == []
    assert found(component, nlp("The minister murmured that the economy is improving fast.")) == [
        ("cue_then_content", "the economy is improving fast")
    ]


def test_a_verb_class_is_a_word_in_the_lexicon(nlp: Language, tmp_path: Path) -> None:
    """'inform' addresses someone: its object is the person told, never what was said."""
    doc = nlp("The mayor informed the city council.")
    plain, addressing = tmp_path / "plain.txt", tmp_path / "addressing.txt"
    plain.write_text("inform\n", encoding="utf-8")
    addressing.write_text("inform  addressee\n", encoding="utf-8")
    assert found(QuoteAttribution(nlp.vocab, lexicon=plain), doc) == [("cue_then_object", "the city council")]
    assert found(QuoteAttribution(nlp.vocab, lexicon=addressing), doc) == []
    topic = nlp("The mayor informed the reporters about the budget cuts.")
    assert found(QuoteAttribution(nlp.vocab, lexicon=addressing), topic) == [("cue_then_object", "the budget cuts")]


def test_rules_run_in_config_order_and_can_be_dropped(nlp: Language) -> None:
    doc = nlp('"We will win the vote," Smith said.')
    assert found(QuoteAttribution(nlp.vocab), doc) == [("quote_before_cue", "We will win the vote")]
    without = [name for name in DEFAULT_CUE_RULES if name != "quote_before_cue"]
    assert found(QuoteAttribution(nlp.vocab, cue_rules=without), doc) == [("content_then_cue", "We will win the vote")]
    assert found(QuoteAttribution(nlp.vocab, cue_rules=[]), doc) == []


def _whole_sentence(clause: Clause) -> Content:
    return clause.sentence_bounds()


def test_a_registered_rule_joins_through_the_config(nlp: Language) -> None:
    register_rule(CueRule("test_whole_sentence", _whole_sentence))
    component = QuoteAttribution(nlp.vocab, cue_rules=["test_whole_sentence", *DEFAULT_CUE_RULES])
    [quote] = component.find(nlp("The minister said the economy is improving fast."))
    assert (quote.rule, quote.text) == ("test_whole_sentence", "The minister said the economy is improving fast")
    assert quote.speaker.span.text == "The minister"


def test_an_unknown_rule_name_is_a_clear_error(nlp: Language) -> None:
    with pytest.raises(UnknownRule, match=r"no CueRule named 'quote_befor_cue' is registered \(known: according_to, "):
        QuoteAttribution(nlp.vocab, cue_rules=["quote_befor_cue"])
    with pytest.raises(UnknownRule, match="no DocRule named 'split_quote'"):
        QuoteAttribution(nlp.vocab, doc_rules=["split_quote"])


def test_initialize_reads_the_lexicon_when_the_pipeline_is_built(nlp: Language, tmp_path: Path) -> None:
    component = QuoteAttribution(nlp.vocab, lexicon=tmp_path / "gone.txt")
    with pytest.raises(LexiconError, match=r"cannot read cue lexicon .*gone\.txt"):
        component.initialize()


def test_saved_lexicons_travel_with_the_component(nlp: Language, tmp_path: Path) -> None:
    lexicon = tmp_path / "cues.txt"
    lexicon.write_text("murmur addressee\n", encoding="utf-8")
    component = QuoteAttribution(nlp.vocab, lexicon=lexicon)
    component.to_disk(tmp_path / "saved")
    data = component.to_bytes()
    lexicon.unlink()  # a loaded component never reads the file it was built from
    from_disk = QuoteAttribution(nlp.vocab, lexicon=lexicon).from_disk(tmp_path / "saved")
    from_bytes = QuoteAttribution(nlp.vocab, lexicon=lexicon).from_bytes(data)
    for loaded in (from_disk, from_bytes):
        assert loaded.lexicons[0].entries == {"murmur": {"addressee"}}
        assert found(loaded, nlp("She murmured that the plan had failed.")) == [("cue_then_content", "the plan had failed")]


def _run_alone(saved: Path, seed_path: Path, cwd: Path) -> list[list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", LOAD_WITH_SPACY_ALONE, str(saved), str(seed_path)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_saved_pipeline_loads_with_spacy_alone(nlp: Language, seed_path: Path, tmp_path: Path) -> None:
    """`nlp.to_disk` then `spacy.load` in a process that never imports `pipeline` itself: the
    `spacy_factories` entry points find our components, `from_disk` their data."""
    nlp.to_disk(tmp_path / "saved")
    assert (tmp_path / "saved" / QUOTE_ATTRIBUTION / "lexicons.json").exists()
    expected = seed_quotes(nlp(seed_path.read_text(encoding="utf-8")))
    assert len(expected) >= 6
    assert _run_alone(tmp_path / "saved", seed_path, cwd=tmp_path) == expected


def test_models_config_assembles_the_same_pipeline(nlp: Language, seed_path: Path, tmp_path: Path) -> None:
    """`spacy assemble models/config.cfg` builds our pipeline from the base model's components."""
    out = tmp_path / "assembled"
    done = subprocess.run(
        [sys.executable, "-m", "spacy", "assemble", str(ROOT / "models" / "config.cfg"), str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assembled = spacy.load(out)
    assert assembled.pipe_names == nlp.pipe_names
    ours_config = dict(nlp.config["components"][QUOTE_ATTRIBUTION])
    assert dict(assembled.config["components"][QUOTE_ATTRIBUTION]) == ours_config, "models/config.cfg is stale"
    text = seed_path.read_text(encoding="utf-8")
    ours, theirs = nlp(text), assembled(text)
    assert [(e.text, e.label_, e.kb_id_) for e in theirs.ents] == [(e.text, e.label_, e.kb_id_) for e in ours.ents]
    assert seed_quotes(theirs) == seed_quotes(ours)
