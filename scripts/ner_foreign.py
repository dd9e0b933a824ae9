"""Learn the foreign-name letter model of the named-entity tagger.

Foreign side: the words of the Arabic names of places outside the Arab world
(GeoNames cities15000 and country names). Native side: the most frequent folded words
of SaudiNewsNet that are not among them. Output: a gzip TSV `ngram<TAB>log-odds`
read by `marsad.steps.ner_foreign.ForeignNameModel`.

    python scripts/ner_foreign.py [--out marsad/resources/ner/foreign.tsv.gz]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from marsad.steps.ner_features import core_form
from marsad.steps.ner_foreign import ForeignNameModel
from marsad.text.normalize import fold
from marsad.text.tokenize import words

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / ".." / "shared" / "data"
DEFAULT_OUT = REPO / "marsad" / "resources" / "ner" / "foreign.tsv.gz"
# Members of the Arab League: their place names are native Arabic words.
ARAB_COUNTRIES = frozenset(
    {
        *("DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA"),
        *("OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE", "EH"),
    }
)
NATIVE_WORDS = 20000
MIN_LENGTH = 3


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / "gazetteer_ar" / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def foreign_words() -> set[str]:
    """Folded words of non-Arab place names."""
    names: list[str] = []
    for row in _rows("geonames_cities15000_ar.tsv"):
        if row["country_code"] not in ARAB_COUNTRIES:
            names.append(row["name_ar"])
            names.extend(row["names_ar"].split("|") if row["names_ar"] else [])
    for row in _rows("geonames_countries_ar.tsv"):
        if row["iso2"] not in ARAB_COUNTRIES:
            names.extend([row["name_ar"], row["capital_ar"]])
    found: set[str] = set()
    for name in names:
        for word in name.split():
            core = core_form(word)
            if core.startswith("ال"):
                core = core[2:]
            if len(core) >= MIN_LENGTH and core.isalpha():
                found.add(core)
    return found


def native_words(exclude: set[str]) -> list[str]:
    """The most frequent folded words of SaudiNewsNet, minus the foreign list."""
    counts: Counter[str] = Counter()
    with (DATA / "saudinewsnet" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            counts.update(words(fold(record["text"])))
    chosen = [
        word
        for word, _ in counts.most_common()
        if len(word) >= MIN_LENGTH and word.isalpha() and word not in exclude
    ]
    return chosen[:NATIVE_WORDS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    foreign = foreign_words()
    native = native_words(foreign)
    model = ForeignNameModel.train(foreign, native)
    model.save(args.out)
    print(f"{len(foreign)} foreign words, {len(native)} native; {len(model.weights)} n-grams")
    for word in ("يوكانان", "فرويد", "نادال", "رافايل", "الحكومه", "قال", "محمد", "ترامب"):
        print(word, round(model.score(word), 2), model.band(word))


if __name__ == "__main__":
    main()
