"""An article cut into sentences, each with its words and the spans found in it.

Sentences end at . ! ? ؟ ; ؛ and line breaks; a line break also ends a paragraph,
which bounds where an event without a place of its own looks for one. Every span
list is sliced from the article's sorted spans by binary search, so cutting an
article costs one pass over its words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.model import Article, DateSpan, EntitySpan, PlaceSpan, QuantitySpan
from marsad.steps.events.context import Figures, attach_figures, in_range, is_country
from marsad.steps.events.cues import TOLL_WORDS, has_cue, sentence_veto
from marsad.steps.events.figures import event_quantities
from marsad.text.normalize import fold
from marsad.text.tokenize import Token, tokenize

# A comma before فيما، بينما، في حين، كما، وفي also ends a clause that can tell an
# incident of its own ("قتل 29 في دوما، فيما قتل 35 في جرمانا").
_SENTENCE_END = re.compile(r"[.!?؟\n;؛]|[،,](?=\s*(?:و?فيما|و?بينما|في حين|كما|وفي)\s)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article, with what the other steps found in it."""

    text: str  # the whole article text, which every offset points into
    start: int
    end: int
    tokens: Sequence[Token]
    folded: Sequence[str]
    places: Sequence[PlaceSpan]
    dates: Sequence[DateSpan]
    quantities: Sequence[QuantitySpan]
    entities: Sequence[EntitySpan]
    starts_paragraph: bool
    paragraph: tuple[int, int]
    article_places: Sequence[PlaceSpan]  # every place of the article, by start
    place_starts: Sequence[int]
    earlier_dates: Sequence[DateSpan]  # the dates of its paragraph before it

    def veto(self) -> str | None:
        """Why none of this sentence's triggers is a new event (see `cues`), or None."""
        toll = any(q.kind in ("killed", "injured", "displaced") for q in self.quantities)
        toll = toll or has_cue(self.folded, TOLL_WORDS)
        return sentence_veto(self.folded, toll)

    def paragraph_place(self) -> PlaceSpan | None:
        """The place an event of this sentence without a place of its own falls back on."""
        return _paragraph_place(self.article_places, self.place_starts, self.paragraph, self.start)

    def counts(self) -> list[QuantitySpan]:
        """The counts of the sentence an event may take (`figures.event_quantities`)."""
        return event_quantities(self.quantities, self.tokens, self.folded, self.text)

    def figures(self) -> Figures:
        """The sentence's casualty and other counts, as one event would take them."""
        return attach_figures(self.counts(), [self.start], self.text)[0]


def _boundaries(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, starts a paragraph) of each non-empty sentence."""
    found: list[tuple[int, int, bool]] = []
    start, new_paragraph = 0, True
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            found.append((start, match.end(), new_paragraph))
            new_paragraph = False
        if match.group() == "\n":
            new_paragraph = True
        start = match.end()
    if text[start:].strip():
        found.append((start, len(text), new_paragraph))
    return found


def _paragraph_place(
    places: Sequence[PlaceSpan], starts: Sequence[int], paragraph: tuple[int, int], at: int
) -> PlaceSpan | None:
    """The place an event at `at` falls back on: the nearest finer place before it in
    its paragraph, else the first after, else a country of the paragraph."""
    candidates = in_range(places, starts, paragraph[0], paragraph[1])
    finer = [place for place in candidates if not is_country(place)]
    before = [place for place in finer if place.start < at]
    if before:
        return before[-1]
    if finer:
        return finer[0]
    return candidates[0] if candidates else None


def split_sentences(article: Article) -> list[Sentence]:
    """The sentences of `article` with their words (folded) and spans."""
    text = article.text
    tokens = tokenize(text)
    memory: dict[str, str] = {}
    folded_words: list[str] = []
    for token in tokens:
        word = memory.get(token.text)
        if word is None:
            word = memory[token.text] = fold(token.text)
        folded_words.append(word)
    token_starts = [token.start for token in tokens]
    places = sorted(article.places, key=lambda span: span.start)
    dates = sorted(article.dates, key=lambda span: span.start)
    quantities = sorted(article.quantities, key=lambda span: span.start)
    entities = sorted(article.entities, key=lambda span: span.start)
    starts = {
        "places": [s.start for s in places],
        "dates": [s.start for s in dates],
        "quantities": [s.start for s in quantities],
        "entities": [s.start for s in entities],
    }
    bounds = _boundaries(text)
    paragraphs = _paragraph_ranges(bounds)
    sentences: list[Sentence] = []
    for (start, end, new_paragraph), paragraph in zip(bounds, paragraphs, strict=True):
        first, last = bisect_left(token_starts, start), bisect_left(token_starts, end)
        folded = folded_words[first:last]
        sentences.append(
            Sentence(
                text=text,
                start=start,
                end=end,
                tokens=tokens[first:last],
                folded=folded,
                places=in_range(places, starts["places"], start, end),
                dates=in_range(dates, starts["dates"], start, end),
                quantities=in_range(quantities, starts["quantities"], start, end),
                entities=in_range(entities, starts["entities"], start, end),
                starts_paragraph=new_paragraph,
                paragraph=paragraph,
                article_places=places,
                place_starts=starts["places"],
                earlier_dates=in_range(dates, starts["dates"], paragraph[0], start),
            )
        )
    return sentences


def _paragraph_ranges(bounds: Sequence[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """For each sentence, the (start, end) of its paragraph."""
    ranges: list[tuple[int, int]] = []
    group: list[tuple[int, int, bool]] = []

    def close() -> None:
        if group:
            ranges.extend([(group[0][0], group[-1][1])] * len(group))
            group.clear()

    for bound in bounds:
        if bound[2]:
            close()
        group.append(bound)
    close()
    return ranges
