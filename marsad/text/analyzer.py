"""The search analyzer: fold, tokenize, light-stem.

A Light10-style stemmer (Larkey, Ballesteros & Connell 2007) extended for news
search. Clitics that cannot be told apart from a word's first letter without a
lexicon (ب ك ل ف, and لل, which is both ل+ال and ل+ال+ل…) are handled by emitting
alternatives: at index time a word yields its stem and the stems it would have
without the clitic, so a query for داعش finds بداعش and a query for اللاجئين finds
للاجئين. Queries use the same alternatives as an OR group.

`tests/text/test_analyzer.py` measures this against PyStemmer's Arabic Snowball on
pairs of variants that must match and pairs of words that must not.
"""

from __future__ import annotations

from marsad.text.normalize import fold
from marsad.text.tokenize import words

_ARTICLES = ("وال", "فال", "بال", "كال", "ال")  # longest first; لل handled apart
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_SINGLE_PROCLITICS = frozenset("بكلف")
_MIN_STEM = 2
# Names whose ending only looks like a suffix; stripping it would merge them with
# other words (لبنان with لبن "milk", عمان with عم "uncle"). Folded forms, no article.
_SUFFIX_LOOKALIKES = frozenset(
    {
        "لبنان",
        "عمان",
        "ايران",
        "سودان",
        "يابان",
        "يونان",
        "اذربيجان",
        "بيان",
        "عثمان",
        "سلمان",
        "رمضان",
        "شعبان",
        "حمدان",
        "عدنان",
        "سليمان",
        "حسين",
        "ياسين",
        "فلسطين",
        "البحرين",
        "بحرين",
        "صين",
        "اوكرانيا",
        "ميدان",
        "برلمان",
        "طهران",
    }
)


def _strip_suffixes(word: str) -> str:
    if word in _SUFFIX_LOOKALIKES or word.endswith("ستان"):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
    return word


def _strip_article(word: str) -> str:
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN_STEM:
            return word[len(article) :]
    return word


def stem(word: str) -> str:
    """Light stem of one already folded word."""
    if not word or not _is_arabic(word[0]):
        return word
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    if word.startswith("لل") and len(word) >= 4:
        word = word[2:]
    else:
        word = _strip_article(word)
    return _strip_suffixes(word)


def stems(word: str) -> list[str]:
    """The stem of one folded word, then the alternatives for ambiguous clitics."""
    primary = stem(word)
    found = [primary]
    if not word or not _is_arabic(word[0]):
        return found
    bare = word[1:] if word.startswith("و") and len(word) >= 4 else word
    candidates: list[str] = []
    if bare.startswith("لل") and len(bare) >= 4:
        candidates.append(bare[1:])  # ل + ال + ل…: للاجئين → لاجئين
    if bare[:1] in _SINGLE_PROCLITICS and len(bare) >= 4:
        candidates.append(bare[1:])  # بداعش → داعش
    if word != bare and not bare.startswith(("ال", "لل")):
        candidates.append(word)  # a word that itself starts with و: وزير
    if bare.startswith("ال") and len(bare) >= 5:
        candidates.append(bare)  # أل… folds to ال…: ألماني is not ال + ماني
    for candidate in candidates:
        keep_prefix = candidate in (word, bare) and candidate.startswith(("و", "ال"))
        alternative = _strip_suffixes(candidate) if keep_prefix else stem(candidate)
        if alternative not in found:
            found.append(alternative)
    return found


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def analyze(text: str) -> list[str]:
    """Index terms of `text`: every stem and alternative of every word, in order."""
    terms: list[str] = []
    for word in words(fold(text)):
        terms.extend(stems(word))
    return terms


def analyze_query(text: str) -> list[list[str]]:
    """Query terms of `text`: for each word, the alternatives any of which may match."""
    return [stems(word) for word in words(fold(text))]


def primary_stems(text: str) -> list[str]:
    """One stem per word: the form used for term statistics and highlighting."""
    return [stem(word) for word in words(fold(text))]
