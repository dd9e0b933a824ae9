"""The Arabic-aware layer on top of generic extraction: site names, credits, related lists.

Generic extractors find the main text of a page but know nothing of how Arabic news
sites dress it: a " - الموقع" suffix on the title, an agency credit such as "(أ ف ب)"
or "المصدر: وكالات" standing alone above or below the body, an "اقرأ أيضا" heading
followed by linked titles. These pure functions work on a title string or a list of
paragraphs, so the HTML reader and the plain-text dump reader share them. What they
know is data (the tuples below); the functions only apply it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.text.normalize import fold

# Separators between a headline and the site name, most specific first.
TITLE_SEPARATORS = (" :: ", " | ", " — ", " – ", " - ", " « ", " » ", " ｜ ")
MAX_SITE_WORDS = 5

# News agencies and outlets that are credited as a story's origin (Arabic and Latin forms).
KNOWN_CREDITS = (
    "أ ف ب",
    "أ.ف.ب",
    "ا ف ب",
    "فرانس برس",
    "وكالة فرانس برس",
    "AFP",
    "رويترز",
    "وكالة رويترز",
    "Reuters",
    "د ب أ",
    "د.ب.أ",
    "DPA",
    "أ ب",
    "أسوشيتد برس",
    "AP",
    "الأناضول",
    "وكالة الأناضول",
    "الاناضول",
    "وكالات",
    "المصدر: وكالات",
    "وكالات الأنباء",
    "سانا",
    "واس",
    "قنا",
    "وام",
    "كونا",
    "بترا",
    "سبأ",
    "وفا",
    "ومع",
    "واج",
    "أ ش أ",
    "شينخوا",
    "سبوتنيك",
    "إرنا",
    "تسنيم",
    "يونا",
    "CNN",
    "BBC",
    "Sky News",
    "سكاي نيوز عربية",
    "الجزيرة",
    "العربية",
    "فرانس 24",
)
# Headings that introduce a list of related articles; what follows them goes to `related`.
RELATED_HEADINGS = (
    "مقالات ذات صلة",
    "مقالات ذات علاقة",
    "اقرأ أيضا",
    "إقرأ أيضا",
    "اقرأ أيضاً",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "المزيد",
    "اقرأ المزيد",
    "مواضيع ذات صلة",
    "موضوعات ذات صلة",
    "قد يهمك",
    "قد يهمك أيضا",
    "شاهد أيضا",
    "شاهد أيضاً",
    "ذات صلة",
    "اقرأ ايضا",
    "روابط ذات صلة",
    "Related",
    "Related articles",
    "Read more",
    "Read also",
)
# Phrases of site furniture (comment rules, copyright, follow-us) that end up after a body.
BOILERPLATE_MARKERS = (
    "سياسة الخصوصية",
    "شروط الاستخدام",
    "شروط استخدام",
    "إرشادات الاستخدام",
    "الآراء الواردة",
    "لا تعبر عن رأي",
    "جميع الحقوق محفوظة",
    "تابعونا على",
    "اشترك في نشرتنا",
    "اشترك في النشرة",
    "حمل تطبيق",
    "All rights reserved",
)
# Labels of a byline block ("Author, name" / "Role, title"), as some sites print them
# above the body in English or Arabic: the author's name goes to `author`, the rest
# of the block (role, where the reporting was done) is dropped.
BYLINE_AUTHOR_LABELS = ("Author", "الكاتب", "الكاتبة")
BYLINE_OTHER_LABELS = ("Role", "المنصب", "Reporting from", "التقرير من", "Position")
MAX_BYLINE_PARAGRAPHS = 8  # a byline block sits at the top of the body
MAX_BYLINE_WORDS = 8
CREDIT_PREFIXES = ("المصدر", "مصدر الخبر", "نقلا عن", "نقلاً عن", "Source")
MAX_CREDIT_WORDS = 4
MAX_RELATED_TITLE_CHARS = 200
MAX_RELATED_TITLES = 30

_BYLINE = re.compile(
    r"^[\s\-–—•*·]*("
    + "|".join(re.escape(label) for label in (*BYLINE_AUTHOR_LABELS, *BYLINE_OTHER_LABELS))
    + r")\s*[,،:]\s*(.*)$",
    re.I,
)
_SENTENCE_PUNCT = re.compile(r"[.!?؟،,؛;:\"«»“”]")
_WORD = re.compile(r"\w+")


def _key(text: str) -> str:
    """The matching form of a short label: folded letters, no punctuation, single spaces."""
    folded = fold(text).replace("ً", "")
    return " ".join(re.findall(r"\w+", folded))


_CREDIT_KEYS = frozenset(_key(name) for name in KNOWN_CREDITS)
_RELATED_KEYS = frozenset(_key(name) for name in RELATED_HEADINGS)
_BYLINE_AUTHOR_KEYS = frozenset(_key(label) for label in BYLINE_AUTHOR_LABELS)
_MAX_HEADING_CHARS = 2 * max(len(heading) for heading in RELATED_HEADINGS)
_PAREN_CREDIT = re.compile(r"^[(\[]\s*([^()\[\]]{1,40}?)\s*[)\]]$")
_PREFIX_CREDIT = re.compile(
    r"^\s*(المصدر|مصدر الخبر|نقلا عن|نقلاً عن|Source)\s*[:：-]\s*(.{1,60})$", re.I
)
# "دمشق، سوريا (CNN) --" or "بيروت (رويترز) -": a place, a credit in brackets, a dash.
_DATELINE = re.compile(r"^[^()\n]{0,60}?[(\[]\s*([^()\[\]\n]{1,30}?)\s*[)\]]\s*(?:--|-|–|—|:)")


@dataclass(frozen=True, slots=True)
class Credit:
    """A credited source, and whether its line should leave the text (standalone) or stay."""

    source: str
    index: int  # which paragraph it was found in
    standalone: bool


def split_title(
    title: str, site_name: str | None = None, headlines: Sequence[str] = ()
) -> tuple[str, str | None]:
    """Split "Headline - Site" or "Site - Headline" into ("Headline", "Site").

    A suffix is split off when it is the page's stated site name, or when it is short
    and shorter than the headline (the common layout), so a headline with a dash in it
    is never cut in half. A prefix is split off only with evidence: it is the stated
    site name, or what follows it is the headline the page shows elsewhere
    (`headlines`: og:title, the `<h1>`, the headline repeated under a dump's title line).
    """
    title = " ".join(title.split())
    site_name = " ".join(site_name.split()) if site_name else None
    last = _separator(title, last=True)
    if last is None:
        return _strip_bare_site(title, site_name), site_name
    first = _separator(title, last=False)
    assert first is not None
    head, tail = title[: last[0]].strip(), title[last[0] + len(last[1]) :].strip()
    lead, rest = title[: first[0]].strip(), title[first[0] + len(first[1]) :].strip()
    if site_name and _key(tail) == _key(site_name):
        return head, site_name
    if site_name and _key(lead) == _key(site_name) and rest:
        return rest, site_name
    if _is_site_name(lead, rest) and any(same_text(rest, h) for h in headlines if h):
        return rest, site_name or lead
    if tail and _is_site_name(tail, head):
        return head, site_name or tail
    return title, site_name


def _separator(title: str, *, last: bool) -> tuple[int, str] | None:
    """The position and text of the last (or first) headline/site separator in `title`."""
    best: tuple[int, str] | None = None
    for separator in TITLE_SEPARATORS:
        position = title.rfind(separator) if last else title.find(separator)
        if position <= 0:
            continue
        if best is None or (position > best[0] if last else position < best[0]):
            best = (position, separator)
    return best


def _is_site_name(candidate: str, headline: str) -> bool:
    """A few words, shorter than the headline they stand beside."""
    words = len(_WORD.findall(candidate))
    return 0 < words <= MAX_SITE_WORDS and len(candidate) < len(headline)


def _strip_bare_site(title: str, site_name: str | None) -> str:
    """Drop a site name glued at the end of a title without a separator, e.g. "... الجزيرة نت"."""
    if site_name and title != site_name and title.endswith(" " + site_name):
        return title[: -len(site_name)].strip()
    return title


def remove_byline(paragraphs: Sequence[str]) -> tuple[list[str], str | None]:
    """The paragraphs without a byline block at the top ("Author, name" / "Role, title"),
    and the author's name. A label alone on its line takes the next line as its value."""
    kept: list[str] = []
    author: str | None = None
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        match = _BYLINE.match(paragraph) if index < MAX_BYLINE_PARAGRAPHS else None
        value = match.group(2).strip() if match else ""
        if match is None or (value and not _is_byline_value(value)):
            kept.append(paragraph)
            index += 1
            continue
        label = match.group(1)
        following = paragraphs[index + 1].strip() if index + 1 < len(paragraphs) else ""
        if not value and following and _is_byline_value(following):
            value = following
            index += 1
        if author is None and value and _key(label) in _BYLINE_AUTHOR_KEYS:
            author = value
        index += 1
    return kept, author


def _is_byline_value(value: str) -> bool:
    """A name or a job title: a few words, no sentence punctuation."""
    return 0 < len(_WORD.findall(value)) <= MAX_BYLINE_WORDS and not _SENTENCE_PUNCT.search(value)


def is_known_credit(line: str) -> bool:
    """Whether a line is only the name of a known agency or outlet."""
    return _key(line) in _CREDIT_KEYS


def is_related_heading(line: str) -> bool:
    """Whether a line is a heading such as "اقرأ أيضا:" that introduces related articles."""
    return len(line) <= _MAX_HEADING_CHARS and _key(line) in _RELATED_KEYS


def credit_in_line(line: str, *, unknown_ok: bool = False) -> str | None:
    """The credited source if the whole line is a credit: "(د ب أ)", "المصدر: وكالات", "رويترز".

    `unknown_ok` also accepts a short label that is not a sentence (an outlet's name under
    the headline); callers pass it only where such a line can be nothing else.
    """
    line = line.strip()
    if not line or len(line) > 80:
        return None
    match = _PAREN_CREDIT.match(line)
    if match:
        return match.group(1).strip()
    match = _PREFIX_CREDIT.match(line)
    if match:
        return match.group(2).strip()
    if is_known_credit(line):
        return line
    if unknown_ok and looks_like_label(line):
        return line
    return None


def looks_like_label(line: str) -> bool:
    """A short line of at most a few words and no sentence punctuation: a name, not a sentence."""
    words = _WORD.findall(line)
    return 0 < len(words) <= MAX_CREDIT_WORDS and not _SENTENCE_PUNCT.search(line)


def credit_in_dateline(paragraph: str) -> str | None:
    """The agency of a dateline that opens a paragraph, e.g. "دمشق، سوريا (CNN) --"."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    inner = match.group(1).strip()
    if is_known_credit(inner) or looks_like_label(inner):
        return inner
    return None


def find_credit(paragraphs: Sequence[str], *, after_title: bool = False) -> Credit | None:
    """Find the credited source at the top or the bottom of the body.

    A standalone credit line (first or last paragraph) is reported as removable; a
    dateline opening the first paragraph is reported but stays in the text.
    `after_title` says the first paragraph sits right under the headline, where an
    unknown short label is taken as an outlet name.
    """
    if not paragraphs:
        return None
    first = credit_in_line(paragraphs[0], unknown_ok=after_title and len(paragraphs) > 1)
    if first:
        return Credit(first, 0, True)
    last_index = len(paragraphs) - 1
    if last_index > 0:
        last = credit_in_line(paragraphs[last_index])
        if last:
            return Credit(last, last_index, True)
    dateline = credit_in_dateline(paragraphs[0])
    if dateline:
        return Credit(dateline, 0, False)
    return None


def remove_credit(
    paragraphs: Sequence[str], *, after_title: bool = False
) -> tuple[list[str], str | None]:
    """The paragraphs without a standalone credit line, and the credited source."""
    credit = find_credit(paragraphs, after_title=after_title)
    if credit is None:
        return list(paragraphs), None
    if not credit.standalone:
        return list(paragraphs), credit.source
    kept = [p for i, p in enumerate(paragraphs) if i != credit.index]
    return kept, credit.source


def related_heading_inline(line: str) -> str | None:
    """The title in an inline "اقرأ أيضا: عنوان" line, or None if the line is not one."""
    head, sep, rest = line.partition(":")
    if not sep:
        head, sep, rest = line.partition("：")
    if sep and rest.strip() and is_related_heading(head):
        return rest.strip()
    return None


def looks_like_title(line: str) -> bool:
    """A short line that does not end like a sentence: a linked headline in a list."""
    line = line.strip()
    ending = line.rstrip("\"'»”)] ")
    return 0 < len(line) <= MAX_RELATED_TITLE_CHARS and not ending.endswith((".", "…", ":"))


def split_related(paragraphs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Move related-article headings and the title lines under them out of the body.

    Returns (body, related titles). Title lines are taken while they look like headlines;
    the first line that reads like a paragraph resumes the body.
    """
    body: list[str] = []
    related: list[str] = []
    taking = False
    for paragraph in paragraphs:
        inline = related_heading_inline(paragraph)
        if inline is not None:
            related.append(inline)
            taking = True
            continue
        if is_related_heading(paragraph):
            taking = True
            continue
        if taking and looks_like_title(paragraph) and len(related) < MAX_RELATED_TITLES:
            related.append(paragraph.strip())
            continue
        taking = False
        body.append(paragraph)
    return body, related


def strip_trailing_boilerplate(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs without the run of site furniture (comment rules, copyright) at the end."""
    kept = list(paragraphs)
    while kept and any(_key(marker) in _key(kept[-1]) for marker in BOILERPLATE_MARKERS):
        kept.pop()
    return kept


def drop_lines(paragraphs: Sequence[str], unwanted: Sequence[str]) -> list[str]:
    """The paragraphs that are not one of `unwanted` (compared in folded form)."""
    keys = {_key(line) for line in unwanted if line.strip()}
    return [p for p in paragraphs if _key(p) not in keys]


def same_text(left: str, right: str) -> bool:
    """Whether two short strings say the same thing up to spelling variants and punctuation."""
    return _key(left) == _key(right)
