"""What an event takes from the spans around its trigger: place, date, actors, figures.

The other steps have already found every place, date, entity and quantity of the
article; here each is attached to the trigger it belongs to, by position:

* place: a place of the trigger's sentence, the first after the trigger (Arabic puts
  the target after the verb: "غارات على كفرنبل في ريف إدلب"), a country only when
  nothing finer is named; else the nearest place before it in the paragraph;
* date: a day-precise date of the sentence; else the publication date (or the
  estimated event time of an undated article) — relative words (اليوم، أمس) are
  already dates resolved against it;
* figures: the killed/injured/displaced/arrested quantities of the sentence, each to
  the nearest trigger; "بينهم 3 أطفال" is a part of a toll already counted;
* actors: organisations of the sentence, the one after a perpetrator cue ("طائرات X",
  "قوات X", "من قبل X") first, the one after a target cue ("على X", "ضد X") second;
  an outlet cited as a source ("بحسب المرصد") is neither.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from marsad.model import DateSpan, EntitySpan, PlaceSpan, QuantitySpan
from marsad.steps.events.lexicon import folded_set
from marsad.text.countries import is_country_name
from marsad.text.normalize import fold

SpanT = TypeVar("SpanT", PlaceSpan, DateSpan, QuantitySpan, EntitySpan)

FIGURE_KINDS = ("killed", "injured", "displaced", "arrested")
_PARTS = folded_set("بينهم بينهن منهم منهن بينها بينما بينهما")
_PERPETRATOR_CUES = folded_set(
    "طائرات طائرة طيران الطيران قوات القوات عناصر مقاتلو مسلحو ميليشيا ميليشيات "
    "مليشيا قبل شنت شنها شنتها نفذت نفذها نفذتها يد تبنى تبنت فصائل جيش الجيش "
    "اعتقلت داهمت قصفت استهدفت هاجمت اختطفت"
)
_TARGET_CUES = folded_set("على ضد استهدف استهدفت مواقع مواقعا لمواقع")
_SOURCE_CUES = folded_set("بحسب حسب وفق وفقا أفاد أفادت نقلا مصادر مراسل ذكر ذكرت")
_SOURCE_IDS = frozenset({"org:sohr", "org:snhr", "org:ocha", "org:unhcr", "org:who"})


@dataclass(frozen=True, slots=True)
class Figures:
    """The counts attached to one event; None where the text gives none."""

    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None
    arrested: int | None = None

    def add(self, kind: str, value: int) -> Figures:
        """These figures with `value` more of `kind` (a new part of the toll)."""
        current = getattr(self, kind)
        totals = {k: getattr(self, k) for k in FIGURE_KINDS}
        totals[kind] = value if current is None else current + value
        return Figures(**totals)

    def merged(self, other: Figures) -> Figures:
        """The larger count of each kind: two triggers of one incident repeat its toll."""
        values: dict[str, int | None] = {}
        for kind in FIGURE_KINDS:
            mine, theirs = getattr(self, kind), getattr(other, kind)
            values[kind] = theirs if mine is None else mine if theirs is None else max(mine, theirs)
        return Figures(**values)

    def is_empty(self) -> bool:
        return all(getattr(self, kind) is None for kind in FIGURE_KINDS)


def in_range(spans: Sequence[SpanT], starts: Sequence[int], start: int, end: int) -> list[SpanT]:
    """The spans (sorted by start, `starts` their starts) that begin in [start, end)."""
    first = bisect_left(starts, start)
    last = bisect_left(starts, end)
    return list(spans[first:last])


def choose_place(
    places: Sequence[PlaceSpan], trigger: tuple[int, int], fallback: PlaceSpan | None, text: str
) -> PlaceSpan | None:
    """The sentence's place for the trigger at `trigger` (start, end): of the places
    within `PLACE_REACH` (else all), the finest named (a village before its region, a
    region before its country), then one not named as the perpetrator ("غارة شنتها
    أمريكا"), then the nearest after the trigger (Arabic puts the target after the
    verb), else the nearest before it."""
    if not places:
        return fallback
    start, end = trigger

    def distance(place: PlaceSpan) -> int:
        return place.start - end if place.start >= end else start - place.end

    near = [place for place in places if distance(place) <= PLACE_REACH] or list(places)

    def rank(place: PlaceSpan) -> tuple[int, bool, int, int]:
        after = place.start >= end
        return (coarseness(place), _named_as_actor(text, place), 0 if after else 1, distance(place))

    return min(near, key=rank)


PLACE_REACH = 120  # characters around a trigger where the finest place is preferred


_REGION_WORDS = folded_set(
    "ريف محافظة ولاية إقليم شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط منطقة"
)
_ACTOR_CUES = folded_set("شنت شنتها شنها نفذت نفذتها نفذها قوات طائرات طيران")


def coarseness(place: PlaceSpan) -> int:
    """2 for a whole country, 1 for a region or governorate ("ريف إدلب"، "محافظة دير
    الزور"، "شمال غربي اليمن"), 0 for a town, village, camp or neighbourhood."""
    if is_country(place):
        return 2
    words = fold(place.text).split()
    first = words[0] if words else ""
    first = first[1:] if first[:1] in ("ب", "و", "ل") and first[1:] in _REGION_WORDS else first
    return 1 if first in _REGION_WORDS else 0


def _named_as_actor(text: str, place: PlaceSpan) -> bool:
    """Whether the word before a place makes it the perpetrator ("شنتها أمريكا")."""
    before = text[max(0, place.start - 15) : place.start].split()
    return bool(before) and fold(before[-1]) in _ACTOR_CUES


def is_country(place: PlaceSpan) -> bool:
    """Whether the span names a whole country (the least specific place)."""
    return is_country_name(place.name)


def choose_date(
    dates: Sequence[DateSpan], published_day: str | None, near: int | None = None
) -> str | None:
    """The day-precise date of the sentence nearest to position `near` (the trigger;
    "نقش عبارة يوم الخميس … وقتله يوم الجمعة"), else the publication day."""
    days = [span for span in dates if len(span.value) == 10 and span.value[4] == "-"]
    if not days:
        return published_day
    if near is None:
        return days[0].value
    return min(days, key=lambda span: abs(span.start - near)).value


def attach_figures(
    quantities: Sequence[QuantitySpan],
    trigger_positions: Sequence[int],
    text: str,
    sub_types: Sequence[str] = (),
) -> list[Figures]:
    """One `Figures` per trigger: each quantity of a figure kind goes to the trigger it
    is the toll of. That is the trigger right after it when a word of cause leads there
    ("مقتل 62 عنصرا … من جراء هجوم"), else the nearest trigger whose sub-type can have
    it (arrests take the arrested, displacement the displaced, the others the killed
    and injured), else the nearest. A part of a toll already counted ("بينهم 7 مدنيين
    و4 مقاتلين") is not added again."""
    figures = [Figures() for _ in trigger_positions]
    if not trigger_positions:
        return figures
    counted: list[QuantitySpan] = []
    for quantity in quantities:
        if quantity.kind not in FIGURE_KINDS or _is_part(text, quantity, counted):
            continue
        counted.append(quantity)
        indexes = range(len(trigger_positions))
        fitting = [i for i in indexes if i < len(sub_types) and _fits(quantity.kind, sub_types[i])]
        chosen = _caused_by(text, quantity, trigger_positions, fitting or list(indexes))
        if chosen is None:
            chosen = min(
                fitting or indexes,
                key=lambda index: abs(trigger_positions[index] - quantity.start),
            )
        figures[chosen] = figures[chosen].add(quantity.kind, round(quantity.value))
    return figures


def _caused_by(
    text: str, quantity: QuantitySpan, positions: Sequence[int], indexes: Sequence[int]
) -> int | None:
    """The trigger a cause word leads to right after the quantity, if any."""
    after = [i for i in indexes if quantity.end <= positions[i] <= quantity.end + _CAUSE_REACH]
    if not after:
        return None
    first = min(after, key=lambda index: positions[index])
    between = fold(text[quantity.end : positions[first] + 1]).split()
    if any(word.lstrip("و") in _CAUSES for word in between) or between[-1:] == ["ب"]:
        return first
    if text[positions[first] : positions[first] + 1] == "ب":
        return first
    return None


_CAUSE_REACH = 90  # characters from a toll to the trigger a cause word names
_CAUSES = folded_set("في جراء إثر خلال بسبب بعد اثر بفعل عقب")


_KIND_OWNERS = {
    "arrested": frozenset({"arrests", "abduction_forced_disappearance"}),
    "displaced": frozenset({"displacement"}),
}


def _fits(kind: str, sub_type: str) -> bool:
    """Whether an event of `sub_type` is the natural owner of a count of `kind`."""
    owners = _KIND_OWNERS.get(kind)
    if owners is not None:
        return sub_type in owners
    return sub_type not in ("arrests", "displacement", "peaceful_protest")


def _is_part(text: str, quantity: QuantitySpan, counted: Sequence[QuantitySpan]) -> bool:
    """Whether a quantity is part of a toll already counted: a part word ("بينهم"،
    "منهم") in the few words before it, after a counted quantity of the same kind."""
    before = text[max(0, quantity.start - 50) : quantity.start].split()[-6:]
    for offset, word in enumerate(reversed(before)):
        if fold(word).lstrip("و") in _PARTS:
            reach = len(" ".join(before[len(before) - offset - 1 :]))
            marker = quantity.start - reach
            return any(q.kind == quantity.kind and q.end <= marker for q in counted)
    return False


# A state's forces named by an adjective after a force noun ("طائرات حربية روسية"،
# "القصف المدفعي التركي"، "قوات إسرائيلية"), where no organisation is tagged: the
# adjective's folded forms and the canonical actor (resources/actors/actors.tsv).
_FORCE_NOUNS = folded_set(
    "طائرات طائرة الطائرات الطائرة طيران الطيران مقاتلات المقاتلات مروحيات المروحيات "
    "قوات القوات مدفعية المدفعية جيش الجيش بوارج البوارج زوارق الزوارق دبابات الدبابات "
    "قصف القصف غارات الغارات غارة الغاره مسيرة المسيرة مسيرات المسيرات"
)
_FORCE_FILLERS = folded_set(
    "حربية الحربية الحربي حربي مسيرة المسيرة مسيرات المسيرات المدفعي مدفعي الجوي جوي "
    "جوية الجوية صاروخي الصاروخي مجهولة"
)
_STATE_FORCES = {
    fold(form): actor
    for forms, actor in (
        ("روسية الروسية روسي الروسي", "org:russian-forces"),
        ("إسرائيلية الإسرائيلية إسرائيلي الإسرائيلي", "org:idf"),
        ("أمريكية الأمريكية أمريكي الأمريكي أميركية الأميركية أميركي الأميركي", "org:us-army"),
        ("تركية التركية تركي التركي", "org:turkish-army"),
    )
    for form in forms.split()
}
_FORCE_REACH = 3  # words from the force noun to its adjective


def state_forces(folded_words: Sequence[str]) -> str | None:
    """The actor a force noun's nationality adjective names in a sentence, if any."""
    for index, word in enumerate(folded_words):
        if word.lstrip("و") not in _FORCE_NOUNS:
            continue
        for following in folded_words[index + 1 : index + 1 + _FORCE_REACH]:
            actor = _STATE_FORCES.get(following)
            if actor is not None:
                return actor
            if following not in _FORCE_FILLERS:
                break
    return None


def choose_actors(
    entities: Sequence[EntitySpan],
    text: str,
    sentence_start: int,
    folded_words: Sequence[str] = (),
) -> tuple[str | None, str | None]:
    """(perpetrator, target) among the organisations of a sentence; a state's forces
    named by an adjective (`state_forces`) when no organisation is the perpetrator."""
    perpetrator: str | None = None
    target: str | None = None
    others: list[str] = []
    for entity in entities:
        if entity.type not in ("ORG", "PER") or entity.id in _SOURCE_IDS:
            continue
        cue = _word_before(text, entity.start, sentence_start)
        if cue in _SOURCE_CUES:
            continue
        if cue in _PERPETRATOR_CUES and perpetrator is None:
            perpetrator = entity.id
        elif cue in _TARGET_CUES and target is None:
            target = entity.id
        elif entity.id not in others:
            others.append(entity.id)
    remaining = [actor for actor in others if actor not in (perpetrator, target)]
    if perpetrator is None:
        perpetrator = state_forces(folded_words)
    if perpetrator is None and remaining:
        perpetrator = remaining.pop(0)
    if target is None and remaining:
        target = remaining.pop(0)
    return perpetrator, target if target != perpetrator else None


def _word_before(text: str, start: int, floor: int) -> str:
    """The folded word right before `start`, without و/ف, within the sentence."""
    before = text[max(floor, start - 20) : start].split()
    if not before:
        return ""
    word = fold(before[-1])
    return word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
