"""Numbers as Arabic news writes them: digits, number words, and both mixed.

News counts people in every form at once: "400 ألف", "٤٠٠ ألف", "أربعمئة ألف",
"خمسة وعشرون", "مليون ونصف", "عشرات الآلاف". `find_numbers` reads them all from the
raw text and returns spans whose offsets point into that raw text.

Conventions:

* A conjunction or preposition glued to the number (وثلاثة، بـ400، لخمسة) is not part
  of the span; an approximator before it (نحو، حوالي، قرابة، أكثر من …) is, and marks
  the match `approximate`.
* Vague plurals count as their lower bound, the unit they multiply: بضعة = 3,
  عشرات = 10, مئات = 100, آلاف = 1000, ملايين = 1e6, and they combine like other
  numbers (عشرات الآلاف = 10000, مئات الآلاف = 100000). They are `approximate`.
* Ordinals (الثالث) and words with the article (الثلاثة) are not read as numbers, except
  the vague plurals (العشرات، المئات، الآلاف).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.text.normalize import fold

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_TOKEN = re.compile(
    rf"(?P<num>[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*)|(?P<word>(?:[^\W\d_]|[{_MARKS}])+)"
)
_THOUSANDS_GROUP = re.compile(rf"[{_DIGIT}]{{1,3}}(?:[,\u066c][{_DIGIT}]{{3}})+")

_ONES = {
    "واحد": 1,
    "واحده": 1,
    "احد": 1,
    "احدي": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "اثنتي": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
}
# Words that are a number only inside a compound (احد عشر), never alone.
_ONLY_IN_COMPOUND = frozenset({"احد", "احدي", "اثنا", "اثني", "اثنتا", "اثنتي"})
_TEN = frozenset({"عشر", "عشره"})
_TENS = {
    stem + ending: value
    for stem, value in (
        ("عشر", 20),
        ("ثلاث", 30),
        ("اربع", 40),
        ("خمس", 50),
        ("ست", 60),
        ("سبع", 70),
        ("ثمان", 80),
        ("تسع", 90),
    )
    for ending in ("ون", "ين")
}
_HUNDRED = frozenset({"مئه", "مائه", "مايه"})
_HUNDREDS = {
    "مئتان": 200,
    "مئتين": 200,
    "مائتان": 200,
    "مائتين": 200,
    "مئتا": 200,
    "مائتا": 200,
    "مئتي": 200,
    "مائتي": 200,
}
for _word, _value in (
    ("ثلاث", 3),
    ("اربع", 4),
    ("خمس", 5),
    ("ست", 6),
    ("سبع", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("تسع", 9),
):
    for _hundred in ("مئه", "مائه"):
        _HUNDREDS[_word + _hundred] = _value * 100
_SCALES = {
    "الف": 1e3,
    "الفا": 1e3,
    "الاف": 1e3,
    "الفين": 2e3,
    "الفان": 2e3,
    "الفي": 2e3,
    "مليون": 1e6,
    "مليونا": 1e6,
    "ملايين": 1e6,
    "مليونين": 2e6,
    "مليونان": 2e6,
    "مليوني": 2e6,
    "مليار": 1e9,
    "مليارا": 1e9,
    "مليارات": 1e9,
    "مليارين": 2e9,
    "ملياران": 2e9,
    "ملياري": 2e9,
    "بليون": 1e9,
    "بلايين": 1e9,
    "تريليون": 1e12,
    "ترليون": 1e12,
}
_DUAL_SCALES = frozenset(w for w, v in _SCALES.items() if str(int(v))[0] == "2")
_PLURAL_SCALES = frozenset({"الاف", "ملايين", "مليارات", "بلايين"})
_VAGUE = {
    "بضع": 3,
    "بضعه": 3,
    "عشرات": 10,
    "مئات": 100,
    "مءات": 100,
    "الاف": 1e3,
    "الوف": 1e3,
    "ملايين": 1e6,
    "مليارات": 1e9,
}
_FRACTIONS = {"نصف": 0.5, "ربع": 0.25}
# Longest first, so "ما يزيد على" wins over "يزيد على". A glued و or ب is handled apart.
_APPROXIMATORS = tuple(
    sorted(
        {
            tuple(fold(phrase).split())
            for phrase in (
                [
                    "نحو",
                    "حوالي",
                    "حوالى",
                    "قرابة",
                    "زهاء",
                    "يقارب",
                    "يناهز",
                    "تقريبا",
                    "ما يقارب",
                    "ما يقرب من",
                    "ما يناهز",
                    "أكثر من",
                    "أقل من",
                    "أزيد من",
                    "لا يقل عن",
                    "ما لا يقل عن",
                    "يزيد على",
                    "يزيد عن",
                    "ما يزيد على",
                    "ما يزيد عن",
                    "ما يربو على",
                ]
            )
        },
        key=len,
        reverse=True,
    )
)
_CLITICS = ("وب", "ول", "وك", "و", "ب", "ل", "ك", "ف")
# Short number words that are also common words after a clitic: لست = "I am not".
_NO_PREPOSITION = frozenset({"ست", "سبع"})
_DEFINITE_VAGUE = ("عشرات", "مئات", "الاف", "ملايين", "اف", "الوف")
# Every folded word that could read as a number piece (any clitic + any number word):
# most words of a text are not in it and are dismissed with one lookup.
_NUMBER_WORDS = frozenset(
    [*_ONES, *_TEN, *_TENS, *_HUNDRED, *_HUNDREDS, *_SCALES, *_VAGUE, *_FRACTIONS]
    + ["ال" + word for word in _DEFINITE_VAGUE]
)
_CANDIDATES = frozenset(clitic + word for clitic in ("", *_CLITICS) for word in _NUMBER_WORDS)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in raw text; `start`/`end` index the raw text, `text` is the span."""

    start: int
    end: int
    value: float
    text: str
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class _Piece:
    """One token read as part of a number: its kind, value and raw offsets."""

    kind: str  # digits, ones, ten, tens, hundred, hundreds, scale, vague, fraction, and
    value: float
    start: int
    end: int
    conj: bool  # carried a leading و
    word: str  # folded, clitics stripped


