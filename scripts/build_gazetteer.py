"""Compile the GeoNames Arabic gazetteer into the compact resource Marsad ships.

Reads the shared GeoNames extracts (cities with Arabic names, countries), the curated
extra aliases in marsad/resources/places/aliases.tsv, and optionally NER-tagged and raw
news corpora to find place names that are mostly used as ordinary words. Writes:

* marsad/resources/places/places.tsv.gz — one place per line: id, name, country, lat,
  lon, feature_code, population, aliases (folded, "|"-separated).
* marsad/resources/places/stoplist_auto.tsv — single-word aliases that the corpora show
  are usually not places (word, level, evidence).

Countries get the coordinates of their capital; a country without a capital row in the
data (e.g. disputed capitals) gets the mean coordinates of its cities in the data.

Usage: python scripts/build_gazetteer.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.steps.places import clitic_variants
from marsad.text.normalize import clean, fold
from marsad.text.numbers import parse_number
from marsad.text.tokenize import words

_OUT = Path(__file__).resolve().parents[1] / "marsad" / "resources" / "places"
_MAX_TOKENS = 4
_ADMIN_PREFIXES = ("محافظه", "مدينه", "قضاء", "ناحيه", "مركز قضاء", "مركز ناحيه", "قريه")
_REGION = frozenset(
    [
        "SY",
        "IQ",
        "LB",
        "JO",
        "PS",
        "EG",
        "YE",
        "LY",
        "TR",
        "IR",
        "SA",
        "AE",
        "KW",
        "QA",
        "BH",
        "OM",
        "SD",
        "DZ",
        "TN",
        "MA",
    ]
)
_LOC_TAGS = (
    "LOC",
    "Nation",
    "Population-Center",
    "State-or-Province",
    "Region",
    "Continent",
    "Country",
    "GPE",
)


@dataclass
class Place:
    id: str
    name: str
    country: str
    lat: float
    lon: float
    feature_code: str
    population: int
    aliases: set[str] = field(default_factory=set)
    derived: set[str] = field(default_factory=set)  # ال added or removed by this script
    names: list[str] = field(default_factory=list)  # Arabic names as GeoNames writes them

    def add(self, name: str, add_article: bool = True) -> None:
        written, derived = alias_variants(name, add_article)
        self.aliases |= written
        self.derived = (self.derived | derived) - self.aliases


def alias_key(name: str) -> str | None:
    """The folded token sequence an alias matches, or None if it cannot be matched."""
    name = re.sub(r"\(.*?\)", " ", name)
    tokens = words(fold(name))
    if not tokens or len(tokens) > _MAX_TOKENS or any(len(t) < 2 for t in tokens):
        return None
    if any(not ("\u0621" <= t[0] <= "\u064a") for t in tokens):
        return None
    return " ".join(tokens)


def alias_variants(name: str, add_article: bool = True) -> tuple[set[str], set[str]]:
    """The alias as written, without an admin prefix, and with and without ال.

    ال is not added to country names, nor to names ending like a nisba adjective
    (يه): السورية is "the Syrian", not Syria.
    """
    key = alias_key(name)
    if key is None:
        return set(), set()
    keys = {key}
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix + " "):
            keys.add(key[len(prefix) + 1 :])
    derived: set[str] = set()
    for item in keys:
        if item.startswith("ال") and len(item.split()[0]) >= 5:
            derived.add(item[2:])
        elif (
            add_article
            and not item.startswith("ال")
            and len(item.split()[0]) >= 3
            and not item.endswith("يه")
        ):
            derived.add("ال" + item)
    return keys, derived - keys


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def display_name(row: dict[str, str]) -> str:
    """The preferred Arabic name, with ال when GeoNames also lists that form (الموصل)."""
    name = row["name_ar"] or (row["names_ar"].split("|")[0] if row["names_ar"] else "")
    others = row["names_ar"].split("|") if row["names_ar"] else []
    if name and not name.startswith("ال") and "ال" + name in others:
        return "ال" + name
    return name


def load_cities(path: Path) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for row in read_tsv(path):
        name = display_name(row)
        if not name:
            continue  # only Persian/Urdu/Kurdish spellings: not Arabic news names
        place = Place(
            row["geonameid"],
            name,
            row["country_code"],
            float(row["latitude"]),
            float(row["longitude"]),
            row["feature_code"],
            int(row["population"] or 0),
        )
        for alias in [row["name_ar"], *row["names_ar"].split("|")]:
            if alias:
                place.add(alias)
                place.names.append(alias)
        if place.aliases:
            places[place.id] = place
    return places


def load_countries(path: Path, cities: dict[str, Place]) -> dict[str, Place]:
    by_country: dict[str, list[Place]] = defaultdict(list)
    for city in cities.values():
        by_country[city.country].append(city)
    countries: dict[str, Place] = {}
    for row in read_tsv(path):
        if row["capital_latitude"]:
            lat, lon = float(row["capital_latitude"]), float(row["capital_longitude"])
        elif by_country[row["iso2"]]:
            members = by_country[row["iso2"]]
            lat = round(sum(c.lat for c in members) / len(members), 5)
            lon = round(sum(c.lon for c in members) / len(members), 5)
        else:
            continue
        place = Place(
            row["geonameid"],
            row["name_ar"].strip(),
            row["iso2"],
            lat,
            lon,
            "PCLI",
            int(row["population"] or 0),
        )
        for alias in (row["name_ar"], row["name_ar_geonames"]):
            place.add(alias, add_article=False)
        capital = cities.get(row["capital_geonameid"]) if "capital_geonameid" in row else None
        if capital is None and row["capital_ar"]:
            capital = next((c for c in by_country[row["iso2"]] if c.feature_code == "PPLC"), None)
        if capital is not None and row["capital_ar"]:
            capital.name = row["capital_ar"]  # CLDR spelling: عمان, not GeoNames' امان
            capital.add(row["capital_ar"])
        if place.name and place.aliases:
            countries[row["iso2"]] = place
    return countries


def add_curated(path: Path, cities: dict[str, Place], countries: dict[str, Place]) -> None:
    """Attach the curated aliases to places that GeoNames already holds."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, country, target, *flags = line.split("\t")
        if target == "*":
            matches = [countries[country]] if country in countries else []
        else:
            key = alias_key(target)
            matches = [
                c
                for c in cities.values()
                if c.country == country and (key in c.aliases or key in c.derived)
            ]
        if len(matches) != 1:
            raise SystemExit(
                f"{path.name}: {alias!r} -> {country} {target!r}: {len(matches)} matches"
            )
        matches[0].add(alias, add_article=target != "*")
        if flags == ["display"]:
            matches[0].name = alias


