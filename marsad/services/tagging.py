"""The `marsad ner` and `marsad dates` use-cases: text in, the tagger's lines out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from marsad.steps.dates import dates_jsonl
from marsad.steps.ner import NerTagger, tag_conll


def tag_conll_lines(lines: Iterable[str]) -> Iterator[str]:
    """CoNLL tokens in, `token<TAB>tag` lines out, with the shipped tagger."""
    return tag_conll(lines, NerTagger.load())


def date_lines(text: str, base: date) -> Iterator[str]:
    """One JSON object per temporal expression of `text`, anchored at `base`."""
    return dates_jsonl(text, base)
