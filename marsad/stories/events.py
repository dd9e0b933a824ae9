"""What makes two same-theme articles different events: time, anniversary, place,
person, score.

A bag of words cannot tell a derby of 2018 from one of 2022, or one city's earthquake
from another's: both share nearly every word. So besides its TF-IDF vector, each
article gives an `EventSignature` (its event time, the places of its lead, its main
person, its match scores), and each story keeps `StoryEvidence`, the sum of its
members' signatures. A contradiction between the two vetoes a merge (`veto`):

* time: with a confident time on both sides, a different year more than the story
  window away, or, when the story's time is sure (a published member, or two
  members' estimates), any gap longer than the window;
* commemoration: the article's title or lead names an anniversary ("الذكرى الثانية
  لزلزال الحوز", "عام على الانفجار") and most of the story's members do not, or the
  other way round: a commemoration recalls the event, it is not a report of it;
* place: the article's main places lie in another country than the story's (once two
  members agree on it), and the story's main places are named nowhere in the article,
  not even as a word the gazetteer did not tag ("السوداني" holds "السودان"); another
  town of the same country is often the same event (a quake's toll is reported town
  by town, a visit moves from city to city), so towns alone veto nothing;
* person: the same surname with another first name in the main-person position
  ("ميشال عون" against "جوزيف عون");
* score: both report match scores and none agree (1-0 against 2-1).

Shared rare entities stay evidence in the vector; their absence vetoes nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from difflib import SequenceMatcher

from marsad.model import Article
from marsad.text.normalize import fold

# An estimate at least this sure counts as a confident event time; `published` is 1.
CONFIDENT = 0.6
# Members with confident estimates that make a story's undated time confident.
TIME_SUPPORT = 2
# Characters of text (after the title) that make the lead.
LEAD_CHARS = 300
# First names closer than this (difflib ratio) are spellings of one name (جوزيف/جوزاف).
SAME_NAME = 0.6
# Story places a new member's places are compared with (the most frequent).
KEPT_PLACES = 20
# Places counted as the story's main place: at least this share of the top count.
MAIN_SHARE = 0.5
# Members that must share a main place before it can veto.
MAIN_SUPPORT = 2

_SCORE = re.compile(r"(?<![\d/:\-.])(\d{1,2})\s*[-–]\s*(\d{1,2})(?![\d/:\-.])")
_MATCH_WORDS = re.compile(r"بنتيجه|بهدف|هدف|فوز|فاز|تغلب|مباراه|المباراه|النتيجه|خساره|تعادل")
_MATCH_REACH = 60
# A title or first sentence that names an anniversary ("الذكرى الثانية لزلزال
# الحوز", "عام على الانفجار", "بعد عامين على الهجمات"), in folded letters: the
# article is about the commemoration, another event than the one it recalls. A bare
# "ذكرى النكبة" said in passing names a date, not what the article reports.
_ORDINALS = (
    r"(?:ال)?(?:اولي|ثانيه|ثالثه|رابعه|خامسه|سادسه|سابعه|ثامنه|تاسعه|عاشره|\w+ عشره"
    r"|عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين|مئويه|سنويه|\d+)"
)
_YEARS = r"(?:عام|عاما|عامان|عامين|سنه|سنتان|سنتين|اعوام|سنوات)"
_COMMEMORATION = re.compile(
    rf"(?<!\w)[وفب]?(?:ال|ل|لل)?ذكري {_ORDINALS}(?!\w)"
    rf"|(?<!\w)(?:مرور|بعد)\s+(?:\w+\s+)?{_YEARS}\s+علي(?!\w)"
    rf"|^\W*(?:\w+\s+)?{_YEARS}\s+علي(?!\w)"
)
_FIRST_SENTENCE = re.compile(r"[.!؟?\n]")
_ANY_SCORE = re.compile(r"[\d\u0660-\u0669\u06f0-\u06f9]\s*[-–]\s*[\d\u0660-\u0669\u06f0-\u06f9]")


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """An event time as an interval of POSIX seconds, and how sure it is."""

    start: float
    end: float
    confidence: float

    def gap(self, other: TimeSpan) -> float:
        """Seconds between the two intervals (0 when they overlap)."""
        return max(0.0, self.start - other.end, other.start - self.end)

    def years(self) -> set[int]:
        first = datetime.fromtimestamp(self.start, UTC).year
        last = datetime.fromtimestamp(self.end, UTC).year
        return set(range(first, last + 1))


@dataclass(frozen=True, slots=True)
class EventSignature:
    """The parts of an article that name its event, apart from its words."""

    time: TimeSpan | None = None
    lead_places: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    lead_countries: frozenset[str] = frozenset()  # the main places' countries (ISO)
    person: str | None = None
    scores: frozenset[str] = frozenset()
    text: str = ""  # title and text: a place the gazetteer missed may still be named
    commemoration: bool = False  # the lead names an anniversary of what it recalls

    def names(self, place: str) -> bool:
        """Whether the text holds the place's name, tagged or not ("السوداني" holds
        "السودان"); folded only when asked, which is rare."""
        return fold(place) in fold(self.text)


def _day_span(value: str, confidence: float) -> TimeSpan | None:
    """The interval of an ISO date, month or datetime string."""
    try:
        if len(value) == 7:
            first = date.fromisoformat(value + "-01")
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            start = datetime(first.year, first.month, 1, tzinfo=UTC).timestamp()
            end = datetime.combine(following, datetime.min.time(), UTC).timestamp() - 1
            return TimeSpan(start, end, confidence)
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    start = datetime.combine(day, datetime.min.time(), UTC).timestamp()
    return TimeSpan(start, start + timedelta(days=1).total_seconds() - 1, confidence)


def event_time(article: Article) -> TimeSpan | None:
    """The article's publication time, else its estimated event time, as an interval."""
    if article.published:
        return _day_span(article.published, 1.0)
    if article.published_estimated:
        return _day_span(article.published_estimated, article.published_estimated_confidence or 0)
    return None


