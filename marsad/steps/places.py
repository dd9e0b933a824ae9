"""Places: find the towns and countries an article mentions, with coordinates.

The gazetteer (GeoNames, compiled by scripts/build_gazetteer.py) is matched on folded
tokens of the raw text, longest name first, up to four tokens. Arabic glues
conjunctions and prepositions to the next word (بالعراق، وسوريا، للعراق), so the first
token is also tried without them; the unstripped form is always tried first so that
بغداد stays Baghdad and is never read as ب + غداد.

Homonyms are resolved per article: a place in a country the article names without
ambiguity wins, then the higher administrative rank (country, capital, provincial seat),
then the larger population. Names that are also common words (التحالف، النصر، بين) sit in
a stoplist and count only after a place cue (مدينة، بلدة، في …) or inside a span a
named-entity tagger marked as a location.

The alias scanning here (`scan_aliases`, `clitic_variants`) is shared with the entity
linker, so both read clitics the same way.
"""

from __future__ import annotations

import gzip
from bisect import bisect_right
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.resources import resource_path
from marsad.text.normalize import fold
from marsad.text.tokenize import Token, tokenize

_MIN_STRIPPED = 3
_MARKS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
)
# Conjunction, then preposition, glued in front of a word: و ف, then ب ل ك.
_PREFIXES = tuple(
    sorted(
        {c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")} - {""},
        key=len,
        reverse=True,
    )
)
_PREFIX_LETTERS = frozenset(prefix[0] for prefix in _PREFIXES)
_STRONG_CUES = frozenset(
    fold(w)
    for w in [
        "مدينة",
        "بلدة",
        "قرية",
        "محافظة",
        "منطقة",
        "ناحية",
        "قضاء",
        "مخيم",
        "ريف",
        "حي",
        "إقليم",
        "ولاية",
        "العاصمة",
        "عاصمة",
        "مدينتي",
        "بلدتي",
        "قريتي",
        "مدن",
        "بلدات",
        "قرى",
    ]
)
_WEAK_CUES = frozenset(
    fold(w) for w in ["في", "إلى", "الى", "من", "نحو", "قرب", "داخل", "شمال", "جنوب", "شرق", "غرب"]
)
_RANK = {"PCLI": 5, "PPLC": 4, "PPLA": 3, "PPLA2": 2}
_NOT_PLACE_TYPES = frozenset({"ORG", "PER", "MISC"})
# The region Arabic news reports on most: Arab League states and their neighbours.
# A word that is also the name of a small town elsewhere (ألم "pain" is Alm in Germany)
# needs a place-type cue, not just a preposition, to be read as that town.
_FOCUS_COUNTRIES = frozenset(
    [
        "DZ",
        "BH",
        "KM",
        "DJ",
        "EG",
        "IQ",
        "JO",
        "KW",
        "LB",
        "LY",
        "MR",
        "MA",
        "OM",
        "PS",
        "QA",
        "SA",
        "SO",
        "SD",
        "SY",
        "TN",
        "AE",
        "YE",
        "TR",
        "IR",
        "IL",
    ]
)

if TYPE_CHECKING:
    from marsad.steps.places_resolve import RegionalResolver

EntitySpans = Sequence[EntitySpan] | Sequence[tuple[int, int, str]]


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a country (feature code PCLI) or a populated place."""

    id: str
    name: str
    country: str
    lat: float
    lon: float
    feature_code: str
    population: int

    def rank(self) -> tuple[int, int]:
        """Higher is more likely meant when a name is ambiguous."""
        return _RANK.get(self.feature_code, 1 if self.feature_code != "PPLX" else 0), (
            self.population
        )


@dataclass(frozen=True, slots=True)
class AliasHit:
    """A run of tokens whose folded, clitic-stripped form is a known alias."""

    start: int
    end: int
    key: str  # the folded alias
    preceding: str  # the folded token before the hit ("" at the start)
    prefix: str  # the folded clitics stripped from the first token


def raw_prefix_length(raw: str, letters: int) -> int:
    """Raw characters that the first `letters` letters of `raw` occupy (marks follow them)."""
    index = 0
    for _ in range(letters):
        index += 1
        while index < len(raw) and raw[index] in _MARKS:
            index += 1
    return index


def clitic_variants(folded: str) -> list[tuple[str, str]]:
    """Readings of one folded word as (word, stripped prefix), the word as written first.

    لل is ل + ال with the alef dropped (للعراق = ل + العراق), so it is put back.
    """
    if folded[:1] not in _PREFIX_LETTERS:  # most words: nothing glued in front
        return [(folded, "")]
    return list(_glued_variants(folded))


@lru_cache(maxsize=1 << 16)
def _glued_variants(folded: str) -> tuple[tuple[str, str], ...]:
    """`clitic_variants` of a word that starts with a clitic letter (cached: news repeats)."""
    variants = [(folded, "")]
    for prefix in _PREFIXES:
        rest = folded[len(prefix) :]
        if folded.startswith(prefix) and len(rest) >= _MIN_STRIPPED:
            variants.append((rest, prefix))
            if prefix.endswith("ل") and rest.startswith("ل") and len(rest) > _MIN_STRIPPED:
                variants.append(("ا" + rest, prefix[:-1]))  # the span keeps لل
    return tuple(variants)


def _joined(tokens: Sequence[Token], text: str, first: int, last: int) -> bool:
    """True if only whitespace separates tokens[first..last]."""
    return all(not text[tokens[i].end : tokens[i + 1].start].strip() for i in range(first, last))


def first_words(keys: Iterable[str]) -> dict[str, int]:
    """For each first word of the alias keys, the most tokens an alias starting with it has."""
    lengths: dict[str, int] = {}
    for key in keys:
        first, _, rest = key.partition(" ")
        size = 1 + rest.count(" ") + (1 if rest else 0)
        lengths[first] = max(lengths.get(first, 0), size)
    return lengths


def scan_aliases(
    text: str,
    known: Container[str],
    lengths: Mapping[str, int],
    strippable: Container[str] | None = None,
    whole: Container[str] = frozenset(),
) -> list[AliasHit]:
    """Longest, leftmost alias matches over the tokens of raw `text`.

    `known` holds the folded, space-joined aliases; `lengths` (from `first_words`) says
    how many tokens an alias that starts with a given word may have, so most tokens cost
    one dictionary lookup per clitic reading. A key read after stripping clitics must
    also be in `strippable` (default: every key), and a word in `whole` is never
    stripped (لجنة is a word, not ل + جنة).
    """
    tokens = tokenize(text)
    return scan_tokens(
        text, tokens, [fold(t.text) for t in tokens], known, lengths, strippable, whole
    )


def scan_tokens(
    text: str,
    tokens: Sequence[Token],
    folded: Sequence[str],
    known: Container[str],
    lengths: Mapping[str, int],
    strippable: Container[str] | None = None,
    whole: Container[str] = frozenset(),
) -> list[AliasHit]:
    """`scan_aliases` over tokens (and their folded forms) already made from `text`."""
    hits: list[AliasHit] = []
    index = 0
    while index < len(tokens):
        found = _longest_at(
            text, tokens, folded, index, (known, strippable or known, whole), lengths
        )
        if found is None:
            index += 1
            continue
        hits.append(found[0])
        index += found[1]
    return hits


def _longest_at(
    text: str,
    tokens: Sequence[Token],
    folded: Sequence[str],
    index: int,
    tables: tuple[Container[str], Container[str], Container[str]],
    lengths: Mapping[str, int],
) -> tuple[AliasHit, int] | None:
    known, strippable, whole = tables
    variants = clitic_variants(folded[index])
    if folded[index] in whole:
        variants = variants[:1]
    readings = [(w, p, lengths.get(w, 0)) for w, p in variants]
    longest = min(max((n for _, _, n in readings), default=0), len(tokens) - index)
    for size in range(longest, 0, -1):
        if not _joined(tokens, text, index, index + size - 1):
            continue
        tail = folded[index + 1 : index + size]
        for word, prefix, most in readings:
            key = " ".join([word, *tail])
            if most >= size and key in known and (not prefix or key in strippable):
                first = tokens[index]
                skip = raw_prefix_length(first.text, len(prefix)) if prefix else 0
                before = folded[index - 1] if index else ""
                hit = AliasHit(
                    first.start + skip, tokens[index + size - 1].end, key, before, prefix
                )
                return hit, size
    return None


def _strippable(key: str, place: Place) -> bool:
    """May this alias be read after stripping a clitic (بحمص → حمص)?

    Only names written with ال, multi-word names and names of notable places (outside
    the region: countries, capitals and cities of a million): stripping a letter off
    an ordinary word too easily leaves an obscure place name (لجنة → جنة).
    Forms this package derived by adding or removing ال are never stripped (ورقة → رقة).
    """
    if key.startswith("ال") or " " in key:
        return True
    if place.country not in _FOCUS_COUNTRIES:  # وترمز is "and symbolises", not Termez
        return place.feature_code in ("PCLI", "PPLC") or place.population >= 1_000_000
    return place.rank()[0] >= _RANK["PPLA2"] or place.population >= 50_000


class _Enclosing:
    """A fixed set of spans, asked whether any of them encloses a given span.

    Spans sorted by start, with the largest end among each prefix: a span ending at or
    after `end` among those starting at or before `start` encloses [start, end). One
    binary search per question, where scanning every span per hit made long texts
    (thousands of entities, thousands of hits) quadratic.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach: list[int] = []
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def encloses(self, start: int, end: int) -> bool:
        """Whether some span starts at or before `start` and ends at or after `end`."""
        count = bisect_right(self._starts, start)
        return count > 0 and self._reach[count - 1] >= end


def _span_type(span: EntitySpan | tuple[int, int, str]) -> tuple[int, int, str]:
    if isinstance(span, EntitySpan):
        return span.start, span.end, span.type
    return span


class PlaceMatcher:
    """The gazetteer and its alias index, built once and shared (picklable)."""

    def __init__(
        self,
        places: Sequence[Place],
        aliases: Mapping[str, Sequence[int]],
        stoplist: Mapping[str, str],
        strippable: Iterable[str],
        regional: RegionalResolver | None = None,
    ) -> None:
        self.places = tuple(places)
        self.regional = regional  # villages, camps, admin areas: places_resolve
        self.aliases = {key: tuple(ids) for key, ids in aliases.items()}
        self.strippable = frozenset(strippable)
        self.whole = frozenset(w for w, level in stoplist.items() if level == "word")
        self.stoplist = dict(stoplist)
        self.lengths = first_words(self.aliases)

    @classmethod
    def load(cls, folder: Path | None = None, *, regional: bool = True) -> PlaceMatcher:
        """Read the compiled gazetteers and the stoplists shipped with Marsad.

        `regional=False` keeps to the towns (≥ 15,000 people) and countries.
        """
        from marsad.steps.places_regional import RegionalGazetteer
        from marsad.steps.places_resolve import RegionalResolver

        folder = folder or resource_path("places")
        places: list[Place] = []
        aliases: dict[str, list[int]] = {}
        strippable: set[str] = set()
        with gzip.open(folder / "places.tsv.gz", "rt", encoding="utf-8") as handle:
            next(handle)
            for line in handle:
                pid, name, country, lat, lon, code, people, written, derived = line.rstrip(
                    "\n"
                ).split("\t")
                place = Place(pid, name, country, float(lat), float(lon), code, int(people))
                for key in filter(None, [*written.split("|"), *derived.split("|")]):
                    aliases.setdefault(key, []).append(len(places))
                strippable.update(k for k in written.split("|") if _strippable(k, place))
                places.append(place)
        stoplist: dict[str, str] = {}
        for name in ("stoplist_auto.tsv", "stoplist.tsv"):  # curated last: it wins
            for line in (folder / name).read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    word, level = line.split("\t")[:2]
                    stoplist[fold(word)] = level
        resolver = None
        if regional:
            resolver = RegionalResolver(RegionalGazetteer.load(folder), frozenset(stoplist))
        return cls(places, aliases, stoplist, strippable, resolver)

    def candidates(self, key: str) -> list[Place]:
        """Every place that the folded alias `key` may name."""
        return [self.places[i] for i in self.aliases.get(key, ())]

    def resolve(self, name: str, countries: frozenset[str] = frozenset()) -> Place | None:
        """The place a name (as written, e.g. a tagger's LOC span) most likely means."""
        tokens = [fold(t.text) for t in tokenize(name)]
        if not tokens:
            return None
        for word, _ in clitic_variants(tokens[0]):
            found = self.candidates(" ".join([word, *tokens[1:]]))
            if found:
                return self._best(found, countries)
        return None

    @staticmethod
    def _best(found: Sequence[Place], countries: frozenset[str]) -> Place:
        """Pick among homonyms.

        A capital in a country the text names wins (عمان in a text about Jordan is
        Amman); then a country (لبنان is Lebanon, not a town in the United States);
        then a seat or large town in a country the text names (طرابلس in a text about
        Lebanon); then rank and population. A name shared by a country and its own
        capital (الجزائر، تونس، الكويت) names the country.
        """
        countries_named = {place.country for place in found if place.feature_code == "PCLI"}
        found = [
            place
            for place in found
            if place.feature_code != "PPLC" or place.country not in countries_named
        ]

        def score(place: Place) -> tuple[bool, bool, bool, int, int]:
            notable = place.rank()[0] >= _RANK["PPLA2"] or place.population >= 100_000
            boosted = place.country in countries and notable
            return (
                boosted and place.feature_code == "PPLC",
                place.feature_code == "PCLI",
                boosted,
                place.rank()[0],
                place.population,
            )

        return max(found, key=score)

    def _accepted(self, hit: AliasHit, loc_spans: _Enclosing) -> bool:
        level = self.stoplist.get(hit.key)
        if level is None:
            return True
        if loc_spans.encloses(hit.start, hit.end):
            return True
        preceding = hit.preceding
        for word, _ in clitic_variants(preceding):
            if word in _STRONG_CUES:
                return True
        if level == "cue" and self._in_focus(hit.key):
            return preceding in _WEAK_CUES or hit.prefix.endswith("ب")
        return False

    def _in_focus(self, key: str) -> bool:
        """Whether an alias may name a country, a capital, or a place in the region."""
        return any(
            place.country in _FOCUS_COUNTRIES or place.feature_code in ("PCLI", "PPLC")
            for place in self.candidates(key)
        )

    def find(self, text: str, entity_spans: EntitySpans = ()) -> list[PlaceSpan]:
        """The places mentioned in raw `text`, disambiguated within the text.

        `entity_spans` (from a tagger or the entity linker) lift the stoplist inside LOC
        spans and hide places inside PER/ORG/MISC names (قوات سوريا الديمقراطية).
        """
        spans = [_span_type(s) for s in entity_spans]
        loc_spans = _Enclosing((s, e) for s, e, t in spans if t == "LOC")
        hidden = _Enclosing((s, e) for s, e, t in spans if t in _NOT_PLACE_TYPES)
        tokens = tokenize(text)
        folded = [fold(t.text) for t in tokens]
        tables = (self.aliases, self.lengths, self.strippable, self.whole)
        hits = [
            h
            for h in scan_tokens(text, tokens, folded, *tables)
            if self._accepted(h, loc_spans) and not hidden.encloses(h.start, h.end)
        ]
        found = [(h, self.candidates(h.key)) for h in hits]
        context = frozenset(
            options[0].country for _, options in found if len({p.country for p in options}) == 1
        )
        # A country's name that is also a town elsewhere (لبنان) still names the country.
        context |= {
            best.country
            for best in (self._best(options, context) for _, options in found)
            if best.feature_code == "PCLI"
        }
        result: list[PlaceSpan] = []
        for hit, options in found:
            place = self._best(options, context)
            result.append(
                PlaceSpan(
                    text[hit.start : hit.end],
                    hit.start,
                    hit.end,
                    place.name,
                    place.country,
                    place.lat,
                    place.lon,
                    "country" if place.feature_code == "PCLI" else "city",
                    id=f"gn:{place.id}",
                )
            )
        if self.regional is not None:
            found_all = self.regional.find(text, result, (tokens, folded))
            return [p for p in found_all if not hidden.encloses(p.start, p.end)]
        return result


def with_places(
    article: Article, matcher: PlaceMatcher, entity_spans: EntitySpans | None = None
) -> Article:
    """The article with its places found; entity spans default to the article's own."""
    spans = article.entities if entity_spans is None else entity_spans
    return replace(article, places=tuple(matcher.find(article.text, spans)))
