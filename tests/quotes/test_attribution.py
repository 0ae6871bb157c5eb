"""Each attribution rule on short news-style sentences, including known failure cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.language import Language

from pipeline.quotes import DIRECT, INDIRECT, MIXED
from pipeline.quotes.component import QuoteAttribution


@dataclass(frozen=True)
class Found:
    kind: str
    rule: str
    text: str
    speaker: str | None
    canonical: str | None
    cue_text: str = ""


def found(nlp: Language, text: str) -> list[Found]:
    doc = nlp(text)
    return [
        Found(q.kind, q.rule, q.text, q.speaker and q.speaker.span.text, q.speaker and q.speaker.canonical, q.cue.text)
        for q in doc._.quotes
    ]


@pytest.mark.parametrize(
    ("text", "kind", "rule", "content", "speaker"),
    [
        ('"The talks went well," Ishiba told reporters in Tokyo.', DIRECT, "quote_before_cue", "The talks went well", "Ishiba"),
        (
            '"This is absurd," said John Smith, a lawyer for the family.',
            DIRECT,
            "quote_before_cue",
            "This is absurd",
            "John Smith",
        ),
        ('He said: "This is the best day of my life."', DIRECT, "cue_then_content", "This is the best day of my life.", "He"),
        (
            "The senator said that the bill would pass next week.",
            INDIRECT,
            "cue_then_content",
            "the bill would pass next week",
            "The senator",
        ),
        (
            "The economy is growing, the minister said on Tuesday.",
            INDIRECT,
            "content_then_cue",
            "The economy is growing",
            "the minister",
        ),
        (
            "Officials told Reuters that the talks had stalled.",
            INDIRECT,
            "cue_then_content",
            "the talks had stalled",
            "Officials",
        ),
        ("She smiled and said that everything was fine.", INDIRECT, "cue_then_content", "everything was fine", "She"),
        ("According to police, the suspect fled the scene.", INDIRECT, "according_to", "the suspect fled the scene", "police"),
        (
            "The suspect fled the scene, according to police officials.",
            INDIRECT,
            "according_to",
            "The suspect fled the scene",
            "police officials",
        ),
        (
            'The company said the plan was "a disaster" for workers.',
            MIXED,
            "cue_then_content",
            'the plan was "a disaster" for workers',
            "The company",
        ),
    ],
)
def test_rules(nlp: Language, text: str, kind: str, rule: str, content: str, speaker: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.kind, quote.rule, quote.text, quote.speaker) == (kind, rule, content, speaker)


def test_split_quote_around_the_attribution(nlp: Language) -> None:
    [quote] = found(nlp, '"It was a mistake," he said, "and we regret it deeply."')
    assert quote.kind == DIRECT and quote.rule == "split_quote"
    assert quote.text.startswith("It was a mistake") and quote.text.endswith("regret it deeply.")


def test_attribution_in_the_middle_of_reported_speech(nlp: Language) -> None:
    [quote] = found(
        nlp,
        'Sheila Smith spoke first.\nThe summit could be less startling, Smith said, as Trump "has a fairly strong commitment".',
    )
    assert quote.kind == MIXED and quote.rule == "content_around_cue"
    assert quote.text.startswith("The summit could be less startling") and quote.text.endswith('commitment"')
    assert quote.canonical == "Sheila Smith"


def test_speaker_is_never_a_word_inside_the_quote(nlp: Language) -> None:
    # The parser makes "energy" (inside the quote) the subject of "told"; textacy reports it as the speaker.
    text = (
        'Since Japan has cut its imports from Russia, it "desperately needs to open up new sources of LNG, '
        'and other energy more broadly", Sheila Smith, senior fellow at the Council on Foreign Relations, told AFP.'
    )
    doc = nlp(text)
    [quote] = doc._.quotes
    assert quote.speaker.span.text == "Sheila Smith"
    assert quote.addressee.text == "AFP"
    assert quote.kind == MIXED


@pytest.mark.parametrize(
    "text",
    [
        'Critics call the plan a "disaster" for the region.',  # scare quote, no cue
        'Trump\'s "America First" agenda risks encroaching on trade ties.',  # title in quotes
        "He has said nothing.",  # no content
    ],
)
def test_no_quote_without_an_attribution(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


def test_quoted_fragments_inside_reported_speech_are_not_separate_quotes(nlp: Language) -> None:
    text = (
        "Japan's Nikkei newspaper said Thursday the pair will issue a joint statement, which could vow to build "
        'a "golden age" of bilateral relations and bring the alliance to "new heights".'
    )
    [quote] = found(nlp, text)
    assert quote.kind == MIXED and quote.canonical == "Nikkei"
    assert quote.text.startswith("the pair will issue") and quote.text.endswith('"new heights"')


def test_nested_attribution_inside_content_is_dropped(nlp: Language) -> None:
    text = "Ishiba is expected to tell Trump that Japan will increase defence purchases, the Nikkei said."
    [quote] = found(nlp, text)
    assert quote.canonical == "Nikkei" and quote.kind == INDIRECT


def test_unbalanced_quote_marks_never_fail(nlp: Language) -> None:
    text = 'He said "this is not over.\n"We will fight," she said "\n" " "'
    quotes = nlp(text)._.quotes
    assert quotes, "the balanced quotation in the middle is still found"
    for quote in quotes:
        assert 0 <= quote.start_char < quote.end_char <= len(text) and text[quote.start_char : quote.end_char] == quote.text
    assert any(q.speaker.span.text == "she" and "We will fight" in q.text for q in quotes)


# Rules added from PolNeAR errors ------------------------------------------------------------


def test_following_quote_takes_the_previous_speaker(nlp: Language) -> None:
    doc = nlp('"It was a mistake," Mary Jones said on Monday. "We will not repeat it, and we apologise."')
    first, second = doc._.quotes
    assert (first.rule, second.rule) == ("quote_before_cue", "following_quote")
    assert second.text == "We will not repeat it, and we apologise."
    assert second.speaker.canonical == "Mary Jones" and second.cue == first.cue


@pytest.mark.parametrize(
    "description",
    [", a broker based in Tampa, Fla., who represents sellers of golf courses.", ", who lined up to hear Mr. Trump on Tuesday."],
)
def test_following_quote_after_a_description_with_abbreviations(nlp: Language, description: str) -> None:
    text = f"''There are big issues,'' said Steven Ekovich{description} ''Homeowners paid a premium for a lot.''"
    _, second = found(nlp, text)
    assert (second.rule, second.speaker, second.text) == (
        "following_quote",
        "Steven Ekovich",
        "Homeowners paid a premium for a lot.",
    )


def test_a_sentence_ending_in_a_quoted_main_clause_continues_the_speaker(nlp: Language) -> None:
    text = (
        "''It's an enormous moment,'' said Steve Schmidt, a top Republican strategist. Unless further rivals "
        "immediately quit the race, ''it's very difficult to see how he is stopped on his way to the nomination.''"
    )
    _, second = found(nlp, text)
    assert (second.rule, second.kind, second.canonical) == ("following_quote", MIXED, "Steve Schmidt")
    assert second.text.startswith("Unless further rivals") and second.text.endswith("nomination.''")


def test_a_title_quoted_in_the_next_sentence_does_not_continue(nlp: Language) -> None:
    text = '"We will win," said Smith. Then the crowd sang the anthem, "The Star-Spangled Banner of the United States."'
    assert [q.rule for q in found(nlp, text)] == ["quote_before_cue"]


def test_following_quote_after_a_long_description_of_the_speaker(nlp: Language) -> None:
    text = (
        '"Wall Street is a pretty cynical place," said Tim Hess, a real estate developer in Virginia, who introduced '
        'Mr. Clarke to his banking contacts. "But when you see somebody with that kind of passion, people lean forward."'
    )
    first, second = nlp(text)._.quotes
    assert (first.rule, second.rule) == ("quote_before_cue", "following_quote")
    assert second.text.startswith("But when you see") and second.speaker.canonical == "Tim Hess"


def test_a_quotation_after_another_sentence_does_not_follow(nlp: Language) -> None:
    text = '"It was a mistake," Mary Jones said. The board met on Monday. "Nobody saw it coming, not even the auditors."'
    assert [q.rule for q in nlp(text)._.quotes] == ["quote_before_cue"]


def test_quoted_paragraph_after_a_colon_belongs_to_the_cue(nlp: Language) -> None:
    doc = nlp('Caddell continued:\n\n"The health issue is very much a partisan issue."')
    [quote] = doc._.quotes
    assert quote.rule == "quote_after_cue" and quote.speaker.span.text == "Caddell"


def test_quotation_after_a_full_stop_is_not_the_next_cues(nlp: Language) -> None:
    text = '"This is in their heads," said Caddell, speaking of the health issue. "It is one of the things worrying them."'
    doc = nlp(text)
    quotation = "It is one of the things worrying them."
    assert [(q.cue.text, q.rule) for q in doc._.quotes if q.text == quotation] == [("said", "following_quote")]
    said = [q for q in doc._.quotes if q.cue.text == "said"]
    assert [q.rule for q in said] == ["quote_before_cue", "following_quote"]


def test_doubled_apostrophes_are_quotation_marks(nlp: Language) -> None:
    [quote] = found(nlp, "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist.")
    assert quote.kind == DIRECT and quote.text == "This isn't tax reform" and quote.speaker == "Douglas Holtz-Eakin"


def test_noun_of_saying_with_that_clause(nlp: Language) -> None:
    [quote] = found(nlp, "Politifact checked Donald Trump's claim that there have been thousands of shootings in Chicago.")
    assert quote.rule == "noun_then_content" and quote.canonical == "Donald Trump"
    assert quote.text == "there have been thousands of shootings in Chicago"


def test_noun_phrase_as_what_was_said(nlp: Language) -> None:
    [quote] = found(nlp, "The GOP nominee complained about his microphone the morning after the debate.")
    assert quote.rule == "cue_then_object" and quote.text == "his microphone the morning after the debate"


def test_object_of_tell_is_the_addressee_not_the_content(nlp: Language) -> None:
    assert found(nlp, "Sheila Smith told reporters in Tokyo.") == []


def test_infinitive_content_keeps_who_was_urged(nlp: Language) -> None:
    [quote] = found(nlp, "Trump urged supporters to monitor polling places in Pennsylvania.")
    assert quote.text == "supporters to monitor polling places in Pennsylvania"


def test_relative_clause_speaker_is_the_noun_described(nlp: Language) -> None:
    [quote] = found(nlp, "He refused to pay an architect who said he was stiffed after he designed a clubhouse.")
    assert quote.speaker == "an architect" and quote.text.startswith("he was stiffed")


def test_participle_after_a_noun_of_footage_speaks_for_that_noun(nlp: Language) -> None:
    [quote] = found(nlp, "The ad uses footage of Hillary Clinton asking, “Why aren\u2019t I 50 points ahead, you might ask?”")
    assert quote.speaker == "Hillary Clinton" and quote.cue_text == "asking"


def test_clause_the_parse_hangs_as_adverbial_is_what_was_said(nlp: Language) -> None:
    [quote] = found(nlp, "Trump said after the convention he would not accept Cruz's endorsement if it were offered.")
    assert quote.rule == "cue_then_content" and "he would not accept Cruz's endorsement" in quote.text


@pytest.mark.parametrize(
    "text",
    [
        "Few people would have described Mr. Obama as a climate evangelist when he ran for the White House in 2008.",
        "Scott was speaking to the Virginia delegation at the convention when McAuliffe walked in the room.",
    ],
)
def test_adverbial_clause_with_its_own_conjunction_is_not_what_was_said(nlp: Language, text: str) -> None:
    assert not [q for q in found(nlp, text) if q.text.startswith(("when", "McAuliffe"))]


def test_inverted_cue_interrupting_its_content(nlp: Language) -> None:
    text = "There is a particular satisfaction, insists Xander Wise, in seeing a customer walk out with the right shoes."
    quote = next(q for q in found(nlp, text) if q.cue_text == "insists")
    assert quote.rule == "content_around_cue" and quote.speaker == "Xander Wise"
    assert quote.text.startswith("There is a particular satisfaction") and quote.text.endswith("the right shoes")


def test_a_setting_after_an_inverted_speaker_stays_in_the_attribution(nlp: Language) -> None:
    [quote] = found(nlp, "The economy is strong, said Smith, in remarks to reporters.")
    assert quote.text == "The economy is strong"


def test_according_to_set_off_inside_its_sentence_takes_both_sides(nlp: Language) -> None:
    [quote] = found(nlp, "Other major cleavages, according to the poll, include ideology and age.")
    assert quote.rule == "according_to" and quote.text.startswith("Other major cleavages")
    assert quote.text.endswith("include ideology and age")
    [ending] = found(nlp, "It is now cleared to fly again, according to the F.A.A.")
    assert ending.text == "It is now cleared to fly again"


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "As The Washington Post reported, even if Sanders split the delegates, he would need 55 percent of the rest.",
            "The Washington Post",
            "even if Sanders split the delegates, he would need 55 percent of the rest",
        ),
        (
            "But as Clyburn noted, those voters will give Sanders a second look if he starts winning.",
            "Clyburn",
            "those voters will give Sanders a second look if he starts winning",
        ),
    ],
)
def test_as_clause_of_reporting_names_the_source_of_its_main_clause(nlp: Language, text: str, speaker: str, content: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.rule, quote.speaker, quote.text) == ("as_cue_then_clause", speaker, content)


@pytest.mark.parametrize(
    "text", ["As he spoke, protesters shouted outside the hall.", "As she was speaking, the lights went out."]
)
def test_as_clause_of_time_is_no_attribution(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Conservative outside groups reported spending $6 million attacking Clinton.", "spending $6 million attacking Clinton"),
        ("Trump has admitted using the tax code to his advantage.", "using the tax code to his advantage"),
    ],
)
def test_gerund_after_a_cue_is_what_was_said(nlp: Language, text: str, content: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.rule, quote.text) == ("cue_then_content", content)


def test_the_question_a_verb_of_asking_puts(nlp: Language) -> None:
    [quote] = found(nlp, "Then Mr. Rubin asked the students if they were always so preternaturally serious.")
    assert (quote.speaker, quote.text) == ("Rubin", "if they were always so preternaturally serious")


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
            "\u201cHillary Clinton believes that transatlantic cooperation is essential.\u201d",
            "Jake Sullivan",
            "Hillary Clinton believes that transatlantic cooperation is essential.",
        ),
        (
            "\u201cWe have had more successful conventions than this one,\u201d Texas delegate Bill Eastland, "
            "wearing a cowboy hat, said.",
            "Bill Eastland",
            "We have had more successful conventions than this one",
        ),
    ],
)
def test_a_verb_the_parse_left_without_subject_takes_the_name_before_it(
    nlp: Language, text: str, speaker: str, content: str
) -> None:
    [quote] = found(nlp, text)
    assert (quote.speaker, quote.text) == (speaker, content)


def test_an_infinitive_after_an_object_is_the_objects_to_say(nlp: Language) -> None:
    text = "The senator also forced Stumpf, who was under questioning, to admit that the bank had not clawed back any pay."
    [quote] = found(nlp, text)
    assert (quote.speaker, quote.text) == ("Stumpf", "the bank had not clawed back any pay")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The opening drew stars like Oprah Winfrey, Will Smith, Patti LaBelle and Stevie Wonder, who joked of the "
            "museum, \"I haven't seen it yet, but I'm going to.\"",
            "Stevie Wonder",
        ),
        (
            "The approach is likely to placate nervous Democrats on Capitol Hill, who have argued that it helps "
            "down-ballot candidates.",
            "Democrats",
        ),
    ],
)
def test_who_is_the_person_before_it_never_where_they_are(nlp: Language, text: str, speaker: str) -> None:
    [quote] = found(nlp, text)
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Nihad Awad says in a statement that Trump\u2019s rhetoric has crossed the line into inciting violence.",
            "Trump\u2019s rhetoric has crossed the line into inciting violence",
        ),
        (
            "Sanders said following a vote in 2001 that he had very serious concerns about the biotechnology industry.",
            "he had very serious concerns about the biotechnology industry",
        ),
    ],
)
def test_that_clause_the_parse_hangs_on_a_phrase_after_the_cue(nlp: Language, text: str, content: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.rule, quote.text) == ("cue_then_content", content)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "In Honolulu, he told a meeting of Pacific Island leaders that few people understood the stakes of climate change.",
            "few people understood the stakes of climate change",
        ),
        (
            "The Times reported at the time that the editor in chief was not pleased with the broadcast.",
            "the editor in chief was not pleased with the broadcast",
        ),
        ("Lawmakers have not said when they would take up the reauthorization.", "when they would take up the reauthorization"),
        ("The mayor did not explain how the city would pay for the stadium.", "how the city would pay for the stadium"),
    ],
)
def test_a_complement_the_parse_takes_for_a_relative_or_adverbial_clause(nlp: Language, text: str, content: str) -> None:
    """A that-clause hung on a noun in the cue's phrase; the wh-question a cue reports."""
    [quote] = found(nlp, text)
    assert (quote.rule, quote.text) == ("cue_then_content", content)