def _main_person(article: Article) -> str | None:
    """The person of several words whose surname is mentioned most (folded name)."""
    names = [fold(span.name) for span in article.entities if span.type == "PER"]
    surnames = Counter(name.split()[-1] for name in names if name.split())
    if not surnames:
        return None
    top, _ = surnames.most_common(1)[0]
    full = Counter(name for name in names if len(name.split()) > 1 and name.split()[-1] == top)
    return full.most_common(1)[0][0] if full else None


def match_scores(text: str) -> frozenset[str]:
    """Match scores ("1-0") written near a match word, as "high-low"."""
    if _ANY_SCORE.search(text) is None:  # most texts: no need to fold them
        return frozenset()
    folded = fold(text)
    found: set[str] = set()
    for match in _SCORE.finditer(folded):
        near = folded[max(0, match.start() - _MATCH_REACH) : match.end() + _MATCH_REACH]
        if _MATCH_WORDS.search(near):
            first, second = int(match.group(1)), int(match.group(2))
            found.add(f"{max(first, second)}-{min(first, second)}")
    return frozenset(found)


def commemorates(article: Article) -> bool:
    """Whether the title or the first sentence names an anniversary (`_COMMEMORATION`)."""
    first = _FIRST_SENTENCE.split(article.text.strip()[:LEAD_CHARS], maxsplit=1)[0]
    return any(
        _COMMEMORATION.search(fold(part)) is not None for part in (article.title, first) if part
    )


def main_places(article: Article) -> frozenset[str]:
    """The places the article is about: those mentioned most, a mention in the lead
    counting once more (several on a tie)."""
    weight: Counter[str] = Counter()
    for span in article.places:
        weight[span.name] += 2 if span.start < LEAD_CHARS else 1
    if not weight:
        return frozenset()
    top = max(weight.values())
    return frozenset(name for name, count in weight.items() if count == top)


def signature(article: Article) -> EventSignature:
    """The article's event signature."""
    lead = main_places(article)
    return EventSignature(
        time=event_time(article),
        lead_places=lead,
        places=frozenset(span.name for span in article.places),
        lead_countries=frozenset(
            span.country for span in article.places if span.name in lead and span.country
        ),
        person=_main_person(article),
        scores=match_scores(article.title + "\n" + article.text),
        text=article.title + "\n" + article.text,
        commemoration=commemorates(article),
    )


