"""The analysis view of a page's text: its body lines without the site's furniture.

A page as stored keeps everything the reader kept: a page clock ("الجمعة 22 نوفمبر
2024"), masthead names, section labels, share and subscribe prompts, "اقرأ أيضا"
with the linked headlines under it, photo credits, breadcrumbs. None of it says
anything about the news, and all of it hides a copy: a 60-word wire excerpt padded
with 40 words of one site's furniture shares little with the same excerpt on
another site. Comparisons (copies, story vectors) read the *analysis view* instead;
the stored text itself is never changed.

Two kinds of furniture are dropped, line by line:

* lines that look like furniture wherever they appear (`is_furniture_line`): short
  labels, prompts, lead-ins to related links and the headlines under them, photo
  credits, timestamps, breadcrumbs, tickers;
* lines that recur on a site's pages: the caller learns them from what the site
  published before (`line_key` of each line, counted per site by the store) and
  passes the keys that recur as `recurring`.

A line that repeats inside the page (a doubled headline or lede) is kept once.
Everything here is pure and works on plain strings, so the copy detector and the
story clusterer share one view.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator

from marsad.text.normalize import fold

# Lines of at most this many words that carry no sentence punctuation are labels
# (section names, outlet names, a caption's name, a masthead role), not sentences.
MAX_LABEL_WORDS = 4
# Prompts and lead-ins are recognised only on lines this short: a sentence of the
# body may well mention Facebook or subscribers.
MAX_PROMPT_WORDS = 12
# Only lines up to this many words are counted as possible recurring furniture: a
# long line that recurs on a site is its own body text (an update of a story, a
# standing background paragraph), which copy detection must still see.
MAX_RECURRING_WORDS = 20
# Headlines under a related-articles lead-in are taken up to this many words.
MAX_RELATED_TITLE_WORDS = 25

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?؟…:؛]\s*[\"'»”)\]]*\s*$")
_SENTENCE_PUNCT = re.compile(r"[.!?؟،,؛;:]")
_LINK = re.compile(r"https?://|www\.|\.com\b|\.net\b|\.org\b|@\w", re.IGNORECASE)
_CRUMB_SEPARATORS = re.compile(r"\s[|>»/•·]\s|\s*\|\s*")
# A ticker item: "عاجل:" / "عاجل |" / "عاجل.." before a short headline.
_TICKER = re.compile(r"^\s*(?:عاجل|خبر عاجل|breaking)\s*(?:[:|\-–—.]|\.\.)", re.IGNORECASE)
MAX_TICKER_WORDS = 20

# Lead-ins to lists of related articles (folded forms are compared).
RELATED_LEAD_INS = (
    "اقرأ أيضا",
    "اقرأ ايضا",
    "إقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ المزيد",
    "اقرا ايضا",
    "مواضيع ذات صلة",
    "موضوعات ذات صلة",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "روابط ذات صلة",
    "ذات صلة",
    "قد يهمك",
    "قد يهمك أيضا",
    "شاهد أيضا",
    "شاهد أيضاً",
    "المزيد من الأخبار",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "الأكثر تداولا",
    "آخر الأخبار",
    "أخبار متعلقة",
    "read more",
    "read also",
    "related",
    "related articles",
)
# Words that make a short line a prompt of the page (share, comment, cookies, subscribe,
# apps, newsletters) or a ticker/photo credit rather than news.
PROMPT_MARKERS = (
    "شارك الخبر",
    "شارك المقال",
    "شارك على",
    "شاركها",
    "مشاركة",
    "انشر على",
    "فيسبوك",
    "فيس بوك",
    "تويتر",
    "واتساب",
    "واتس اب",
    "تيليجرام",
    "تلغرام",
    "انستغرام",
    "يوتيوب",
    "تابعونا",
    "تابعوا",
    "تابع أحدث",
    "تابع آخر",
    "اشترك",
    "اشتراك",
    "النشرة البريدية",
    "القائمة البريدية",
    "أضف تعليق",
    "اضف تعليقك",
    "اترك تعليقا",
    "التعليقات",
    "تعليقات",
    "ملفات تعريف الارتباط",
    "الكوكيز",
    "سياسة الخصوصية",
    "شروط الاستخدام",
    "جميع الحقوق محفوظة",
    "حمل تطبيق",
    "google news",
    "جوجل نيوز",
    "طباعة",
    "أرسل لصديق",
    "نسخ الرابط",
    "الرابط المختصر",
    "رابط مختصر",
    "مساحة إعلانية",
    "شريط الأخبار",
    "أخبار عاجلة",
    "صورة أرشيفية",
    "صورة ارشيفية",
    "مصدر الصورة",
    "حقوق الصورة",
    "تصوير",
    "getty",
    "cookies",
    "cookie",
    "subscribe",
    "share",
    "comments",
    "newsletter",
    "advertisement",
)
# Words of a line that only tells the time: weekdays, months (Gregorian, Levantine,
# Maghrebi, Hijri), clock words and the labels around them.
TIME_WORDS = (
    "السبت الأحد الاحد الإثنين الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة "
    "يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر "
    "نوفمبر ديسمبر كانون الثاني الأول شباط آذار نيسان أيار حزيران تموز آب أيلول "
    "تشرين يناير يونيه يوليه جانفي فيفري أفريل ماي جوان جويلية أوت شتنبر أكتوبر نونبر "
    "دجنبر محرم صفر ربيع جمادى رجب شعبان رمضان شوال القعدة الحجة ذو ذي الآخر الآخرة "
    "الأولى هـ م ص مساء مساءً صباحا صباحاً ظهرا ظهراً بتوقيت التوقيت توقيت القاهرة مكة "
    "المكرمة غرينتش gmt utc آخر اخر تحديث تحديث نشر في بتاريخ التاريخ منذ قبل بعد "
    "ساعة ساعات دقيقة دقائق ثانية يوم أيام سنة سنوات شهر أشهر عام الموافق am pm "
    "monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december"
)


def _folded_words(line: str) -> list[str]:
    return _WORD.findall(fold(line))


def _key_text(line: str) -> str:
    return " ".join(_folded_words(line))


def line_key(line: str) -> str:
    """A short stable hash of a line's folded words: what a site's recurring lines
    are counted and looked up by (the store never holds the lines themselves)."""
    return _hashed(_key_text(line))


def _hashed(key: str) -> str:
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def line_keys(text: str) -> list[str]:
    """The distinct keys of the text's lines that may be recurring furniture (short
    enough, not empty), in order: what a site's page contributes to its counts."""
    keys: dict[str, None] = {}
    for line in text.splitlines():
        words = _folded_words(line)
        if 0 < len(words) <= MAX_RECURRING_WORDS:
            keys[_hashed(" ".join(words))] = None
    return list(keys)


