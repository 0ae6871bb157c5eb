"""Speaker resolution: pronouns, surnames and unnamed speakers."""

from __future__ import annotations

from spacy.language import Language


def speakers(nlp: Language, text: str) -> list[tuple[str, str, str, int | None]]:
    doc = nlp(text)
    return [(q.speaker.span.text, q.speaker.canonical, q.speaker.label, q.speaker.entity_id) for q in doc._.quotes]


def test_pronoun_takes_the_nearest_person_outside_quotes(nlp: Language) -> None:
    text = (
        "Sheila Smith, a senior fellow, said the talks would matter.\n"
        '"The intention is to present a proposal from Ishiba to the president," she said.'
    )
    doc = nlp(text)
    resolved = [(q.speaker.span.text, q.speaker.canonical, q.speaker.label) for q in doc._.quotes]
    assert resolved[-1] == ("she", "Sheila Smith", "PERSON")
    entity = doc.ents[doc._.quotes[-1].speaker.entity_id]
    assert entity.kb_id_ == "Sheila Smith"


def test_surname_speaker_resolves_to_full_name(nlp: Language) -> None:
    found = speakers(nlp, "Mary Jones, the mayor, spoke on Monday.\nThe city will appeal, Jones said.")
    assert found[-1][:3] == ("Jones", "Mary Jones", "PERSON")


def test_pronoun_without_antecedent_stays_unresolved(nlp: Language) -> None:
    assert speakers(nlp, "He said that the vote was rigged.") == [("He", "He", "PRON", None)]


def test_unnamed_speaker_keeps_its_noun(nlp: Language) -> None:
    [(text, canonical, label, entity_id)] = speakers(nlp, "The senator said that the bill would pass.")
    assert (text, canonical, label, entity_id) == ("The senator", "senator", "NOUN", None)


def test_organisation_pronoun_takes_the_organisation(nlp: Language) -> None:
    found = speakers(nlp, "Toyota announced record profits on Monday.\nIt said that sales in Asia had doubled.")
    assert found[-1][1:3] == ("Toyota", "ORG")


def test_pronoun_prefers_the_subject_over_a_nearer_object(nlp: Language) -> None:
    found = speakers(nlp, "Donald Trump attacked Hillary Clinton on Monday.\nHe said the debate had been rigged against him.")
    assert found[-1][1] == "Donald Trump"


def test_a_role_description_takes_the_holder_of_the_title(nlp: Language) -> None:
    found = speakers(
        nlp, "Prime Minister Justin Trudeau visited Toronto on Monday. The prime minister said the deal was good for workers."
    )
    assert found[-1][1:3] == ("Justin Trudeau", "PERSON")
    found = speakers(nlp, "Indiana Gov. Mike Pence spoke in Ohio on Monday. The Indiana governor said the economy was strong.")
    assert found[-1][1] == "Mike Pence"


def test_a_description_is_never_its_modifier(nlp: Language) -> None:
    found = speakers(nlp, "Republican nominee Donald Trump spoke in Ohio. The GOP nominee said the election was rigged.")
    assert found[-1][1] == "Donald Trump"
    [(_, canonical, _, entity_id)] = speakers(nlp, "A Homeland Security Department official said the threat was low.")
    assert (canonical, entity_id) == ("Homeland Security Department official", None)
    [(_, canonical, _, entity_id)] = speakers(nlp, "A former White House doctor said Clinton hid a blood clot in 1998.")
    assert (canonical, entity_id) == ("former White House doctor", None)


def test_a_nationality_or_party_word_names_no_one(nlp: Language) -> None:
    assert speakers(nlp, "Many Mexicans say that the wall would hurt both countries.") == [
        ("Mexicans", "Mexicans", "PROPN", None)
    ]
    assert speakers(nlp, "Some Democrats said the plan went too far.")[0][1:] == ("Democrats", "PROPN", None)


def test_an_organisation_description_takes_the_organisation_named_with_its_noun(nlp: Language) -> None:
    found = speakers(
        nlp, "The Federal Communications Commission fined the station on Monday. The commission said the fine was fair."
    )
    assert found[-1][1:3] == ("Federal Communications Commission", "ORG")


def test_the_speaker_is_the_whole_noun_phrase(nlp: Language) -> None:
    [(text, _, _, entity_id)] = speakers(nlp, "A person familiar with the negotiations said the deal was close.")
    assert text == "A person familiar with the negotiations"
    assert entity_id is None