def parse_digits(raw: str) -> float | None:
    """Read ASCII, Arabic-Indic or Persian digits with thousands or decimal separators."""
    folded = fold(raw)
    if _THOUSANDS_GROUP.fullmatch(raw):
        return float(folded.replace(",", "").replace("\u066c", ""))
    text = folded.replace("\u066b", ".").replace("\u066c", ".")
    if text.count(".") > 1 or "," in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _raw_prefix_length(raw: str, letters: int) -> int:
    """Raw characters taken by the first `letters` letters (marks and tatweel follow them)."""
    index = 0
    for _ in range(letters):
        index += 1
        while index < len(raw) and re.match(f"[{_MARKS}]", raw[index]):
            index += 1
    return index


def _classify(word: str) -> tuple[str, float] | None:
    if word in _ONES:
        return "ones", _ONES[word]
    if word in _TEN:
        return "ten", 10
    if word in _TENS:
        return "tens", _TENS[word]
    if word in _HUNDRED:
        return "hundred", 100
    if word in _HUNDREDS:
        return "hundreds", _HUNDREDS[word]
    if word in _SCALES:
        return "scale", _SCALES[word]
    if word in _VAGUE:
        return "vague", _VAGUE[word]
    if word.startswith("ال") and word[2:] in _DEFINITE_VAGUE:
        return "vague", _VAGUE.get(word[2:], 1e3)
    if word in _FRACTIONS:
        return "fraction", _FRACTIONS[word]
    return None


