"""Arabic normalization, with an offset map back to the raw text.

Two strengths:

* `clean` keeps the spelling and only removes what is invisible or decorative:
  harakat and other diacritics, tatweel, direction marks; it unfolds lam-alef
  ligatures and turns Arabic-Indic and Persian digits into ASCII.
* `fold` also merges the letters that writers use interchangeably, for matching:
  أ إ آ ٱ → ا, ى → ي, ة → ه, Persian ی ک → ي ك, and lowercases Latin letters.

`normalize(text, fold=True)` returns a `Normalized` whose `offsets[i]` is the index
in the raw text of normalized character `i`, so a span found in normalized text can
be mapped back with `raw_span`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Harakat, Quranic marks, superscript alef and other combining marks used in Arabic.
_DIACRITICS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + [chr(c) for c in range(0x08D3, 0x0900) if c != 0x08E2]
)
_INVISIBLE = [
    "\u0640",  # tatweel
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",  # zero-width, LRM, RLM
    "\u061c",  # Arabic letter mark
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # embeddings and overrides
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # isolates
    "\ufeff",  # byte-order mark
    "\u00ad",  # soft hyphen
]
_LIGATURES = {
    "\ufefb": "لا",
    "\ufefc": "لا",
    "\ufef5": "لآ",
    "\ufef6": "لآ",
    "\ufef7": "لأ",
    "\ufef8": "لأ",
    "\ufef9": "لإ",
    "\ufefa": "لإ",
}
_DIGITS = {chr(0x0660 + d): str(d) for d in range(10)} | {
    chr(0x06F0 + d): str(d) for d in range(10)
}
_CLEAN: dict[str, str] = dict.fromkeys(_DIACRITICS + _INVISIBLE, "") | _LIGATURES | _DIGITS
_FOLDED_LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ۍ": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ھ": "ه",
    "ک": "ك",
    "\u00a0": " ",
}
_FOLD: dict[str, str] = (
    _CLEAN
    | {src: "".join(_FOLDED_LETTERS.get(ch, ch) for ch in dst) for src, dst in _LIGATURES.items()}
    | _FOLDED_LETTERS
)

_CLEAN_TABLE = str.maketrans(_CLEAN)
# Characters whose normalized form is not exactly one character (removed or unfolded);
# the same in both strengths, since folding maps letters one to one.
_RESIZING = re.compile("[" + "".join(re.escape(c) for c, r in _CLEAN.items() if len(r) != 1) + "]")
_FOLD_TABLE = str.maketrans(_FOLD)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text and, for each of its characters, the raw index it came from."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalized text to the raw text."""
        if start >= end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def clean(text: str) -> str:
    """Remove diacritics, tatweel and invisible marks; unfold ligatures; ASCII digits."""
    return text.translate(_CLEAN_TABLE)


def fold(text: str) -> str:
    """`clean`, then merge interchangeable letters and lowercase: the form used to match."""
    return text.translate(_FOLD_TABLE).lower()


def normalize(text: str, *, folded: bool = True) -> Normalized:
    """Normalize `text` (folded or only cleaned) and keep the offset map to the raw text.

    Most characters map to exactly one character, so the offsets are runs of
    consecutive indices broken only where a mark is removed or a ligature unfolds.
    """
    table = _FOLD if folded else _CLEAN
    offsets: list[int] = []
    position = 0
    for special in _RESIZING.finditer(text):
        index = special.start()
        offsets.extend(range(position, index))
        offsets.extend([index] * len(table[text[index]]))
        position = index + 1
    offsets.extend(range(position, len(text)))
    normalized = fold(text) if folded else clean(text)
    if len(normalized) != len(offsets):  # a Latin letter lowercased to two characters
        return _normalize_per_character(text, table)
    offsets.append(len(text))
    return Normalized(normalized, tuple(offsets))


def _normalize_per_character(text: str, table: dict[str, str]) -> Normalized:
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        replacement = table.get(char, char)
        if len(replacement) == 1:
            replacement = replacement.lower()[:1] if table is _FOLD else replacement
        pieces.append(replacement)
        offsets.extend([index] * len(replacement))
    offsets.append(len(text))
    return Normalized("".join(pieces), tuple(offsets))
