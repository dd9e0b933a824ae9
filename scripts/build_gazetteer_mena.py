"""Compile the regional gazetteer (villages, neighbourhoods, admin areas, camps).

Reads `gazetteer_mena/places_mena.tsv` and `admin_areas.tsv` (GeoNames, Who's On First,
OpenSyria/OCHA, Natural Earth: see marsad/resources/places/NOTICE.md) and the curated
`camps.tsv`, `regions.tsv`, `neighbourhoods.tsv` and `aliases_mena.tsv` shipped in
marsad/resources/places/, and writes
`marsad/resources/places/mena.json.gz`: one column per field (so loading is one
`json.load`, no per-row objects) and an index from folded names to row numbers.

Kept: countries (as areas, with their label-point centroid), admin levels 1-3 of the
region with an Arabic name and a centroid, populated places of the region with an
Arabic name, and the camps. Names are folded, admin designations (محافظة، ناحية …)
are stripped (the matcher reads them as cues), and a form with and without ال is
added.

Usage: python scripts/build_gazetteer_mena.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.text.normalize import fold
from marsad.text.tokenize import words

_OUT = Path(__file__).resolve().parents[1] / "marsad" / "resources" / "places"
_REGION = frozenset(
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
        "EH",
        "SS",
        "IL",
        "TR",
        "IR",
    ]
)
_DESIGNATIONS = tuple(
    sorted(
        {
            fold(w)
            for w in (
                "محافظة",
                "ناحية",
                "منطقة",
                "قضاء",
                "مدينة",
                "قرية",
                "بلدة",
                "مركز",
                "مركز قضاء",
                "مركز ناحية",
                "ولاية",
                "لواء",
                "مديرية",
                "إمارة",
                "شعبية",
                "حي",
                "مخيم",
            )
        },
        key=len,
        reverse=True,
    )
)
_MAX_TOKENS = 4
# Words the matcher reads as cues (محافظة، جنوب …): never names on their own.
_CUE_WORDS = frozenset(
    fold(w)
    for w in [
        "محافظة",
        "منطقة",
        "ناحية",
        "قضاء",
        "مدينة",
        "قرية",
        "بلدة",
        "مخيم",
        "حي",
        "ريف",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "وسط",
        *("عاصمة", "إمارة", "ولاية", "إقليم", "مديرية", "لواء", "محافظات", "مناطق"),
    ]
)
_JOINABLE = tuple(fold(w) for w in ["كفر", "تل", "عين", "بيت", "دير", "أبو", "أم", "بئر"])
# Cue words that also start real names: غرب دارفور، ريف دمشق.
_NAME_HEADS = frozenset(fold(w) for w in ["شمال", "جنوب", "شرق", "غرب", "وسط", "ريف"])
_HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")
# A one-word name seen this often in general news, rarely after a place preposition,
# is an ordinary word there (الحالي، الدولي) and is read only after a place-type cue.
_COMMON_MIN = 20
_INFLECTED_MIN = 8
_ARTICLE_MIN = 10
_PLACE_SHARE = 0.1
_PLACE_SURE = 0.3
_PLACEY = frozenset(
    fold(w)
    for w in [
        *("في", "قرب", "نحو", "داخل", "بلدة", "مدينة", "قرية", "بلدات", "قرى", "ريف"),
        *("محافظة", "ولاية", "منطقة", "قضاء", "ناحية", "مديرية", "شمال", "جنوب", "شرق", "غرب"),
        *("قاعدة", "معبر", "مطار", "مخيم", "حي", "محيط", "أطراف", "بلدتي", "مدينتي", "قريتي"),
    ]
)


@dataclass
class Row:
    """One entry of the shipped table."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    admin1: str
    parent: str
    population: int
    keys: set[str] = field(default_factory=set)


def name_keys(names: Iterable[str]) -> set[str]:
    """Folded lookup keys of some Arabic names: designation stripped, with and without ال."""
    keys: set[str] = set()
    for raw in names:
        folded = " ".join(words(fold(_HARAKAT.sub("", raw))))
        for prefix in _DESIGNATIONS:
            if folded.startswith(prefix + " "):
                folded = folded[len(prefix) + 1 :]
                break
        if not folded or len(folded) < 3 or folded.count(" ") >= _MAX_TOKENS:
            continue
        keys.add(folded)
        keys |= _spacing_variants(folded)
        if folded.startswith("ال") and len(folded) > 4:
            keys.add(folded[2:])
        elif " " not in folded:
            keys.add("ال" + folded)
    return keys


