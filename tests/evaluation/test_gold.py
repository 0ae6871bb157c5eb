"""Reading PolNeAR brat standoff annotations."""

from __future__ import annotations

from pipeline.evaluation.gold import DIRECT, INDIRECT, MIXED, content_kind, parse_ann, parse_ranges

TEXT = 'Obama said the trends are "terrifying." "It is slow," he said. "People do not see it."'
ANN = "\n".join(
    [
        "T1\tSource 0 5\tObama",
        "T2\tCue 6 10\tsaid",
        'T3\tContent 11 39\tthe trends are "terrifying."',
        "T4\tAttribution 6 10\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tContent 40 53;63 87\t...",
        "T6\tSource 54 56\the",
        "T7\tCue 57 61\tsaid",
        "E2\tAttribution:T7 Cue:T7 Source:T6 Content:T5",
        "T8\tCue 6 10\tsaid",
        "E3\tAttribution-no-source:T8 Cue:T8 Content:T3",
    ]
)


def test_parse_ranges() -> None:
    assert parse_ranges("12 30;40 52") == ((12, 30), (40, 52))


def test_parse_ann_reads_relations_with_roles() -> None:
    first, third, second = parse_ann(ANN, TEXT)  # sorted by where the content starts
    assert first.content == ((11, 39),) and first.cue == ((6, 10),) and first.source == ((0, 5),)
    assert first.kind == MIXED
    assert third.relation == "Attribution-no-source" and third.source == ()
    assert second.content == ((40, 53), (63, 87)) and second.kind == DIRECT


def test_content_kind() -> None:
    assert content_kind(TEXT, ((11, 25),)) == INDIRECT
    assert content_kind(TEXT, ((40, 53),)) == DIRECT
    assert content_kind(TEXT, ((11, 39),)) == MIXED