@dataclass(slots=True)
class StoryEvidence:
    """The running sum of a story's members' signatures; its time spans its members'
    confident times only (a weak estimate, such as a relative day counted from when
    an old page was first seen, would stretch it over years and silence every veto)."""

    time: TimeSpan | None = None
    lead_places: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    lead_countries: Counter[str] = field(default_factory=Counter)
    persons: Counter[str] = field(default_factory=Counter)
    scores: Counter[str] = field(default_factory=Counter)
    dated: int = 0  # members with a confident event time
    members: int = 0
    commemorations: int = 0  # members whose lead names an anniversary

    def add(self, found: EventSignature) -> None:
        """Count one more member."""
        self.members += 1
        self.commemorations += found.commemoration
        if found.time is not None and found.time.confidence >= CONFIDENT:
            self.dated += 1
            self.time = (
                found.time
                if self.time is None
                else TimeSpan(
                    min(self.time.start, found.time.start),
                    max(self.time.end, found.time.end),
                    max(self.time.confidence, found.time.confidence),
                )
            )
        self.lead_places.update(found.lead_places)
        self.places.update(found.places)
        self.places = Counter(dict(self.places.most_common(KEPT_PLACES)))
        self.lead_countries.update(found.lead_countries)
        if found.person:
            self.persons[found.person] += 1
        self.scores.update(found.scores)

    def main_places(self) -> set[str]:
        """The places most members are about; none until two members agree on one
        (one article's misread place must not veto the next)."""
        return _agreed(self.lead_places)

    def main_countries(self) -> set[str]:
        """The countries of the places most members are about, on the same terms."""
        return _agreed(self.lead_countries)

    def to_json(self) -> str:
        time = None if self.time is None else [self.time.start, self.time.end, self.time.confidence]
        return json.dumps(
            {
                "time": time,
                "lead_places": self.lead_places,
                "places": self.places,
                "lead_countries": self.lead_countries,
                "persons": self.persons,
                "scores": self.scores,
                "dated": self.dated,
                "members": self.members,
                "commemorations": self.commemorations,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> StoryEvidence:
        loaded = json.loads(text)
        time = loaded.get("time")
        return cls(
            None if time is None else TimeSpan(*time),
            Counter(loaded.get("lead_places", {})),
            Counter(loaded.get("places", {})),
            Counter(loaded.get("lead_countries", {})),
            Counter(loaded.get("persons", {})),
            Counter(loaded.get("scores", {})),
            int(loaded.get("dated", 0)),
            int(loaded.get("members", 0)),
            int(loaded.get("commemorations", 0)),
        )

    def commemoration(self) -> bool | None:
        """Whether most members mark an anniversary; None before any is counted."""
        if not self.members:
            return None
        return 2 * self.commemorations > self.members


def _agreed(counts: Counter[str]) -> set[str]:
    """The names most members share: none until two members agree on one (one
    article's misread place must not veto the next)."""
    if not counts:
        return set()
    top = counts.most_common(1)[0][1]
    if top < MAIN_SUPPORT:
        return set()
    return {name for name, count in counts.items() if count >= MAIN_SHARE * top}


def _time_veto(found: TimeSpan, story: StoryEvidence, window: float) -> str | None:
    """With confident times on both sides, another year vetoes; so does a gap beyond
    the window when the story's time is sure, which it is when a member was published then or
    two members' estimates put it there (one estimate alone may be a wrong member's)."""
    assert story.time is not None
    gap = found.gap(story.time)
    if gap <= window:
        return None
    if found.confidence < CONFIDENT or story.time.confidence < CONFIDENT:
        return None  # a weak estimate (a relative day, a month) contradicts nothing
    if not found.years() & story.time.years():
        return "year"
    story_sure = story.time.confidence >= 1.0 or story.dated >= TIME_SUPPORT
    return "time" if story_sure else None


def times_comparable(found: EventSignature, story: StoryEvidence) -> bool:
    """Whether both times can be trusted: a confident article time and a sure story
    time (a published member, or two members' confident estimates)."""
    if found.time is None or found.time.confidence < CONFIDENT or story.time is None:
        return False
    return story.time.confidence >= 1.0 or story.dated >= TIME_SUPPORT


def _other_person(person: str, story: StoryEvidence) -> bool:
    """The story's main person has the article's main person's surname, another first name."""
    if not story.persons:
        return False
    main = story.persons.most_common(1)[0][0]
    ours, theirs = person.split(), main.split()
    if ours[-1] != theirs[-1]:
        return False
    shorter, longer = sorted((ours, theirs), key=len)
    if longer[len(longer) - len(shorter) :] == shorter:  # "بن عوف" of "عوض بن عوف"
        return False
    ratio = SequenceMatcher(None, ours[0], theirs[0]).ratio()
    return ratio < SAME_NAME


def veto(found: EventSignature, story: StoryEvidence, window: float) -> str | None:
    """Why the article cannot be in the story ("year", "time", "commemoration",
    "place", "person", "score"), or None when nothing contradicts."""
    if found.time is not None and story.time is not None:
        reason = _time_veto(found.time, story, window)
        if reason is not None:
            return reason
    marked = story.commemoration()
    if marked is not None and marked != found.commemoration:
        return "commemoration"  # an anniversary is not the event it recalls
    main, countries = story.main_places(), story.main_countries()
    if (
        found.lead_countries
        and countries
        and not (found.lead_countries & countries)
        and not (main & found.places)
        and not any(found.names(name) for name in main)
    ):
        return "place"
    if found.person is not None and _other_person(found.person, story):
        return "person"
    if found.scores and story.scores and not (found.scores & story.scores.keys()):
        return "score"
    return None