def _spacing_variants(folded: str) -> set[str]:
    """كفر نبل and كفرنبل, تل رفعت and تلرفعت: news writes these names both ways."""
    first, _, rest = folded.partition(" ")
    if rest and first in _JOINABLE and " " not in rest:
        return {first + rest}
    for head in _JOINABLE:
        if not rest and folded.startswith(head) and len(folded) - len(head) >= 3:
            return {f"{head} {folded[len(head) :]}"}
    return set()


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _kind_of_place(code: str, population: int) -> str:
    if code == "PPLX":
        return "neighbourhood"
    if code in ("PPLC", "PPLA", "PPLA2", "PPLA3") or population >= 15_000:
        return "city"
    return "village"


def admin_rows(path: Path) -> tuple[list[Row], dict[str, str]]:
    """Countries and the region's admin areas; and each area's level-1 ancestor."""
    raw = list(_tsv(path))
    parents = {r["id"]: r["parent_id"] for r in raw}
    levels = {r["id"]: r["level"] for r in raw}

    def admin1_of(area: str) -> str:
        seen = 0
        while area and levels.get(area) not in (None, "1", "0") and seen < 5:
            area, seen = parents.get(area, ""), seen + 1
        return area if levels.get(area) == "1" else ""

    rows: list[Row] = []
    for r in raw:
        level = int(r["level"])
        if not r["lat"] or not r["name_ar"]:
            continue
        if level and r["country"] not in _REGION:
            continue
        keys = name_keys([r["name_ar"], *r["variants_ar"].split("|")])
        if not keys:
            continue
        rows.append(
            Row(
                r["id"],
                r["name_ar"],
                "country" if level == 0 else f"admin{level}",
                r["country"] or r["iso3166_2"][:2] or r["id"].removeprefix("iso:"),
                float(r["lat"]),
                float(r["lon"]),
                admin1_of(r["id"]) if level > 1 else "",
                r["parent_id"],
                0,
                keys,
            )
        )
    return rows, {r["id"]: admin1_of(r["id"]) for r in raw}


def place_rows(path: Path, admin1_of: dict[str, str]) -> list[Row]:
    """Populated places of the region with an Arabic name."""
    rows: list[Row] = []
    for r in _tsv(path):
        if r["feature_class"] != "P" or r["country_code"] not in _REGION or not r["names_ar"]:
            continue
        keys = name_keys([r["name_ar"], *r["names_ar"].split("|")])
        if not keys:
            continue
        population = int(r["population"] or 0)
        parent = r["admin2_id"] or r["admin1_id"]
        rows.append(
            Row(
                r["id"],
                r["name_ar"] or r["names_ar"].split("|")[0],
                _kind_of_place(r["feature_code"], population),
                r["country_code"],
                float(r["lat"]),
                float(r["lon"]),
                r["admin1_id"] or admin1_of.get(parent, ""),
                parent,
                population,
                keys,
            )
        )
    return rows


def curated_rows(path: Path, kind: str) -> list[Row]:
    """Curated camps or regions: id, name_ar, variants, country, lat, lon, admin1 id, source."""
    rows: list[Row] = []
    for r in _tsv(path):
        if r["id"].startswith("#"):
            continue
        names = [r["name_ar"], *filter(None, r["variants_ar"].split("|"))]
        rows.append(
            Row(
                r["id"],
                r["name_ar"],
                kind,
                r["country"],
                float(r["lat"]),
                float(r["lon"]),
                r["admin1_id"],
                r["admin1_id"],
                0,
                name_keys(names),
            )
        )
    return rows


def add_aliases(rows: list[Row], path: Path) -> None:
    """Curated spellings (alias, target id) that the sources lack, e.g. الباغوز."""
    by_id = {row.id: row for row in rows}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, target = line.split("\t")[:2]
        if target not in by_id:
            sys.exit(f"alias {alias}: no row {target}")
        by_id[target].keys |= name_keys([alias])


