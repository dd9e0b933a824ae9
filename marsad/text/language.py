"""Which language an article is written in, offline.

Uses resiliparse's profile-based detector: linear time, no model download, and it
tells Arabic from Persian and Urdu. Text without letters has no language (None),
and so does text whose best profile is too far off to trust.
"""

from __future__ import annotations

import dataclasses
import unicodedata

from resiliparse.parse.lang import detect_fast

from marsad.model import Article

# Out-of-place rank above which a guess is not trusted (resiliparse's guidance: above 1200
# is usually false).
MAX_RANK = 1200
SAMPLE_CHARS = 4000
MIN_LETTERS = 3
# Languages written in Arabic script; a text mostly in that script is one of them.
_ARABIC_SCRIPT_LANGS = ("ar", "fa", "ur", "ps", "ckb", "ku", "sd", "ug", "arz")


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code (or resiliparse's code) of the text's language, or None if unsure."""
    sample = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    arabic_share = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff") / len(letters)
    arabic_script = arabic_share > 0.5
    lang, _rank = detect_fast(sample, cutoff=MAX_RANK)
    if lang == "unknown" or (arabic_script and lang not in _ARABIC_SCRIPT_LANGS):
        # Too short or too mixed to profile: the script still rules out most languages.
        return "ar" if arabic_script else None
    return str(lang)


def with_language(article: Article) -> Article:
    """The article with `lang` set from its title and text (kept if already set)."""
    if article.lang:
        return article
    lang = detect_language(f"{article.title}\n{article.text}")
    return dataclasses.replace(article, lang=lang)
