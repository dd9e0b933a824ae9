"""Gold sets that point into the shared corpora instead of copying their text.

A gold row names a sentence by `corpus`, article `id` and character offsets
`start`/`end`; the corpora's licenses allow evaluating on them, not redistributing
them, so the text is read from the shared data folder at test time. The project's
own seed page (corpus `fixtures`) is resolved from `tests/fixtures`.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
SHARED_DATA = TESTS.parent / ".." / "shared" / "data"
_CORPUS_FILES = {
    "saudinewsnet": "saudinewsnet/articles.jsonl",
    "ant_corpus_multisource": "ant_corpus_multisource/articles.jsonl",
    "arabic_timeml_news": "arabic_timeml_news/timex.jsonl",
    "stories_dev": "stories_dev/articles.jsonl",
}
# The full unlabelled corpora (`doc` is "ant_full:<DOCNO>" or "saudinewsnet_full:<line>").
_UNLABELED = {"ant_full": "ant_full.jsonl.gz", "saudinewsnet_full": "saudinewsnet_full.jsonl.gz"}


def corpora_available() -> bool:
    unlabeled = (SHARED_DATA / "unlabeled_news" / name for name in _UNLABELED.values())
    corpora = (SHARED_DATA / name for name in _CORPUS_FILES.values())
    return all(path.exists() for path in (*corpora, *unlabeled))


@cache
def corpus_texts(corpus: str) -> dict[str, str]:
    """Article id -> text of one shared corpus, or of the project's fixtures."""
    if corpus == "fixtures":
        return {
            path.stem: path.read_text(encoding="utf-8") for path in TESTS.glob("fixtures/*.txt")
        }
    with (SHARED_DATA / _CORPUS_FILES[corpus]).open(encoding="utf-8") as lines:
        return {row["id"]: row["text"] for row in map(json.loads, lines)}


@cache
def unlabeled_texts(part: str) -> dict[str, str]:
    """Doc key -> text of one full unlabelled corpus (DOCNO for ANT, line number for SNN)."""
    path = SHARED_DATA / "unlabeled_news" / _UNLABELED[part]
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = enumerate(map(json.loads, lines))
        return {str(row.get("id", n)): row.get("text") or row["content"] for n, row in records}


def paragraph_of(ref: dict[str, Any]) -> str:
    """The text a paragraph reference `{corpus, doc, start, end}` points at."""
    if ref["corpus"] == "unlabeled_news":
        part, _, key = ref["doc"].partition(":")
        text = unlabeled_texts(part)[key]
    else:
        text = corpus_texts(ref["corpus"])[ref["doc"]]
    return text[ref["start"] : ref["end"]]


def load_paragraphs(path: Path) -> list[dict[str, Any]]:
    """The rows of a JSON Lines gold file, each with its `text` (stored, or resolved from `ref`)."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [row if "text" in row else row | {"text": paragraph_of(row["ref"])} for row in rows]


def sentence_of(row: dict[str, Any]) -> str:
    """The text a gold row points at."""
    text = corpus_texts(row["corpus"])[row["id"]]
    return text[row["start"] : row["end"]]


def load_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a JSON Lines gold file, each with its `sentence` resolved."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [row | {"sentence": sentence_of(row)} for row in rows]