def test_a_relative_clause_on_the_object_is_not_what_was_said(nlp: Language) -> None:
    assert found(nlp, "He told a story that nobody in the room believed.") == []


def test_a_name_the_parse_makes_an_apposition_of_the_subject_speaks(nlp: Language) -> None:
    text = "To understand the real Dred Scott, Chief Justice Roberts said, one should visit this museum."
    [quote] = found(nlp, text)
    assert (quote.rule, quote.speaker) == ("content_around_cue", "Roberts")
    assert quote.text.startswith("To understand the real Dred Scott") and quote.text.endswith("visit this museum")


def test_a_when_clause_without_a_subject_is_when_not_what(nlp: Language) -> None:
    assert [q.cue_text for q in found(nlp, "He said when asked about the plan.")] == ["asked"]


def test_a_participle_after_a_quotation_reports_its_own_clause(nlp: Language) -> None:
    text = (
        'Peabody said: "Patriot Coal was highly successful when it became an independent company," '
        "adding that its market value quadrupled in less than a year."
    )
    quotes = {q.cue_text: q for q in found(nlp, text)}
    assert quotes["said"].text == "Patriot Coal was highly successful when it became an independent company"
    assert (quotes["adding"].kind, quotes["adding"].text) == (INDIRECT, "its market value quadrupled in less than a year")


