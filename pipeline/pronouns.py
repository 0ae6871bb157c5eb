"""Third-person pronouns resolved to the document's named entities, by salience over the parse.

No coreference model installs offline, so this is Lappin and Leass's salience method (1994),
over spaCy's parse: every mention of an entity before the pronoun adds weight for being recent,
a subject, an object or a head noun, halved for each sentence back, plus a bonus when it has the
pronoun's own grammatical role (and, for a pronoun that speaks, for having spoken in the
sentence before: '"...," Manafort said. "...," he said'). The entity with the most weight that
agrees with the pronoun wins: in gender ('she' never goes to a man), in kind (he/she take people;
it/they take organisations and places), and in binding ('Trump praised him': him is not Trump).
Resolved pronouns count as mentions of their entity, so a chain ('He notes ... He says') stays on
its person.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from spacy.tokens import Doc, Span, Token

from pipeline.docarrays import ParseArrays
from pipeline.gender import PRONOUN_GENDER, UNKNOWN
from pipeline.labels import PERSON_LABELS, SUBJECT_POSITION_DEPS, VERB_POS

#: An unnamed plural noun phrase ('officials', 'the protesters'): a candidate for 'they', never a name.
PLURAL = "PLURAL"
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PERSON_PRONOUNS = frozenset(PRONOUN_GENDER)
#: What each kind of pronoun may refer to.
WANTED = {
    **dict.fromkeys(PERSON_PRONOUNS, PERSON_LABELS),
    **dict.fromkeys(THING_PRONOUNS, frozenset({"ORG", "GPE"})),
    **dict.fromkeys(PLURAL_PRONOUNS, frozenset({"ORG", "NORP", PLURAL})),
}
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: How a group is given by its named members: 'critics, like Senator Grassley', 'proponents, including ...'.
EXEMPLAR_PREPOSITIONS = frozenset({"like", "including"})
PRONOUN_POS = frozenset({"PRON", "DET"})
#: Entity labels any pronoun may refer to; dates, numbers and the like never are antecedents.
ANTECEDENT_LABELS = frozenset(label for labels in WANTED.values() for label in labels) - {PLURAL}
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
POSSESSIVES = frozenset({"his", "her", "its", "their", "hers", "theirs"})
SUBJECT = "subject"
OBJECT = "object"
OBLIQUE = "oblique"
POSSESSIVE = "possessive"
OTHER = "other"
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
#: Lappin and Leass's weights: recency, grammatical role, head-noun emphasis, parallelism.
RECENCY_WEIGHT = 100.0
ROLE_WEIGHTS = {SUBJECT: 80.0, OBJECT: 50.0, OBLIQUE: 40.0, POSSESSIVE: 0.0, OTHER: 0.0}
HEAD_NOUN_WEIGHT = 80.0
PARALLEL_WEIGHT = 35.0
#: A mention in the main clause of its sentence outweighs one in a subordinate clause.
MAIN_CLAUSE_WEIGHT = 50.0
#: 'In her tenure as president, Adele ...': the subject after a fronted phrase holding the pronoun.
CATAPHORA_WEIGHT = 300.0
#: A mention close to the pronoun in the same sentence's tree.
TREE_WEIGHT = 200.0
MAX_PATH = 40
#: The nearest fitting mention before the pronoun.
NEAREST_WEIGHT = 0.0
#: 'Barclay represented the seat until his death': a possessive's own clause subject.
LOCAL_SUBJECT_WEIGHT = 100.0
#: '"...," Manafort said. "...," he said': a pronoun that speaks right after a sentence whose main
#: clause has a speaker: news keeps quoting the person it has just quoted.
SPEAKER_WEIGHT = 100.0
#: The person the article is about (named in its title): news keeps coming back to them.
TOPIC_WEIGHT = 100.0
#: Clauses whose missing subject is their head's ('tried to prove his point').
CONTROLLED_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl", "prep", "pobj", "dobj", "ccomp"})
MAX_CLIMB = 8
#: Salience halves with every sentence back; mentions further back than this are forgotten.
DECAY = 0.5
WINDOW_SENTENCES = 4


@dataclass(frozen=True)
class Mention:
    """A mention that may be an antecedent: its tokens, entity, cluster and grammatical role."""

    start: int
    end: int
    entity: int
    cluster: str
    sent: int
    role: str
    verb: int
    quoted: bool
    main: bool
    head: int = -1
    #: A person named with another in a coordination ('Grassley and Leahy'): 'they' may be them.
    group: bool = False


@functools.cache
def speech_verbs() -> frozenset[str]:
    """The lemmas of the verbs of saying in the package's cue lexicon (imported here, not at the
    top: pipeline.quotes imports pipeline.coref, which imports this module)."""
    from pipeline.quotes.lexicon import read_lexicon

    return read_lexicon().lemmas


def _speaks(doc: Doc, role: str, verb: int) -> bool:
    """A subject whose clause verb is one of saying ('Cox says', 'he added')."""
    return role == SUBJECT and doc[verb].lemma_ in speech_verbs()


def role_of(parse: ParseArrays, i: int) -> str:
    """The grammatical role of a mention's head: subject, object, oblique, possessive or other."""
    dep, head = parse.dep(i), parse.head(i)
    if dep in SUBJECT_POSITION_DEPS or (dep == "appos" and parse.dep(head) in SUBJECT_POSITION_DEPS):
        return SUBJECT
    if dep == "pobj" and parse.dep(head) == "agent":  # 'was praised by Trump'
        return SUBJECT
    if dep in OBJECT_DEPS:
        return OBJECT
    if dep == "poss":
        return POSSESSIVE
    if dep == "pobj":
        return OBLIQUE
    return OTHER


