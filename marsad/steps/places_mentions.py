"""Place mentions read from a text before any reading is chosen.

Three sources: names of the regional gazetteer (with the cue word in front, if any),
neighbourhoods after حي (whose names are mostly in no gazetteer), and the spans the
town gazetteer found. `link_containers` then notes, for "X في Y", "X بريف Y",
"X التابعة لـY", "X شرق Y", which mention contains which.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from marsad.model import PlaceSpan
from marsad.steps.places import raw_prefix_length, scan_tokens
from marsad.steps.places_cues import CONNECTORS, QUALIFIERS, cue_of, is_weak_cue
from marsad.steps.places_regional import Area, RegionalGazetteer
from marsad.text.normalize import fold
from marsad.text.tokenize import Token

_HOOD_STOP = frozenset(
    fold(w)
    for w in [
        *("في", "ب", "من", "الى", "إلى", "و", "شرق", "غرب", "شمال", "جنوب"),
        *("التابع", "التابعة", "المجاور", "المجاورة", "الواقع", "الواقعة", "وسط"),
    ]
)
_TOWN_KINDS = ("city", "village", "neighbourhood", "camp")
_AREA_CUES = frozenset({"rif", "admin1", "admin2", "admin3", "area", "camp"})
# حي سكني، حي شيعي: an adjective after حي, not a name.
_NOT_HOOD_NAMES = frozenset(fold(w) for w in ["آخر", "اخر", "كامل", "واحد", "جديد"])


@dataclass
class Mention:
    """A name in the text, its readings, the cue around it and the reading chosen."""

    first: int  # token range of the name
    last: int
    start: int  # character span of the whole mention (cue word included)
    end: int
    key: str
    options: list[Area]
    cue: str = ""
    weak: bool = False  # a preposition (في، من، بـ …) in front
    prefix: str = ""  # clitics glued to the name (و، ب …)
    listed_only: bool = False  # read by stripping و: a place only in a list or a container
    area: Area | None = None
    kind: str = ""
    accepted: bool = False
    evidence: bool = False  # accepted for its context, not just its name
    container: Mention | None = None
    town: PlaceSpan | None = None  # the town-gazetteer span this mention stands for
    extra: dict[str, str] = field(default_factory=dict)


def regional_mentions(
    text: str,
    tokens: Sequence[Token],
    folded: Sequence[str],
    gazetteer: RegionalGazetteer,
    tables: tuple[Mapping[str, int], frozenset[str]],
) -> list[Mention]:
    """Every regional gazetteer name in the text, with the cue word in front of it."""
    lengths, strippable = tables
    starts = [t.start for t in tokens]
    found: list[Mention] = []
    # Any name may lose a glued و، بـ or لـ (كركوك وتلعفر، التابع لجرمانا), but then only a
    # list or what it contains makes it a place: ورقة is "and a sheet", not و + رقة.
    for hit in scan_tokens(text, tokens, folded, gazetteer.index, lengths, gazetteer.index):
        if cue_of(hit.key)[0] or hit.key in QUALIFIERS:  # جنوب، محافظة، الشرقي
            continue
        listed_only = bool(hit.prefix) and hit.key not in strippable
        if listed_only and hit.prefix not in ("و", "ب", "ل"):
            continue
        if hit.key in gazetteer.common and not _may_be_named(hit.preceding, hit.prefix):
            continue  # علي، أطراف: a word, and nothing around it says otherwise
        first = bisect_right(starts, hit.start) - 1
        last = bisect_right(starts, hit.end - 1)
        mention = Mention(first, last, hit.start, hit.end, hit.key, gazetteer.candidates(hit.key))
        mention.weak = is_weak_cue(hit.preceding, hit.prefix)
        mention.prefix, mention.listed_only = hit.prefix, listed_only
        if first >= 1 and not hit.prefix:
            cue, prefix = cue_of(folded[first - 1])
            mention.cue = cue
            mention.weak = mention.weak or cue == "direction"
            if cue and cue not in ("direction", "settlement"):
                cue_token = tokens[first - 1]
                mention.start = cue_token.start + raw_prefix_length(cue_token.text, len(prefix))
                before = folded[first - 2] if first >= 2 else ""
                mention.weak = is_weak_cue(before, prefix)
        found.append(mention)
    return found


def _may_be_named(preceding: str, prefix: str) -> bool:
    """Whether a word the news uses as an ordinary word could still be a place here:
    after a cue (مدينة، ريف، شرق …) or in a list (و)."""
    return prefix.startswith("و") or preceding == "و" or bool(cue_of(preceding)[0])


def _hood_name_end(folded: Sequence[str], index: int) -> int:
    """The token after a neighbourhood's name that starts at `index` (1-2 tokens)."""
    end = index
    while end < len(folded) and end - index < 2 and folded[end] not in _HOOD_STOP:
        if end > index and not folded[end].startswith("ال"):
            break
        end += 1
    return end