_LEAD_IN_KEYS = frozenset(_key_text(lead_in) for lead_in in RELATED_LEAD_INS)
_MAX_LEAD_IN_CHARS = 2 * max(len(lead_in) for lead_in in RELATED_LEAD_INS)
_PROMPT_KEYS = tuple(f" {_key_text(marker)} " for marker in PROMPT_MARKERS)
_TIME_KEYS = frozenset(_key_text(TIME_WORDS).split())


def is_related_lead_in(line: str) -> bool:
    """A line such as "اقرأ أيضا:" (alone, or followed by a linked headline after a colon)."""
    head = re.split(r"[:：]", line, maxsplit=1)[0]
    return len(head) <= _MAX_LEAD_IN_CHARS and _key_text(head) in _LEAD_IN_KEYS


def _is_label(line: str, words: list[str]) -> bool:
    return len(words) <= MAX_LABEL_WORDS and not _SENTENCE_PUNCT.search(line)


def _is_prompt(words: list[str]) -> bool:
    if len(words) > MAX_PROMPT_WORDS:
        return False
    padded = f" {' '.join(words)} "
    # A clitic may stick to the verb (وتابعونا، واشترك): also match a word's tail.
    return any(marker in padded for marker in _PROMPT_KEYS) or any(
        word.endswith(("تابعونا", "اشترك")) for word in words
    )


def _is_timestamp(words: list[str]) -> bool:
    return bool(words) and all(word.isdigit() or word in _TIME_KEYS for word in words)


def _is_link(line: str, words: list[str]) -> bool:
    return bool(_LINK.search(line)) and len(words) <= MAX_PROMPT_WORDS


def _is_breadcrumb(line: str) -> bool:
    parts = [part for part in _CRUMB_SEPARATORS.split(line) if part.strip()]
    return len(parts) >= 2 and all(len(_WORD.findall(part)) <= MAX_LABEL_WORDS for part in parts)


def is_furniture_line(line: str) -> bool:
    """Whether a line is page furniture on any site: a label, a prompt, a link, a
    timestamp, a breadcrumb or a lead-in to related articles."""
    return _is_furniture(line, _folded_words(line))


def _is_furniture(line: str, words: list[str]) -> bool:
    if not words:
        return True
    return (
        _is_label(line, words)
        or _is_prompt(words)
        or _is_timestamp(words)
        or _is_link(line, words)
        or _is_breadcrumb(line)
        or is_related_lead_in(line)
        or (bool(_TICKER.match(line)) and len(words) <= MAX_TICKER_WORDS)
    )


def _looks_like_linked_title(line: str) -> bool:
    count = len(_WORD.findall(line))
    return 0 < count <= MAX_RELATED_TITLE_WORDS and not _SENTENCE_END.search(line)


def analysis_lines(text: str, recurring: Collection[str] = ()) -> Iterator[str]:
    """The lines of the analysis view (see `analysis_text`), stripped, in order."""
    seen: set[str] = set()
    under_lead_in = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue  # a blank line does not end a list of related links
        if is_related_lead_in(line):
            under_lead_in = True
            continue
        if under_lead_in and _looks_like_linked_title(line):
            continue
        under_lead_in = False
        words = _folded_words(line)
        if _is_furniture(line, words):
            continue
        key = " ".join(words)
        if key in seen or (recurring and _hashed(key) in recurring):
            continue
        seen.add(key)
        yield line


def analysis_text(text: str, recurring: Collection[str] = ()) -> str:
    """The text to compare pages by: its lines without furniture, one per line.

    `recurring` holds the `line_key`s of lines that recur on the page's site (learned
    by the store from the site's earlier pages); they are dropped too. A text whose
    every line is furniture gives "".
    """
    return "\n".join(analysis_lines(text, recurring))