def test_a_dateline_is_never_the_speaker(nlp: Language) -> None:
    found = speakers(
        nlp, "WASHINGTON -- President Obama, dedicating the museum on Saturday, said it would tell an American story."
    )
    assert found[0][1:3] == ("Obama", "PERSON")


def test_a_name_in_apposition_under_a_quantifier(nlp: Language) -> None:
    found = speakers(nlp, '"We want answers," said one of the family\'s attorneys, Justin Bamberg, on Sunday.')
    assert found[0][1:3] == ("Justin Bamberg", "PERSON")


def test_a_statement_speaks_for_its_author(nlp: Language) -> None:
    found = speakers(nlp, "Ivana Trump filed papers on Monday. Her submission to the court said the records should stay sealed.")
    assert found[-1][1:3] == ("Ivana Trump", "PERSON")
    found = speakers(nlp, "A new report by Politico said that the campaign had scrapped its plans in Florida.")
    assert found[-1][1:3] == ("Politico", "ORG")
    text = (
        "Companies should manage for the long term rather than for quarterly profit, "
        "according to a speech Mrs. Clinton delivered at New York University in July 2015."
    )
    assert speakers(nlp, text)[-1][:2] == ("a speech", "Clinton")


def test_a_statement_named_by_a_person_speaks_for_that_person(nlp: Language) -> None:
    found = speakers(nlp, "Donald Trump spoke in Ohio on Monday. A Trump tweet on Tuesday said that the election was rigged.")
    assert found[-1][:3] == ("A Trump tweet", "Donald Trump", "PERSON")


def test_a_relative_clause_on_an_apposition_speaks_for_the_name(nlp: Language) -> None:
    text = "The panel questioned John Bentel, a tech staffer at the State Department who told his staff never to speak of it."
    found = speakers(nlp, text)
    assert found[-1][1:3] == ("John Bentel", "PERSON")


def test_an_organisation_described_by_whom_it_serves_is_named_so(nlp: Language) -> None:
    text = (
        "Hillary Clinton's campaign said on Monday that the ads would run in Ohio. "
        "The campaign said the spending was legal under federal rules."
    )
    found = speakers(nlp, text)
    assert [f[1] for f in found] == ["Clinton campaign", "Clinton campaign"]
    assert all(f[3] is None for f in found)
    found = speakers(nlp, "Hillary Clinton spoke in Ohio on Monday. Her campaign said the rally drew thousands of people.")
    assert found == [("Her campaign", "Clinton campaign", "NOUN", None)]


def test_an_organisation_named_by_its_own_modifier_is_not_the_one_named_earlier(nlp: Language) -> None:
    text = (
        "The United States government said on Monday that the bill would pass. "
        "The attempt to stop it has included members of the Saudi government, which has strongly denied "
        "any involvement in the 9/11 terror attacks."
    )
    assert speakers(nlp, text)[-1][1] == "Saudi government"


def test_a_response_speaks_for_whose_it_is(nlp: Language) -> None:
    text = "Donald Trump was pressed by Lester Holt on jobs. His best response was to say he would keep companies at home."
    assert speakers(nlp, text)[-1][:2] == ("His best response", "Donald Trump")


def test_an_unlabelled_short_name_speaks_for_the_organisation_it_shortens(nlp: Language) -> None:
    found = speakers(nlp, "Executives at Peabody Energy Corp. met on Monday. Peabody said that its mines would stay open.")
    assert found[-1][:3] == ("Peabody", "Peabody Energy Corp.", "ORG")


def test_a_statement_referred_back_to_speaks_for_the_author_named_earlier(nlp: Language) -> None:
    text = (
        "A Bloomberg poll shows that Americans living in wealthy households have abandoned the Republican party. "
        "Clinton beats Trump by 46 percent to 42 percent, according to the poll."
    )
    assert speakers(nlp, text)[-1][:2] == ("the poll", "Bloomberg")
    unnamed = "A new poll shows that voters are tired. Clinton beats Trump by 46 percent to 42 percent, according to the poll."
    assert speakers(nlp, unnamed)[-1][:2] == ("the poll", "poll")


def test_a_group_speaks_for_the_named_member_it_is_given_by(nlp: Language) -> None:
    text = "Proponents, including the United States Conference of Mayors, have said the program creates jobs."
    assert speakers(nlp, text)[-1][1:3] == ("United States Conference of Mayors", "ORG")