def test_an_and_the_parse_hangs_on_the_cue_does_not_cut_its_content(nlp: Language) -> None:
    text = "Mrs. Clinton has embraced the approach, promising to meet and in some cases exceed his goals without new legislation."
    quotes = {q.cue_text: q for q in found(nlp, text)}
    assert quotes["promising"].text == "to meet and in some cases exceed his goals without new legislation"


def test_a_name_the_parse_takes_into_the_phrase_before_a_subjectless_verb_speaks(nlp: Language) -> None:
    text = "In a March meeting with the editorial board of the Chicago Tribune Smith said that the tariffs would be lifted."
    [quote] = found(nlp, text)
    assert quote.text == "the tariffs would be lifted"
    assert quote.speaker is not None and quote.speaker.endswith("Smith")


def test_a_date_after_the_cue_is_when_not_what(nlp: Language) -> None:
    [quote] = found(nlp, "Authorities announced on Friday the arrest of a man in the shooting of a demonstrator.")
    assert (quote.rule, quote.text) == ("cue_then_object", "the arrest of a man in the shooting of a demonstrator")


def test_a_cue_in_a_relative_clause_says_nothing_past_it(nlp: Language) -> None:
    text = (
        "The family's lawyers, who asked authorities to release the video of the shooting, watched it on Thursday, "
        "a spokesman for the family said."
    )
    quotes = {q.cue_text: q for q in found(nlp, text)}
    assert quotes["asked"].text == "authorities to release the video of the shooting"
    assert quotes["said"].text == (
        "The family's lawyers, who asked authorities to release the video of the shooting, watched it on Thursday"
    )


