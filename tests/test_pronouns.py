"""Third-person pronouns resolved by salience, agreement and binding (doc._.coref.antecedent)."""

from __future__ import annotations

from spacy.language import Language

from pipeline.coref import TITLE
from pipeline.labels import ENTITY_RESOLUTION, QUOTE_ATTRIBUTION
from tests.conftest import require_shared_data


def antecedents(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    ents = list(doc.ents)
    return [(doc[i].text, ents[e].kb_id_) for i, e in sorted(doc._.coref.antecedent.items())]


def test_she_is_never_a_man(nlp: Language) -> None:
    text = "Tatiana Stanovaya, a political analyst, met Vladimir Putin in Moscow on Monday. She said the talks had been tense."
    assert antecedents(nlp, text) == [("She", "Tatiana Stanovaya")]


def test_a_chain_of_pronouns_stays_on_its_person(nlp: Language) -> None:
    text = "Donald Trump met Mike Pence on Monday. He said the meeting went well. He added that the campaign was strong."
    assert antecedents(nlp, text) == [("He", "Donald Trump"), ("He", "Donald Trump")]


def test_an_object_pronoun_is_not_its_own_subject(nlp: Language) -> None:
    assert antecedents(nlp, "Ted Cruz spoke first at the convention. Donald Trump praised him later in the evening.") == [
        ("him", "Ted Cruz")
    ]


def test_a_pronoun_before_the_subject_it_refers_to(nlp: Language) -> None:
    text = "In her first speech as mayor, Jane Doe promised to fix the roads."
    assert antecedents(nlp, text) == [("her", "Jane Doe")]


def test_a_photo_credit_is_no_antecedent(nlp: Language) -> None:
    text = "The rally drew thousands of people on Sunday.\nLauren Pelley / CBC News\nShe said the crowd was calm and friendly."
    assert antecedents(nlp, text) == []


def test_they_of_unnamed_people_stays_unresolved(nlp: Language) -> None:
    text = "Senators from both parties met at the Capitol. Protesters gathered outside on Friday. They said the bill was unfair."
    assert antecedents(nlp, text) == []


def test_they_of_a_group_given_by_its_named_members(nlp: Language) -> None:
    text = (
        "Critics of the program, like Senators Charles E. Grassley and Patrick J. Leahy, see the vote as a chance "
        "to fix it. They sent a letter on Thursday to Senate leaders."
    )
    assert antecedents(nlp, text) == [("They", "Charles E. Grassley")]


def test_it_takes_an_organisation(nlp: Language) -> None:
    assert antecedents(nlp, "Toyota announced record profits on Monday. It said that sales in Asia had doubled.") == [
        ("It", "Toyota")
    ]


def test_they_may_be_two_people_named_together(nlp: Language) -> None:
    text = "Senators Charles Grassley and Patrick Leahy wrote to the agency on Monday. They said the program was rife with fraud."
    assert antecedents(nlp, text)[-1] == ("They", "Charles Grassley")


def test_a_long_quotation_does_not_push_the_speaker_out_of_reach(nlp: Language) -> None:
    text = (
        "Maria Lopez spoke to reporters outside the courthouse on Monday.\n\n"
        '"We waited. We hoped. We prayed. We marched. We wrote letters. Nobody answered."\n\n'
        "She then asked the judge to reopen the case."
    )
    assert antecedents(nlp, text) == [("She", "Maria Lopez")]


def test_a_description_by_a_persons_title_is_a_mention_of_that_person(nlp: Language) -> None:
    text = (
        "President Barack Obama met Senator Mitt Romney in 2012. Romney spoke first. "
        "After the defeat, the president appeared cowed. In the spring, he barely mentioned climate change."
    )
    assert antecedents(nlp, text)[-1] == ("he", "Barack Obama")


SUBJECT_STORY = "Kathleen Nolan met Anne Baxter in Los Angeles. Baxter introduced her to the director, and she signed a contract."


def _resolved_with_title(nlp: Language, text: str, title: str | None) -> list[tuple[str, str]]:
    with nlp.select_pipes(disable=[ENTITY_RESOLUTION, QUOTE_ATTRIBUTION]):
        doc = nlp(text)
    if title is not None:
        doc.user_data[TITLE] = title
    doc = nlp.get_pipe(ENTITY_RESOLUTION)(doc)
    ents = list(doc.ents)
    return [(doc[i].text, ents[e].kb_id_) for i, e in sorted(doc._.coref.antecedent.items())]


def test_the_person_the_title_names_is_the_more_salient(nlp: Language) -> None:
    assert _resolved_with_title(nlp, SUBJECT_STORY, "Kathleen Nolan") == [("her", "Kathleen Nolan"), ("she", "Kathleen Nolan")]
    assert _resolved_with_title(nlp, SUBJECT_STORY, "Anne Baxter") == [("her", "Anne Baxter"), ("she", "Anne Baxter")]


def test_a_headline_on_the_first_line_is_the_title(nlp: Language) -> None:
    assert antecedents(nlp, SUBJECT_STORY) == [("her", "Anne Baxter"), ("she", "Anne Baxter")]
    headline = "Kathleen Nolan Signs Studio Contract\n\n"
    assert antecedents(nlp, headline + SUBJECT_STORY) == [("her", "Kathleen Nolan"), ("she", "Kathleen Nolan")]


def test_a_possessive_description_is_a_mention_of_the_role_holder(nlp: Language) -> None:
    """PolNeAR dev, read in place: after "Benjamin J. Rhodes, one of the president's closest aides,
    recalled Mr. Obama ...", "The president's Pacific roots also came into play. In Honolulu last
    week, he told ..." is Obama."""
    folder = require_shared_data("polnear/dev/text")
    doc = nlp((folder / "nyt_2016-09-08_obama-on-climate-change-the-tren.txt").read_text(encoding="utf-8"))
    honolulu = [t for t in doc if t.text == "Honolulu"][-1]
    he = next(t for t in doc[honolulu.i :] if t.lower_ == "he")
    assert doc.ents[doc._.coref.antecedent[he.i]].kb_id_ == "Obama"


def test_a_pronoun_that_speaks_is_the_speaker_of_the_sentence_before(nlp: Language) -> None:
    """PolNeAR dev, read in place: after "McLenney said Clinton doesn't show consistency in her
    concern for racial issues.", '"It's not something that she continuously says, ...," she said'
    is McLenney, not Clinton, whom the title names and McLenney's words are about."""
    folder = require_shared_data("polnear/dev/text")
    doc = nlp((folder / "west-journal_2016-09-28_clinton-campaign-reportedly-scra.txt").read_text(encoding="utf-8"))
    shot = next(t for t in doc if t.text == "shot")
    she = next(t for t in doc[shot.i :] if t.lower_ == "she")
    assert doc.ents[doc._.coref.antecedent[she.i]].kb_id_ == "Tyresha McClenney"


def test_a_speaker_further_back_gets_no_speakers_weight(nlp: Language) -> None:
    text = (
        "Armstrong Williams said the campaign was steady. Donald Trump also attacked Hillary Clinton and Marco Rubio "
        "during the rant on Thursday. He said that Clinton is playing the women's card."
    )
    assert antecedents(nlp, text)[-1] == ("He", "Donald Trump")
