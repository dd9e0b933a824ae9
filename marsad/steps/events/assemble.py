"""From the trigger words of one sentence to its events, with their context.

Steps, in order: find the trigger words (`_hits`), drop those a cue makes no new
event, refine each by its modifiers, join adjacent words of one phrase ("انفجار
عبوة ناسفة"), merge the triggers that tell one incident, and attach to each event
the place, date, figures and actors of the sentence (`context`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from marsad.events.acled import SUB_TYPES
from marsad.model import EventSpan, PlaceSpan
from marsad.steps.events import cues
from marsad.steps.events.context import (
    Figures,
    attach_figures,
    choose_actors,
    choose_date,
    choose_place,
)
from marsad.steps.events.lexicon import (
    DRONE_NOUNS,
    GOVERNMENT,
    MARCH,
    MARCH_CUES,
    MODIFIERS,
    NEEDS_NEXT,
    TRIGGERS,
    Trigger,
    lexicon_keys,
    lookup,
)
from marsad.steps.events.sentences import Sentence
from marsad.text.normalize import fold
from marsad.text.tokenize import Token

_MODIFIER_BEFORE, _MODIFIER_AFTER = 2, 3  # words around a trigger searched for modifiers
_DRONE = "مسيره"
_NEXT = 4  # words after a trigger searched for the word it needs ("سيطرت قوات النظام على")
_PROTEST_SUBS = frozenset({"peaceful_protest", "violent_demonstration"})
_INTERVENTIONS = frozenset({"arrests", "attack", "abduction_forced_disappearance"})
_CONSEQUENCES = frozenset({"displacement"})  # told as the result of another incident
_SPECIFIC = {  # when two sub-types tell one incident, the more specific one names it
    ("remote_explosive_landmine_ied", "suicide_bomb"): "suicide_bomb",
    ("shelling_artillery_missile", "air_drone_strike"): "air_drone_strike",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """A trigger phrase in a sentence: word indexes [first, last] and what it reports."""

    first: int
    last: int
    sub_type: str
    strong: bool
    refined: bool  # a modifier said what it is


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event being put together from one or more mentions in an article."""

    start: int
    end: int
    trigger: str
    sub_type: str
    date: str | None
    place: PlaceSpan | None
    actor1: str | None
    actor2: str | None
    figures: Figures
    confidence: float

    def absorb(self, other: EventDraft) -> EventDraft:
        """This event, completed by a later mention of the same incident."""
        return replace(
            self,
            place=self.place or other.place,
            actor1=self.actor1 or other.actor1,
            actor2=self.actor2 or other.actor2,
            figures=self.figures.merged(other.figures),
            confidence=max(self.confidence, other.confidence),
        )

    def complete(self, figures: Figures) -> EventDraft:
        """This event with the counts of a following sentence where it had none."""
        return replace(self, figures=self.figures.merged(figures))

    def span(self) -> EventSpan:
        place = self.place
        return EventSpan(
            text=self.trigger,
            start=self.start,
            end=self.end,
            type=SUB_TYPES[self.sub_type],
            sub_type=self.sub_type,
            date=self.date,
            place=place.name if place else None,
            country=place.country if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            actor1=self.actor1,
            actor2=self.actor2,
            fatalities=self.figures.killed,
            injured=self.figures.injured,
            displaced=self.figures.displaced,
            arrested=self.figures.arrested,
            confidence=round(self.confidence, 2),
        )


def _modifier_at(folded: Sequence[str], index: int) -> str | None:
    """The sub-type a modifier word at `index` points to, or None."""
    word = folded[index]
    key = lookup(word, MODIFIERS)
    if key is None:
        return None
    if key.startswith(_DRONE):  # مسيرة is a march unless it flies
        flies = word.startswith("ب") or (index > 0 and folded[index - 1] in DRONE_NOUNS)
        if not flies and key == _DRONE:
            return None
    return MODIFIERS[key]


def _refine(sub_type: str, strong: bool, modifiers: Sequence[str]) -> tuple[str, bool]:
    """The sub-type a trigger reports given the modifiers around it."""
    if not modifiers:
        return sub_type, False
    if "suicide_bomb" in modifiers and sub_type in ("remote_explosive_landmine_ied", "attack"):
        return "suicide_bomb", True
    if "air_drone_strike" in modifiers and sub_type in (
        "shelling_artillery_missile",
        "attack",
        "air_drone_strike",
    ):
        return "air_drone_strike", True
    if strong:
        return sub_type, True
    return modifiers[0], True


def _trigger_at(folded: Sequence[str], index: int) -> Trigger | None:
    """The trigger the word at `index` is, given the words around it, or None."""
    word = folded[index]
    key = lookup(word, TRIGGERS)
    if key is None:
        return _march_at(folded, index)
    needed = NEEDS_NEXT.get(key)
    if needed is not None and not needed.intersection(folded[index + 1 : index + 1 + _NEXT]):
        return None
    following = folded[index + 1] if index + 1 < len(folded) else ""
    if following and cues.has_cue([following], cues.METAPHOR):
        return None
    return TRIGGERS[key]