def test_a_statement_reported_as_made_inside_another_is_kept(nlp: Language) -> None:
    text = "Merrill says Machado promised to continue supporting Clinton and said she would stand up to the attacks."
    quotes = [(q.cue_text, q.speaker, q.text) for q in found(nlp, text)]
    assert ("said", "Machado", "she would stand up to the attacks") in quotes
    assert quotes[0][:2] == ("says", "Merrill")


@pytest.mark.parametrize(
    "text",
    [
        "Ishiba is expected to tell Trump that Japan will increase defence purchases, the Nikkei said.",
        "Clinton mocked the complaint, saying anybody who complains about a microphone \u201cis not having a good night.\u201d",
    ],
)
def test_a_statement_not_made_or_by_no_one_in_particular_stays_inside(nlp: Language, text: str) -> None:
    assert all(q.cue_text not in ("tell", "complains") for q in found(nlp, text))


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Gov. Jerry Brown announced the deal with state lawmakers Monday.", "the deal with state lawmakers Monday"),
        (
            "Mr. Obama spoke emotionally of his flights on Marine One across the Mall, past the spire of the Monument.",
            "his flights on Marine One across the Mall, past the spire of the Monument",
        ),
        ("Clinton mentioned the remarks on Monday, and warned that they would hurt him.", "the remarks on Monday"),
    ],
)
def test_an_object_keeps_what_the_parse_hangs_on_the_verb_up_to_its_next_clause(nlp: Language, text: str, content: str) -> None:
    quote = found(nlp, text)[0]
    assert (quote.rule, quote.text) == ("cue_then_object", content)


def test_a_subject_described_by_a_participle_says_what_follows(nlp: Language) -> None:
    text = "Republican activists clamoring to block Trump from the nomination say they're suddenly in the midst of a bump."
    [quote] = found(nlp, text)
    assert (quote.speaker, quote.text) == ("Republican activists", "they're suddenly in the midst of a bump")


