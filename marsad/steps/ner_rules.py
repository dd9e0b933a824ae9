"""Rules applied to the tagger's output: what a statistical model gets wrong on purpose.

* Religious formulae (الله، سبحانه وتعالى، عز وجل، صلى الله عليه وسلم) are never
  entities. ANERcorp tags «الله» as MISC, so a model trained on it does too, and in
  news it then becomes the most-mentioned "entity" of all. A span made only of
  formula words is dropped; a name that contains one (عبد الله، حزب الله) is kept.
* Institutions named by a head and its complements (وزارة الشؤون البلدية والقروية،
  بمديرية الشؤون الصحية) are ORG even where the model, following ANERcorp (which
  leaves ministries untagged), says nothing: `tag_institutions`.
* Titles (الرئيس، الأمير، الوزير، الشيخ، الدكتور …) are outside person names in
  ANERcorp's conventions (never the first word of a PER span in its training
  split); when the model starts a PER span with one, the title is cut off.

Both work on folded words (`core_form`) and strict BIO tags, and return new tags.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.steps.ner_eval import chunks
from marsad.text.normalize import fold


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


FORMULA_WORDS = _folded(
    "الله لله بالله والله فالله تالله اللهم سبحانه وتعالى تعالى عز وجل جل جلاله "
    "صلى عليه وسلم السلام رضي عنه عنها رحمه"
)
TITLE_WORDS = _folded(
    "الرئيس الرئيسة الأمير الأميرة الوزير الوزيرة الشيخ الشيخة الدكتور الدكتورة "
    "الملك الملكة السيد السيدة السلطان الإمام البابا المشير الفريق اللواء العميد "
    "العقيد الجنرال المستشار المستشارة القاضي الحاج النائب سمو فخامة معالي "
    "للرئيس والرئيس وللرئيس للأمير والأمير للوزير والوزير للشيخ والشيخ للدكتور "
    "والدكتور للملك والملك للسيد والسيد د"
)


def drop_formulae(cores: Sequence[str], tags: Sequence[str]) -> list[str]:
    """The tags with every span made only of religious-formula words set to `O`."""
    fixed = list(tags)
    for start, end, _ in chunks(tags):
        if all(core in FORMULA_WORDS for core in cores[start:end]):
            fixed[start:end] = ["O"] * (end - start)
    return fixed


def strip_titles(cores: Sequence[str], tags: Sequence[str]) -> list[str]:
    """The tags with leading title words cut off PER spans that have a name after them."""
    fixed = list(tags)
    for start, end, kind in chunks(tags):
        if kind != "PER":
            continue
        first = start
        while first < end - 1 and cores[first] in TITLE_WORDS:
            fixed[first] = "O"
            first += 1
        if first > start:
            fixed[first] = "B-PER"
    return fixed


# Heads of institution names (وزارة الخارجية، مجلس الشورى …); in construct state
# they announce a named body. (رئاسة and قيادة are left out: برئاسة/بقيادة mean
# "chaired/led by".)
INSTITUTION_HEADS = _folded(
    "وزارة هيئة مجلس مؤسسة مكتب جمعية اتحاد شركة جامعة محكمة قوات لواء فصيل "
    "مديرية وكالة منظمة مفوضية دائرة أمانة شرطة نقابة غرفة"
)
# Definite heads are often a generic mention (المجلس العسكري، المؤسسة المالية), so
# they need two complements (الهيئة السعودية للمهندسين، المرصد السوري لحقوق الإنسان).
DEFINITE_HEADS = _folded("الهيئة المجلس المؤسسة المكتب الجمعية المفوضية الأمانة الاتحاد المرصد")
# Definite words that end a name rather than continue it (time, relative pronouns).
_NOT_COMPLEMENTS = _folded(
    "الذي التي الذين اللذين اللتين الآن اليوم أمس الماضي الماضية المقبل المقبلة "
    "الجاري الحالي الحالية الأسبوع الشهر العام السنة الأول الأولى الثاني الثانية "
    "الأخير الأخيرة السابق السابقة الإدارة الادارة الرشيدة البلاد الاحتلال"
)
# Complements too generic to end a name (وكالة الأنباء، قوات الشرطة) but that can
# stand inside one (وكالة الأنباء السورية، قوات الأمن الداخلي).
WEAK_COMPLEMENTS = _folded("الأنباء الشرطة الأمن الجيش الدولة الحكومة الخاصة العامة")
_MAX_COMPLEMENTS = 6
_CONJUNCTIONS = ("و", "ف")
_HEAD_CLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ك")


def _head_kind(core: str) -> int:
    """How many complements the word needs to head a name: 1, 2 (definite), 0 (no head)."""
    for form in (core, *(core[len(c) :] for c in _HEAD_CLITICS if core.startswith(c))):
        if form in INSTITUTION_HEADS:
            return 1
        if form in DEFINITE_HEADS:
            return 2
    return 0


def _is_head(core: str) -> bool:
    return _head_kind(core) > 0


def _is_complement(core: str) -> bool:
    """A definite word (الصحة، والقروية، للمهندسين) that can continue a name."""
    if core in _NOT_COMPLEMENTS or len(core) < 4 or not core.isalpha():
        return False
    bare = core[1:] if core.startswith(_CONJUNCTIONS) else core
    return bare not in _NOT_COMPLEMENTS and bare.startswith(("ال", "لل"))


def _complement_length(cores: Sequence[str], index: int) -> int:
    """How many words at `index` continue a name: a definite word (1), «ل» + a noun
    before a definite word (لحقوق الإنسان، لكرة القدم: 2), or none (0)."""
    core = cores[index]
    if _is_complement(core):
        return 1
    following = index + 1 < len(cores) and _is_complement(cores[index + 1])
    if following and core.startswith("ل") and len(core) >= 4 and core.isalpha():
        return 2
    return 0


def tag_institutions(cores: Sequence[str], tags: Sequence[str]) -> list[str]:
    """Name a head + definite complements (وزارة الشئون البلدية والقروية) as ORG where
    the model left the head outside any entity.

    The complements run to the first word that is not definite (a verb, a
    preposition, a time word) or to an entity the model found, which is left as it
    is (شركة مايكروسوفت: the company is «مايكروسوفت», as in ANERcorp).
    """
    fixed = list(tags)
    index = 0
    while index < len(cores):
        needed = _head_kind(cores[index]) if fixed[index] == "O" else 0
        if not needed:
            index += 1
            continue
        end = index + 1
        while end < len(cores) and end - index <= _MAX_COMPLEMENTS:
            length = 0 if _is_head(cores[end]) else _complement_length(cores, end)
            if not length or fixed[end + length - 1] != "O":
                break
            end += length
        while end > index + 1 and cores[end - 1] in WEAK_COMPLEMENTS:
            end -= 1
        if end - index > needed:
            fixed[index:end] = ["B-ORG", *["I-ORG"] * (end - index - 1)]
        index = end
    return fixed
