"""The words around a place name that say what kind of place it is and where it lies.

A cue in front of a name (ريف، محافظة، مخيم، حي، قرية، شمال …) says which reading of a
homonym is meant and whether an obscure village name is a place at all; a qualifier
after it (الشرقي، الجنوبية …) narrows an area; a connector (في، بـ، قرب …) followed by
another place says which area contains the first one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from marsad.steps.places import clitic_variants
from marsad.text.normalize import fold


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Cue classes, by the folded word in front of the name.
_CUES: dict[str, str] = {}
for _kind, _words in (
    ("rif", "ريف أرياف"),
    ("camp", "مخيم مخيمات مخيمي"),
    ("hood", "حي أحياء حيي"),
    ("admin1", "محافظة محافظتي محافظات ولاية إقليم"),
    ("admin2", "قضاء مديرية قضائي مديريتي مديريات أقضية"),
    ("admin3", "ناحية ناحيتي نواحي"),
    ("area", "منطقة منطقتي"),
    ("settlement", "قرية بلدة مدينة قرى بلدات مدن قريتي بلدتي مدينتي بلدتا قريتا مدينتا"),
    (
        "direction",
        "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط أطراف محيط ضواحي",
    ),
):
    for _word in _folded(_words):
        _CUES[_word] = _kind

# Words that make a bare name a likely place: prepositions and verbs of movement.
WEAK_CUES = _folded("في إلى الى من نحو قرب داخل على عند باتجاه بمحيط أهالي سكان حول")
# A second direction word after the first: شمال شرق، جنوب غربي.
_SECOND_DIRECTIONS = _folded("شرق غرب شرقي غربي")
QUALIFIERS = _folded(
    "الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية الأوسط الوسطى"
)
# Words between a place and the area that contains it: X في Y، X بريف Y، X قرب Y.
CONNECTORS = _folded("في داخل ضمن قرب بالقرب من التابعة التابع بمحافظة بريف") | frozenset(_CUES)


@lru_cache(maxsize=1 << 16)
def cue_of(word: str) -> tuple[str, str]:
    """The cue class of one folded token (clitics stripped) and the stripped prefix."""
    for variant, prefix in clitic_variants(word):
        kind = _CUES.get(variant)
        if kind is not None:
            return kind, prefix
    for size in (1, 2):  # وحي، بحي: too short for clitic_variants to strip
        prefix, rest = word[:size], word[size:]
        if rest in _CUES and all(letter in "وفبل" for letter in prefix):
            return _CUES[rest], prefix
    return "", ""


def direction_start(folded: Sequence[str], index: int) -> int:
    """The first token of a direction phrase ending at token `index - 1` (or `index`)."""
    if index < 1 or cue_of(folded[index - 1])[0] != "direction":
        return index
    start = index - 1
    second = start >= 1 and folded[start] in _SECOND_DIRECTIONS
    if second and cue_of(folded[start - 1])[0] == "direction":
        start -= 1
    return start


def qualifier_end(folded: Sequence[str], index: int) -> int:
    """The token after the qualifiers (الشرقي، الشمالي الغربي) that start at `index`."""
    end = index
    while end < len(folded) and end - index < 2 and folded[end] in QUALIFIERS:
        end += 1
    return end


def is_weak_cue(word: str, prefix: str) -> bool:
    """Whether the token before a name, or the clitic glued to it, reads as "in/at/to"."""
    if prefix.endswith(("ب", "ل")):
        return True
    return any(variant in WEAK_CUES for variant, _ in clitic_variants(word))