@pytest.mark.parametrize(
    "text",
    [
        "The official spoke on the condition of anonymity at the meeting.",
        "Clinton spoke on behalf of the foundation donors at the meeting.",
    ],
)
def test_how_someone_spoke_is_not_what_they_spoke_about(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


def test_nested_statement_of_another_speaker_is_dropped_but_own_is_kept(nlp: Language) -> None:
    text = "David Perdue said he did not believe those claims, arguing that divisions in the party were a bigger hurdle."
    own = found(nlp, text)
    assert {q.canonical for q in own} == {"David Perdue"} and len(own) == 2


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Sanders is now seen as decisive, after half of all voters said so in the earlier poll.", "so", "half"),
        ("Asked if he was ever bullied, the candidate said no.", "no", "the candidate"),
        ("Most said Clinton is honest, and three-quarters said the same of Sanders.", "the same of Sanders", "three-quarters"),
        ("Last month, 26 percent said the same.", "the same", "26 percent"),
        ("The spokesman would not say why.", "why", "The spokesman"),
    ],
)
def test_a_word_that_stands_for_what_was_said(nlp: Language, text: str, content: str, speaker: str) -> None:
    quotes = [q for q in found(nlp, text) if q.rule == "cue_then_pro_form"]
    assert [(q.text, q.speaker) for q in quotes] == [(content, speaker)]


def test_a_statement_about_a_noun_of_another_quote_is_kept(nlp: Language) -> None:
    quotes = found(nlp, "I urged the judge to give me a fair sentence, which I said was not a prison sentence.")
    assert [(q.cue_text, q.text) for q in quotes] == [
        ("urged", "the judge to give me a fair sentence, which I said was not a prison sentence"),
        ("said", "was not a prison sentence"),
    ]


def test_a_wh_clause_joined_to_the_object_is_spoken_of_too(nlp: Language) -> None:
    text = (
        "Chief Justice John G. Roberts Jr. spoke of the legacy of racism, enshrined in Jim Crow laws, "
        "and how the fight for justice flowed through landmark court rulings."
    )
    [quote] = found(nlp, text)
    assert quote.rule == "cue_then_object"
    assert quote.text.endswith("and how the fight for justice flowed through landmark court rulings")


def test_the_subject_of_an_adjective_says_its_infinitive(nlp: Language) -> None:
    """'are more likely to say', 'was quick to say': the copula's subject says."""
    polled = found(nlp, "Democratic voters are slightly more likely to say that Clinton represents their positions.")
    assert [(q.speaker, q.text) for q in polled] == [("Democratic voters", "Clinton represents their positions")]
    quick = found(nlp, "She was quick to say that the plan had failed.")
    assert [(q.speaker, q.text) for q in quick] == [("She", "the plan had failed")]


def test_a_short_clause_is_what_was_said(nlp: Language) -> None:
    [quote] = found(nlp, "Even after the videos surfaced, the Trump campaign has denied it happened.")
    assert (quote.rule, quote.speaker, quote.text) == ("cue_then_content", "the Trump campaign", "it happened")
    [about_the_deal] = found(nlp, "The deal, which he said was unfair, collapsed.")
    assert (about_the_deal.speaker, about_the_deal.text) == ("he", "was unfair")


def test_what_was_asked_ends_where_the_main_clause_begins(nlp: Language) -> None:
    text = 'Asked what that might look like, she said: "We will figure that out, if and when we get there."'
    quotes = {q.cue_text: q for q in found(nlp, text)}
    assert quotes["Asked"].text == "what that might look like"
    assert quotes["said"].text == "We will figure that out, if and when we get there."


def test_a_complement_the_parse_splits_in_two_is_one_content(nlp: Language) -> None:
    text = (
        "Secretary of State John Kerry said the Iranians released by the United States were in some cases "
        "close to completing their sentences, while the fugitives were beyond American reach."
    )
    [quote] = found(nlp, text)
    assert quote.text == (
        "the Iranians released by the United States were in some cases close to completing their sentences, "
        "while the fugitives were beyond American reach"
    )
    warned = found(nlp, "She said the plan would fail, and warned that it would cost jobs.")
    assert [q.text for q in warned if q.cue_text == "said"] == ["the plan would fail"]


def test_a_paragraph_after_a_cue_and_colon_is_what_was_said(nlp: Language) -> None:
    text = (
        "\"She's a disgrace,\" he said.\n\nThe governor added:\n\nIt's typical of her. She knows nothing, "
        "but the mouth never stops.\n\nCritics point out that the plan is expensive."
    )
    added = [q for q in found(nlp, text) if q.cue_text == "added"]
    assert [(q.rule, q.kind, q.speaker, q.text) for q in added] == [
        ("paragraph_after_colon", INDIRECT, "The governor", "It's typical of her. She knows nothing, but the mouth never stops")
    ]


def test_the_same_thing_stands_for_what_was_said(nlp: Language) -> None:
    [quote] = found(nlp, "Prominent Republicans have said the same thing for months.")
    assert (quote.rule, quote.text) == ("cue_then_pro_form", "the same thing")


@pytest.mark.parametrize("text", ["He said so many things about the war.", "She has said no one would be hurt."])
def test_so_and_no_inside_a_phrase_stand_for_nothing(nlp: Language, text: str) -> None:
    assert all(q.rule != "cue_then_pro_form" for q in found(nlp, text))


def test_a_cue_in_a_subordinate_clause_does_not_report_the_main_clause(nlp: Language) -> None:
    text = (
        "The phrase has appeared in various speeches Sotomayor has given, where she talked about how her "
        "experiences as a Latina have shaped her life."
    )
    [quote] = found(nlp, text)
    assert (quote.cue_text, quote.text) == ("talked", "how her experiences as a Latina have shaped her life")


