"""GAP scoring: loading the TSV and the yes-answers arithmetic on three real-style rows."""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language

from pipeline.evaluation.gap import GapExample, format_gap, load_gap, page_title, score_gap, with_candidates

HEADER = "ID\tText\tPronoun\tPronoun-offset\tA\tA-offset\tA-coref\tB\tB-offset\tB-coref\tURL\n"
ROWS = [
    (
        "t1",
        "Sheila Smith met John Brown in Tokyo on Monday. She said the talks went well.",
        "She",
        "Sheila Smith",
        "John Brown",
        True,
        False,
    ),
    (
        "t2",
        "John Brown met Mary Jones on Monday. Afterwards he went home to Leeds.",
        "he",
        "John Brown",
        "Mary Jones",
        True,
        False,
    ),
    (
        "t3",
        "Alice Cole thanked Maria Lopez on Friday. Later Tom Reed said he was tired.",
        "he",
        "Alice Cole",
        "Maria Lopez",
        False,
        False,
    ),
]


def write_gap(folder: Path) -> Path:
    lines = [HEADER]
    for row_id, text, pronoun, a, b, a_coref, b_coref in ROWS:
        offsets = [text.index(pronoun, text.index(".")), text.index(a), text.index(b)]
        lines.append(
            f"{row_id}\t{text}\t{pronoun}\t{offsets[0]}\t{a}\t{offsets[1]}\t{a_coref}\t{b}\t{offsets[2]}\t{b_coref}\thttp://x\n"
        )
    (folder / "gap-development.tsv").write_text("".join(lines), encoding="utf-8")
    return folder


def test_load_gap(tmp_path: Path) -> None:
    [first, *_] = load_gap(write_gap(tmp_path), "development")
    assert first.text[first.pronoun_offset :].startswith("She")
    assert (first.a, first.a_coref, first.b, first.b_coref) == ("Sheila Smith", True, "John Brown", False)


def test_gap_scores_count_yes_answers(nlp: Language, tmp_path: Path) -> None:
    scores = score_gap(load_gap(write_gap(tmp_path), "development"), nlp, "development")
    assert (scores.tally.matched, scores.tally.gold, scores.tally.predicted) == (2, 2, 2)
    assert scores.rows == 3 and scores.answered == 2
    assert "F1 100.0" in format_gap(scores)


def test_the_page_title_is_read_from_the_url() -> None:
    assert page_title("http://en.wikipedia.org/wiki/Kathleen_Nolan_(actress)") == "Kathleen Nolan"
    assert page_title("http://en.wikipedia.org/wiki/Ren%C3%A9e_Zellweger") == "Renée Zellweger"
    assert page_title("http://en.wikipedia.org/wiki/List_of_Casualty_characters") == "List of Casualty characters"


def test_candidates_are_people_wherever_they_are_written(nlp: Language) -> None:
    """GAP development-146: the model takes 'Natasha' for an organisation three times; one label
    per name made the candidate an organisation too, and 'her' found no one."""
    text = (
        "Rocky intervenes, and after seemingly beating the living daylights out of the supposed thugs, "
        "introduces himself to Natasha, and proceeds to show himself off as a charming professional with a heart "
        "of gold. Somewhat awed, Natasha offers Rocky an invitation for tea later in the evening, which he accepts. "
        "When Rocky arrives at her villa later in the evening, he is confronted by several obstacles, Natasha's "
        "sister Sweety (Supriya Pilgaonkar), the jealous Tommy and the family's pet dog."
    )
    offsets = [text.index("her villa"), text.index("Natasha's"), text.index("Supriya")]
    example = GapExample("t", text, "her", offsets[0], "Natasha", offsets[1], True, "Supriya Pilgaonkar", offsets[2], False)
    people = [(e.text, e.start_char) for e in with_candidates(nlp(text), example).ents if e.label_ == "PERSON"]
    assert [start for name, start in people if name == "Natasha"] == [m.start() for m in re.finditer("Natasha", text)]
    scores = score_gap([example], nlp, "development")
    assert (scores.tally.matched, scores.tally.predicted) == (1, 1)


def test_a_candidate_inside_another_persons_name_leaves_it_whole(nlp: Language) -> None:
    text = "Sheila Smith met Sheila Brown in Tokyo on Monday. Brown said she was pleased with Sheila."
    example = GapExample(
        "t", text, "she", text.index("she"), "Sheila", text.rindex("Sheila"), True, "Brown", text.index("Brown said"), False
    )
    people = [e.text for e in with_candidates(nlp(text), example).ents if e.label_ == "PERSON"]
    assert people[:2] == ["Sheila Smith", "Sheila Brown"] and people[-1] == "Sheila"
