"""GAP scoring: loading the TSV and the yes-answers arithmetic on three real-style rows."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from pipeline.evaluation.gap import format_gap, load_gap, page_title, score_gap

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