def test_a_quotation_before_the_content_it_is_cued_in_is_its_own(nlp: Language) -> None:
    text = (
        "\u201cYou winning?\u201d she said, but Kevin was drifting off again, and as Trump went on about "
        "\u201chow the system is rigged,\u201d and \u201cour own struggling citizens,\u201d Melanie said yes, yes, yes, "
        "over and over again, until Trump reached the end."
    )
    asked = [q for q in found(nlp, text) if q.kind == DIRECT]
    assert [(q.text, q.speaker) for q in asked] == [("You winning?", "she")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('"I would," Melanie said to the TV.', "I would"),
        ('"Absolutely," the senator said.', "Absolutely"),
        (  # the quotation's own 'That' is no lead-in to strip
            '"That," he added, "promises to make life a lot more difficult for our children."',
            'That," he added, "promises to make life a lot more difficult for our children.',
        ),
    ],
)
def test_a_short_quotation_opening_its_sentence_before_the_cue_is_a_quote(nlp: Language, text: str, content: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.kind, quote.text) == (DIRECT, content)


def test_clause_before_an_interrupting_attribution_is_content(nlp: Language) -> None:
    [quote] = found(nlp, "If this argument fails to persuade, Mr. Castañeda argues, there are other tools in the toolbox.")
    assert quote.rule == "content_around_cue" and quote.text.startswith("If this argument fails")


def test_passive_report_has_its_subject_as_content(nlp: Language) -> None:
    [quote] = found(nlp, "The registration issue was first reported by The Washington Post.")
    assert quote.rule == "cue_then_object" and quote.text == "The registration issue"
    assert quote.canonical == "Washington Post"


def test_response_by_or_with_is_content(nlp: Language) -> None:
    [quote] = found(nlp, "Trump responded with attacks on Machado, including Friday's tweets.")
    assert quote.text.startswith("attacks on Machado")


def test_object_of_a_manner_verb_is_not_content(nlp: Language) -> None:
    assert found(nlp, "Boos got louder when Donald Trump began speaking a little while later.") == []
    assert found(nlp, "Hillary Clinton immediately posted a Twitter comment of her own.") == []


def test_continue_to_is_aspect_not_speech(nlp: Language) -> None:
    assert found(nlp, "The delegate lead for Hillary Clinton continues to grow thanks to a big win.") == []


def test_that_clause_after_an_interrupted_attribution(nlp: Language) -> None:
    text = (
        "The Republican nominee continues to insist, most recently in a Labor Day interview with ABC News, "
        "that he really wants to release his taxes but can't because he is being audited."
    )
    [quote] = found(nlp, text)
    assert quote.text.startswith("he really wants to release his taxes") and quote.cue_text == "insist"


def test_noun_of_saying_named_by_its_source(nlp: Language) -> None:
    [quote] = found(nlp, "A New York Times report that Donald Trump had a net loss of $915 million in 1995 stunned his aides.")
    assert quote.rule == "noun_then_content" and quote.text.startswith("Donald Trump had a net loss")


def test_what_someone_was_asked_about_is_content(nlp: Language) -> None:
    [quote] = found(nlp, "He cannot make fun of the ratings if Lester Holt asks him about his tax returns.")
    assert quote.rule == "cue_then_object" and quote.text == "his tax returns"


def test_relative_pronoun_speaker_is_the_noun_it_stands_for(nlp: Language) -> None:
    text = 'He did not pay an architect who said he was stiffed, saying, "Maybe he did not do a good job."'
    speakers = {q.speaker for q in found(nlp, text)}
    assert "who" not in speakers and "an architect" in speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Donald Trump never missed an opportunity to remind the audience he was the only candidate.", "Donald Trump"),
        ("The senator gave him a chance to explain that the plan was dead.", "him"),
        ("Hillary Clinton's decision to announce that she would run again surprised her aides.", "Hillary Clinton"),
    ],
)
def test_an_infinitive_on_a_noun_speaks_for_whose_chance_it_is(nlp: Language, text: str, speaker: str) -> None:
    [quote] = found(nlp, text)
    assert quote.speaker == speaker


def test_a_verb_after_a_subjects_apposition_is_the_subjects_own(nlp: Language) -> None:
    text = (
        "Attorney General Roy Cooper (D), McCrory's opponent in the upcoming gubernatorial election, called Friday "
        "for releasing the police videos, as well."
    )
    [quote] = found(nlp, text)
    assert quote.cue_text == "called" and quote.speaker == "Roy Cooper"


def test_a_relative_pronoun_the_parse_hangs_on_a_verb_stands_for_the_noun_before_it(nlp: Language) -> None:
    text = (
        "To solve this quandary, they turned to the Chicago Police Department which reported "
        '"2,521 shooting incidents" in the city between January 1 and September 18.'
    )
    [quote] = found(nlp, text)
    assert quote.speaker == "the Chicago Police Department"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ('"Really?" said Colton, shaking his head.', "Really?", "Colton"),
        ('Protesters marching through the streets chanted "What curfew?" and kept going.', "What curfew?", "Protesters"),
        ('"No!" the mayor shouted.', "No!", "the mayor"),
    ],
)
def test_a_short_quotation_that_is_a_whole_utterance_is_a_quote(nlp: Language, text: str, content: str, speaker: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.kind, quote.text, quote.speaker) == (DIRECT, content, speaker)


def test_a_nickname_in_quotation_marks_is_no_quote(nlp: Language) -> None:
    assert found(nlp, 'Trump called her "Crooked Hillary" at the rally.') == []  # no sentence end inside the marks


def test_a_scare_quote_inside_reported_speech_stays_in_it(nlp: Language) -> None:
    [quote] = found(nlp, 'The senator said the plan was "dead" and left.')
    assert (quote.kind, quote.speaker) == (MIXED, "The senator") and quote.text.startswith('the plan was "dead"')


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The spokesman indicated that the talks would resume next week.", "indicated"),
        ("She reminded reporters that the budget had been balanced twice.", "reminded"),
        ("The minister confessed that the program had failed its targets.", "confessed"),
        ("Smith pointed out that the budget had doubled since 2015.", "pointed"),
        ("Clinton shot back that Trump had no plan to pay for the wall.", "shot"),
        ("Justice Owen called on all parties to respect the confidentiality of the commission.", "called"),
    ],
)
def test_cue_verbs_from_the_evidence_lexicon(nlp: Language, text: str, cue: str) -> None:
    [quote] = found(nlp, text)
    assert quote.cue_text == cue and quote.kind == INDIRECT