def word_counts(corpus: Path, limit: int) -> tuple[Counter[str], Counter[str]]:
    """Folded word counts over a gzipped JSON Lines corpus: all, and after a place word."""
    counts: Counter[str] = Counter()
    placey: Counter[str] = Counter()
    if not corpus.exists():
        return counts, placey
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number >= limit:
                break
            row = json.loads(line)
            folded = [fold(w) for w in words(row.get("text") or row.get("content") or "")]
            counts.update(folded)
            placey.update(w for before, w in itertools.pairwise(folded) if before in _PLACEY)
    return counts, placey


def inflections(key: str) -> set[str]:
    """Forms an ordinary noun takes and a place name does not: مكانه، حالات، بلادها."""
    stem = key.removeprefix("ال")
    base = stem[:-1] if stem.endswith("ه") else stem
    forms = {stem + end for end in ("ه", "ها", "هم", "ات", "ين", "ون")}
    forms |= {base + end for end in ("ته", "تها", "ات", "تين")}
    return (forms | {"ال" + f for f in forms}) - {key}


def is_common(key: str, counts: Counter[str], placey: Counter[str]) -> bool:
    """A one-word name that news uses as an ordinary word.

    Unless it mostly follows a place word (في، قرب، بلدة، قاعدة …): it is written both
    with and without ال (مجلس، المجلس: place names keep theirs), or it is inflected like
    a noun (مكانه), or it is frequent and seldom follows a place word.
    """
    seen = counts[key]
    if placey[key] >= _PLACE_SURE * seen:  # قاعدة التنف، قرب التنف: mostly used as a place
        return False
    other = key[2:] if key.startswith("ال") else "ال" + key
    if min(seen, counts[other]) >= _ARTICLE_MIN:
        return True
    if seen >= _INFLECTED_MIN and any(counts[f] >= max(3, 0.05 * seen) for f in inflections(key)):
        return True
    return seen >= _COMMON_MIN and placey[key] < _PLACE_SHARE * seen


def compile_table(rows: list[Row], counts: Counter[str], placey: Counter[str]) -> dict[str, object]:
    """The columnar table and its name index, as written to mena.json.gz."""
    index: dict[str, list[int]] = {}
    for number, row in enumerate(rows):
        for key in sorted(row.keys):
            head = key.split()[0].removeprefix("ال")
            if head in _CUE_WORDS and (" " not in key or head not in _NAME_HEADS):
                continue  # ناحية ثانية، الجنوب; but غرب دارفور is a name
            index.setdefault(key, []).append(number)
    # Names of camps, regions and countries stay readable (curated or unambiguous).
    notable = {"camp", "region", "country"}
    common = sorted(
        key
        for key, ids in index.items()
        if " " not in key
        and not any(rows[i].kind in notable for i in ids)
        and is_common(key, counts, placey)
    )
    return {
        "columns": {
            "id": [r.id for r in rows],
            "name": [r.name for r in rows],
            "kind": [r.kind for r in rows],
            "country": [r.country for r in rows],
            "lat": [round(r.lat, 4) for r in rows],
            "lon": [round(r.lon, 4) for r in rows],
            "admin1": [r.admin1 for r in rows],
            "parent": [r.parent for r in rows],
            "population": [r.population for r in rows],
        },
        # One row (most names): the row number itself, which parses faster than a list.
        "index": {key: ids[0] if len(ids) == 1 else ids for key, ids in index.items()},
        "common": common,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=_OUT)
    parser.add_argument("--articles", type=int, default=40000)
    args = parser.parse_args()
    source = args.data / "gazetteer_mena"
    admins, admin1_of = admin_rows(source / "admin_areas.tsv")
    rows = [*admins, *place_rows(source / "places_mena.tsv", admin1_of)]
    rows += curated_rows(args.out / "camps.tsv", "camp")
    rows += curated_rows(args.out / "regions.tsv", "region")
    rows += curated_rows(args.out / "neighbourhoods.tsv", "neighbourhood")
    add_aliases(rows, args.out / "aliases_mena.tsv")
    counts, placey = word_counts(args.data / "unlabeled_news" / "ant_full.jsonl.gz", args.articles)
    table = compile_table(rows, counts, placey)
    with gzip.open(args.out / "mena.json.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        json.dump(table, out, ensure_ascii=False, separators=(",", ":"))
    kinds = Counter(r.kind for r in rows)
    print(f"{len(rows)} rows {dict(kinds)}; {len(table['index'])} names")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