def clause_verb(parse: ParseArrays, i: int) -> int:
    """The verb a mention is an argument of (its own index when it hangs off no verb)."""
    head = parse.head(i)
    if parse.dep(i) == "pobj" and parse.dep(head) == "agent":
        head = parse.head(head)
    return head if parse.pos(head) in VERB_POS else i


def local_subject(parse: ParseArrays, i: int) -> int | None:
    """The subject of the clause holding token `i`, through clauses that share their head's subject."""
    current = i
    for _ in range(MAX_CLIMB):
        head = parse.head(current)
        if head == current:
            return None
        if parse.pos(head) in VERB_POS:
            subjects = [c for c in parse.children(head) if parse.dep(c) in ("nsubj", "nsubjpass") and c != i]
            if subjects:
                return subjects[0]
            if parse.dep(head) not in CONTROLLED_DEPS:
                return None
        current = head
    return None


def _ancestors(parse: ParseArrays, i: int) -> list[int]:
    chain = [i]
    while parse.head(chain[-1]) != chain[-1] and len(chain) < MAX_PATH:
        chain.append(parse.head(chain[-1]))
    return chain


def _path_length(parse: ParseArrays, a: int, b: int) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up = {token: steps for steps, token in enumerate(_ancestors(parse, a))}
    for steps, token in enumerate(_ancestors(parse, b)):
        if token in up:
            return steps + up[token]
    return MAX_PATH


def in_main_clause(parse: ParseArrays, i: int) -> bool:
    """The mention hangs off its sentence's main verb (or a verb conjoined with it)."""
    verb = clause_verb(parse, i)
    return parse.dep(verb) == "ROOT" or (parse.dep(verb) == "conj" and parse.dep(parse.head(verb)) == "ROOT")


def pronoun_role(parse: ParseArrays, i: int) -> str:
    """A pronoun's role; 'his' in 'his wife' is a possessive."""
    if parse.lower(i) in POSSESSIVES and parse.dep(i) == "poss":
        return POSSESSIVE
    return role_of(parse, i)


