"""Who a quote's speaker is, as a type: a named person, an organisation, or an unnamed description.

The rule is the export's `speaker_type` (`pipeline.export`), so the report's filter and the CSV's
column agree; it reads the quote's entity link and label, never the name's text:

- **named person**: the speaker resolves to a named entity labelled PERSON (`speaker_entity_id`
  set, `speaker_label` PERSON);
- **organisation**: the speaker resolves to a named entity of another label: ORG, and the groups
  and places that speak for institutions in news (NORP "Democrats", GPE "Israel said"); the
  export's `other` (a named entity of any further label, FAC "the White House") is folded in here;
- **unnamed description**: no named entity behind it (`speaker_entity_id` empty, `speaker_label`
  a part of speech: "the mayor", "a police spokesman", "residents", an unresolved "they"), and a
  quote without a speaker.

Only named people have pages and enter the "most quoted people" chart and the gender shares.
"""

from __future__ import annotations

import pandas as pd

from pipeline.export import DESCRIPTION_SPEAKER, ORGANISATION_SPEAKER, OTHER_SPEAKER, PERSON_SPEAKER, speaker_type
from pipeline.report.titles import text_value

PERSON, ORGANISATION, DESCRIPTION = PERSON_SPEAKER, ORGANISATION_SPEAKER, DESCRIPTION_SPEAKER
#: Speaker types in the order the report shows them, with their labels.
SPEAKER_TYPES = {PERSON: "named person", ORGANISATION: "organisation", DESCRIPTION: "unnamed description"}
UNKNOWN_SPEAKER = "unknown"


def speaker_types(quotes: pd.DataFrame) -> pd.Series:
    """Each quote's speaker type (the module's rule), aligned with `quotes`."""
    types = speaker_type(quotes).astype(object)
    return types.where(types != OTHER_SPEAKER, ORGANISATION).fillna(DESCRIPTION)


def speaker_names(quotes: pd.DataFrame) -> pd.Series:
    """The name a quote is shown under: the resolved name, else the mention as written, else 'unknown'."""
    names = (
        quotes["speaker_canonical"].astype(object).where(quotes["speaker_canonical"].notna(), quotes["speaker"].astype(object))
    )
    return names.map(lambda name: text_value(name).strip() or UNKNOWN_SPEAKER)
