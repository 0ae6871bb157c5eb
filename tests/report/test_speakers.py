"""The speaker-type rule: named person, organisation or unnamed description, from the entity link and label."""

from __future__ import annotations

import pandas as pd

from pipeline.report.speakers import DESCRIPTION, ORGANISATION, PERSON, speaker_names, speaker_types


def _quotes(rows: list[tuple[str | None, float | None, str | None, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["speaker", "speaker_entity_id", "speaker_label", "speaker_person_id"])
    return frame.assign(speaker_label=frame["speaker_label"].astype("category"), speaker_canonical=frame["speaker"])


def test_the_entity_link_and_label_decide_the_type() -> None:
    quotes = _quotes(
        [
            ("Sheila Smith", 36.0, "PERSON", "P3e5299f177ef9836"),  # a person of the corpus
            ("Pentagon", 4.0, "ORG", None),
            ("Democrats", 7.0, "NORP", None),  # a group speaks as an organisation
            ("Israel", 9.0, "GPE", None),  # so does a state
            ("the White House", 2.0, "FAC", None),  # any other named entity too
            ("the mayor", None, "NOUN", None),  # no named holder: a description
            ("they", None, "PRON", None),  # an unresolved pronoun
            ("Nikkei", None, "PROPN", None),  # a name the model did not tag stays unnamed
            (None, None, None, None),  # no speaker at all
        ]
    )
    expected = [
        PERSON,
        ORGANISATION,
        ORGANISATION,
        ORGANISATION,
        ORGANISATION,
        DESCRIPTION,
        DESCRIPTION,
        DESCRIPTION,
        DESCRIPTION,
    ]
    assert speaker_types(quotes).tolist() == expected


def test_a_quote_is_shown_under_its_resolved_name_else_as_written() -> None:
    quotes = _quotes([("she", 1.0, "PERSON", "P1"), ("the mayor", None, "NOUN", None), (None, None, None, None)])
    quotes["speaker_canonical"] = ["Sheila Smith", None, None]
    assert speaker_names(quotes).tolist() == ["Sheila Smith", "the mayor", "unknown"]