def conll_counts(paths: Iterable[Path]) -> tuple[Counter[str], Counter[str]]:
    """How often each folded token is tagged as a location, and as anything else."""
    as_loc: Counter[str] = Counter()
    as_other: Counter[str] = Counter()
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 2:
                continue
            token, tag = fold(parts[0]), parts[1]
            target = as_loc if any(tag.endswith(t) for t in _LOC_TAGS) else as_other
            target[token] += 1
    return as_loc, as_other


def news_counts(path: Path, limit: int = 5000) -> Counter[str]:
    counts: Counter[str] = Counter()
    if not path.exists():
        return counts
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number >= limit:
                break
            counts.update(words(fold(json.loads(line)["text"])))
    return counts


def _alias_sets(places: Iterable[Place]) -> tuple[set[str], set[str], set[str]]:
    """Single-word aliases (written and derived), those of countries and capitals, and
    those of administrative seats in the region the news covers."""
    single: set[str] = set()
    important: set[str] = set()
    seats: set[str] = set()
    for place in places:
        for alias in place.aliases | place.derived:
            if " " in alias:
                continue
            single.add(alias)
            if place.feature_code in ("PCLI", "PPLC") and alias in place.aliases:
                important.add(alias)
            if place.feature_code in ("PPLA", "PPLA2") and place.country in _REGION:
                seats.add(alias)
    return single, important, seats


def auto_stoplist(places: list[Place], data: Path) -> list[tuple[str, str, str]]:
    """Single-word aliases that tagged news shows are mostly not places, and words that
    must not lose a first letter to clitic stripping.

    A word tagged as a location less often than as something else (in ANERcorp and
    NewsFANE) is suspect; so is a number word, and a word among the most frequent in raw
    news that the tagged corpora never mark as a location — unless it names a country
    or a capital, or (for the frequency rule, which knows nothing of the word's use) an
    administrative seat in the region the news covers.
    """
    as_loc, as_other = conll_counts(
        [data / "anercorp" / "train.conll", data / "newsfane_gold" / "train.conll"]
    )
    frequent = news_counts(data / "saudinewsnet" / "articles.jsonl")
    top = {w for w, _ in frequent.most_common(2500)}
    single, important, seats = _alias_sets(places)
    found: list[tuple[str, str, str]] = []
    for alias in sorted(single - important):
        loc, other = as_loc[alias], as_other[alias]
        if parse_number(alias) is not None:
            found.append((alias, "strict", "a number word"))
        elif other >= 3 and other > 2 * loc:
            level = "strict" if loc == 0 and other >= 10 else "cue"
            found.append((alias, level, f"tagged LOC {loc}, other {other}"))
        elif alias in top and loc == 0 and alias not in seats:
            found.append((alias, "cue", f"frequent in news ({frequent[alias]}), never LOC"))
    found += clitic_blocklist(places, as_loc, as_other, frequent)
    found += person_names(places, data / "gazetteer_ar" / "anetac_en_ar_named_entities.tsv")
    return found


