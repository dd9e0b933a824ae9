"""Build the labelled sets behind `scripts/eval_stories.py` and tests/stories.

Stories (`tests/stories/data/story_gold.tsv`: article id, story label). From the
ANT corpus (research use only: only ids and labels are stored, texts are read from
the data folder at evaluation time). Procedure:

1. For each of ten spring-2018 events, select articles whose TITLE matches both
   keyword groups below and whose publication date is inside the event's days.
2. Every selected title was then read; articles not about the event were dropped
   (`EXCLUDED`) and a distinct sub-event was given its own label (`RELABELLED`).
3. Noise: `NOISE_PER_CATEGORY` articles from each of the economy, sport, technology
   and culture sections of April 2018 (fixed seed), each its own story; titles were
   read and the few that belong with another noise article were dropped.

Copies (`tests/stories/data/copy_gold.tsv`: id, id, 1 copy / 0 not a copy). From
SaudiNewsNet: every pair of articles whose 5-word shingle sets overlap was found
exhaustively (no hashing, no LSH). A pair is a copy when at least `COPY_CONTAINMENT`
of the shorter text's shingles are in the other, the shorter has at least
`MIN_WORDS` words, and the longer at most `MAX_LENGTH_RATIO` times as many (a
verbatim agency copy, possibly with a paragraph cut or another byline). A pair from
two different outlets is a hard negative when its overlap is below
`NOT_COPY_CONTAINMENT` and, read in order word by word (difflib's longest matching
blocks), under `NOT_COPY_ALIGNED` of the shorter text's words sit in the other
(samples were read: different write-ups of one event). Five-word shingles alone
miss light edits: one moved clause or added title breaks every shingle across it,
and pairs of one agency story republished by two papers with a clause moved and a
time word changed ("أمس" / "أول من أمس") had under 0.4 of their shingles shared but
0.7 to 0.85 of their words aligned in order; those copies had been labelled "not a
copy". Left out of the gold: pairs in between (lightly edited copies, whose status
depends on how much editing one tolerates), and a short text inside one more than twice its
length (read: parts of a compilation, e.g. the agency's "إضافة" instalments of a
cabinet session gathered by a paper into one article, where "copy of" is no one
relation).
ANS headline pairs are read directly by the evaluation.

Run: python scripts/build_story_gold.py [--data DIR]
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from marsad.text.normalize import fold
from marsad.text.tokenize import words

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data"
OUT = ROOT / "tests" / "stories" / "data"

# name: (first day, last day, title must match one of A, and one of B)
EVENTS: dict[str, tuple[str, str, str, str]] = {
    "douma_chemical": ("2018-04-07", "2018-04-10", r"دوما", r"كيما?وي|كيميائي|كيميا"),
    "western_strikes": (
        "2018-04-14",
        "2018-04-15",
        r"ضرب|غارات|هجوم|قصف",
        r"ثلاثي|أمريكي|أميركي|غربي|واشنطن|ترامب|بريطاني|فرنسي|ماي |ماكرون|التحالف",
    ),
    "iraq_election": (
        "2018-05-12",
        "2018-05-15",
        r"انتخاب|اقتراع|نتائج|الصدر|سائرون|مفوضية",
        r"عراق|الصدر|سائرون|العبادي",
    ),
    "lebanon_election": (
        "2018-05-06",
        "2018-05-08",
        r"انتخاب|اقتراع|نتائج",
        r"لبنان|حزب الله|الحريري|اللبنان",
    ),
    "gaza_protests": (
        "2018-05-14",
        "2018-05-15",
        r"غزة",
        r"قتيل|قتلى|شهيد|شهداء|احتجاج|مسير|مجزرة|متظاهر",
    ),
    "afrin_capture": ("2018-03-18", "2018-03-19", r"عفرين", r"."),
    "iran_deal": ("2018-05-08", "2018-05-09", r"نووي", r"ترامب|انسحاب|الانسحاب|ينسحب|إيران"),
    "korea_summit": ("2018-04-26", "2018-04-28", r"قمة|كيم|الكوريتين|بانمونجوم", r"كوري|كيم|مون"),
    "skripal": ("2018-03-12", "2018-03-16", r"سكريبال|الجاسوس|جاسوس|العميل", r"."),
}
# Read and found to be about something else (or a general piece spanning events).
EXCLUDED = {
    "ant-SK-middleEast-392-20180318",  # opinion comparing Ghouta and Afrin
    "ant-SK-middleEast-378-20180319",  # overview of every Syrian front
    "ant-SK-middleEast-1265-20180426",  # Britain on the OPCW briefing (Douma), not Korea
    "ant-BB-middleEast-412-20180427",  # Syria
    "ant-SK-middleEast-1288-20180427",  # OPCW session
    "ant-CN-middleEast-752-20180428",  # Zarif on Saddam's chemical weapons
    "ant-SK-economy-436-20180427",  # gold prices
    "ant-SK-internationalNews-1208-20180427",  # Pompeo's earlier visit to Kim
    "ant-FR-internationalNews-979-20180428",  # preparing a Trump-Kim meeting
    "ant-FR-internationalNews-413-20180313",  # Tillerson replaced by Pompeo
    "ant-SK-internationalNews-332-20180313",  # another Russian's death in London
}
# A distinct story inside an event's days: the British volunteer killed in Afrin.
RELABELLED = {
    "ant-SK-middleEast-380-20180319": "afrin_british_volunteer",
    "ant-FR-internationalNews-523-20180319": "afrin_british_volunteer",
    "ant-FR-middleEast-181-20180319": "afrin_british_volunteer",
    "ant-BB-middleEast-217-20180319": "afrin_british_volunteer",
}
NOISE_CATEGORIES = ("economy", "sport", "technology", "culture")
NOISE_PER_CATEGORY = 15
NOISE_SEED = 2018
# Noise articles dropped after reading: same story as another noise article.
NOISE_EXCLUDED: set[str] = set()

SHINGLE = 5
MIN_WORDS = 40
COPY_CONTAINMENT = 0.9
NOT_COPY_CONTAINMENT = 0.4
NOT_COPY_ALIGNED = 0.5
MAX_LENGTH_RATIO = 2.0
MAX_POSTING = 50  # shingles shared by more texts are boilerplate, not evidence


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def story_labels(rows: list[dict[str, Any]]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for name, (first, last, group_a, group_b) in EVENTS.items():
        for row in rows:
            day, title = row["date"][:10], row["title"]
            matches = re.search(group_a, title) and re.search(group_b, title)
            if first <= day <= last and matches and row["id"] not in EXCLUDED:
                labels[row["id"]] = RELABELLED.get(row["id"], name)
    generator = random.Random(NOISE_SEED)
    for category in NOISE_CATEGORIES:
        pool = sorted(
            (row for row in rows if row["category"] == category and row["date"][:7] == "2018-04"),
            key=lambda row: row["id"],
        )
        for row in generator.sample(pool, NOISE_PER_CATEGORY):
            if row["id"] not in labels and row["id"] not in NOISE_EXCLUDED:
                labels[row["id"]] = "noise:" + row["id"]
    return labels


def _shingles(text: str) -> set[str]:
    folded = words(fold(text))
    return {" ".join(folded[i : i + SHINGLE]) for i in range(max(1, len(folded) - SHINGLE + 1))}


def aligned_share(first: list[str], second: list[str]) -> float:
    """The share of the shorter word list found in the other in the same order."""
    shorter, longer = (first, second) if len(first) <= len(second) else (second, first)
    if not shorter:
        return 0.0
    matcher = difflib.SequenceMatcher(None, shorter, longer, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(shorter)


def copy_pairs(rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """Exhaustive shingle overlap: every pair sharing a non-boilerplate shingle."""
    sets = [_shingles(row["text"]) for row in rows]
    texts = [words(fold(row["text"])) for row in rows]
    lengths = [len(words(row["text"])) for row in rows]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for index, shingles in enumerate(sets):
        for shingle in shingles:
            postings[shingle].append(index)
    shared: defaultdict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) <= MAX_POSTING:
            for pair in itertools.combinations(members, 2):
                shared[pair] += 1
    pairs: list[tuple[str, str, int]] = []
    for (first, second), count in sorted(shared.items()):
        contained = count / min(len(sets[first]), len(sets[second]))
        shorter, longer = sorted((lengths[first], lengths[second]))
        whole = shorter >= MIN_WORDS and longer <= MAX_LENGTH_RATIO * shorter
        cross = rows[first]["source"] != rows[second]["source"]
        if contained >= COPY_CONTAINMENT and whole:
            pairs.append((rows[first]["id"], rows[second]["id"], 1))
        elif (
            contained < NOT_COPY_CONTAINMENT
            and cross
            and aligned_share(texts[first], texts[second]) < NOT_COPY_ALIGNED
        ):
            pairs.append((rows[first]["id"], rows[second]["id"], 0))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    labels = story_labels(_load(options.data / "ant_corpus_multisource" / "articles.jsonl"))
    with (OUT / "story_gold.tsv").open("w", encoding="utf-8") as out:
        out.write("id\tstory\n")
        for article_id, label in sorted(labels.items()):
            out.write(f"{article_id}\t{label}\n")
    pairs = copy_pairs(_load(options.data / "saudinewsnet" / "articles.jsonl"))
    with (OUT / "copy_gold.tsv").open("w", encoding="utf-8") as out:
        out.write("first\tsecond\tcopy\n")
        for first, second, is_copy in pairs:
            out.write(f"{first}\t{second}\t{is_copy}\n")
    events = {label for label in labels.values() if not label.startswith("noise:")}
    print(f"stories: {len(labels)} articles, {len(events)} events")
    print(f"copies: {sum(p[2] for p in pairs)} copy pairs, {sum(1 - p[2] for p in pairs)} not")


if __name__ == "__main__":
    main()
