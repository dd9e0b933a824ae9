"""Conflict-grade places: villages, camps, neighbourhoods, admin areas and "ريف X".

Runs after the town gazetteer (`places.PlaceMatcher`) on the same text and merges with
its spans. The regional names are read only with evidence, since most village names
are also words or other villages' names:

* a cue in front (ريف، محافظة، مخيم، حي، قرية، ناحية …) is enough, and says which reading
  is meant (محافظة X is the governorate, مخيم X the camp, ريف X the area around X);
* a containing place right after (X في ريف Y، X بمحافظة Y، X شرق Y) picks the homonym
  inside Y and is enough too;
* otherwise a bare village name needs a preposition in front (في، من، بـ …) and a
  reading inside a governorate the text already names or near a place it names; a
  name that also names an admin area (a district seat) needs no more than that it is
  not an ordinary word.

Directions in front (شمال X، جنوب غربي X) and qualifiers after (الشرقي، الجنوبية) stay in
the span and the name; the coordinates stay those of the area.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Container, Sequence
from dataclasses import dataclass, field, replace

from marsad.model import PlaceSpan
from marsad.steps.places import first_words, raw_prefix_length, scan_aliases
from marsad.steps.places_cues import (
    CONNECTORS,
    cue_of,
    direction_start,
    is_weak_cue,
    qualifier_end,
)
from marsad.steps.places_regional import AREA_KINDS, Area, RegionalGazetteer, distance_km
from marsad.text.normalize import fold
from marsad.text.tokenize import Token, tokenize

_NEAR_KM = 60.0  # a village this close to a place the text names is plausibly meant
_INSIDE_KM = 40.0  # "X في Y" with Y a town: X within this distance of Y
_MIN_BARE = 4  # letters of a one-word name read without a place-type cue
_ANCHORING = frozenset({"rif", "camp", "hood", "admin1", "admin2", "admin3", "area"})
_KIND_RANK = {
    "country": 7,
    "admin1": 6,
    "city": 5,
    "admin2": 4,
    "camp": 3,
    "admin3": 3,
    "village": 2,
    "neighbourhood": 1,
    "region": 4,
}
_AREAS = frozenset({*AREA_KINDS, "region", "camp"})
_HOOD_STOP = frozenset(
    fold(w) for w in ["في", "ب", "من", "الى", "إلى", "و", "شرق", "غرب", "شمال", "جنوب"]
)


@dataclass
class Mention:
    """A name in the text, its readings, the cue around it and the reading chosen."""

    first: int  # token range of the name
    last: int
    start: int  # character span of the whole mention (cue and qualifiers included)
    end: int
    key: str
    options: list[Area]
    cue: str = ""
    weak: bool = False
    area: Area | None = None
    kind: str = ""
    name: str = ""
    accepted: bool = False
    container: Area | None = None
    town: PlaceSpan | None = None  # a town-gazetteer span this mention stands for
    extra: dict[str, str] = field(default_factory=dict)


def _inside(area: Area, container: Area) -> bool:
    """Whether `area` plausibly lies in `container` (same governorate or close)."""
    if container.kind == "country":
        return area.country == container.country
    if container.kind in ("admin1", "admin2", "admin3"):
        gov = container.governorate()
        if area.governorate() == gov or area.parent == container.id:
            return True
        return distance_km((area.lat, area.lon), (container.lat, container.lon)) <= _NEAR_KM
    return distance_km((area.lat, area.lon), (container.lat, container.lon)) <= _INSIDE_KM


class RegionalResolver:
    """Reads regional names in a text, given the towns the town gazetteer found."""

    def __init__(self, gazetteer: RegionalGazetteer, stoplist: Container[str]) -> None:
        self.gazetteer = gazetteer
        self.stoplist = stoplist
        self.lengths = first_words(gazetteer.index)
        self.strippable = frozenset(k for k in gazetteer.index if k.startswith("ال") or " " in k)

    # -- reading ------------------------------------------------------------------
    def find(self, text: str, towns: Sequence[PlaceSpan]) -> list[PlaceSpan]:
        """The places of `text`: the towns found, refined and joined by regional ones."""
        tokens = tokenize(text)
        folded = [fold(t.text) for t in tokens]
        starts = [t.start for t in tokens]
        mentions = self._regional(text, tokens, folded, starts)
        mentions += self._hoods(text, tokens, folded, mentions)
        town_mentions = [self._town(t, tokens, folded, starts) for t in towns]
        self._contain(folded, [*mentions, *town_mentions])
        self._accept(mentions, town_mentions)
        kept = self._merge([m for m in mentions if m.accepted], town_mentions)
        return [self._span(text, tokens, folded, m) for m in kept]

    def _regional(
        self, text: str, tokens: Sequence[Token], folded: Sequence[str], starts: Sequence[int]
    ) -> list[Mention]:
        found: list[Mention] = []
        hits = scan_aliases(text, self.gazetteer.index, self.lengths, self.strippable)
        for hit in hits:
            if cue_of(hit.key)[0]:  # جنوب، محافظة: a cue word, never a name on its own
                continue
            first = bisect_right(starts, hit.start) - 1
            last = bisect_right(starts, hit.end - 1)
            mention = Mention(
                first, last, hit.start, hit.end, hit.key, self.gazetteer.candidates(hit.key)
            )
            mention.weak = is_weak_cue(hit.preceding, hit.prefix)
            if first >= 1 and not hit.prefix:
                cue, prefix = cue_of(folded[first - 1])
                if cue:
                    mention.cue = cue
                    mention.weak = mention.weak or cue == "direction"
                if cue and cue not in ("direction", "settlement"):
                    cue_token = tokens[first - 1]
                    mention.start = cue_token.start + raw_prefix_length(cue_token.text, len(prefix))
                    before = folded[first - 2] if first >= 2 else ""
                    mention.weak = is_weak_cue(before, prefix)
            found.append(mention)
        return found

    def _hoods(
        self,
        text: str,
        tokens: Sequence[Token],
        folded: Sequence[str],
        mentions: Sequence[Mention],
    ) -> list[Mention]:
        """حي X (في|بـ) Y: a neighbourhood named after حي, placed by the town after it."""
        taken = {m.first for m in mentions if m.cue == "hood"}
        found: list[Mention] = []
        for index, word in enumerate(folded[:-1]):
            cue, prefix = cue_of(word)
            if cue != "hood" or index + 1 in taken:
                continue
            end = index + 1
            while end < len(folded) and end - index <= 2 and folded[end] not in _HOOD_STOP:
                if end > index + 1 and not folded[end].startswith("ال"):
                    break
                end += 1
            if end == index + 1 or text[tokens[index].end : tokens[end - 1].end].count("\n"):
                continue
            cue_token = tokens[index]
            found.append(
                Mention(
                    index + 1,
                    end,
                    cue_token.start + raw_prefix_length(cue_token.text, len(prefix)),
                    tokens[end - 1].end,
                    " ".join(folded[index + 1 : end]),
                    [],
                    cue="hood",
                )
            )
        return found

    def _town(
        self,
        town: PlaceSpan,
        tokens: Sequence[Token],
        folded: Sequence[str],
        starts: Sequence[int],
    ) -> Mention:
        """A town-gazetteer span as a mention, with its regional twin when there is one."""
        first = bisect_right(starts, town.start) - 1
        last = bisect_right(starts, town.end - 1)
        key = fold(town.name)
        if town.kind == "country":
            twin = self.gazetteer.country(town.country)
        else:
            twin = self.gazetteer.near(key, (town.lat, town.lon))
        mention = Mention(first, last, town.start, town.end, key, [twin] if twin else [])
        mention.town, mention.area, mention.accepted = town, twin, True
        cue, _ = cue_of(folded[first - 1]) if first >= 1 else ("", "")
        mention.cue = cue if cue in ("rif", "admin1", "admin2", "admin3", "area") else ""
        return mention

    # -- choosing -----------------------------------------------------------------
    def _contain(self, folded: Sequence[str], mentions: list[Mention]) -> None:
        """X (في|بـ|قرب|شرق …) Y: remember Y's area as the container of X."""
        # A town and a regional reading of the same name: the town is the container.
        ordered = sorted(mentions, key=lambda m: (m.first, m.town is None))
        ordered = [m for i, m in enumerate(ordered) if not i or m.first != ordered[i - 1].first]
        for here, there in itertools.pairwise(ordered):
            gap = folded[here.last : there.first]
            joined = there.first - here.last <= 2 and all(
                word in CONNECTORS or cue_of(word)[0] for word in gap
            )
            glued = there.first == here.last and folded[there.first].startswith("ب")
            if not (joined and (gap or glued)):
                continue
            container = there.area or self._default(there)
            if container is not None:
                here.container = container

    def _default(self, mention: Mention) -> Area | None:
        """The reading a cue asks for, or the most prominent one."""
        options = mention.options
        if not options:
            return None
        if mention.cue == "rif":
            return self._rif(options)
        wanted = {
            "admin1": ("admin1",),
            "admin2": ("admin2", "admin3"),
            "admin3": ("admin3", "admin2"),
            "area": ("admin2", "admin3", "admin1"),
            "camp": ("camp",),
            "hood": ("neighbourhood",),
            "settlement": ("city", "village"),
        }.get(mention.cue, ())
        preferred = [a for a in options if a.kind in wanted] or options
        return max(preferred, key=lambda a: (_KIND_RANK.get(a.kind, 0), a.population))

    def _rif(self, options: Sequence[Area]) -> Area:
        """ريف X: the governorate when X is one or its seat, else X's district, else X."""
        for kinds in (("admin1",), ("admin2",), ("admin3",)):
            areas = [a for a in options if a.kind in kinds]
            if areas:
                return max(areas, key=lambda a: a.population)
        town = max(options, key=lambda a: (_KIND_RANK.get(a.kind, 0), a.population))
        seat = self.gazetteer.by_id(town.admin1)
        if seat is not None and fold(seat.name) == fold(town.name):
            return seat
        return town

    def _accept(self, mentions: list[Mention], towns: Sequence[Mention]) -> None:
        """Choose each mention's reading and decide whether it names a place at all."""
        anchored = [m for m in mentions if m.cue in _ANCHORING or m.cue == "settlement"]
        for mention in anchored:
            self._choose(mention, [], [], set())
        context = [m.area for m in [*towns, *anchored] if m.area is not None]
        context += [m.container for m in mentions if m.container is not None]
        governorates = {a.governorate() for a in context if a.governorate()}
        countries = {a.country for a in context} | {
            t.town.country for t in towns if t.town is not None
        }
        points = [(a.lat, a.lon) for a in context if a.kind != "country"]
        for mention in mentions:
            if mention.cue == "hood":
                self._hood(mention, [*towns, *mentions])
            elif mention.cue == "area" and mention.area and mention.area.kind not in _AREAS:
                self._bare(mention, governorates, countries, points)  # منطقة التجارة الحرة
            elif mention.cue in _ANCHORING or mention.cue == "settlement":
                mention.accepted = mention.area is not None
            else:
                self._bare(mention, governorates, countries, points)

    def _choose(
        self,
        mention: Mention,
        points: Sequence[tuple[float, float]],
        countries: Sequence[str] | set[str],
        governorates: set[str],
    ) -> None:
        options = mention.options
        if mention.container is not None:
            inside = [a for a in options if _inside(a, mention.container)]
            options = inside or options
        if mention.cue not in ("", "direction"):
            mention.area = self._default(Mention(0, 0, 0, 0, "", options, mention.cue))
            return

        def score(area: Area) -> tuple[bool, bool, float, bool, int, int]:
            near = min((distance_km((area.lat, area.lon), p) for p in points), default=1e9)
            return (
                area.governorate() in governorates,
                near <= _NEAR_KM,
                -near,
                area.country in countries,
                _KIND_RANK.get(area.kind, 0),
                area.population,
            )

        mention.area = max(options, key=score) if options else None

    def _bare(
        self,
        mention: Mention,
        governorates: set[str],
        countries: set[str],
        points: Sequence[tuple[float, float]],
    ) -> None:
        """A name with no place-type cue: accept it only with evidence."""
        key = mention.key
        if key in self.gazetteer.common or key in self.stoplist:
            return
        if " " not in key and len(key.removeprefix("ال")) < _MIN_BARE:
            return
        self._choose(mention, points, countries, governorates)
        area = mention.area
        if area is None:
            return
        if mention.container is not None and _inside(area, mention.container):
            mention.accepted = True
            return
        in_context = area.governorate() in governorates
        unique = len({(a.country, a.governorate()) for a in mention.options}) == 1
        multiword = " " in key
        if area.kind in ("camp", "region") or (multiword and area.kind in AREA_KINDS):
            mention.accepted = in_context or area.country in countries or unique
        elif area.kind in ("city", "country"):  # the town gazetteer reads the real ones
            mention.accepted = mention.weak and in_context
        else:
            mention.accepted = mention.weak and (
                in_context or (multiword and unique and area.country in countries)
            )

    def _hood(self, mention: Mention, others: Sequence[Mention]) -> None:
        """A neighbourhood: its own row when known, else the town it is said to be in."""
        town = mention.container
        if town is None or town.kind == "admin1":  # حي X في حلب: the city, not the province
            following = [o for o in others if o.first in (mention.last + 1, mention.last)]
            following.sort(key=lambda o: o.town is None)
            town = next((o.area for o in following if o.area is not None), town)
        rows = [
            a
            for a in self.gazetteer.candidates(mention.key)
            if a.kind == "neighbourhood" and (town is None or _inside(a, town))
        ]
        if rows:
            mention.area, mention.accepted = rows[0], True
        elif town is not None and town.kind in ("city", "village", "admin1", "admin2"):
            mention.area, mention.accepted = town, True
            mention.kind = "neighbourhood"
            mention.extra["id"] = ""

    # -- output -------------------------------------------------------------------
    def _merge(self, regional: list[Mention], towns: list[Mention]) -> list[Mention]:
        """Towns and regional mentions, without overlaps; the more specific wins."""
        kept: list[Mention] = []
        for town in towns:
            rivals = [r for r in regional if r.start < town.end and town.start < r.end]
            if any(
                r.cue in _ANCHORING or (r.end - r.start) > (town.end - town.start) for r in rivals
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
            start = token.start + raw_prefix_length(token.text, len(prefix))
        after = qualifier_end(folded, mention.last)
        if after > mention.last and mention.cue != "hood":
            end = tokens[after - 1].end
        area, town, written = mention.area, mention.town, text[start:end]
        exact = town is not None and (start, end) == (town.start, town.end)

        def name_of(town: PlaceSpan) -> str:
            return town.name if exact else written.replace(town.text, town.name, 1)

        if area is None:
            assert town is not None
            return replace(town, text=written, start=start, end=end, name=name_of(town))
        if town is not None:
            name = name_of(town)
        elif (start, end) == (mention.start, mention.end) and not mention.cue:
            name = area.name
        else:
            name = written
        kind = mention.kind or area.kind
        if mention.cue == "rif" and area.kind in ("city", "village"):
            kind = "region"
        lat, lon = area.lat, area.lon
        if town is not None and area.kind != "country":
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