@pytest.mark.parametrize(
    ("text", "rule", "content", "speaker"),
    [
        (
            "Smith told psychologists she had heard voices for years.",
            "cue_then_content",
            "she had heard voices for years",
            "Smith",
        ),
        (
            "Her coach described her as the most gifted player of her generation.",
            "cue_then_object",
            "the most gifted player of her generation",
            "Her coach",
        ),
    ],
)
def test_less_common_shapes_of_indirect_speech(nlp: Language, text: str, rule: str, content: str, speaker: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.kind, quote.rule, quote.text, quote.speaker) == (INDIRECT, rule, content, speaker)


def test_a_relative_clause_on_the_addressee_is_not_what_was_said(nlp: Language) -> None:
    assert found(nlp, "The mayor told reporters who asked about it nothing new.") == []  # "nothing new" says nothing


def test_of_two_subjects_the_one_next_to_the_verb_speaks(nlp: Language) -> None:
    [quote] = found(nlp, '"It was a hard choice," board chair Sara Kim said.')  # parsed as 'chair' and 'Kim' both subjects
    assert quote.speaker == "Sara Kim"


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ('Trump called the senator a "nasty guy" at the rally.', "Trump", 'the senator a "nasty guy" at the rally'),
        ("Clinton called half of Donald Trump\u2019s supporters \u201cdeplorables.\u201d", "Clinton", "half of Donald Trump"),
        (
            "At the forum, Clinton called her vote in favor of the Iraq War a mistake, but she noted it later.",
            "Clinton",
            "her vote in favor of the Iraq War a mistake",
        ),
        ("Sen. Bernie Sanders called him divisive and accused him of lying.", "Bernie Sanders", "him divisive"),
        (
            "Hillary Clinton called the Republican frontrunner \u201cISIS\u2019 best recruiter.\u201d",
            "Hillary Clinton",
            "the Republican frontrunner \u201cISIS\u2019 best recruiter",
        ),
    ],
)
def test_what_someone_was_called_is_what_was_said(nlp: Language, text: str, speaker: str, content: str) -> None:
    """A describing verb ('call') with an object and its predicate: the object is part of the content."""
    quotes = [q for q in QuoteAttribution(nlp.vocab, attitudes=True).find(nlp(text)) if q.cue.text == "called"]
    assert [(q.rule, q.speaker.span.text) for q in quotes] == [("cue_then_predicate", speaker)]
    assert quotes[0].text.startswith(content)


@pytest.mark.parametrize(
    "text",
    [
        "The resort, now called Trump National Doral, opened in 1962.",
        "The posts came from an account of a group that calls itself Asawitiri Media.",
        "He was called a hero by his neighbours.",
    ],
)
def test_a_name_given_or_a_passive_call_is_not_what_was_said(nlp: Language, text: str) -> None:
    quotes = QuoteAttribution(nlp.vocab, attitudes=True).find(nlp(text))
    assert [q.rule for q in quotes if q.rule == "cue_then_predicate"] == []


def test_what_an_object_is_described_as_or_calls_for_is_part_of_what_was_said(nlp: Language) -> None:
    [quote] = found(nlp, "Trump described the country as beset by illegal immigrants, some of them killers.")
    assert (quote.rule, quote.text) == ("cue_then_object", "the country as beset by illegal immigrants, some of them killers")
    [viewed] = QuoteAttribution(nlp.vocab, attitudes=True).find(
        nlp("Many voters still view Mrs. Clinton as vastly more prepared for the job.")
    )
    assert viewed.text == "Mrs. Clinton as vastly more prepared for the job"
    text = "Sanders defended his call to raise the federal minimum wage to $15 an hour."
    [defended] = QuoteAttribution(nlp.vocab, attitudes=True).find(nlp(text))
    assert defended.text == "his call to raise the federal minimum wage to $15 an hour"


def test_a_date_the_parse_took_for_an_object_is_not_what_was_said(nlp: Language) -> None:
    assert found(nlp, "Sanders promised Sunday at a Las Vegas rally to end the deportation regime.") == []


def test_what_a_referring_verb_points_to_is_what_was_said(nlp: Language) -> None:
    attitudes = QuoteAttribution(nlp.vocab, attitudes=True)
    text = "\u201cI\u2019m a unifier, unlike our president right now,\u201d Trump said, referring to Barack Obama."
    referring = [q for q in attitudes.find(nlp(text)) if q.cue.text == "referring"]
    assert [(q.rule, q.text, q.speaker.canonical) for q in referring] == [("cue_then_object", "Barack Obama", "Trump")]
    [pointed] = attitudes.find(nlp("Clinton pointed to her record on health care."))
    assert pointed.text == "her record on health care"
    assert attitudes.find(nlp("Syrians who are referred to a national security office get a final look.")) == []


def test_a_stance_on_a_name_or_pronoun_alone_is_an_attitude(nlp: Language) -> None:
    """'supported Sanders', 'supported him': a one-word object of a stance verb is what it is on;
    not 'supported it' (on what?)."""
    with_attitudes = QuoteAttribution(nlp.vocab, attitudes=True)
    [quote] = with_attitudes.find(nlp("About 6 in 10 white men supported Sanders."))
    assert (quote.cue.text, quote.text) == ("supported", "Sanders")
    [quote] = with_attitudes.find(nlp("Both of his GOP senators strongly supported him."))
    assert quote.text == "him"
    assert with_attitudes.find(nlp("The senators strongly supported it.")) == []