def _read_word(raw: str, start: int) -> _Piece | None:
    """Read one word token as a number piece, stripping a glued و/ب/ل/ك/ف if needed."""
    folded = fold(raw)
    if folded not in _CANDIDATES and folded not in ("و", "وب", "ب", "ل", "ك"):
        return None
    found = _classify(folded)
    if found:
        return _Piece(found[0], found[1], start, start + len(raw), False, folded)
    if folded in ("و", "وب", "ب", "ل", "ك"):
        return _Piece("and" if folded == "و" else "clitic", 0, start, start + len(raw), False, "")
    for clitic in _CLITICS:
        rest = folded[len(clitic) :]
        if not folded.startswith(clitic) or len(rest) < 2:
            continue
        if clitic != "و" and rest in _NO_PREPOSITION:
            continue
        found = _classify(rest)
        if found:
            skip = _raw_prefix_length(raw, len(clitic))
            return _Piece(
                found[0], found[1], start + skip, start + len(raw), clitic[0] == "و", rest
            )
    return None


def _pieces(text: str) -> list[_Piece | None]:
    """Tokens of `text` read as number pieces; None for a token that is not one."""
    pieces: list[_Piece | None] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()] if previous_end >= 0 else " "
        if gap.strip() and pieces:
            pieces.append(None)  # punctuation breaks a number
        previous_end = match.end()
        if match.group("num"):
            value = parse_digits(match.group())
            piece = (
                None
                if value is None
                else _Piece("digits", value, match.start(), match.end(), False, match.group())
            )
            if (
                piece
                and pieces
                and pieces[-1]
                and pieces[-1].kind in ("clitic", "and")
                and pieces[-1].end == match.start()
            ):
                glued = pieces.pop()
                assert glued is not None
                piece = _Piece(
                    "digits",
                    value or 0,
                    match.start(),
                    match.end(),
                    glued.kind == "and" or glued.word.startswith("و"),
                    piece.word,
                )
            pieces.append(piece)
        else:
            pieces.append(_read_word(match.group(), match.start()))
    return pieces


def _scale_unit(piece: _Piece) -> float:
    """The scale a piece counts in: ألفين is two of 1000, so what follows must be < 1000."""
    return piece.value / 2 if piece.word in _DUAL_SCALES else piece.value


class _Reader:
    """Accumulates pieces into one value, refusing pieces that cannot continue it."""

    def __init__(self) -> None:
        self.total = 0.0
        self.current = 0.0
        self.last: str = ""  # kind of the last accepted piece
        self.last_scale = 0.0
        self.approximate = False
        self.pending_and = False
        self.pieces = 0
        self.first_word = ""

    def accept(self, piece: _Piece) -> bool:
        if piece.kind == "and":
            if self.last and not self.pending_and:
                self.pending_and = True
                return True
            return False
        conj = piece.conj or self.pending_and
        if not self.last:
            return self._first(piece)
        ok = self._after_conj(piece) if conj else self._adjacent(piece)
        if ok:
            self.pending_and = False
            self.pieces += 1
        return ok

    def _first(self, piece: _Piece) -> bool:
        if piece.kind == "clitic":
            return False
        if piece.kind == "scale" and piece.word in _PLURAL_SCALES:
            piece = _Piece("vague", _VAGUE[piece.word], piece.start, piece.end, False, piece.word)
        if piece.kind == "scale":
            self.total, self.last_scale = piece.value, _scale_unit(piece)
        else:
            self.current = piece.value
        self.approximate = piece.kind == "vague"
        self.last = piece.kind
        self.pieces += 1
        self.first_word = piece.word
        return True

    def starts_new(self, piece: _Piece, following: _Piece | None) -> bool:
        """True if `piece` begins a new number: ألفين وثلاثة آلاف is 2000 and 3000."""
        joined = piece.conj or self.pending_and
        return (
            joined
            and self.current == 0
            and self.last_scale > 0
            and following is not None
            and following.kind == "scale"
            and _scale_unit(following) >= self.last_scale
        )

    def complete(self) -> bool:
        """False when the reading is only a word that needs a partner (احد، نصف)."""
        if self.pieces > 1:
            return True
        return self.last != "fraction" and self.first_word not in _ONLY_IN_COMPOUND

    def _adjacent(self, piece: _Piece) -> bool:
        """A piece right after the previous one, without و: teens, ×100, ×scale."""
        if piece.kind == "ten" and self.last == "ones" and self.current < 10:
            self.current += 10
        elif piece.kind == "hundred" and self.last == "ones":
            self.current *= 100
        elif (
            piece.kind in ("scale", "vague")
            and piece.word not in _DUAL_SCALES
            and (
                self.current > 0
                and self.last
                in ("ones", "ten", "tens", "hundred", "hundreds", "digits", "vague", "fraction")
            )
        ):
            if piece.kind == "vague" and self.last != "vague":
                return False
            if piece.value >= self.last_scale > 0:
                return False
            self.total += self.current * piece.value
            self.current, self.last_scale = 0.0, _scale_unit(piece)
        else:
            return False
        self.last = piece.kind
        return True

    def _after_conj(self, piece: _Piece) -> bool:
        """A piece after و: 5 و20, 100 و50, ألف و500, مليون ونصف."""
        if piece.kind == "fraction" and self.current == 0 and self.last_scale:
            self.total += piece.value * self.last_scale
        elif piece.kind == "tens" and self.last == "ones" and self.current % 100 < 10:
            self.current += piece.value
        elif piece.kind in ("ones", "tens", "ten", "hundreds", "hundred", "digits") and (
            (self.last in ("hundred", "hundreds") and self.current % 100 == 0)
            or (self.current == 0 and self.last_scale and piece.value < self.last_scale)
        ):
            self.current += piece.value
        else:
            return False
        self.last = piece.kind
        return True

    def value(self) -> float:
        return self.total + self.current


