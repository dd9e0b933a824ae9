"""Conflict-grade places: villages, camps, neighbourhoods, admin areas and "ريف X".

Runs after the town gazetteer (`places.PlaceMatcher`) on the same text and merges with
its spans. The regional names are read only with evidence, since most village names
are also words or other villages' names:

* a cue in front (ريف، محافظة، مخيم، حي، قرية، ناحية، مديرية …) is enough, and says which
  reading is meant (محافظة X is the governorate, مخيم X the camp, ريف X the area
  around X: the governorate when X is one or its seat, else X's district);
* a containing place right after (X في ريف Y، X بمحافظة Y، X شرق Y) picks the homonym
  inside Y and is enough too;
* a list (كركوك والفلوجة وتلعفر) carries a place's country to the names after it;
* otherwise a bare name needs a preposition in front (في، من، بـ …) and a reading in a
  governorate the text names or near a place it names; a governorate, camp, region or
  multi-word area name needs only to be unambiguous or in a country the text names.
  One-word names that news uses as ordinary words (flagged by the build) need a cue
  or a container.

Directions in front (شمال X، جنوب غربي X) and qualifiers after (الشرقي، الجنوبية) stay in
the span and the name; the coordinates stay those of the area.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Container, Sequence
from dataclasses import replace
from typing import Any

from marsad.model import PlaceSpan
from marsad.steps.places import first_words
from marsad.steps.places_cues import cue_of, direction_start, qualifier_end
from marsad.steps.places_mentions import (
    Mention,
    hood_mentions,
    link_containers,
    regional_mentions,
    town_mention,
)
from marsad.steps.places_regional import AREA_KINDS, Area, RegionalGazetteer, near_km
from marsad.text.normalize import fold
from marsad.text.tokenize import Token, tokenize

_NEAR_KM = 30.0  # a village this close to a place the text names is plausibly meant
_INSIDE_KM = 40.0  # "X في Y" with Y a town: X within this distance of Y
_MIN_BARE = 4  # letters of a one-word name read without a place-type cue
_MIN_LISTED = 3  # letters of a name read for being listed after a place (ونبل)
_STRONG_CUES = frozenset({"rif", "camp", "admin1", "admin2", "admin3", "area"})
_AREA_CUES = frozenset({"rif", "admin1", "admin2", "admin3"})
_AREAS = frozenset({*AREA_KINDS, "region", "camp"})
_NO_POINT = frozenset({"country", "admin1"})  # too large to say what is near them
_KIND_RANK = {
    "country": 7,
    "admin1": 6,
    "city": 5,
    "admin2": 4,
    "region": 4,
    "camp": 3,
    "admin3": 3,
    "village": 2,
    "neighbourhood": 1,
}
_CUE_KINDS = {
    "admin1": ("admin1",),
    "admin2": ("admin2", "admin3"),
    "admin3": ("admin3", "admin2"),
    "area": ("admin2", "admin3", "region", "admin1"),
    "camp": ("camp",),
    "hood": ("neighbourhood",),
    "settlement": ("city", "village"),
}
_SYRIAN = fold("سورية")
_MODIFIED_NOUNS = frozenset(
    fold(w)
    for w in [
        *("قوات", "فصائل", "مصادر", "طائرات", "مقاتلات", "جماعات", "ميليشيات", "قوى"),
        *("أراض", "أراضي", "مدن", "قرى", "مناطق", "حكومة", "جهات", "وحدات", "معارضة"),
        *("غارات", "ضربات", "دبابات", "مروحيات", "مدفعية"),
    ]
)
_HOOD_TOWNS = frozenset({"city", "village", "camp", "admin3"})
_HOOD_WINDOW = 20  # tokens
_LIST_GLUE = frozenset({"", "،", ",", "و", "، و"})


def _inside(area: Area, container: Area, seat_of: Callable[[Area], str] = lambda _: "") -> bool:
    """Whether `area` plausibly lies in `container` (same governorate or close)."""
    if container.kind == "country":
        return area.country == container.country
    if container.kind in AREA_KINDS or container.kind == "region":
        if container.id in (area.admin1, area.parent) or (
            container.kind == "admin1" and area.governorate() == container.id
        ):
            return True
        return near_km((area.lat, area.lon), (container.lat, container.lon)) <= 60.0
    if near_km((area.lat, area.lon), (container.lat, container.lon)) <= _INSIDE_KM:
        return True
    # X في حجة: Hajjah the town, or the governorate named like it when X is in that
    return bool(container.admin1) and area.governorate() == container.admin1 == seat_of(container)


def _adjective(town: PlaceSpan, starts: Sequence[int], folded: Sequence[str]) -> bool:
    """قوات سورية، غارات روسية وسورية: "Syrian", an adjective, not Syria."""
    index = bisect_right(starts, town.start) - 1
    if index < 1 or folded[index].removeprefix("و") != _SYRIAN:
        return False
    before = folded[index - 1].removeprefix("و").removeprefix("ال")
    after = folded[index + 1] if index + 1 < len(folded) else ""
    glued_and = folded[index].startswith("و") and before.endswith("يه")  # روسية وسورية
    nisba_next = after.startswith("و") and after.endswith("يه") and len(after) > 4
    return before in _MODIFIED_NOUNS or glued_and or nisba_next


class _Context:
    """What the text already places: governorates, countries and points."""

    def __init__(self, areas: Sequence[Area], countries: Sequence[str]) -> None:
        self.governorates = {a.governorate() for a in areas if a.governorate()}
        self.countries = {a.country for a in areas} | set(countries)
        self.points = list(
            {(round(a.lat, 1), round(a.lon, 1)) for a in areas if a.kind not in _NO_POINT}
        )

    def near(self, area: Area) -> float:
        point = (area.lat, area.lon)
        return min((near_km(point, p) for p in self.points), default=1e9)

    def score(self, area: Area) -> tuple[bool, bool, float, bool, int, int]:
        """Higher for the reading that fits the text best."""
        near = self.near(area)
        return (
            area.governorate() in self.governorates,
            near <= _NEAR_KM,
            -near,
            area.country in self.countries,
            _KIND_RANK.get(area.kind, 0),
            area.population,
        )

    def holds(self, area: Area) -> bool:
        """In a governorate the text names, or close to a place it names."""
        return area.governorate() in self.governorates or self.near(area) <= _NEAR_KM


class RegionalResolver:
    """Reads regional names in a text, given the towns the town gazetteer found."""

    def __init__(self, gazetteer: RegionalGazetteer, stoplist: Container[str]) -> None:
        self.gazetteer = gazetteer
        self.stoplist = stoplist
        self.lengths = first_words(gazetteer.index)
        self.strippable = frozenset(k for k in gazetteer.index if k.startswith("ال") or " " in k)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled without its derived tables, which are rebuilt on arrival."""
        return (RegionalResolver, (self.gazetteer, self.stoplist))

    def find(
        self,
        text: str,
        towns: Sequence[PlaceSpan],
        tokenized: tuple[Sequence[Token], Sequence[str]] | None = None,
    ) -> list[PlaceSpan]:
        """The places of `text`: the towns found, refined and joined by regional ones.

        `tokenized` passes the tokens of `text` and their folded forms when the caller
        has them already.
        """
        if tokenized is None:
            tokens: Sequence[Token] = tokenize(text)
            folded: Sequence[str] = [fold(t.text) for t in tokens]
        else:
            tokens, folded = tokenized
        starts = [t.start for t in tokens]
        tables = (self.lengths, self.strippable)
        mentions = regional_mentions(text, tokens, folded, self.gazetteer, tables)
        taken = {m.first for m in mentions if m.cue == "hood"}
        mentions += hood_mentions(text, tokens, folded, taken)
        towns = [t for t in towns if not _adjective(t, starts, folded)]
        town_mentions = [town_mention(t, starts, folded, self.gazetteer) for t in towns]
        link_containers(folded, [*mentions, *town_mentions])
        self._accept(text, mentions, town_mentions)
        kept = self._merge([m for m in mentions if m.accepted], town_mentions)
        return [self._span(text, tokens, folded, m) for m in kept]

    # -- choosing -----------------------------------------------------------------
    def _accept(self, text: str, mentions: list[Mention], towns: list[Mention]) -> None:
        """Choose each mention's reading and decide whether it names a place at all."""
        strong = [m for m in mentions if m.cue in _STRONG_CUES]
        for mention in strong:
            self._choose(mention, None)
            wanted = _AREAS if mention.cue in ("area", "camp") else {*_AREAS, "city"}
            mention.accepted = mention.area is not None and mention.area.kind in wanted
        context = _Context(
            [m.area for m in [*towns, *strong] if m.accepted and m.area is not None],
            [t.town.country for t in towns if t.town is not None],
        )
        ordered = sorted([*mentions, *towns], key=lambda m: (m.first, m.town is None))
        previous: Mention | None = None
        for mention in ordered:
            weak_area = mention.cue in ("area", "camp") and not mention.accepted  # منطقة كفر جنة
            if mention.town is None and (weak_area or mention.cue not in _STRONG_CUES | {"hood"}):
                mention.weak = mention.weak or weak_area
                if mention.cue == "settlement":
                    self._settlement(mention, context)
                else:
                    self._bare(mention, context)
                if not mention.accepted and previous is not None:
                    self._listed(text, mention, previous)
            if mention.accepted and mention.area is not None:
                previous = mention
        for mention in mentions:
            if mention.cue == "hood":
                self._hood(mention, ordered, context.countries)
        self._accept_containers(mentions)

    def _choose(self, mention: Mention, context: _Context | None) -> None:
        """The reading inside the container, else the one the cue or the text favours."""
        options = mention.options
        container = mention.container.area if mention.container else None
        if container is not None:
            options = [a for a in options if _inside(a, container, self._seat)] or options
        if not options:
            mention.area = None
            return
        if mention.cue == "rif":
            mention.area = self._rif(options)
            return
        wanted = _CUE_KINDS.get(mention.cue, ())
        options = [a for a in options if a.kind in wanted] or options
        if context is None:
            mention.area = max(options, key=lambda a: (_KIND_RANK.get(a.kind, 0), a.population))
            return
        best = max(options, key=context.score)
        if best.kind in AREA_KINDS:  # ريف دمشق: the governorate, not its namesake district
            same = [a for a in options if a.kind in AREA_KINDS and a.country == best.country]
            best = max(same, key=lambda a: _KIND_RANK.get(a.kind, 0))
        mention.area = best

    def _seat(self, town: Area) -> str:
        """The id of the governorate named like `town` (حجة، إدلب), else ""."""
        governorate = self.gazetteer.by_id(town.admin1) if town.admin1 else None
        if governorate is not None and fold(governorate.name) == fold(town.name):
            return governorate.id
        return ""

    def _rif(self, options: Sequence[Area]) -> Area:
        """ريف X: the governorate when X is one or its seat, else X's district, else X."""
        for kind in ("admin1", "admin2", "admin3"):
            areas = [a for a in options if a.kind == kind]
            if areas:
                return max(areas, key=lambda a: a.population)
        town = max(options, key=lambda a: (_KIND_RANK.get(a.kind, 0), a.population))
        seat = self.gazetteer.by_id(town.admin1)
        if seat is not None and fold(seat.name) == fold(town.name):
            return seat
        return town

    def _settlement(self, mention: Mention, context: _Context) -> None:
        """مدينة X، قرية X: a place, unless X is a word (مدن البلاد) outside the text's area."""
        self._choose(mention, context)
        area = mention.area
        if area is None:
            return
        is_word = mention.key in self.gazetteer.common or mention.key in self.stoplist
        town = area.kind != "neighbourhood"  # مدينة الملك عبدالله is a stadium
        mention.accepted = (town and not is_word) or context.holds(area)
        mention.evidence = mention.accepted and context.holds(area)

    def _bare(self, mention: Mention, context: _Context) -> None:
        """A name with no place-type cue: accept it only with evidence."""
        key = mention.key
        if " " not in key and len(key) - (1 if key.startswith("ال") else 0) < _MIN_BARE:
            return  # بلد، قال: too short to be read without a cue; التنف is long enough
        is_word = key in self.gazetteer.common or key in self.stoplist
        self._choose(mention, context)
        area = mention.area
        container = mention.container.area if mention.container else None
        cued_container = mention.container is not None and mention.container.cue in _AREA_CUES
        if container is not None and cued_container and _inside(area or container, container):
            mention.accepted = mention.evidence = area is not None  # X في ريف Y، X بمحافظة Y
            return
        if area is None or (is_word and mention.cue != "direction"):
            # مكان، الأمير: a word, even before "في Y"; شرق السوسة is still a place
            if area is not None and key not in self.gazetteer.common:
                mention.accepted = mention.weak and area.governorate() in context.governorates
                mention.evidence = mention.accepted
            return
        if container is not None and _inside(area, container, self._seat):
            mention.accepted = mention.evidence = True
            return
        if mention.listed_only or area.kind == "neighbourhood":  # الخليج: حي X or X في Y
            return
        unique = len({(a.country, a.governorate()) for a in mention.options}) == 1
        multiword = " " in key
        holds = context.holds(area)
        if area.kind in ("camp", "region", "admin1") or (multiword and area.kind in AREA_KINDS):
            known = holds or area.country in context.countries or unique
            mention.accepted = known and (mention.weak or holds or multiword)
        elif area.kind in ("city", "country"):  # the town gazetteer reads the real ones
            mention.accepted = mention.weak and holds
        else:
            mention.accepted = mention.weak and (
                holds or (multiword and unique and area.country in context.countries)
            )
        mention.evidence = mention.accepted and holds

    def _listed(self, text: str, mention: Mention, previous: Mention) -> None:
        """كركوك والفلوجة وتلعفر: a name listed right after a place, in its country."""
        glue = text[previous.end : mention.start].strip()
        if glue not in _LIST_GLUE or (glue == "" and not mention.prefix.startswith("و")):
            return
        anchor = previous.area
        assert anchor is not None
        same = [a for a in mention.options if a.country == anchor.country]
        if not same or anchor.kind == "country" or len(mention.key) < _MIN_LISTED:
            return
        point = (anchor.lat, anchor.lon)
        area = min(same, key=lambda a: near_km(point, (a.lat, a.lon)))
        is_word = mention.key in self.gazetteer.common or mention.key in self.stoplist
        if is_word and near_km(point, (area.lat, area.lon)) > _NEAR_KM:  # والصورة
            return
        mention.area = area
        mention.accepted = mention.evidence = True

    def _hood(self, mention: Mention, ordered: Sequence[Mention], countries: set[str]) -> None:
        """A neighbourhood: its own row when known, else in the town the text places it."""
        town = mention.container.area if mention.container else None
        if town is None or town.kind not in _HOOD_TOWNS:
            town = self._sentence_town(mention, ordered) or town
        rows = [
            a
            for a in self.gazetteer.candidates(mention.key)
            if a.kind == "neighbourhood" and (town is None or _inside(a, town))
        ]
        if rows:  # حي القدم: the one in a country the text names, else the curated one
            mention.area = max(
                rows, key=lambda a: (a.country in countries, a.id.startswith("hood:"))
            )
            mention.accepted = True
        elif town is not None and town.kind in _HOOD_TOWNS:
            mention.area, mention.accepted = town, True
            mention.kind = "neighbourhood"
            mention.extra["id"] = ""

    @staticmethod
    def _sentence_town(mention: Mention, ordered: Sequence[Mention]) -> Area | None:
        """The nearest accepted town, village or camp to a neighbourhood, in a sentence."""
        towns = [
            m
            for m in ordered
            if m.accepted
            and m.area is not None
            and m.area.kind in _HOOD_TOWNS
            and abs(m.first - mention.first) <= _HOOD_WINDOW
        ]
        if not towns:
            return None
        return min(
            towns, key=lambda m: (m.first < mention.first, abs(m.first - mention.first))
        ).area

    def _accept_containers(self, mentions: Sequence[Mention]) -> None:
        """حي كشكول التابع لجرمانا: the place a neighbourhood or camp is said to be in."""
        common = self.gazetteer.common
        for mention in mentions:
            container = mention.container
            if (
                mention.accepted
                and mention.cue in ("hood", "camp", "settlement")
                and container is not None
                and container.town is None
                and not container.accepted
                and container.area is not None
                and container.area.kind in ("city", "village")
                and not container.prefix.startswith("و")
                and container.key not in common
            ):
                container.accepted = True

    # -- output -------------------------------------------------------------------
    @staticmethod
    def _merge(regional: list[Mention], towns: list[Mention]) -> list[Mention]:
        """Towns and regional mentions, without overlaps; the more specific wins.

        A regional reading wins over a town when it has a place-type cue, covers more
        words, or was read from its context in another country than the town's
        (السوسة in a text about Deir ez-Zor is the village, not Sousse in Tunisia).
        """
        kept: list[Mention] = []
        for town in towns:
            rivals = [r for r in regional if r.start < town.end and town.start < r.end]
            if any(
                r.cue in _STRONG_CUES
                or r.cue == "hood"
                or (r.end - r.start) > (town.end - town.start)
                or (
                    r.evidence
                    and r.area is not None
                    and town.town is not None
                    and r.area.country != town.town.country
                )
                for r in rivals
            ):
                continue
            regional = [r for r in regional if r not in rivals]
            kept.append(town)
        kept += regional
        return sorted(kept, key=lambda m: m.start)

    def _span(
        self, text: str, tokens: Sequence[Token], folded: Sequence[str], mention: Mention
    ) -> PlaceSpan:
        """The mention as a PlaceSpan, direction words and qualifiers included."""
        start, end = mention.start, mention.end
        first = bisect_right([t.start for t in tokens], start) - 1
        lead = direction_start(folded, first)
        if lead < first:
            token = tokens[lead]
            _, prefix = cue_of(folded[lead])
            start = token.start + len(prefix)
        after = qualifier_end(folded, mention.last)
        if after > mention.last and mention.cue != "hood":
            end = tokens[after - 1].end
        area, town, written = mention.area, mention.town, text[start:end]
        exact = (start, end) == (mention.start, mention.end)
        if town is not None:
            name = town.name if exact else written.replace(town.text, town.name, 1)
            if area is None:
                return replace(town, text=written, start=start, end=end, name=name)
        elif exact and not mention.cue and area is not None:
            name = area.name
        else:
            name = written
        assert area is not None
        kind = mention.kind or area.kind
        if mention.cue == "rif" and area.kind in ("city", "village"):
            kind = "region"
        lat, lon = area.lat, area.lon
        if town is not None and area.kind in ("city", "village", "neighbourhood"):
            lat, lon = town.lat, town.lon
        governorate = area.governorate()
        return PlaceSpan(
            written,
            start,
            end,
            name,
            area.country,
            lat,
            lon,
            kind,
            self.gazetteer.governorate_name(governorate) if governorate else "",
            mention.extra.get("id", area.id),
        )
