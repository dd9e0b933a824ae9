"""The counts an event takes: the quantities step's, less the vague, plus the unnumbered.

The quantities step reads numbers ("3 مدنيين"، "ثلاثة آلاف"). For an event's figures:

* a vague count is no figure: "عشرات"، "مئات"، "آلاف" without a number, "عدد من";
* a running total is not this incident's: "لترتفع الحصيلة إلى 1031", "ليصل عدد…";
* a count with no digits is still a count: a singular victim right after the verb
  ("مقتل قيادي"، "إصابة طفل"، "اعتقال شاب" → 1) and a dual noun ("جنديين"، "امرأتان"
  → 2) next to a verb of the kind or joined by و to a counted group ("15 طفلا
  وامرأتان" → 15 + 2). Sound masculine nouns make their plural in -ين as their dual
  does (مدنيين), so only their -ان dual counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.model import QuantitySpan
from marsad.steps.events.lexicon import FormsMap, folded_set, lookup
from marsad.text.normalize import fold
from marsad.text.tokenize import Token

_VAGUE = folded_set("عشرات العشرات مئات المئات آلاف الآلاف ألوف بضع بضعة عدد عشرات_الآلاف")
_RUNNING_TOTAL = folded_set("لترتفع ليرتفع لتصل ليصل لتبلغ ليبلغ ليرتفع")
_KIND_WORDS = FormsMap(
    {
        **dict.fromkeys(
            folded_set("مقتل قتل قتلت قتلوا استشهاد استشهد استشهدت مصرع لقي وفاة اغتيال"), "killed"
        ),
        **dict.fromkeys(folded_set("إصابة أصيب أصيبت جرح إصابات"), "injured"),
        **dict.fromkeys(
            folded_set("اعتقال اعتقلت اعتقل توقيف أوقفت القبض احتجاز احتجزت"), "arrested"
        ),
    }
)
_BROKEN_PLURAL_NOUNS = (
    "شخص طفل طفلة امرأة رجل شاب شابة فتاة جندي عنصر ضابط سيدة طبيب شقيق ابن أخ مدرس قائد"
)
_SOUND_PLURAL_NOUNS = "مدني عسكري قيادي صحفي ناشط مقاتل مسعف مزارع مواطن معلم مسلح مسن"


def _forms() -> tuple[frozenset[str], frozenset[str]]:
    """(singular nouns, dual nouns), folded."""
    singular = folded_set(f"{_BROKEN_PLURAL_NOUNS} {_SOUND_PLURAL_NOUNS}")
    duals: set[str] = set()
    for noun in folded_set(_BROKEN_PLURAL_NOUNS):
        stem = noun[:-1] + "ت" if noun.endswith("ه") else noun
        duals.update({stem + "ان", stem + "ين"})
    for noun in folded_set(_SOUND_PLURAL_NOUNS):
        stem = noun[:-1] + "ت" if noun.endswith("ه") else noun
        duals.add(stem + "ان")
    return singular, frozenset(duals)


_SINGULAR, _DUAL = _forms()
_SKIPPED = folded_set("على علي من")  # "القبض على شاب", "مقتل اثنين من"


def is_vague(quantity: QuantitySpan) -> bool:
    """Whether a quantity is "tens", "hundreds" and the like, not a number."""
    words = quantity.text.split()
    return bool(words) and lookup(fold(words[0]), _VAGUE) is not None


def is_running_total(text: str, start: int) -> bool:
    """Whether a quantity ends a running total ("لترتفع الحصيلة إلى 1031")."""
    before = text[max(0, start - 40) : start].split()[-4:]
    return any(lookup(fold(word), _RUNNING_TOTAL) is not None for word in before)


def _count_of(word: str) -> int | None:
    for key in (word, word[1:] if word[:1] in ("و", "ف") else word):
        if key in _DUAL or (key.startswith("ال") and key[2:] in _DUAL):
            return 2
    return None


def unnumbered(
    tokens: Sequence[Token], folded: Sequence[str], counted: Sequence[QuantitySpan], text: str
) -> list[QuantitySpan]:
    """Counts given by a singular or dual noun, not by a number (see module doc)."""
    taken = [(q.start, q.end) for q in counted]
    found: list[QuantitySpan] = []
    for index, token in enumerate(tokens):
        if any(start <= token.start < end for start, end in taken):
            continue
        word = folded[index]
        dual = _count_of(word)
        kind = _kind_before(folded, index)
        if dual is not None and kind is None and word.startswith("و"):
            kind = _kind_of_previous_count(counted, token.start, text)
        elif dual is None and kind is not None and _is_singular(word):
            dual = 1
        if dual is not None and kind is not None:
            found.append(
                QuantitySpan(token.text, token.start, token.end, float(dual), "people", kind)
            )
    return found


def _is_singular(word: str) -> bool:
    bare = word[2:] if word.startswith("ال") else word
    return bare in _SINGULAR


def _kind_before(folded: Sequence[str], index: int) -> str | None:
    """The kind of the verb or noun right before word `index` (one small word between)."""
    previous = index - 1
    if previous >= 0 and folded[previous] in _SKIPPED:
        previous -= 1
    if previous < 0:
        return None
    key = lookup(folded[previous], _KIND_WORDS)
    return _KIND_WORDS[key] if key is not None else None


def _kind_of_previous_count(counted: Sequence[QuantitySpan], start: int, text: str) -> str | None:
    """The kind of a count that ends just before `start` ("15 طفلا وامرأتان")."""
    for quantity in counted:
        if quantity.end <= start and not text[quantity.end : start].strip(" ،,"):
            return quantity.kind
    return None


def event_quantities(
    quantities: Sequence[QuantitySpan],
    tokens: Sequence[Token],
    folded: Sequence[str],
    text: str,
) -> list[QuantitySpan]:
    """The counts of a sentence an event may take, by start."""
    kept = [q for q in quantities if not is_vague(q) and not is_running_total(text, q.start)]
    return sorted([*kept, *unnumbered(tokens, folded, kept, text)], key=lambda q: q.start)
