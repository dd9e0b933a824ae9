"""From the trigger words of one sentence to its events, with their context.

Steps, in order: find the trigger words (`_hits`), drop those a cue makes no new
event, refine each by its modifiers, join adjacent words of one phrase ("انفجار
عبوة ناسفة"), merge the triggers that tell one incident, and attach to each event
the place, date, figures and actors of the sentence (`context`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

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
    CIVILIAN_TARGETS,
    CONFRONTATION,
    CONTROL_OBJECTS,
    DRONE_NOUNS,
    FORCES,
    GENERIC,
    GOVERNMENT,
    GUNFIRE,
    ISRAELI_FORCES,
    KILL_NOUNS,
    KILL_WORDS,
    LAUNCH,
    MARCH,
    MARCH_CUES,
    MILITARY_TARGETS,
    MODIFIERS,
    NEEDS_NEXT,
    NON_STATE,
    NOT_BEFORE,
    PALESTINIANS,
    PROTEST_CONTEXT,
    REGAINED,
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
BACKGROUND_DAYS = 30  # an incident dated this much before publication is background
_CRIME_SUBS = frozenset({"arrests", "attack", "abduction_forced_disappearance"})
_ANCHOR_WINDOW = 6  # words between a weak word and the strong trigger it introduces
_SPECIFIC = {  # when two sub-types tell one incident, the more specific one names it
    ("remote_explosive_landmine_ied", "suicide_bomb"): "suicide_bomb",
    ("air_drone_strike", "shelling_artillery_missile"): "air_drone_strike",
    ("chemical_weapon", "shelling_artillery_missile"): "chemical_weapon",
    ("air_drone_strike", "chemical_weapon"): "chemical_weapon",
    ("chemical_weapon", "remote_explosive_landmine_ied"): "chemical_weapon",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """A trigger phrase in a sentence: word indexes [first, last] and what it reports."""

    first: int
    last: int
    sub_type: str
    strong: bool
    refined: bool  # a modifier said what it is
    generic: bool = False  # a word that names an incident without saying which (هجوم)


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
    generic: bool = False  # the trigger does not say which kind ("القصف")
    weak: bool = False  # a weak trigger (هجوم، استهداف) told the incident

    def absorb(self, other: EventDraft) -> EventDraft:
        """This event, completed by a later mention of the same incident."""
        return replace(
            self,
            sub_type=other.sub_type if self.generic and not other.generic else self.sub_type,
            generic=self.generic and other.generic,
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
    if MODIFIERS[key] == "chemical_weapon" and folded[index + 1 : index + 2] == ["المسيل"]:
        return None  # tear gas
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


def _dated(sentence: Sentence) -> bool:
    """Whether the sentence names a day ("أمس"، "الأحد"، "3 آذار")."""
    return any(len(span.value) == 10 for span in sentence.dates)


def _trigger_at(folded: Sequence[str], index: int) -> Trigger | None:
    """The trigger the word at `index` is, given the words around it, or None."""
    word = folded[index]
    key = lookup(word, TRIGGERS)
    if key is None:
        return _march_at(folded, index)
    after = folded[index + 1 : index + 1 + _NEXT]
    needed = NEEDS_NEXT.get(key)
    if needed is not None and not needed.intersection(after):
        return None
    if after and after[0] in NOT_BEFORE.get(key, ()):
        return None
    if after and cues.has_cue(after[:1], cues.METAPHOR):
        return None
    trigger = TRIGGERS[key]
    if SUB_TYPES[trigger.sub_type] in ("battles", "strategic_developments") and _controls_a_thing(
        after
    ):
        return None
    return trigger


def _controls_a_thing(after: Sequence[str]) -> bool:
    """ "السيطرة على الحريق": what follows على is no territory."""
    for index, word in enumerate(after[:-1]):
        if word in ("علي", "عليها") and after[index + 1] in CONTROL_OBJECTS:
            return True
    return False


def _march_at(folded: Sequence[str], index: int) -> Trigger | None:
    """مسيرة as a protest march: a protest word next to it, no aircraft before it."""
    word = folded[index]
    if MARCH not in word or MARCH not in lexicon_keys(word) or word.startswith("ب"):
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
        before, after = folded[max(0, index - 4) : index], folded[index + 1 : index + 5]
        if cues.refers_back(before, folded[index]) or cues.ongoing(before, after):
            continue
        if cues.past_perfect(folded[max(0, index - 8) : index]) and not _dated(sentence):
            continue
        window = range(max(0, index - _MODIFIER_BEFORE), min(len(folded), index + _MODIFIER_AFTER))
        modifiers = [m for i in window if i != index and (m := _modifier_at(folded, i))]
        sub_type, refined = _refine(trigger.sub_type, trigger.strong, modifiers)
        generic = lookup(folded[index], GENERIC) is not None
        found.append(Hit(index, index, sub_type, trigger.strong, refined, generic))
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
    strong = kept.strong or other.strong
    return Hit(first, max(kept.last, last), sub_type, strong, True, kept.generic and other.generic)


def _has_violence(sentence: Sentence) -> bool:
    """Whether the sentence shows harm or a weapon: a casualty count, a killing, a modifier."""
    if any(q.kind in ("killed", "injured") for q in sentence.quantities):
        return True
    if cues.has_cue(sentence.folded, KILL_WORDS):
        return True
    return any(_modifier_at(sentence.folded, i) for i in range(len(sentence.folded)))


def _has_perpetrator(sentence: Sentence) -> bool:
    """Whether an organisation that is not a cited source is named ("قتلت الشرطة")."""
    organisations = [entity for entity in sentence.entities if entity.type == "ORG"]
    actor, _ = choose_actors(organisations, sentence.text, sentence.start)
    return actor is not None


def _keep_weak(hit: Hit, sentence: Sentence) -> Hit | None:
    """A weak trigger that reports an incident alone, with its sub-type; or None.

    A killing word ("مقتل 87 مدنيا") is an attack only with a weapon or a perpetrator
    named; "هجوم" launched (شن، نفذ، محاولة) or aimed (على مواقع) is a battle against
    forces and an attack against civilians."""
    folded = sentence.folded
    if cues.has_cue(folded, cues.ACCIDENT):
        return None
    following = folded[hit.last + 1 : hit.last + 3]
    if hit.sub_type == "attack" and cues.has_cue(following, cues.VERBAL):
        return None
    if cues.has_cue(folded, cues.VERBAL) and not hit.refined:
        return None
    word = folded[hit.first]
    if lookup(word, KILL_NOUNS) is not None:
        return hit if hit.refined else None
    if lookup(word, KILL_WORDS) is not None:
        return hit if hit.refined or _has_perpetrator(sentence) else None
    if hit.refined:
        return hit
    if hit.sub_type == "attack":
        return _assault(hit, sentence)
    return hit if _has_violence(sentence) else None


def _assault(hit: Hit, sentence: Sentence) -> Hit | None:
    """A bare "هجوم"/"استهداف": on civilians an attack, on forces a clash; None when
    nothing says it was carried out on anyone."""
    folded = sentence.folded
    before = folded[max(0, hit.first - 3) : hit.first]
    after = folded[hit.last + 1 : hit.last + 5]
    civilians = cues.has_cue(after, CIVILIAN_TARGETS)
    forces = cues.has_cue(after, MILITARY_TARGETS)
    launched = cues.has_cue(before, LAUNCH) or cues.has_cue(after[:2], LAUNCH)
    if not (civilians or forces or launched or _has_violence(sentence)):
        return None
    if civilians:
        return hit
    if forces or launched:
        return replace(hit, sub_type="armed_clash")
    return hit


def _incidents(hits: list[Hit], sentence: Sentence) -> list[Hit]:
    """The hits of a sentence merged so that each tells one incident."""
    if cues.has_cue(sentence.folded, cues.STRIKE):
        hits = [hit for hit in hits if hit.sub_type not in _PROTEST_SUBS]
    if cues.has_cue(sentence.folded, cues.COURT):  # a sentence, not an execution
        hits = [hit for hit in hits if hit.sub_type != "attack"]
    if cues.has_cue(sentence.folded, cues.CRIME):  # ordinary crime, no armed actor
        hits = [hit for hit in hits if hit.sub_type not in _CRIME_SUBS]
    if cues.has_cue(sentence.folded, cues.ACCIDENT):  # a disaster's evacuation
        hits = [hit for hit in hits if hit.sub_type != "displacement"]
    hits = [found for hit in hits if (found := _territory(hit, sentence)) is not None]
    strong = [hit for hit in hits if hit.strong]
    if not strong:
        weak = [kept for hit in hits if (kept := _keep_weak(hit, sentence)) is not None]
        weak = _merge_same(weak[:1] + [h for h in weak[1:] if h.refined])
        return [_force_against_protesters(_against_forces(h, sentence), sentence) for h in weak]
    merged = _merge_same(strong)
    merged = _captured_in_battle(_riot(_protest_intervention(merged)))
    merged = [_force_against_protesters(_against_forces(hit, sentence), sentence) for hit in merged]
    for hit in hits:
        if (apart := _stands_apart(hit, strong, sentence)) is not None:
            merged.append(apart)
    return [_anchored(hit, hits) for hit in sorted(merged, key=lambda hit: hit.first)]


def _force_against_protesters(hit: Hit, sentence: Sentence) -> Hit:
    """Where protesters are: gunfire, or forces that fire on them (the Israeli army at
    Gaza's border), make force against protesters; clashes alone make a riot
    ("مقتل اثنين في اشتباكات مع الشرطة مع استمرار الاحتجاجات")."""
    kind = SUB_TYPES[hit.sub_type]
    if kind not in ("battles", "protests", "riots", "violence_against_civilians"):
        return hit
    if hit.sub_type in _TERRITORY:
        return hit
    folded = sentence.folded
    confrontation = lookup(folded[hit.first], CONFRONTATION) is not None
    palestinian = cues.has_cue(folded, PALESTINIANS)
    israeli = cues.has_cue(folded, ISRAELI_FORCES)
    palestinian_clash = confrontation and (palestinian or israeli)
    protest = cues.has_cue(folded, PROTEST_CONTEXT) or kind == "protests" or palestinian_clash
    if not protest:
        return hit
    harmed = any(q.kind in ("killed", "injured") for q in sentence.counts())
    fired = cues.has_cue(folded, GUNFIRE) or israeli
    if fired or (harmed and (kind == "protests" or palestinian)):
        return replace(hit, sub_type="excessive_force_against_protesters")
    if kind in ("battles", "violence_against_civilians"):
        return replace(hit, sub_type="violent_demonstration")
    return hit


def _against_forces(hit: Hit, sentence: Sentence) -> Hit:
    """An attack whose victims are forces (جنود، عناصر، قوات) is a battle."""
    if hit.sub_type != "attack":
        return hit
    soldiers = any(
        q.kind == "killed" and q.unit in ("soldiers", "fighters") for q in sentence.quantities
    )
    around = sentence.folded[max(0, hit.first - 6) : hit.last + 6]
    if soldiers or cues.has_cue(around, FORCES):
        return replace(hit, sub_type="armed_clash")
    return hit


def _captured_in_battle(hits: list[Hit]) -> list[Hit]:
    """Clashes that end in taking ground are one battle, of the taking's sub-type, told
    at the clash ("اشتباكات … تمكن بموجبه من السيطرة على الحي")."""
    taken = [hit for hit in hits if hit.sub_type in _TERRITORY]
    clashes = [hit for hit in hits if hit.sub_type == "armed_clash"]
    if not taken or not clashes or clashes[0].first > taken[0].first:
        return hits
    kept = [hit for hit in hits if hit is not taken[0] and hit is not clashes[0]]
    return sorted([replace(clashes[0], sub_type=taken[0].sub_type), *kept], key=_first)


def _anchored(hit: Hit, hits: Sequence[Hit]) -> Hit:
    """A strong trigger told right after a weak word of the same incident is anchored at
    the weak word ("هجوم لقوات النظام بغاز الكلور" at هجوم, "استهدف الهجوم" at استهدف)."""
    for other in hits:
        if not other.strong and 0 < hit.first - other.last <= _ANCHOR_WINDOW and other.generic:
            return replace(hit, first=other.first, last=other.last)
    return hit


def _stands_apart(hit: Hit, strong: Sequence[Hit], sentence: Sentence) -> Hit | None:
    """A weak trigger that tells an incident of its own beside the strong ones: with a
    modifier of another type ("اشتباكات … واستهداف بطائرة مسيرة"), or a launched or
    aimed "هجوم" that no strong trigger follows closely ("نفذوا هجوما معاكسا على
    محاور …، مشيرا إلى أن تبادلا للقصف رافق الهجوم")."""
    if hit.strong:
        return None
    if hit.refined and hit.sub_type != "attack":
        apart = all(SUB_TYPES[m.sub_type] != SUB_TYPES[hit.sub_type] for m in strong)
        return hit if apart else None
    if hit.refined or not hit.generic or hit.sub_type != "attack":
        return None
    if any(0 <= m.first - hit.last <= _ANCHOR_WINDOW or m.first <= hit.first for m in strong):
        return None
    folded = sentence.folded
    before, after = folded[max(0, hit.first - 3) : hit.first], folded[hit.last + 1 : hit.last + 5]
    if cues.has_cue(before, LAUNCH) or cues.has_cue(after, MILITARY_TARGETS):
        return _assault(hit, sentence)
    return None


def _merge_same(hits: list[Hit]) -> list[Hit]:
    """One hit per sub-type (and per pair that tells one incident, unless modifiers
    tell both apart: "قصف مدفعي وغارات جوية"), the first kept."""
    merged: list[Hit] = []
    for hit in hits:
        for index, earlier in enumerate(merged):
            pair = tuple(sorted((earlier.sub_type, hit.sub_type)))
            told_apart = earlier.refined and hit.refined and "chemical_weapon" not in pair
            if earlier.sub_type == hit.sub_type or (pair in _SPECIFIC and not told_apart):
                merged[index] = replace(_combine(earlier, hit, earlier.last), last=earlier.last)
                break
        else:
            merged.append(hit)
    return merged


_TERRITORY = ("non_state_actor_overtakes_territory", "government_regains_territory")


def _territory(hit: Hit, sentence: Sentence) -> Hit | None:
    """Ground taken by a government's forces is regained; by anyone else, overtaken.

    The taker is the subject next to the verb ("سيطرت قوات النظام على"، "استعادت فصائل
    المعارضة"); without one the verb decides (استعادت: regained; سيطر: overtaken), and
    استعاد with no taker at all is no territory ("استعادت الحكومة ثقة…" has one)."""
    if hit.sub_type not in _TERRITORY:
        return hit
    folded = sentence.folded
    government, other = _taker(folded, hit)
    regained_verb = lookup(folded[hit.first], REGAINED) is not None
    if regained_verb and not (government or other):
        after = sentence.tokens[hit.last].end
        return hit if any(place.start >= after for place in sentence.places) else None
    if government and not other:
        return replace(hit, sub_type="government_regains_territory")
    if other and not government:
        return replace(hit, sub_type="non_state_actor_overtakes_territory")
    return hit


def _taker(folded: Sequence[str], hit: Hit) -> tuple[bool, bool]:
    """(government, other) for who takes the ground: the words right after the verb
    (its subject), else the nearest force named before it in the sentence."""
    after = folded[hit.last + 1 : hit.last + 4]
    government, other = cues.has_cue(after, GOVERNMENT), cues.has_cue(after, NON_STATE)
    if government or other:
        return government, other
    for word in reversed(folded[: hit.first]):
        if lookup(word, GOVERNMENT) is not None:
            return True, False
        if lookup(word, NON_STATE) is not None:
            return False, True
    return False, False


def _riot(hits: list[Hit]) -> list[Hit]:
    """Protesters in clashes ("مواجهات بين المحتجين وقوات الأمن") make a riot."""
    protest = [hit for hit in hits if SUB_TYPES[hit.sub_type] in ("protests", "riots")]
    clashes = [hit for hit in hits if hit.sub_type == "armed_clash"]
    if not protest or not clashes:
        return hits
    kept = [hit for hit in hits if hit is not clashes[0] and hit is not protest[0]]
    return sorted([replace(clashes[0], sub_type="violent_demonstration"), *kept], key=_first)


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
    if _in_the_past(sentence, published_day):
        return []
    near = tokens[incidents[0].first].start
    event_date = choose_date(sentence.dates, None, near) or choose_date(
        sentence.earlier_dates, published_day
    )
    actors = choose_actors(sentence.entities, sentence.text, sentence.start, sentence.folded)
    drafts: list[EventDraft] = []
    fallback = sentence.paragraph_place() if not sentence.places else None
    for hit, counts in zip(incidents, figures, strict=True):
        start = _without_clitics(tokens[hit.first], sentence.folded[hit.first])
        end = tokens[hit.last].end
        place = choose_place(sentence.places, (start, end), fallback, sentence.text)
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
                generic=hit.generic and not hit.refined,
                weak=not hit.strong,
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


def _in_the_past(sentence: Sentence, published_day: str | None) -> bool:
    """Whether the sentence (or, when it gives no date, its paragraph before it) is set
    in a year or month long before the publication ("خلال حرب 2014", "عام 2003")."""
    if published_day is None:
        return False
    dates = sentence.dates or sentence.earlier_dates
    limit = date.fromisoformat(published_day) - timedelta(days=BACKGROUND_DAYS)
    return any(
        _period_end(span.value) < limit
        for span in dates
        if len(span.value) in (4, 7) and not fold(span.text).startswith(_SINCE)
    )


_SINCE = fold("منذ")  # "منذ 10 سنوات" starts a duration that runs to now


def _period_end(value: str) -> date:
    """The last day of a year (YYYY) or month (YYYY-MM) value."""
    year = int(value[:4])
    if len(value) == 4:
        return date(year, 12, 31)
    month = int(value[5:7])
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def incidents_of(hits: Sequence[Hit]) -> list[str]:
    """The sub-types of the hits, for figure attachment."""
    return [hit.sub_type for hit in hits]


__all__ = ["EventDraft", "assemble_sentence", "lexicon_keys"]
