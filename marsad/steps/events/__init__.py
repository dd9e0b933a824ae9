"""Conflict and crisis events: what happened, where, when, to whom, by whom, how many.

A transparent design over the spans the other steps have already found:

1. **Triggers.** Each word of the text is looked up, with its clitics taken off, in a
   lexicon of incident words (`lexicon.py`) mapped to ACLED's type and sub-type
   (غارة → air/drone strike, اشتباكات → armed clash, اعتقال → arrests). A modifier
   next to a trigger refines it: "قصف جوي" is an air strike, "تفجير انتحاري" a suicide
   bomb, "استهداف بطائرة مسيرة" a drone strike.
2. **Reported events only** (`cues.py`). A trigger is dropped when:
   - a denial governs it (نفى، نفت، "لم تشن"): nothing happened;
   - a threat, warning, plan or call governs it (هدد، تعتزم، ستشن، حذر، دعا): not yet;
   - its sentence marks an anniversary (ذكرى): a past event remembered;
   - its sentence gives a cumulative toll ("منذ بداية الحرب", "الحصيلة الإجمالية"):
     a sum of many events, not one;
   - its date is more than `BACKGROUND_DAYS` before the publication (background
     recalled), or after it (a plan);
   - its sentence, or its article (three sports words or more), is about football
     (مباراة، الدوري، لاعب): "هجوم" is an attack on goal, "مواجهات" are matches;
   - it is a protest word next to إضراب: an economic strike is not a conflict event;
   - it is a weak trigger (هجوم، استهداف، انفجار، مقتل) with no sign of violence in
     its sentence (no weapon, no casualty figure), or next to words of an accident
     (حادث سير، حريق، غاز) or of a verbal attack ("هجوما حادا", انتقد).
3. **Context** (`context.py`): the place, date, actors and figures of the sentence
   are attached to the nearest trigger.
4. **One event per incident per article.** Triggers of one sentence that tell one
   incident are merged (a weak trigger into the strong one; "انفجار عبوة ناسفة" is
   one explosion; a protest broken up with arrests is one protest with intervention);
   a later sentence of the same sub-type, date and place (or no place) adds to the
   earlier event instead of making a new one; figures in a sentence right after an
   event's sentence, without triggers of their own, complete that event.

Everything is one pass over the words plus binary searches into the sorted spans,
so the step is linear in the text's length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from marsad.events.acled import SUB_TYPES
from marsad.model import Article, EventSpan, PlaceSpan
from marsad.steps.events.assemble import BACKGROUND_DAYS, EventDraft, assemble_sentence
from marsad.steps.events.cues import SPORTS
from marsad.steps.events.lexicon import lookup
from marsad.steps.events.sentences import Sentence, split_sentences

__all__ = ["BACKGROUND_DAYS", "find_events", "with_events"]


@dataclass(slots=True)
class _ArticleEvents:
    """The events of an article so far, indexed for merging repeated mentions."""

    drafts: list[EventDraft]
    by_key: dict[tuple[str, str | None], list[int]]
    by_day: dict[str | None, list[int]]

    def add(self, draft: EventDraft, previous: int | None) -> int:
        """Merge `draft` into an earlier mention of the same incident, or append it.

        The same incident: the same date and place (or no place on one side), and the
        same sub-type, or the same type when either trigger is generic ("القصف الجوي …
        وقتل جراء القصف"); a weak generic word ("الهجوم"، "استهدفت") is the incident of
        that day and place of any type. Not merged, a weak generic word right after
        another incident's clause continues its kind ("قصفت طائرات التحالف مواقع …،
        كما استهدفت معاقل …")."""
        for index in self._candidates(draft):
            earlier = self.drafts[index]
            if _same_place(earlier.place, draft.place):
                self.drafts[index] = earlier.absorb(draft)
                return index
        if draft.generic and draft.weak and previous is not None:
            draft = replace(draft, sub_type=self.drafts[previous].sub_type, generic=False)
        self.drafts.append(draft)
        index = len(self.drafts) - 1
        self.by_key.setdefault((SUB_TYPES[draft.sub_type], draft.date), []).append(index)
        self.by_day.setdefault(draft.date, []).append(index)
        return index

    def _candidates(self, draft: EventDraft) -> list[int]:
        if draft.generic and draft.weak:
            return list(self.by_day.get(draft.date, ()))
        same_type = self.by_key.get((SUB_TYPES[draft.sub_type], draft.date), ())
        return [
            index
            for index in same_type
            if self.drafts[index].sub_type == draft.sub_type
            or self.drafts[index].generic
            or draft.generic
        ]


def _same_place(first: PlaceSpan | None, second: PlaceSpan | None) -> bool:
    return first is None or second is None or first.name == second.name


def published_day(article: Article) -> str | None:
    """The article's day (`YYYY-MM-DD`): published, else its estimated event time."""
    for value in (article.published, article.published_estimated):
        if value and len(value) >= 10 and _is_day(value[:10]):
            return value[:10]
    return None


def _is_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _in_reported_window(event_day: str | None, day: str | None) -> bool:
    """Whether an event's date is no background and no plan for an article of `day`."""
    if event_day is None or day is None:
        return True
    event, published = date.fromisoformat(event_day), date.fromisoformat(day)
    return published - timedelta(days=BACKGROUND_DAYS) <= event <= published + timedelta(days=1)


def find_events(article: Article) -> tuple[EventSpan, ...]:
    """The incidents `article` reports, from its text and its existing spans."""
    day = published_day(article)
    sentences = split_sentences(article)
    if _about_sport(sentences):
        return ()
    found = _ArticleEvents([], {}, {})
    last: tuple[int, int] | None = None  # (sentence index, event index) of the last event
    for number, sentence in enumerate(sentences):
        drafts = assemble_sentence(sentence, day)
        kept = [draft for draft in drafts if _in_reported_window(draft.date, day)]
        if kept:
            previous = last[1] if last is not None and last[0] == number - 1 else None
            for draft in kept:
                last = (number, found.add(draft, previous))
        elif last is not None and last[0] == number - 1 and _continues(sentence, sentences):
            found.drafts[last[1]] = found.drafts[last[1]].complete(sentence.figures())
            last = (number, last[1])
    return tuple(draft.span() for draft in found.drafts)


SPORT_WORDS = 3  # sports words in an article that make all of it about sport


def _about_sport(sentences: Sequence[Sentence]) -> bool:
    """Whether the article is a sports report: its "هجوم" and "مواجهات" are on the pitch."""
    found = 0
    for sentence in sentences:
        found += sum(1 for word in sentence.folded if lookup(word, SPORTS) is not None)
        if found >= SPORT_WORDS:
            return True
    return False


def _continues(sentence: Sentence, sentences: Sequence[Sentence]) -> bool:
    """Whether a sentence without triggers can still add to the event just before it."""
    return sentence.veto() is None and not sentence.starts_paragraph


def with_events(article: Article) -> Article:
    """The article with the events it reports."""
    return replace(article, events=find_events(article))
