"""Names the modules share: dependency relations, entity labels, quote kinds and component
names, in one place so that rules, tables and evaluation cannot drift apart."""

from __future__ import annotations

from typing import Final, Literal

#: Grammatical subjects ('Smith said', 'it was reported', 'What she said matters').
SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass", "csubj"})
#: The subject slot for salience: an expletive ('There is ...', 'It seems ...') holds it too.
SUBJECT_POSITION_DEPS: Final = SUBJECT_DEPS | {"expl"}

#: Verbs and auxiliaries: what a clause hangs on.
VERB_POS: Final = frozenset({"VERB", "AUX"})

#: The tag of a gerund or present participle ('saying', 'citing her work').
PARTICIPLE_TAG: Final = "VBG"

PERSON_LABELS: Final = frozenset({"PERSON"})
#: Organisations, nationalities and groups, places: they speak through their spokespeople.
GROUP_LABELS: Final = frozenset({"ORG", "NORP", "GPE"})
#: Entity labels that can speak; dates, numbers and the like never are a speaker.
SPEAKER_LABELS: Final = PERSON_LABELS | GROUP_LABELS

QuoteKind = Literal["direct", "mixed", "indirect"]
#: Inside quotation marks only; partly quoted; reported without quotation marks.
DIRECT: Final[QuoteKind] = "direct"
MIXED: Final[QuoteKind] = "mixed"
INDIRECT: Final[QuoteKind] = "indirect"
KINDS: Final[tuple[QuoteKind, ...]] = (DIRECT, MIXED, INDIRECT)

#: Our spaCy components, by their factory names.
PARAGRAPH_SENTENCES: Final = "paragraph_sentences"
CACHED_LEMMATIZER: Final = "cached_lemmatizer"
CACHED_ATTRIBUTE_RULER: Final = "cached_attribute_ruler"
ENTITY_RESOLUTION: Final = "entity_resolution"
QUOTE_ATTRIBUTION: Final = "quote_attribution"

#: What `extract --stage` may re-run: everything, or quote attribution alone over a previous run.
STAGE_ALL: Final = "all"
STAGE_QUOTES: Final = "quotes"
STAGES: Final = (STAGE_ALL, STAGE_QUOTES)

ErrorStage = Literal["read", "cache", "entities", "quotes", "tables", "manifest"]
#: Where an `errors` row says its input failed: reading it, its cached parse, our two stages,
#: turning its doc into table rows, or hashing its file for the manifest.
STAGE_READ: Final[ErrorStage] = "read"
STAGE_CACHE: Final[ErrorStage] = "cache"
STAGE_ENTITIES: Final[ErrorStage] = "entities"
STAGE_TABLES: Final[ErrorStage] = "tables"
STAGE_MANIFEST: Final[ErrorStage] = "manifest"
