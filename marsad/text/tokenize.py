"""Word tokenization with character offsets.

A token is a run of letters, digits and combining marks (so a word with harakat or
tatweel stays one token); punctuation, including Arabic ، ؛ ؟ and quotes, separates
tokens. Offsets point into the text that was tokenized.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# \w covers letters and digits in every script; the marks and tatweel keep a
# diacritized word together; U+200C/U+200D join parts of Persian-style words.
_TOKEN = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the word tokens of `text` in order, with offsets."""
    for match in _TOKEN.finditer(text):
        yield Token(match.group(), match.start(), match.end())


def tokenize(text: str) -> list[Token]:
    """The word tokens of `text`, with offsets."""
    return list(iter_tokens(text))


def words(text: str) -> list[str]:
    """The word tokens of `text`, as strings."""
    return _TOKEN.findall(text)