def hood_mentions(
    text: str, tokens: Sequence[Token], folded: Sequence[str], taken: set[int]
) -> list[Mention]:
    """حي X: a neighbourhood named after حي, whether or not a gazetteer knows it."""
    found: list[Mention] = []
    for index, word in enumerate(folded[:-1]):
        cue, prefix = cue_of(word)
        if cue != "hood" or index + 1 in taken:
            continue
        name = folded[index + 1]
        if (
            name in _NOT_HOOD_NAMES
            or name.startswith(("بال", "لل", "وال", "كال"))
            or (name.endswith(("ي", "يه")) and not name.startswith("ال"))  # حي سكني، أحياء سكنية
        ):
            continue
        end = _hood_name_end(folded, index + 1)
        if end == index + 1 or "\n" in text[tokens[index].end : tokens[end - 1].end]:
            continue
        cue_token = tokens[index]
        found.append(
            Mention(
                index + 1,
                end,
                cue_token.start + raw_prefix_length(cue_token.text, len(prefix)),
                tokens[end - 1].end,
                " ".join(folded[index + 1 : end]),
                [],
                cue="hood",
            )
        )
    return found


def town_mention(
    town: PlaceSpan, starts: Sequence[int], folded: Sequence[str], gazetteer: RegionalGazetteer
) -> Mention:
    """A town-gazetteer span as a mention, with its regional twin when there is one."""
    first = bisect_right(starts, town.start) - 1
    last = bisect_right(starts, town.end - 1)
    key = fold(town.name)
    point = (town.lat, town.lon)
    if town.kind == "country":
        twin = gazetteer.country(town.country)
    else:  # a town's own row; else the governorate of that name (ريف دمشق)
        twin = gazetteer.near(key, point, kinds=_TOWN_KINDS) or gazetteer.near(
            key, point, km=200.0, kinds=("admin1",)
        )
        twin = twin or gazetteer.near(key, point)
    if twin is None and town.kind == "city":  # a town outside the region: Paris, Calais
        twin = Area(-1, town.id, town.name, "city", town.country, town.lat, town.lon, "", "", 0)
    mention = Mention(first, last, town.start, town.end, key, [twin] if twin else [])
    mention.town, mention.area, mention.accepted = town, twin, True
    cue = cue_of(folded[first - 1])[0] if first >= 1 else ""
    mention.cue = cue if cue in ("rif", "admin1", "admin2", "admin3", "area") else ""
    return mention


def link_containers(folded: Sequence[str], mentions: Sequence[Mention]) -> None:
    """X (في|بـ|لـ|قرب|التابعة لـ|شرق …) Y: note Y as the container of X.

    Y is the first mention that starts after X ends, at most two tokens later. Of two
    readings of the same words, an area read with its cue (ريف دير الزور: the
    governorate) comes first, then the town, then a bare regional reading.
    """

    def rank(mention: Mention) -> tuple[int, int]:
        cued = mention.town is None and mention.cue in _AREA_CUES
        return mention.first, 0 if cued else 1 if mention.town is not None else 2

    ordered = sorted(mentions, key=rank)
    firsts = [m.first for m in ordered]
    for here in ordered:
        at = bisect_left(firsts, here.last)
        if at >= len(ordered):
            continue
        there = ordered[at]
        gap = folded[here.last : there.first]
        if len(gap) > 2 or not all(w in CONNECTORS or cue_of(w)[0] for w in gap):
            continue
        glued = there.prefix.endswith(("ب", "ل")) or folded[there.first].startswith("ب")
        if gap or glued:
            here.container = there
