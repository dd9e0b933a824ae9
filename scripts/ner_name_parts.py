"""Build the name-part lexicon of the tagger: which words are parts of PER/ORG/LOC names.

Most names in the news the tagger reads never occur in ANERcorp, but their parts do
occur elsewhere: a first name in a Wikipedia biography, a town in a gazetteer, a
word like «الاتحاد» inside organisation names. Each folded word gets the types of the
names it is part of:

* `wikifane`, `aqmar`: the entity tokens of WikiFANE Gold (fine classes mapped to
  PER/ORG/LOC) and AQMAR (CC BY-SA 3.0); a word is kept for a type when at least
  `MIN_COUNT` of its occurrences are inside a name of that type and they are at least
  `MIN_SHARE` of all its occurrences (so «في» never becomes a name part);
* `geonames`: the words of country and city names (GeoNames, CC BY 4.0; CLDR);
* `mena`: the words of MENA admin areas and of places with 20,000+ inhabitants
  (Who's On First / GeoNames, CC BY; CC0);
* a small curated MISC list (currencies, religions, wars, prizes), `MISC_TEXT`.

Gazetteer words among the `STOP_RANK` most frequent words of the word-cluster table
are left out (a place called «عين» does not make every «عين» a place). ANERcorp
(train or test) is never read here.

    python scripts/ner_name_parts.py [--out build/ner/name_parts.tsv.gz]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.steps.ner_features import core_form

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / ".." / "shared" / "data"
DEFAULT_OUT = REPO / "build" / "ner" / "name_parts.tsv.gz"
FREQUENCIES = REPO / "build" / "ner" / "vectors.tsv.gz"  # ner_word_vectors.py
WIKIFANE_MEMBER = "WikiFANE_2014_Gold_standard/WikiFANE_Gold_2014_500K.txt"
MIN_COUNT = 2
MIN_SHARE = 0.5
STOP_RANK = 500
MIN_POPULATION = 20000

_PER = "Politician Religious_PER Artist Other_PER Scientist Athlete Businessperson Engineer"
_PER += " Police Lawyer"
_ORG = "Commercial Non-Governmental Government Educational Media Sports Religious_ORG"
_ORG += " Medical-Science Entertainment"
_LOC = "Population-Center Nation Water-Body State-or-Province Continent Land-Region-Natural"
_LOC += " County-or-District GPE-Cluster"
FINE_TYPES = {
    **dict.fromkeys(_PER.split(), "PER"),
    **dict.fromkeys(_ORG.split(), "ORG"),
    **dict.fromkeys(_LOC.split(), "LOC"),
}
AQMAR_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}

# Words of MISC names in ANERcorp's sense (it tags currencies, religions, prizes and
# tournaments as MISC: دولار, الإسلام, نوبل, المونديال).
MISC_TEXT = """
دولار يورو ين جنيه ريال درهم دينار ليره روبل يوان فرنك استرليني شيكل روبيه
الدولار اليورو الين الجنيه الريال الدرهم الدينار الليره الروبل اليوان الفرنك
الاسلام المسيحيه اليهوديه البوذيه الهندوسيه
نوبل بوليتزر الاوسكار اوسكار غولدن غلوب البوكر بوكر
المونديال الاولمبياد الاولمبيه مونديال
"""


def read_conll_tokens(lines: Iterable[str], types: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(folded token, coarse type or "") of every token line `token<TAB or space>tag`."""
    for line in lines:
        columns = line.replace("\u200e", "").split()
        if len(columns) < 2:
            continue
        tag = columns[-1].strip("`")
        fine = tag[2:] if tag[:2] in ("B-", "I-") else ""
        yield core_form(columns[0]), types.get(fine, "")


def wikifane_tokens() -> Iterator[tuple[str, str]]:
    archive_path = DATA / "ner_extra" / "wikifane_gold_2014.zip"
    with zipfile.ZipFile(archive_path) as archive, archive.open(WIKIFANE_MEMBER) as raw:
        yield from read_conll_tokens(io.TextIOWrapper(raw, encoding="utf-8-sig"), FINE_TYPES)


def aqmar_tokens() -> Iterator[tuple[str, str]]:
    for path in sorted((DATA / "ner_extra" / "aqmar").glob("*.txt")):
        with path.open(encoding="utf-8") as handle:
            yield from read_conll_tokens(handle, AQMAR_TYPES)


def corpus_parts(tokens: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(type, word) for words that are mostly parts of names of that type."""
    totals: Counter[str] = Counter()
    inside: Counter[tuple[str, str]] = Counter()
    for word, kind in tokens:
        if len(word) < 2 or not word.isalpha():
            continue
        totals[word] += 1
        if kind:
            inside[(kind, word)] += 1
    return {
        (kind, word)
        for (kind, word), count in inside.items()
        if count >= MIN_COUNT and count >= MIN_SHARE * totals[word]
    }


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def geonames_names() -> Iterator[str]:
    folder = DATA / "gazetteer_ar"
    for row in _tsv(folder / "geonames_countries_ar.tsv"):
        yield from (row["name_ar"], row["name_ar_geonames"], row["capital_ar"])
    for row in _tsv(folder / "geonames_cities15000_ar.tsv"):
        yield row["name_ar"]
        yield from row["names_ar"].split("|")


def mena_names() -> Iterator[str]:
    folder = DATA / "gazetteer_mena"
    for row in _tsv(folder / "admin_areas.tsv"):
        yield row["name_ar"]
        yield from row["variants_ar"].split("|")
    for row in _tsv(folder / "places_mena.tsv"):
        if row["feature_class"] == "P" and int(row["population"] or 0) >= MIN_POPULATION:
            yield row["name_ar"]
            yield from row["names_ar"].split("|")


def place_parts(names: Iterable[str], stop: set[str]) -> set[tuple[str, str]]:
    """("LOC", word) for the words of place names, common words left out."""
    return {
        ("LOC", word)
        for name in names
        for word in (core_form(piece) for piece in name.split())
        if len(word) > 2 and word.isalpha() and word not in stop
    }


def frequent_words(limit: int) -> set[str]:
    """The `limit` most frequent words of unlabeled news (the vector table is by frequency)."""
    with gzip.open(FREQUENCIES, "rt", encoding="utf-8") as handle:
        next(handle)
        return {line.split("\t", 1)[0] for _, line in zip(range(limit), handle, strict=False)}


def build() -> set[tuple[str, str]]:
    stop = frequent_words(STOP_RANK)
    entries = corpus_parts(wikifane_tokens()) | corpus_parts(aqmar_tokens())
    entries |= place_parts(geonames_names(), stop) | place_parts(mena_names(), stop)
    entries |= {("MISC", core_form(word)) for word in MISC_TEXT.split()}
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    entries = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("type\tword\n")
        out.writelines(f"{kind}\t{word}\n" for kind, word in sorted(entries))
    counts = Counter(kind for kind, _ in entries)
    print(f"wrote {len(entries)} entries {dict(counts)} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