def test_an_apposed_name_wins_over_the_organisation_in_compound(nlp: Language) -> None:
    found = speakers(nlp, "Blue Tongue Helicopters owner, Helen Gillies, says the company respects the findings of the bureau.")
    assert found[0][1:3] == ("Helen Gillies", "PERSON")


def test_a_place_modifying_a_named_role_is_not_the_speaker(nlp: Language) -> None:
    text = (
        "Police spoke on Monday.\n"
        "\u201cI will just make this promise to you: We will achieve justice in this case,\u201d "
        "Tulsa police Chief Chuck Jordan said Monday."
    )
    [(span, canonical, label, _)] = speakers(nlp, text)
    assert (span, canonical, label) == ("Tulsa police Chief Chuck Jordan", "Chuck Jordan", "PERSON")


def test_a_person_after_a_preposition_does_not_speak_for_the_phrase(nlp: Language) -> None:
    [(span, canonical, _, entity_id)] = speakers(nlp, "Fine.\nA spokeswoman for Hillary Clinton said that they will act.")
    assert (span, canonical, entity_id) == ("A spokeswoman for Hillary Clinton", "spokeswoman for Hillary Clinton", None)


def test_a_description_opening_the_article_is_the_person_it_names_next(nlp: Language) -> None:
    text = (
        "Retired General Reveals Experience Of Serving Under Obama.\n\n"
        "Retired U.S. Air Force Gen. Norman Ham is speaking out ahead of the election.\n\n"
        "The general said the military needs a new course."
    )
    assert speakers(nlp, text)[0][:3] == ("Retired General", "Norman Ham", "PERSON")


def test_an_indefinite_description_later_in_the_article_names_no_one(nlp: Language) -> None:
    text = (
        "Mary Jones spoke on Monday.\n\n"
        "A senior official said that the talks would resume.\n\n"
        "Senior official John Smith declined to comment."
    )
    assert speakers(nlp, text)[0][1:] == ("senior official", "NOUN", None)


def test_a_joint_poll_speaks_for_its_pollsters(nlp: Language) -> None:
    text = (
        "Poll news.\n\n"
        "Clinton and Trump are virtually tied heading into their first debate, according to a new "
        "Washington Post-ABC News national poll."
    )
    assert speakers(nlp, text)[0][:3] == (
        "a new Washington Post-ABC News national poll",
        "Washington Post-ABC News",
        "ORG",
    )


def test_an_organisation_modifying_a_person_is_not_the_person(nlp: Language) -> None:
    found = speakers(nlp, "Fine.\n\nThe GOP front-runner complained that the contest had been rigged.")
    assert found[0][1:] == ("GOP front-runner", "NOUN", None)


def test_a_fronted_statement_is_by_the_subject_of_its_clause(nlp: Language) -> None:
    text = (
        "The union endorsed Hillary Clinton on Thursday.\n\n"
        "In a statement announcing the pick, the Association of Flight Attendants called Clinton a champion."
    )
    found = speakers(nlp, text)
    assert ("a statement", "Association of Flight Attendants") in [s[:2] for s in found]


def test_whom_a_poll_measures_did_not_make_it(nlp: Language) -> None:
    text = "Trump leads.\n\nIn this poll, Trump rose 1 percentage point while Clinton fell by the same margin."
    assert all(s[1] != "Donald Trump" and s[1] != "Trump" for s in speakers(nlp, text))


def test_a_statement_names_the_pollster_among_its_modifiers(nlp: Language) -> None:
    text = (
        "Polls.\n\n"
        "The latest Reuters/Ipsos opinion poll released Friday shows Clinton ahead.\n\n"
        "When the poll asked about all four candidates seeking the White House, Clinton was supported by 42 percent."
    )
    assert [s[1] for s in speakers(nlp, text) if s[0] == "the poll"] == ["Reuters"]


def test_a_name_modifying_another_word_does_not_author_the_statement(nlp: Language) -> None:
    text = (
        "Fine.\n\n"
        "According to White House-era documents from a close friend of Mrs. Clinton, the first lady "
        "had referred to her as a loony toon."
    )
    assert all(s[1] != "White House" for s in speakers(nlp, text))


def test_an_opening_description_takes_no_holder_of_another_kind(nlp: Language) -> None:
    text = (
        "A high profile church leader says the Governor-General must clarify his statement.\n\n"
        "Opposition Leader Simon Crean said the Governor-General should resign."
    )
    assert speakers(nlp, text)[0][1:3] == ("high profile church leader", "NOUN")