def _march_at(folded: Sequence[str], index: int) -> Trigger | None:
    """مسيرة as a protest march: a protest word next to it, no aircraft before it."""
    word = folded[index]
    if MARCH not in lexicon_keys(word) or word.startswith("ب"):
        return None
    before = folded[index - 1] if index > 0 else ""
    after = folded[index + 1] if index + 1 < len(folded) else ""
    if before in DRONE_NOUNS:
        return None
    if cues.has_cue([before, after], MARCH_CUES):
        return Trigger("peaceful_protest", True)
    return None


def _hits(sentence: Sentence) -> list[Hit]:
    """The trigger words of the sentence that no cue rules out."""
    folded = sentence.folded
    found: list[Hit] = []
    for index in range(len(folded)):
        trigger = _trigger_at(folded, index)
        if trigger is None or cues.denied_or_planned(folded[:index]) is not None:
            continue
        window = range(max(0, index - _MODIFIER_BEFORE), min(len(folded), index + _MODIFIER_AFTER))
        modifiers = [m for i in window if i != index and (m := _modifier_at(folded, i))]
        sub_type, refined = _refine(trigger.sub_type, trigger.strong, modifiers)
        found.append(Hit(index, index, sub_type, trigger.strong, refined))
    return _join_phrases(found)


def _join_phrases(hits: list[Hit]) -> list[Hit]:
    """Adjacent trigger words of one phrase become one hit ("انفجار عبوة ناسفة")."""
    joined: list[Hit] = []
    for hit in hits:
        if joined and hit.first - joined[-1].last <= 1 and _compatible(joined[-1], hit):
            joined[-1] = _combine(joined[-1], hit, hit.last)
        else:
            joined.append(hit)
    return joined


def _compatible(first: Hit, second: Hit) -> bool:
    if not first.strong or not second.strong or first.sub_type == second.sub_type:
        return True
    pair = tuple(sorted((first.sub_type, second.sub_type)))
    return pair in _SPECIFIC


def _combine(kept: Hit, other: Hit, last: int) -> Hit:
    """One hit for two words of one incident; the stronger, more specific sub-type wins."""
    pair = tuple(sorted((kept.sub_type, other.sub_type)))
    if pair in _SPECIFIC:
        sub_type = _SPECIFIC[pair]
    elif kept.strong != other.strong:
        sub_type = kept.sub_type if kept.strong else other.sub_type
    elif other.refined and not kept.refined:
        sub_type = other.sub_type
    else:
        sub_type = kept.sub_type
    first = min(kept.first, other.first)
    return Hit(first, max(kept.last, last), sub_type, kept.strong or other.strong, True)


def _has_violence(sentence: Sentence) -> bool:
    """Whether the sentence shows harm or a weapon: a casualty count or a modifier."""
    if any(q.kind in ("killed", "injured") for q in sentence.quantities):
        return True
    return any(_modifier_at(sentence.folded, i) for i in range(len(sentence.folded)))


def _keep_weak(hit: Hit, sentence: Sentence) -> bool:
    """Whether a weak trigger alone reports an incident (see the package docstring)."""
    if cues.has_cue(sentence.folded, cues.ACCIDENT):
        return False
    following = sentence.folded[hit.last + 1 : hit.last + 3]
    if hit.sub_type == "attack" and cues.has_cue(following, cues.VERBAL):
        return False
    if cues.has_cue(sentence.folded, cues.VERBAL) and not hit.refined:
        return False
    return hit.refined or _has_violence(sentence)


def _incidents(hits: list[Hit], sentence: Sentence) -> list[Hit]:
    """The hits of a sentence merged so that each tells one incident."""
    if cues.has_cue(sentence.folded, cues.STRIKE):
        hits = [hit for hit in hits if hit.sub_type not in _PROTEST_SUBS]
    if cues.has_cue(sentence.folded, cues.COURT):  # a sentence, not an execution
        hits = [hit for hit in hits if hit.sub_type != "attack"]
    hits = [_territory(hit, sentence) for hit in hits]
    strong = [hit for hit in hits if hit.strong]
    if not strong:
        weak = [hit for hit in hits if _keep_weak(hit, sentence)]
        return _merge_same(weak[:1] + [h for h in weak[1:] if h.refined])
    merged = _merge_same(strong)
    merged = _riot(_protest_intervention(merged))
    if len(merged) > 1:
        merged = [hit for hit in merged if hit.sub_type not in _CONSEQUENCES] or merged
    for hit in hits:
        if _stands_apart(hit, merged):
            merged.append(hit)
    return sorted(merged, key=lambda hit: hit.first)


