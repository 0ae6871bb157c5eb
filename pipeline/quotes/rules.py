"""The quote rules by name: spaCy's registry `quote_rules`, the built-in rules and their order.

The `quote_attribution` component takes its rules by name from its config (`cue_rules`,
`doc_rules`), so a rule is added, dropped or moved without touching code:

    from pipeline.quotes.rules import CueRule, register_rule

    def said_in_statement(clause):  # "X said in a statement on Monday" -> the rest of the sentence
        ...

    register_rule(CueRule("said_in_statement", said_in_statement))
    nlp.add_pipe("quote_attribution", config={"cue_rules": [*DEFAULT_CUE_RULES, "said_in_statement"]})

Other packages can ship rules through the `thinc_quote_rules` entry point group (spaCy makes
custom registries under the `thinc` namespace).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, TypeVar

from spacy.util import registry

from pipeline.quotes import attribution as a
from pipeline.quotes.clause import ACCORDING_CUES, NOUN_CUES, CueRule, DocRule
from pipeline.quotes.cues import CUE_ATTITUDE_NOUN
from pipeline.quotes.following import following_quotes
from pipeline.quotes.introduced import introduced_quotes
from pipeline.quotes.labelled import dash_attributions, speaker_colons

REGISTRY: Final = "quote_rules"
if not hasattr(registry, REGISTRY):
    registry.create(REGISTRY, entry_points=True)

BUILT_IN: Final[tuple[CueRule | DocRule, ...]] = (
    CueRule("split_quote", a.split_quote),
    CueRule("quote_before_cue", a.quote_before_cue, quotation_only=True, min_words=1),
    CueRule("cue_then_content", a.cue_then_content, min_words=a.MIN_CLAUSE_WORDS),
    CueRule("cue_then_pro_form", a.cue_then_pro_form, min_words=1),
    CueRule("content_around_cue", a.content_around_cue),
    CueRule("content_then_cue", a.content_then_cue),
    CueRule("cue_then_predicate", a.cue_then_predicate, whole_range=True, min_words=2),
    CueRule("quote_after_cue", a.quote_after_cue, quotation_only=True),
    CueRule("paragraph_after_colon", a.paragraph_after_colon),
    CueRule("as_cue_then_clause", a.as_cue_then_clause),
    CueRule(a.OBJECT_RULE, a.cue_then_object, min_words=a.MIN_OBJECT_WORDS),
    CueRule("according_to", a.according_to, cues=ACCORDING_CUES),
    CueRule("noun_then_content", a.noun_then_content, cues=NOUN_CUES),
    CueRule("noun_then_object", a.noun_then_object, cues=frozenset({CUE_ATTITUDE_NOUN}), min_words=a.MIN_OBJECT_WORDS),
    DocRule("drop_nested", a.drop_nested),
    DocRule("colon_quote", introduced_quotes),
    DocRule("dash_attribution", dash_attributions),
    DocRule("speaker_colon", speaker_colons),
    DocRule("following_quote", following_quotes),
)
#: The order the rules are tried in: for each cue, the first rule that finds content decides.
DEFAULT_CUE_RULES: Final = tuple(rule.name for rule in BUILT_IN if isinstance(rule, CueRule))
#: Passes over all of a doc's quotes, in order.
DEFAULT_DOC_RULES: Final = tuple(rule.name for rule in BUILT_IN if isinstance(rule, DocRule))

Rule = TypeVar("Rule", CueRule, DocRule)


class UnknownRule(ValueError):
    """A rule name in the component's config that no one registered."""


def register_rule(rule: CueRule | DocRule) -> CueRule | DocRule:
    """Make a rule available by its name to the component's `cue_rules` / `doc_rules`."""
    getattr(registry, REGISTRY).register(rule.name, func=rule)
    return rule


def rules_named(names: Iterable[str], kind: type[Rule]) -> tuple[Rule, ...]:
    """The registered rules of these names, in this order; a clear error for a name that is not one."""
    table = getattr(registry, REGISTRY)
    found = []
    for name in names:
        rule = table.get(name) if name in table else None
        if not isinstance(rule, kind):
            known = ", ".join(sorted(n for n, r in table.get_all().items() if isinstance(r, kind)))
            raise UnknownRule(f"no {kind.__name__} named {name!r} is registered (known: {known})")
        found.append(rule)
    return tuple(found)


for _rule in BUILT_IN:
    register_rule(_rule)
