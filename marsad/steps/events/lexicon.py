"""The trigger lexicon: Arabic words that report an incident, and ACLED's type for each.

Words are kept folded (أ/إ/آ→ا، ة→ه، ى→ي, no diacritics) and without clitics; a
token of the text is looked up as written and then with its clitics taken off
(`lexicon_keys`), so "والغارات"، "بالقصف"، "للاعتقالات" all find their entry.

A *strong* trigger names the incident by itself (غارة، اشتباكات، اعتقال). A *weak*
one (هجوم، استهداف، انفجار، مقتل) needs its neighbours to say what happened: it
takes the sub-type of a modifier nearby ("استهداف بطائرة مسيرة" is a drone strike)
and is merged into a strong trigger of the same sentence when there is one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from marsad.events.acled import SUB_TYPES
from marsad.text.normalize import fold

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Trigger:
    """What one lexicon word reports: its sub-type and whether it stands alone."""

    sub_type: str
    strong: bool

    @property
    def type(self) -> str:
        return SUB_TYPES[self.sub_type]


class Forms(frozenset[str]):
    """Folded words that also answer for their forms with clitics: every way a word of
    the set can be written with و/ف، ب/ل/ك، ال، لل and the accusative's alef, mapped to
    the word, built once with the set so a lookup is one dictionary read."""

    forms: dict[str, str]

    def __new__(cls, words: Iterable[str]) -> Forms:
        made = super().__new__(cls, words)
        made.forms = clitic_forms(made)
        return made


class FormsMap(dict[str, V]):
    """A table of folded words (to what they mean) that answers for their clitic forms."""

    forms: dict[str, str]

    def __init__(self, table: Mapping[str, V]) -> None:
        super().__init__(table)
        self.forms = clitic_forms(table)


_PROCLITIC_FORMS = ("", "و", "ف")
_PREPOSITION_FORMS = ("", "ب", "ل", "ك")


def clitic_forms(words: Iterable[str]) -> dict[str, str]:
    """Each written form of `words` → the word; a plainer form is never overwritten."""
    found: dict[str, str] = {}
    ordered = sorted(words, key=len)
    prefixes = sorted(
        {a + b + c for a in _PROCLITIC_FORMS for b in _PREPOSITION_FORMS for c in ("", "ال")}
        | {a + "لل" for a in _PROCLITIC_FORMS},
        key=len,
    )
    for alef in ("", "ا"):
        for prefix in prefixes:
            for word in ordered:
                found.setdefault(prefix + word + alef, word)
    return found


def folded_set(words: str) -> Forms:
    """The folded forms of space-separated `words`."""
    return Forms(fold(word) for word in words.split())


def _expand(groups: Mapping[str, str]) -> dict[str, str]:
    """Space-separated word lists → one entry per folded word."""
    return {fold(word): value for words, value in groups.items() for word in words.split()}


_STRONG = _expand(
    {
        "غارة غارات غاره الغاره": "air_drone_strike",
        "قصف قصفت قصفوا يقصف تقصف قصفا القصف قذيفة قذائف قذيفتين صاروخ صواريخ صاروخا "
        "هاون راجمات": "shelling_artillery_missile",
        "عبوة عبوات لغم ألغام لغما مفخخة مفخخات": "remote_explosive_landmine_ied",
        "انتحاري انتحارية انتحاريين انتحاريان انغماسي انغماسيين": "suicide_bomb",
        "غاز": "chemical_weapon",
        "اشتباك اشتباكات اشتبك اشتبكت اشتبكوا تشتبك يشتبك معارك معركة مواجهات "
        "اقتتال كمين كمينا": "armed_clash",
        "اغتيال اغتال اغتالت اغتيل اغتيالات إعدام أعدم أعدمت أعدموا إعدامات "
        "مجزرة مجازر دهس دهست ذبح ذبحت نحر طعن طعنا قنص قناص قناصة": "attack",
        "اختطاف اختطف اختطفت اختطفوا خطف خطفت خطفوا اختطافات يختطف": (
            "abduction_forced_disappearance"
        ),
        "اعتقال اعتقالات اعتقل اعتقلت اعتقلوا تعتقل يعتقل مداهمة مداهمات داهمت داهم داهموا "
        "توقيف أوقفت أوقف احتجزت احتجز القبض تقبض يقبض قبضت": "arrests",
        "تظاهرة تظاهرات مظاهرة مظاهرات تظاهر تظاهروا يتظاهرون احتجاج احتجاجات احتجاجية "
        "اعتصام اعتصامات اعتصم اعتصموا محتجون محتجين متظاهرون متظاهرين": "peaceful_protest",
        "شغب أعمال": "violent_demonstration",
        "نزوح نزح نزحوا تهجير هجرت إجلاء": "displacement",
        "سيطرة سيطرت سيطر سيطروا": "non_state_actor_overtakes_territory",
        "استعادت استعاد حررت حرر تسترد يسترد استردت استرد": "government_regains_territory",
    }
)
_WEAK = _expand(
    {
        "هجوم هجمات هجوما هاجم هاجمت هاجموا يهاجم استهداف استهدف استهدفت استهدفوا "
        "يستهدف تستهدف": "attack",
        "انفجار انفجارات انفجر انفجرت تفجير تفجيرات فجر فجرت تفجيري": (
            "remote_explosive_landmine_ied"
        ),
        "مقتل قتل قتلت مصرع استشهاد": "attack",
        "ضربة ضربات": "air_drone_strike",
        "فرار": "displacement",
        "عملية": "armed_clash",
    }
)
# Words after or before a trigger that change what it reports ("قصف جوي", "بطائرة مسيرة").
MODIFIERS = FormsMap(
    _expand(
        {
            "جوي جوية جويا الطيران طيران طائرة طائرات الطائرات حربية الحربي الحربية "
            "مسيرة مسيرات مسيّرة درون المروحي مروحية التحالف مقاتلات براميل البراميل برميل "
            "متفجرة": "air_drone_strike",
            "مدفعي مدفعية صاروخي صاروخية صواريخ صاروخ قذائف قذيفة هاون راجمات المدفعية": (
                "shelling_artillery_missile"
            ),
            "ناسفة مفخخة مفخخه لغم ألغام عبوة": "remote_explosive_landmine_ied",
            "انتحاري انتحارية انغماسي نفسه حزام حزاما ناسف ناسفا": "suicide_bomb",
            "كيماوي كيميائي كيماوية كيميائية الكلور السارين سامة سام الغاز غاز بغاز": (
                "chemical_weapon"
            ),
            "رصاص برصاص مسلح مسلحة مسلحين مسلحون مجهولين مجهولون طعن": "attack",
        }
    )
)
# Modifiers that are also everyday words in other senses: مسيرة is a march, a path.
DRONE_NOUNS = folded_set("طائرة طائرات بطائرة بطائرات الطائرة")
# مسيرة is a protest when a protest word is next to it ("مسيرة احتجاجية", "خرجت مسيرة").
MARCH = fold("مسيرة")
MARCH_CUES = folded_set(
    "احتجاجية حاشدة سلمية شعبية جماهيرية تضامنية غاضبة خرجت خرج نظم نظمت شارك شاركت انطلقت جابت"
)

TRIGGERS: FormsMap[Trigger] = FormsMap(
    {
        **{key: Trigger(sub, False) for key, sub in _WEAK.items()},
        **{key: Trigger(sub, True) for key, sub in _STRONG.items()},
    }
)
_ON = frozenset({"علي", "عليها", "عليه"})
# Triggers that report an incident only when followed by one of these words
# ("سيطرت على القرية", "استعادت السيطرة", "ألقت القبض على").
NEEDS_NEXT: dict[str, frozenset[str]] = {
    **{key: _ON for key, sub in _STRONG.items() if sub == "non_state_actor_overtakes_territory"},
    fold("القبض"): _ON,
    fold("تقبض"): _ON,
    fold("يقبض"): _ON,
    fold("قبضت"): _ON,
    fold("أعمال"): folded_set("عنف العنف شغب"),
    # "أوقف الأمن العام الشيخ …" is an arrest, "أوقفت الولايات المتحدة تمويلها" is not.
    fold("أوقف"): folded_set("الأمن الشرطة السلطات قوات الجيش الاستخبارات المخابرات"),
    fold("أوقفت"): folded_set("الأمن الشرطة السلطات قوات الجيش الاستخبارات المخابرات"),
    fold("عملية"): folded_set("أمنية نوعية عسكرية اقتحام إنزال"),
    fold("غاز"): folded_set("سام السام الكلور السارين الأعصاب"),
}
# Triggers that are something else before these words: "طعن في الحكم" is an appeal.
NOT_BEFORE: dict[str, frozenset[str]] = {
    fold("طعن"): folded_set("في على بالحكم"),
}
# Protesters and their marches: clashes or gunfire where they are is force against them.
PROTEST_CONTEXT = folded_set(
    "متظاهرين متظاهرون المتظاهرين محتجين محتجون المحتجين مسيرة مسيرات تظاهرات مظاهرات "
    "احتجاجات المحتجون المتظاهرون احتشدوا"
)
GUNFIRE = folded_set("الرصاص الحي رصاص طلقات النار المطاطي المطاطية المسيل")
# Words of a government's forces: a territory they take is regained, not overtaken;
# and of the others. The subject is looked for next to the verb.
GOVERNMENT = folded_set("الجيش جيش النظام الحكومية الحكومي الأمن الشرطة الحكومة")
NON_STATE = folded_set(
    "فصائل الفصائل المعارضة تنظيم التنظيم داعش مسلحو مسلحي الحوثي الحوثيين الحوثيون "
    "ميليشيا ميليشيات مليشيا قسد الوحدات هيئة الحشد البشمركة طالبان"
)
REGAINED = folded_set("استعادت استعاد حررت حرر تسترد يسترد استردت استرد")
# What a government "controls" that is no territory: "السيطرة على الحريق".
CONTROL_OBJECTS = folded_set("الفوضى الحريق النيران الأوضاع الوضع الأسعار الوباء الحرائق")
# A weak "هجوم" is a battle against these and an attack on civilians against those.
MILITARY_TARGETS = folded_set(
    "مواقع موقع موقعي موقعا نقاط نقطة حاجز حواجز ثكنة معسكر قاعدة مقر مقرات تمركزات "
    "محاور جبهات دورية رتل معاقل معقل مخازن تجمعات حي"
)
CIVILIAN_TARGETS = folded_set(
    "سوق سوقا مدرسة مستشفى مدنيين مدنيا مسجد كنيسة منزل منازل حافلة مخيم المصلين أطفال"
)
LAUNCH = folded_set("شن شنت شنوا شنه شنها نفذ نفذت نفذوا تصدت تصدى صد صدت محاولة أحبطت")
# Words that name an incident without saying which ("القصف", "الهجوم"): a later one
# of these is the incident already told, whatever its sub-type.
GENERIC = folded_set("قصف قصفت هجوم هجمات هجوما استهداف استهدف انفجار تفجير ضربة ضربات عملية")
CONFRONTATION = folded_set("مواجهات مواجهة اشتباكات")
KILL_NOUNS = folded_set("مقتل مصرع استشهاد")
# Forces as victims: an attack on them is a battle, not violence against civilians.
FORCES = folded_set(
    "قوات القوات جنود الجنود جنديا عناصر العناصر الشرطة الحرس الجيش أفراد مقاتلين "
    "مقاتلي الحشد دورية ضباط"
)
ISRAELI_FORCES = folded_set(
    "الإسرائيلي الإسرائيلية الإسرائيليين الاحتلال الإسرائيليون إسرائيل الإسرائيلى"
)
PALESTINIANS = folded_set("فلسطينيين الفلسطينيين فلسطينيا فلسطيني الفلسطيني شبان فلسطينيون")
KILL_WORDS = folded_set("مقتل قتل قتلت قتلوا مصرع استشهاد")

_PROCLITICS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")


_CLITIC_STARTS = frozenset("وفبلكا")  # letters a clitic or the article can start with


def lexicon_keys(folded: str) -> list[str]:
    """`folded` and its forms without the clitics و/ف، ب/ل/ك and the article ال."""
    if folded[:1] not in _CLITIC_STARTS and folded[-1:] != "ا":
        return [folded]  # most words: nothing to take off
    keys = [folded]
    stems = [folded]
    if folded[:1] in _PROCLITICS and len(folded) > 3:
        stems.append(folded[1:])
    for word in list(stems):
        if word[:1] in _PREPOSITIONS and len(word) > 3:
            stems.append(word[1:])
        if word.startswith("لل") and len(word) > 4:
            stems.append(word[2:])
    for word in stems:
        keys.append(word)
        if word.startswith("ال") and len(word) > 3:
            keys.append(word[2:])
    if folded.endswith("ا") and len(folded) > 4:  # the accusative's alef: هجوما، صاروخيا
        keys.extend(lexicon_keys(folded[:-1]))
    return keys


def lookup(folded: str, table: Collection[str]) -> str | None:
    """The key of `table` that `folded` is, with or without clitics, or None."""
    forms: dict[str, str] | None = getattr(table, "forms", None)
    if forms is not None:
        return forms.get(folded)
    for key in lexicon_keys(folded):
        if key in table:
            return key
    return None