def test_what_was_called_for_is_what_was_said(nlp: Language) -> None:
    """A `demanding` verb's 'for' phrase is the demand ('called for a moratorium')."""
    with_attitudes = QuoteAttribution(nlp.vocab, attitudes=True)
    [quote] = with_attitudes.find(nlp("In July, the NAACP called for a moratorium on charter schools."))
    assert (quote.rule, quote.speaker.span.text, quote.text) == ("cue_then_object", "NAACP", "a moratorium on charter schools")
    [plea] = found(nlp, "The prisoner pleaded for his life before the court.")  # PolNeAR's spans run to the phrase's end
    assert (plea.kind, plea.rule, plea.text, plea.speaker) == (
        INDIRECT,
        "cue_then_object",
        "his life before the court",
        "The prisoner",
    )


def test_a_participle_cue_reports_what_follows_it(nlp: Language) -> None:
    """'..., citing her work': the reason cited follows the participle, not the clause before it."""
    text = "The union endorsed Clinton on Monday, citing her work after the Sept. 11 terrorist attacks."
    citing = [q for q in QuoteAttribution(nlp.vocab, attitudes=True).find(nlp(text)) if q.cue.text == "citing"]
    assert [(q.rule, q.text) for q in citing] == [("cue_then_object", "her work after the Sept. 11 terrorist attacks")]


def test_a_cue_in_a_relative_clause_reports_the_rest_of_it(nlp: Language) -> None:
    """'donations, which he said were accompanied by ...': what was said follows the cue."""
    text = "He criticized the donations, which he said were accompanied by leverage and return favors."
    said = [q for q in found(nlp, text) if q.cue_text == "said"]
    assert [(q.rule, q.speaker, q.text) for q in said] == [
        ("cue_then_content", "he", "were accompanied by leverage and return favors")
    ]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ('"We will not back down," her statement read.', "We will not back down", "her statement"),
        ('"I am still with Sanders," it read.', "I am still with Sanders", "it"),
        ('Her statement read: "We will fight this decision in court."', "We will fight this decision in court.", "Her statement"),
    ],
)
def test_what_a_text_reads_is_a_quote(nlp: Language, text: str, content: str, speaker: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.cue_text.lower().startswith("read"), quote.text, quote.speaker) == (True, content, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "He read the report twice before the vote.",
        "Smith read the letter and cried.",
        "The judge read the verdict.",
        'The sign reads "No entry after dark."',
        "It was the governor's aide that read the prepared remarks at the rally.",
    ],
)
def test_a_person_reading_or_a_sign_is_no_quote(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Trump wants to focus on the economy in the final weeks of the campaign.", "to focus on the economy in the final weeks"),
        ("Trump appeared to think that the polls were rigged against him.", "to think that the polls were rigged"),
    ],
)
def test_an_attitude_inside_another_is_part_of_it(nlp: Language, text: str, content: str) -> None:
    """'wants to focus on the economy', 'appeared to think that ...': the outer attitude is the
    attribution; what it holds ('the economy', 'think that ...') is no second one."""
    quotes = QuoteAttribution(nlp.vocab, attitudes=True).find(nlp(text))
    assert [q.text.startswith(content) for q in quotes] == [True]


@pytest.mark.parametrize(
    ("text", "content", "canonical"),
    [
        (
            "In an NBC News/Wall Street Journal poll released Monday, 50 percent of respondents chose Clinton.",
            "50 percent of respondents chose Clinton",
            "NBC News/Wall Street Journal",
        ),
        ('In Forbes\' words, "they are the most entrepreneurial places on the planet."', "they are the most", "Forbes"),
    ],
)
def test_a_source_given_by_in_ahead_of_its_finding(nlp: Language, text: str, content: str, canonical: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.rule, quote.cue_text, quote.text.startswith(content), quote.canonical) == (
        "according_to",
        "In",
        True,
        canonical,
    )


@pytest.mark.parametrize(
    "text",
    [
        "There were several errors in the report, which was published in May.",  # where the errors are
        "Trump has a decisive lead in the polls ahead of the primary.",  # after the finding: too often no attribution
    ],
)
def test_in_a_report_after_a_clause_is_no_source(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


@pytest.mark.parametrize("text", ["In other words, voters want change.", "In analysis, the team used new data."])
def test_in_words_or_a_bare_noun_is_no_source(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


def test_according_to_wins_over_a_poll_in_the_same_sentence(nlp: Language) -> None:
    [quote] = found(nlp, "In the latest poll, Trump trails by five points, according to Reuters.")
    assert (quote.cue_text, quote.canonical) == ("according to", "Reuters")


def test_in_a_statement_before_a_cue_verb_is_the_verbs_quote(nlp: Language) -> None:
    [quote] = found(nlp, "In a statement, the White House said the president would sign the bill.")
    assert (quote.cue_text, quote.text) == ("said", "the president would sign the bill")


def test_a_second_clause_with_its_own_subject_is_still_what_was_said(nlp: Language) -> None:
    text = "The spokesman says a ground unit also attended, but police officers had to walk the final 12 kilometres."
    [quote] = found(nlp, text)
    assert quote.text == "a ground unit also attended, but police officers had to walk the final 12 kilometres"


def test_a_quotation_ending_its_sentence_is_not_the_content_of_a_cue_with_its_own_clause(nlp: Language) -> None:
    text = (
        '"We would like to do a deal," Mr Lording said. "What we would like is for the union to come back to the table." '
        "Mr Lording says there are contingency plans in place."
    )
    quotes = [(q.text, q.rule) for q in found(nlp, text)]
    assert ("there are contingency plans in place", "cue_then_content") in quotes
    assert ("What we would like is for the union to come back to the table.", "following_quote") in quotes
