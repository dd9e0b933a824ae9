"""Build the tagger's base gazetteer (`type<TAB>name`, folded, gzip) from shared lists.

`scripts/train_ner.py` reads it, adds the names annotated in the training data and
writes the gazetteer that ships beside the model.

Sources, selectable because their licences differ:

* `geonames`: country names (CLDR and GeoNames Arabic) and Arabic names of cities
  with 15,000+ inhabitants (GeoNames, CC BY 4.0) -> LOC;
* `anergazet`: ANERcorp's companion lists (research use) -> PER / LOC / ORG;
* `anetac`: English-Arabic named-entity pairs (no licence stated) -> PER / LOC / ORG.

    python scripts/ner_gazetteer.py --sources geonames [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

from marsad.text.normalize import fold
from marsad.text.tokenize import words

REPO = Path(__file__).resolve().parents[1]
GAZETTEERS = REPO / ".." / "shared" / "data" / "gazetteer_ar"
DEFAULT_OUT = REPO / "build" / "ner" / "gazetteer_base.tsv.gz"
_TYPES = {"PERS": "PER", "PERSON": "PER", "LOC": "LOC", "LOCATION": "LOC"}
_TYPES |= {"ORG": "ORG", "ORGANIZATION": "ORG"}
SOURCES = ("geonames", "anergazet", "anetac")


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (GAZETTEERS / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def geonames() -> Iterator[tuple[str, str]]:
    for row in _rows("geonames_countries_ar.tsv"):
        for column in ("name_ar", "name_ar_geonames", "capital_ar"):
            yield "LOC", row[column]
    for row in _rows("geonames_cities15000_ar.tsv"):
        yield "LOC", row["name_ar"]
        for name in row["names_ar"].split("|"):
            yield "LOC", name


def anergazet() -> Iterator[tuple[str, str]]:
    for row in _rows("anergazet.tsv"):
        yield _TYPES[row["type"]], row["name"]


def anetac() -> Iterator[tuple[str, str]]:
    for row in _rows("anetac_en_ar_named_entities.tsv"):
        yield _TYPES[row["class"]], row["name_ar"]


def build(sources: list[str]) -> set[tuple[str, str]]:
    """Folded (type, name) pairs; one-letter names and over-long phrases are dropped.

    The mined ANETAC pairs are noisy (ألمانيا as a person), so an ANETAC name that
    GeoNames or ANERGazet list as a place is kept as a place only.
    """
    readers = {"geonames": geonames, "anergazet": anergazet, "anetac": anetac}
    entries: set[tuple[str, str]] = set()
    curated_places: set[str] = set()
    for source in sources:
        for kind, name in readers[source]():
            pieces = words(fold(name))
            if not pieces or len(pieces) > 5 or (len(pieces) == 1 and len(pieces[0]) < 3):
                continue
            folded = " ".join(pieces)
            if source == "anetac" and kind != "LOC" and folded in curated_places:
                continue
            if source != "anetac" and kind == "LOC":
                curated_places.add(folded)
            entries.add((kind, folded))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", default="geonames", help=", ".join(SOURCES))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    entries = build([s for s in args.sources.split(",") if s])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("type\tname\n")
        for kind, name in sorted(entries):
            out.write(f"{kind}\t{name}\n")
    print(f"wrote {len(entries)} names to {args.out}")


if __name__ == "__main__":
    main()