def _approximator_start(text: str, start: int) -> int | None:
    """Start of an approximator (نحو، أكثر من …) that ends right before `start`, if any.

    Only whitespace may separate its words from each other and from the number; a و or
    ب glued to its first word is left out of the span.
    """
    before = list(_TOKEN.finditer(text, max(0, start - 40), start))
    for phrase in _APPROXIMATORS:
        size = len(phrase)
        if len(before) < size:
            continue
        tokens = before[-size:]
        if text[tokens[0].start() : start].split() != [t.group() for t in tokens]:
            continue
        words = [fold(t.group()) for t in tokens]
        skip = 0
        if words[0] != phrase[0] and words[0][:1] in ("و", "ب") and words[0][1:] == phrase[0]:
            skip = _raw_prefix_length(tokens[0].group(), 1)
            words[0] = words[0][1:]
        if tuple(words) == phrase:
            return tokens[0].start() + skip
    return None


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in `text`, longest reading first, with offsets into `text`."""
    pieces = _pieces(text)
    matches: list[NumberMatch] = []
    index = 0
    while index < len(pieces):
        reader = _Reader()
        first = pieces[index]
        if first is None or not reader.accept(first):
            index += 1
            continue
        end_index = index
        probe = index + 1
        while probe < len(pieces):
            piece = pieces[probe]
            following = pieces[probe + 1] if probe + 1 < len(pieces) else None
            if piece is None or reader.starts_new(piece, following) or not reader.accept(piece):
                break
            if not reader.pending_and:
                end_index = probe
            probe += 1
        last = pieces[end_index]
        assert last is not None
        if not reader.complete():
            index = end_index + 1
            continue
        start, end = first.start, last.end
        approx_start = _approximator_start(text, start)
        approximate = reader.approximate or approx_start is not None
        if approx_start is not None:
            start = approx_start
        matches.append(NumberMatch(start, end, reader.value(), text[start:end], approximate))
        index = end_index + 1
    return matches


def parse_number(text: str) -> float | None:
    """The value of `text` if it is exactly one number (approximator allowed), else None."""
    stripped = text.strip()
    found = find_numbers(stripped)
    if len(found) != 1:
        return None
    match = found[0]
    leftover = fold(stripped[: match.start] + stripped[match.end :]).replace(" ", "")
    if leftover not in ("", "و", "ب", "ل", "ك", "ف", "وب", "ول"):
        return None
    return match.value