def person_names(places: list[Place], anetac: Path) -> list[tuple[str, str, str]]:
    """Names of minor foreign places that are mostly people's names (هولاند، غاري).

    ANETAC pairs English and Arabic names with a class; a word seen far more often in
    person names than in location names is suspect unless the place is notable.
    """
    if not anetac.exists():
        return []
    as_person: Counter[str] = Counter()
    as_location: Counter[str] = Counter()
    for row in read_tsv(anetac):
        target = as_person if row["class"] == "PERSON" else as_location
        target.update(words(fold(row["name_ar"])))
    found: dict[str, tuple[str, str, str]] = {}
    for place in places:
        if notable(place) or place.feature_code in ("PCLI", "PPLC"):
            continue
        for alias in place.aliases:
            person, location = as_person[alias], as_location[alias]
            if " " not in alias and person >= 3 and person > 3 * location:
                found[alias] = (alias, "cue", f"in person names {person}, places {location}")
    notable_names = {a for p in places if notable(p) or p.feature_code == "PCLI" for a in p.aliases}
    return [found[a] for a in sorted(found) if a not in notable_names]


def clitic_blocklist(
    places: list[Place], as_loc: Counter[str], as_other: Counter[str], frequent: Counter[str]
) -> list[tuple[str, str, str]]:
    """Words that read as clitic + place name but are ordinary words: لجنة is not ل + جنة,
    كبيرة is not ك + بيرة. Level "word": match the word whole or not at all."""
    single, important, seats = _alias_sets(places)
    written = {a for p in places for a in p.aliases}
    every = written | {a for p in places for a in p.derived}
    top = {w for w, _ in frequent.most_common(20000)}
    found: list[tuple[str, str, str]] = []
    for token in sorted((set(as_other) | top) - every):
        readings = [r for r, prefix in clitic_variants(token)[1:] if r in single & written]
        if not readings:
            continue
        if as_other[token] >= 2 and as_loc[token] == 0:
            found.append((token, "word", f"tagged other {as_other[token]}, never LOC"))
        elif token in top and not any(r in important | seats for r in readings):
            found.append((token, "word", f"frequent in news ({frequent[token]})"))
    return found


def notable(place: Place) -> bool:
    """A place in the region the news covers that is a seat or a large town."""
    seat = place.feature_code in ("PCLI", "PPLC", "PPLA", "PPLA2")
    return place.country in _REGION and (seat or place.population >= 100_000)


def refine(places: list[Place], data: Path) -> None:
    """Use news word counts to pick display names and to drop risky alias forms.

    * Display: the spelling news uses most (روما, not GeoNames' رم; القاهرة, not قاهره),
      without harakat.
    * Forms derived by adding or removing ال are kept only for notable places in the
      region, and not when tagged news uses them as ordinary words (السيول "the floods"
      is not Seoul, الصور "the pictures" is not Sur).
    * Single-word names of fewer than three letters are kept only for notable places.
    """
    as_loc, as_other = conll_counts(
        [data / "anercorp" / "train.conll", data / "newsfane_gold" / "train.conll"]
    )
    frequent = news_counts(data / "saudinewsnet" / "articles.jsonl")
    top = {w for w, _ in frequent.most_common(5000)}
    for place in places:
        counted = [(frequent[key], name) for name in place.names if (key := alias_key(name))]
        best = max(counted, default=(0, ""))
        current = frequent[alias_key(place.name) or ""]
        if best[0] >= 5 and best[0] > current:
            place.name = best[1]
        place.name = clean(place.name)
        place.derived = {
            d
            for d in place.derived
            if notable(place)
            and not (as_other[d] >= 2 and as_loc[d] == 0)
            and not (d in top and place.feature_code not in ("PCLI", "PPLC"))
        }
        place.aliases = {a for a in place.aliases if " " in a or len(a) >= 3 or notable(place)}


def write(places: list[Place], stop: list[tuple[str, str, str]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(
        out / "places.tsv.gz", "wt", encoding="utf-8", compresslevel=9, newline=""
    ) as handle:
        handle.write("id\tname\tcountry\tlat\tlon\tfeature_code\tpopulation\taliases\tderived\n")
        for p in sorted(places, key=lambda p: (p.country, p.id)):
            handle.write(
                f"{p.id}\t{p.name}\t{p.country}\t{p.lat}\t{p.lon}\t{p.feature_code}"
                f"\t{p.population}\t{'|'.join(sorted(p.aliases))}\t{'|'.join(sorted(p.derived))}\n"
            )
    with (out / "stoplist_auto.tsv").open("w", encoding="utf-8") as handle:
        handle.write("# Generated by scripts/build_gazetteer.py; edit stoplist.tsv instead.\n")
        for word, level, why in stop:
            handle.write(f"{word}\t{level}\t{why}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args()
    gazetteer = args.data / "gazetteer_ar"
    cities = load_cities(gazetteer / "geonames_cities15000_ar.tsv")
    countries = load_countries(gazetteer / "geonames_countries_ar.tsv", cities)
    add_curated(args.out / "aliases.tsv", cities, countries)
    places = list(countries.values()) + list(cities.values())
    refine(places, args.data)
    stop = auto_stoplist(places, args.data)
    write(places, stop, args.out)
    print(
        f"{len(countries)} countries, {len(cities)} cities, "
        f"{sum(len(p.aliases) for p in places)} aliases, {len(stop)} auto-stop words"
    )


if __name__ == "__main__":
    main()