def _stands_apart(hit: Hit, strong: Sequence[Hit]) -> bool:
    """Whether a weak trigger with a modifier tells an incident of another type than
    every strong trigger of its sentence ("اشتباكات … واستهداف بطائرة مسيرة")."""
    if hit.strong or not hit.refined or hit.sub_type == "attack":
        return False
    return all(SUB_TYPES[m.sub_type] != SUB_TYPES[hit.sub_type] for m in strong)


def _merge_same(hits: list[Hit]) -> list[Hit]:
    """One hit per sub-type (and per pair that tells one incident), the first kept."""
    merged: list[Hit] = []
    for hit in hits:
        for index, earlier in enumerate(merged):
            if (
                earlier.sub_type == hit.sub_type
                or tuple(sorted((earlier.sub_type, hit.sub_type))) in _SPECIFIC
            ):
                merged[index] = replace(_combine(earlier, hit, earlier.last), last=earlier.last)
                break
        else:
            merged.append(hit)
    return merged


def _territory(hit: Hit, sentence: Sentence) -> Hit:
    """Ground taken by a government's forces is regained; by anyone else, overtaken."""
    if hit.sub_type != "non_state_actor_overtakes_territory":
        return hit
    if cues.has_cue(sentence.folded, GOVERNMENT):
        return replace(hit, sub_type="government_regains_territory")
    return hit


def _riot(hits: list[Hit]) -> list[Hit]:
    """Protesters in clashes ("مواجهات بين المحتجين وقوات الأمن") make a riot."""
    protest = [hit for hit in hits if SUB_TYPES[hit.sub_type] in ("protests", "riots")]
    clashes = [hit for hit in hits if hit.sub_type == "armed_clash"]
    if not protest or not clashes:
        return hits
    kept = [hit for hit in hits if hit not in clashes and hit is not protest[0]]
    return sorted([replace(protest[0], sub_type="violent_demonstration"), *kept], key=_first)


def _first(hit: Hit) -> int:
    return hit.first


def _protest_intervention(hits: list[Hit]) -> list[Hit]:
    """A protest met by arrests or force is one protest with intervention."""
    protests = [hit for hit in hits if hit.sub_type == "peaceful_protest"]
    if not protests:
        return hits
    others = [hit for hit in hits if hit.sub_type in _INTERVENTIONS]
    if not others:
        return hits
    kept = [hit for hit in hits if hit not in others and hit is not protests[0]]
    return [replace(protests[0], sub_type="protest_with_intervention"), *kept]


def assemble_sentence(sentence: Sentence, published_day: str | None) -> list[EventDraft]:
    """The events one sentence reports, with the context it gives them."""
    hits = _hits(sentence)
    if not hits or sentence.veto() is not None:
        return []
    incidents = _incidents(hits, sentence)
    if not incidents:
        return []
    tokens = sentence.tokens
    positions = [tokens[hit.first].start for hit in incidents]
    figures = attach_figures(sentence.counts(), positions, sentence.text, incidents_of(incidents))
    event_date = choose_date(sentence.dates, published_day)
    actors = choose_actors(sentence.entities, sentence.text, sentence.start)
    drafts: list[EventDraft] = []
    fallback = sentence.paragraph_place() if not sentence.places else None
    for hit, counts in zip(incidents, figures, strict=True):
        start = _without_clitics(tokens[hit.first], sentence.folded[hit.first])
        end = tokens[hit.last].end
        place = choose_place(sentence.places, end, fallback)
        confidence = (0.7 if hit.strong else 0.5) + (0.1 if place else 0.0)
        confidence += 0.1 if not counts.is_empty() else 0.0
        drafts.append(
            EventDraft(
                start=start,
                end=end,
                trigger=sentence.text[start:end],
                sub_type=hit.sub_type,
                date=event_date,
                place=place,
                actor1=actors[0],
                actor2=actors[1],
                figures=counts,
                confidence=min(confidence + (0.05 if actors[0] else 0.0), 0.95),
            )
        )
    return drafts


def _without_clitics(token: Token, folded: str) -> int:
    """Where a trigger word starts once its clitics are left out ("بغارة" → "غارة",
    "والاشتباكات" → "الاشتباكات"): an offset into the raw text."""
    key = lookup(folded, TRIGGERS) or (MARCH if MARCH in lexicon_keys(folded) else None)
    if key is None:
        return token.start
    body = "ال" + key if folded.endswith("ال" + key) else key
    drop = len(folded) - len(body) if folded.endswith(body) else 0
    if drop <= 0:
        return token.start
    seen = 0
    for offset, char in enumerate(token.text):
        visible = bool(fold(char))
        if seen == drop and visible:
            return token.start + offset
        seen += 1 if visible else 0
    return token.start


def incidents_of(hits: Sequence[Hit]) -> list[str]:
    """The sub-types of the hits, for figure attachment."""
    return [hit.sub_type for hit in hits]


__all__ = ["EventDraft", "assemble_sentence", "lexicon_keys"]
