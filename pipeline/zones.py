"""Where an article's text is not the story: bylines, contributor lines, datelines, photo and video credits.

Scraped news keeps these lines in the body ("By Jane Doe", "(AP Photo/J. Scott Applewhite)",
"Chris Helgren/Reuters", "Associated Press writer Ann Lee contributed to this report.", an
author's bio line at the end). A name in them is the reporter or the photographer, never a
person of the story, a speaker or an antecedent, so entities there are marked with their zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BODY = "body"
BYLINE = "byline"
CREDIT = "credit"
DATELINE = "dateline"
ZONES = (BODY, BYLINE, CREDIT, DATELINE)

_WORD = r"[A-Z][\w.'\u2019-]*"
_NAME = rf"{_WORD}(?:[ \t]+(?:{_WORD}|de|van|von|da|del|la|le|bin|al-?\w+)){{0,3}}"
#: A person's full name opening a bio line: not 'The New York Times', not 'Gov. John Kasich'.
_FULL_NAME = (
    rf"(?!(?:The|A|An|But|And|In|On|At|If|When|While|Gov|Sen|Rep|Mr|Mrs|Ms|Dr|President)\b){_WORD}(?:[ \t]+{_WORD}){{1,3}}"
)
_ORG = rf"{_WORD}(?:[ \t]+[A-Z&][\w.&'\u2019-]*){{0,3}}"
#: '(AP Photo/J. Scott Applewhite)', '[Photo: Getty Images]', '(Courtesy of the family)': a credit word first.
_BRACKETED_CREDIT = re.compile(
    r"[(\[]\s*(?:[A-Z]{2,}\s+)?(?:[Pp]hoto(?:graph)?s?|[Ii]mages?|[Vv]ideo|[Pp]icture|[Cc]redit|[Ii]llustration|[Ff]ile|"
    r"[Cc]ourtesy|[Ss]creen(?:shot|grab))\b[^()\[\]\n]{0,100}[)\]]"
)
#: 'Chris Helgren/Reuters', 'Sean Kilpatrick / The Canadian Press': a name and an outlet, set apart.
_NAME_SLASH_OUTLET = re.compile(
    rf"(?:(?<=[(\[])|(?<=^)|(?<=\n)|(?<=\.\s)|(?<=\.\s\s))({_NAME}\s?/\s?{_ORG})(?=\.?\s*[)\]]|\.?\s*$|\.?\s*\n)"
)
#: A dateline opening a paragraph: 'WASHINGTON -- ', 'BRUSSELS - ', 'TOKYO (AP) — ', 'OTTAWA, Ont. — '.
_DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z.'\u2019-]+(?:[ \t]+[A-Z][A-Z.'\u2019-]+)*(?:,[ \t]+[A-Z][\w.]+)?"
    r"(?:[ \t]*\([\w .]+\))?[ \t]*(?:--|\u2014|\u2013|-)(?=[ \t]+[A-Z\"\u201c])"
)
#: Caption and credit lines: 'Photo: ...', 'Photo by ...', 'Video courtesy of ...'.
_CREDIT_LINE = re.compile(
    r"(?m)^[ \t]*(?:[Pp]hoto(?:graph)?s?|[Ii]mage|[Vv]ideo|[Cc]redit|[Ii]llustration)\s*(?::|by\b|courtesy\b)[^\n]*$"
)
#: 'By Jane Doe', 'By Jane Doe and John Roe, The Associated Press' on a line of its own.
_BY_LINE = re.compile(rf"(?m)^[ \t]*(?:[Bb]y|BY)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*[^\n]{{0,80}}$")
#: A dated byline: 'Lauren Pelley \u00b7 CBC News \u00b7 Posted: Nov 18, 2018'.
_POSTED_LINE = re.compile(r"(?m)^[^\n]{0,120}\b(?:Posted|Published|Updated|Last [Uu]pdated)\b\s*:?[^\n]{0,80}$")
#: The words of a contributor or editing line ('Ann Lee contributed to this report.', 'Reporting by ...;
#: Editing by ...', 'With files from The Canadian Press'); the zone is the sentence holding them.
_CONTRIBUTOR = re.compile(
    r"contributed (?:to )?(?:this|reporting|to the report)|\b(?:[Aa]dditional |[Ww]riting |[Ee]diting )?[Rr]eporting by\b"
    r"|\b[Ee]diting by\b|\b[Ww]ith files from\b"
)
#: Words every contributor line holds one of: a text without them is not searched (the pattern
#: has no fixed start, so scanning a whole article with it costs more than the rest of the zones).
_CONTRIBUTOR_WORDS = ("contributed ", "eporting by", "diting by", "ith files from")
_SENTENCE_START = re.compile(r"(?:^|\n|[.!?][\"\u201d')]*\s+)(?=\S)")
_SENTENCE_END = re.compile(r"[.!?][\"\u201d')]*(?=\s|$)|\n|$")
#: An author's bio or contact line closing the article: 'Jane Doe is a professor of ...', 'Follow Jane on Twitter'.
_BIO_LINE = re.compile(
    rf"(?:({_FULL_NAME}),?[ \t]+(?:is|was)[ \t]+[^\n\"\u201c\u201d]{{0,300}}"
    rf"|(?:Follow|Contact|Email|E-mail)[ \t]+({_NAME})\b[^\n]{{0,200}})\s*$"
)
#: How far from the end of the text a bio line may start.
BIO_TAIL_CHARS = 400
#: How far back a contributor sentence may start.
SENTENCE_LOOKBACK = 200


@dataclass(frozen=True)
class Zone:
    """A character range of the text that is not the story."""

    start: int
    end: int
    zone: str


def _bio_zone(text: str) -> Zone | None:
    """The article's last paragraph when it is a short author bio or contact line about
    someone the article has not named before ('Jane Doe is a professor of ...')."""
    stripped = text.rstrip()
    start = stripped.rfind("\n") + 1
    if len(stripped) - start > BIO_TAIL_CHARS or start == 0:
        return None
    match = _BIO_LINE.match(stripped, start)
    if match is None or (match[1] and match[1].split()[-1] in text[:start]):
        return None
    return Zone(start, len(stripped), BYLINE)


def _contributor_zones(text: str) -> list[Zone]:
    """The sentences that credit contributors or editors."""
    zones: list[Zone] = []
    if not any(word in text for word in _CONTRIBUTOR_WORDS):
        return zones
    for match in _CONTRIBUTOR.finditer(text):
        starts = [m.end() for m in _SENTENCE_START.finditer(text, max(0, match.start() - SENTENCE_LOOKBACK), match.start() + 1)]
        start = starts[-1] if starts else match.start()
        end = _SENTENCE_END.search(text, match.end())
        zones.append(Zone(start, end.end() if end else len(text), BYLINE))
    return zones


def find_zones(text: str) -> list[Zone]:
    """Bylines, contributor lines and credits of a text, sorted, never overlapping."""
    found = [Zone(m.start(), m.end(), CREDIT) for m in _BRACKETED_CREDIT.finditer(text)]
    if "/" in text:  # the credit's slash: the pattern's look-behinds make a scan of any text slow
        found += [Zone(m.start(1), m.end(1), CREDIT) for m in _NAME_SLASH_OUTLET.finditer(text)]
    found += [Zone(m.start(), m.end(), CREDIT) for m in _CREDIT_LINE.finditer(text)]
    found += [Zone(m.start(), m.end(), DATELINE) for m in _DATELINE.finditer(text)]
    for pattern in (_BY_LINE, _POSTED_LINE):
        found += [Zone(m.start(), m.end(), BYLINE) for m in pattern.finditer(text)]
    found += _contributor_zones(text)
    bio = _bio_zone(text)
    if bio is not None:
        found.append(bio)
    merged: list[Zone] = []
    for zone in sorted(found, key=lambda z: (z.start, -z.end)):
        if merged and zone.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Zone(last.start, max(last.end, zone.end), last.zone)
        else:
            merged.append(zone)
    return merged


def zone_at(zones: list[Zone], start: int, end: int) -> str:
    """The zone of a character range: the zone it overlaps, else the body."""
    for zone in zones:
        if zone.start >= end:
            break
        if zone.end > start:
            return zone.zone
    return BODY


#: How far into a plain-text article its byline and dateline may open (headline and a line or two).
OPENING_CHARS = 600
_BY_WORD = re.compile(r"^[ \t]*(?:[Bb]y|BY)\s+")
_DATELINE_PARTS = re.compile(r"^[ \t]*(?P<place>[^()\n]+?)[ \t]*(?:\((?P<agency>[\w .]+)\))?[ \t]*(?:--|\u2014|\u2013|-)$")


@dataclass(frozen=True)
class Opening:
    """What the top of a plain-text article says of it: the byline's author, the dateline's place and agency."""

    author: str | None = None
    dateline: str | None = None
    agency: str | None = None


def article_opening(text: str) -> Opening:
    """The author of a 'By ...' line and the place and agency of a dateline ('WASHINGTON (AP) --')
    near the top of a plain-text article, for the documents table."""
    head = text[:OPENING_CHARS]
    byline = _BY_LINE.search(head)
    author = _BY_WORD.sub("", byline.group(0)).split(",")[0].strip() if byline else None  # not ', The Canadian Press'
    dateline = _DATELINE.search(head)
    parts = _DATELINE_PARTS.match(dateline.group(0)) if dateline else None
    if parts is None:
        return Opening(author)
    return Opening(author, parts["place"].strip(" ,"), parts["agency"])