def mention_at(parse: ParseArrays, i: int, start: int, end: int, entity: int, cluster: str, sent: int, quoted: bool) -> Mention:
    """A mention with head token `i`, its role and clause read off the parse."""
    role, verb, main = role_of(parse, i), clause_verb(parse, i), in_main_clause(parse, i)
    return Mention(start, end, entity, cluster, sent, role, verb, quoted, main, i)


def _weight(mention: Mention, pronoun_role: str, sentences_back: int) -> float:
    weight = RECENCY_WEIGHT + ROLE_WEIGHTS[mention.role]
    if mention.role in (SUBJECT, OBJECT):
        weight += HEAD_NOUN_WEIGHT
    if mention.main:
        weight += MAIN_CLAUSE_WEIGHT
    if mention.role == pronoun_role:
        weight += PARALLEL_WEIGHT
    return weight * DECAY**sentences_back


def _coordinated(parse: ParseArrays, root: int, people: set[int]) -> bool:
    """The name is joined by 'and' to another person's: it is the conjunct or has one."""
    if parse.dep(root) == "conj" and parse.head(root) in people:
        return True
    return any(parse.dep(c) == "conj" and c in people for c in parse.children(root))


def _root(parse: ParseArrays, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the span's root)."""
    for i in range(start, end):
        if not start <= parse.head(i) < end or parse.head(i) == i:
            return i
    return end - 1


def _left_edge(parse: ParseArrays, i: int) -> int:
    edge = i
    stack = [i]
    while stack:
        for child in parse.children(stack.pop()):
            if child < i:
                edge = min(edge, child)
                stack.append(child)
    return edge


def entity_mentions(
    parse: ParseArrays,
    ents: Sequence[Span],
    usable: Sequence[bool],
    cluster_of: Sequence[str],
    sent_of: np.ndarray,
    quoted: np.ndarray,
) -> list[Mention]:
    """The usable entities, and the unnamed plural noun phrases, as mentions in document order.
    A person coordinated with another person is also a candidate for 'they'."""
    named = []
    people = {i for e in ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
    for i, e in enumerate(ents):
        if not usable[i] or e.label_ not in ANTECEDENT_LABELS:
            continue
        root = _root(parse, e.start, e.end)
        mention = mention_at(parse, root, e.start, e.end, i, cluster_of[i], int(sent_of[e.start]), bool(quoted[e.start]))
        if e.label_ == "PERSON" and _coordinated(parse, root, people):
            mention = replace(mention, group=True)
        named.append(mention)
    inside = {i for e in ents for i in range(e.start, e.end)}
    entity_at = {t: i for i, e in enumerate(ents) if usable[i] and e.label_ in ANTECEDENT_LABELS for t in range(e.start, e.end)}
    plural = []
    for i in parse.matching(parse.tag_hashes, PLURAL_TAGS):
        if parse.pos(i) != "NOUN" or i in inside or role_of(parse, i) not in (SUBJECT, OBJECT):
            continue
        named_one = exemplar(parse, i, entity_at)
        entity, cluster = (-1, f"#{i}") if named_one is None else (named_one, cluster_of[named_one])
        mention = mention_at(parse, i, _left_edge(parse, i), i + 1, entity, cluster, int(sent_of[i]), bool(quoted[i]))
        plural.append(mention if named_one is None else replace(mention, group=True))
    return sorted(named + plural, key=lambda m: m.start)


def exemplar(parse: ParseArrays, noun: int, entity_at: dict[int, int]) -> int | None:
    """The named member a plural noun is given by: 'Critics of the program, like Senators Charles
    E. Grassley and Patrick J. Leahy', 'Proponents, including the Conference of Mayors' (the
    entity holding the preposition's object; `entity_at` maps tokens to entities); 'they' after
    it may be them."""
    for prep in parse.children(noun):
        if parse.dep(prep) == "prep" and parse.lower(prep) in EXEMPLAR_PREPOSITIONS:
            for member in parse.children(prep):
                if parse.dep(member) == "pobj" and member in entity_at:
                    return entity_at[member]
    return None


def told_sentences(parse: ParseArrays, sent_of: np.ndarray, quoted: np.ndarray) -> np.ndarray:
    """Per sentence, how many sentences up to it the writer tells rather than quotes: a long
    quotation ('"Don't shoot him. He has no weapon. ..." she says.') does not push the people
    of the story out of a pronoun's reach."""
    if not len(sent_of):
        return np.zeros(0, dtype=np.int64)
    told_token = ~quoted.astype(bool) & ~parse.punct
    told = np.bincount(sent_of, weights=told_token, minlength=int(sent_of[-1]) + 1) > 0
    return np.cumsum(told)


def pronoun_tokens(parse: ParseArrays) -> list[int]:
    """Indices of the third-person pronouns of a doc."""
    return [i for i in parse.matching(parse.lower_hashes, frozenset(WANTED)) if parse.pos(i) in PRONOUN_POS]


class Salience:
    """The mentions of a document in order, and the most salient antecedent at any point.

    `labels` gives each entity's label, `gender_of` a cluster's gender (a cluster it lacks is of
    unknown gender).
    """

    def __init__(
        self,
        parse: ParseArrays,
        mentions: list[Mention],
        labels: Sequence[str],
        gender_of: Mapping[str, str],
        sent_of: np.ndarray,
        quoted: np.ndarray,
        topical: frozenset[str] = frozenset(),
    ) -> None:
        self.parse = parse
        self.topical = topical
        self.pool = list(mentions)
        self.labels = labels
        self.gender_of = gender_of
        self.sent_of = sent_of
        self.quoted = quoted
        self.told = told_sentences(parse, sent_of, quoted)
        self._quoted = quoted.tolist()  # per-token lookups in `rank`, cheaper from lists
        self._told = self.told.tolist()

    def _label(self, mention: Mention) -> str:
        return PLURAL if mention.entity < 0 else self.labels[mention.entity]

    def _fits(self, mention: Mention, index: int, wanted: frozenset[str], gender: str | None) -> bool:
        label_fits = self._label(mention) in wanted or (mention.group and PLURAL in wanted)
        if not label_fits or (mention.quoted and not self._quoted[index]):
            return False
        return gender is None or self.gender_of.get(mention.cluster, UNKNOWN) in (UNKNOWN, gender)

    def rank(self, token: Token, wanted: frozenset[str], gender: str | None, word: str = "") -> dict[str, tuple[float, Mention]]:
        """Every cluster that could be `token`'s antecedent, with its salience and latest mention
        (or the subject that follows a fronted phrase holding it). `word` is the pronoun, for
        binding; `gender` None accepts any gender. Mentions may be unnamed (entity -1)."""
        index, parse = token.i, self.parse
        role = pronoun_role(parse, index) if word else role_of(parse, index)
        sent, verb = int(self.sent_of[index]), clause_verb(parse, index)
        local = local_subject(parse, index) if role == POSSESSIVE else None
        speaking = bool(word) and _speaks(token.doc, role, verb)
        per_sentence: dict[tuple[str, int], float] = {}
        latest: dict[str, Mention] = {}
        told, pool = self._told, self.pool
        first = bisect_left(told, told[sent] - WINDOW_SENTENCES)
        window_start = int(np.searchsorted(self.sent_of, first))
        for at in range(bisect_left(pool, window_start, key=lambda m: m.start), len(pool)):
            mention = pool[at]
            if mention.start >= index:
                if mention.sent > sent:
                    break
                if self._cataphor(index, mention) and self._fits(mention, index, wanted, gender) and not self._quoted[index]:
                    key = (mention.cluster, -1)
                    per_sentence[key] = max(per_sentence.get(key, 0.0), CATAPHORA_WEIGHT)
                    latest.setdefault(mention.cluster, mention)
                continue
            back = sent - mention.sent
            if back:  # sentences back, not counting those wholly inside quotation marks
                back = max(told[sent] - told[mention.sent], 1)
            if back > WINDOW_SENTENCES or not self._fits(mention, index, wanted, gender):
                continue
            if word and _bound(word, role, verb, mention):
                continue
            weight = _weight(mention, role, back)
            if speaking and back == 1 and mention.main and _speaks(token.doc, mention.role, mention.verb):
                weight += SPEAKER_WEIGHT
            if local is not None and mention.start <= local < mention.end:
                weight += LOCAL_SUBJECT_WEIGHT
            if back == 0 and TREE_WEIGHT:
                weight += TREE_WEIGHT / (1 + _path_length(parse, mention.head, index))
            key = (mention.cluster, mention.sent)
            per_sentence[key] = max(per_sentence.get(key, 0.0), weight)
            latest[mention.cluster] = mention
        scores: dict[str, float] = {}
        for (cluster, _), weight in per_sentence.items():
            scores[cluster] = scores.get(cluster, 0.0) + weight
        for cluster in self.topical & scores.keys():
            scores[cluster] += TOPIC_WEIGHT

        before = [m for m in latest.values() if m.start < index]
        if before:
            nearest = max(before, key=lambda m: m.start)
            scores[nearest.cluster] += NEAREST_WEIGHT
        return {cluster: (score, latest[cluster]) for cluster, score in scores.items()}

    def antecedent(self, token: Token, wanted: frozenset[str], gender: str | None, word: str = "") -> Mention | None:
        """The latest mention of the most salient cluster for `token` (see `rank`), or None."""
        ranked = self.rank(token, wanted, gender, word)
        if not ranked:
            return None
        index = token.i
        best = max(ranked, key=lambda c: (ranked[c][0], ranked[c][1].start if ranked[c][1].start < index else -1))
        return ranked[best][1]

    def _cataphor(self, index: int, mention: Mention) -> bool:
        """The main-clause subject after a fronted phrase that holds the pronoun:
        'In her tenure as president, Adele ...', 'After he left, Smith ...' (never for a pronoun
        in a quotation: '"He loves us," Melanie said' is not Melanie)."""
        parse = self.parse
        return (
            mention.role == SUBJECT and mention.main and mention.verb != clause_verb(parse, index) and parse.dep(index) != "nsubj"
        )

    def add(self, token: Token, entity: int, cluster: str) -> None:
        """Count `token` as a further mention of `entity` of `cluster` (a resolved pronoun)."""
        index, parse = token.i, self.parse
        resolved = Mention(
            index,
            index + 1,
            entity,
            cluster,
            int(self.sent_of[index]),
            pronoun_role(parse, index),
            clause_verb(parse, index),
            bool(self.quoted[index]),
            in_main_clause(parse, index),
            index,
        )
        insort(self.pool, resolved, key=lambda m: m.start)


def resolve_pronouns(doc: Doc, salience: Salience) -> dict[int, int]:
    """Pronoun token -> entity index, for every third-person pronoun whose antecedent is named;
    each resolved pronoun joins the salience pool as a mention of its antecedent (named or not)."""
    found: dict[int, int] = {}
    for index in pronoun_tokens(salience.parse):
        token = doc[index]
        word = salience.parse.lower(index)
        mention = salience.antecedent(token, WANTED[word], PRONOUN_GENDER.get(word), word)
        if mention is None:
            continue
        if mention.entity >= 0:
            found[index] = mention.entity
        salience.add(token, mention.entity, mention.cluster)
    return found


def _bound(lower: str, role: str, verb: int, mention: Mention) -> bool:
    """Binding: a plain object pronoun never refers to its own clause's subject ('Trump praised
    him'); a reflexive always does ('Trump praised himself')."""
    same_clause = mention.verb == verb and mention.role == SUBJECT
    if lower in REFLEXIVES:
        return not same_clause
    return same_clause and role in (OBJECT, OBLIQUE)
