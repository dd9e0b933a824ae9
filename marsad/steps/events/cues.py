"""Words that say a trigger does not report a new incident.

Each cue family is a set of folded words, looked up as written and without clitics.
Where a cue is looked for matters: a denial or a threat governs the words after it
("نفى الجيش أن تكون طائراته قد شنت غارات"), so it is looked for in the few words
before the trigger; an anniversary, a cumulative toll or a football match colour the
whole sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.steps.events.lexicon import folded_set, lookup
from marsad.text.normalize import fold

_BEFORE = 8  # words before a trigger searched for a threat
_DENIAL_BEFORE = 12  # words before a trigger searched for a denial ("نفى X استهداف … بغارة")


DENIAL = folded_set(
    "نفى نفت ينفي تنفي نفي نافيا نافية نفوا كذب كذبت تكذيب ينفون شائعات إشاعات مزاعم عار"
)
# "لم"/"لا" deny only the verb right after them ("لم تشن"، "لا تنفذ … ضربات"), not
# "لم يسفر الهجوم عن…".
NEGATED_VERBS = folded_set("تشن يشن يتم تقع يقع يحدث تحدث تشهد يشهد تسجل يسجل تنفذ ينفذ")
_NOT = frozenset({"لم", "لا", "ولم", "ولا"})
THREAT = folded_set(
    "هدد هددت يهدد تهدد تهديد تهديدات توعد توعدت يتوعد تتوعد تعتزم يعتزم اعتزام تخطط يخطط "
    "تخطيط ستشن سيشن ستقوم سيقوم تستعد يستعد استعدادات استعداد محتمل محتملة احتمال "
    "حذر حذرت يحذر تحذر تحذير تحذيرات دعا دعت يدعو تدعو دعوة دعوات مرتقب مرتقبة المزمع "
    "مزمع لو إذا اذا ستنفذ سينفذ ستستهدف سيستهدف ستبدأ سيبدأ ينوي تنوي نية منع لمنع "
    "خشية تخوف مخاوف يخشى تخشى إمكانية سيناريو"
)
# A reaction to an incident is no new report of it ("أدان الهجوم").
REACTION = folded_set(
    "أدان أدانت يدين تدين إدانة استنكر استنكرت يستنكر استنكار شجب شجبت ندد نددت يندد تندد تنديد"
)
# "قصف إعلامي", "انفجار الأسعار", "انفجار سكاني": the word is a metaphor.
METAPHOR = folded_set("إعلامي إعلامية الأسعار أسعار سكاني السكاني الغضب غضب الوضع كلامي")
COURT = folded_set("محكمة المحكمة حكم حكما قضت القاضي بالسجن السجن قضائي القضاء")
# An ongoing state, not an incident: "الخاضعة للقصف", "يواصلون الفرار من القصف",
# "القصف اليومي", "قصف متواصل منذ أسابيع".
ONGOING_BEFORE = folded_set(
    "الخاضعة الخاضع تتعرض يتعرض تتعرضان يواصلون يواصل تواصل تستمر يستمر استمرار رغم"
)
ONGOING_AFTER = folded_set(
    "اليومي اليومية المتواصل المتواصلة متواصل متواصلة المستمر المستمرة المتكرر"
)
ONGOING_SPANS = folded_set("أسابيع أشهر شهور سنوات أعوام أيام")
# A word that points back at an incident told before: "ويأتي القصف", "تلك الغارات".
REFERENCE = folded_set("يأتي تأتي ويأتي وتأتي")
DEMONSTRATIVES = folded_set("هذه هذا تلك ذلك هذين هاتين")
TOLL_WORDS = folded_set("حصيلة الحصيلة القتلى الضحايا")
# Not إحياء (folded, it is الأحياء, the neighbourhoods) nor أربعين (forty).
ANNIVERSARY = folded_set("ذكرى الذكرى يحيي يحيون بذكرى")
CUMULATIVE = folded_set("إجمالية إجمالي الإجمالية الإجمالي مجموع المجموع")
SINCE = fold("منذ")
# After "منذ", these make a toll cumulative: "منذ بداية الحرب", "منذ عام 2011".
SINCE_PERIOD = folded_set(
    "بداية بدء اندلاع مطلع انطلاق عام العام سنوات سنة أعوام أشهر شهور الثورة الحرب الأزمة"
)
STRIKE = folded_set("إضراب الإضراب إضرابا إضرابات")
SPORTS = folded_set(
    "مباراة مباريات المباراة الدوري المنتخب لاعب لاعبين اللاعب لاعبو الشوط ملعب الملعب "
    "مدرب المدرب بطولة البطولة النادي نادي كرة هداف التعادل تعادل ركلة ركلات حارس"
)
ACCIDENT = folded_set(
    "حادث سير مروري حريق حرائق غرق صعق انهيار كهربائي غاز أسطوانة تسمم زلزال فيضان سيول "
    "كورونا فيروس وباء تدافع إعصار الإعصار عاصفة العاصفة فيضانات زلزالا"
)
# Ordinary crime: an arrest or a killing without an armed or political actor.
CRIME = folded_set(
    "الكحول المخدرات مخدرات سرقة السرقة احتيال اعتدى جنسيا اغتصاب تحرش رشوة "
    "الاتجار بتجارة تهريب مسروقات الجنائية جنائية المشعوذ"
)
# "هجوما حادا على الحكومة", "هجوم إعلامي": words, not violence.
VERBAL = folded_set("حادا حاد لاذعا لاذع إعلامي إعلاميا كلامي انتقد انتقاد انتقادات تصريحات")


def has_cue(folded: Sequence[str], cue: frozenset[str]) -> bool:
    """Whether any of the words `folded` is a word of `cue`, with or without clitics."""
    return any(lookup(word, cue) is not None for word in folded)


def _lookup_set(word: str, cue: frozenset[str]) -> bool:
    return lookup(word, cue) is not None


def denied_or_planned(before: Sequence[str]) -> str | None:
    """Why the words just before a trigger make it no new event: "denial", "threat"."""
    if any(_lookup_set(word, DENIAL) for word in before[-_DENIAL_BEFORE:]):
        return "denial"
    window = before[-_BEFORE:]
    for index, word in enumerate(window):
        if _lookup_set(word, THREAT):
            return "threat"
        if _lookup_set(word, REACTION) and index >= len(window) - 4:
            return "reaction"
        if word in _NOT and index + 1 < len(window) and window[index + 1] in NEGATED_VERBS:
            return "denial"
    if window and window[-1] in _NOT:
        return "denial"
    return None


def cumulative(folded: Sequence[str], has_toll: bool) -> bool:
    """Whether the sentence gives a toll over a period: "الحصيلة الإجمالية", or a toll
    with "منذ بداية الحرب", "منذ 2011" (without a toll, "المحاصرة منذ 2013" only
    describes a place)."""
    for index, word in enumerate(folded):
        if _lookup_set(word, CUMULATIVE):
            return True
        if has_toll and word in (SINCE, "و" + SINCE) and index + 1 < len(folded):
            following = folded[index + 1]
            if _lookup_set(following, SINCE_PERIOD) or following.isdigit():
                return True
    return False


def ongoing(before: Sequence[str], after: Sequence[str]) -> bool:
    """Whether the words around a trigger make it a lasting state, not an incident."""
    if any(_lookup_set(word, ONGOING_BEFORE) for word in before[-3:]):
        return True
    if any(_lookup_set(word, ONGOING_AFTER) for word in after[:3]):
        return True
    window = list(after[:4])
    return any(
        word == SINCE and index + 1 < len(window) and _lookup_set(window[index + 1], ONGOING_SPANS)
        for index, word in enumerate(window)
    )


PAST_PERFECT = folded_set("كان كانت وكان وكانت كانوا وكانوا")
_QAD = fold("قد")


def past_perfect(before: Sequence[str]) -> bool:
    """ "وكانت قوات النظام قد استعادت …": an earlier incident recalled (the caller keeps
    it when the sentence dates it to the news' days)."""
    window = before[-8:]
    return _QAD in window[-3:] and any(word in PAST_PERFECT for word in window)


def refers_back(before: Sequence[str], trigger: str) -> bool:
    """Whether the word before a trigger points at an incident told earlier: "ويأتي
    القصف", "تلك الغارات" (a demonstrative only before a noun with ال)."""
    if not before:
        return False
    if before[-1] in REFERENCE:
        return True
    return before[-1] in DEMONSTRATIVES and trigger.lstrip("وفبل").startswith("ال")


def sentence_veto(folded: Sequence[str], has_toll: bool = False) -> str | None:
    """Why no trigger of this sentence is a new event, or None."""
    if has_cue(folded, ANNIVERSARY):
        return "anniversary"
    if has_cue(folded, SPORTS):
        return "sports"
    if cumulative(folded, has_toll):
        return "cumulative"
    return None
