"""Credited source from the text: agency datelines, sign-offs and "نقلا عن X".

Most Arabic news is agency copy, and the text says so even when the page's byline
does not: a dateline "الرياض 12 ذو القعدة 1436 هـ الموافق 27 أغسطس 2015 م واس", a
bracketed "(أ ف ب)" or "بيروت - رويترز:" at the top, "(ومع)" or "// انتهى //" at
the bottom, "نقلا عن وكالة الأناضول" or "المصدر: موقع X" in the body. The step
`with_credits` reads the first of these it finds (top of the text, then its end,
then attributions in the body) and fills `Article.source` when the reader found no
byline credit; a byline credit already there is kept.

Agencies are data (`marsad/resources/agencies/agencies.tsv`): a key, the short
credit Marsad shows (واس، أ ف ب …), the full name, every other written form, the
agency's own sites and its sign-offs. `Agencies.of_site` tells whether a page is
the agency's own, which provenance uses to name the original of a copy group.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from marsad.model import Article
from marsad.resources import resource_path
from marsad.text.normalize import fold

AGENCIES_FILE = "agencies/agencies.tsv"
TOP_CHARS = 200  # a dateline sits in the text's first characters
BOTTOM_CHARS = 160  # a sign-off in its last ones
MAX_DATELINE_WORDS = 20  # a first line ending with a credit is a dateline up to this long
MAX_NAMED_WORDS = 4  # words of an outlet named after "نقلا عن" and the like

_WORD = re.compile(r"\w+")
_BRACKETED = re.compile(r"[(\[«\"“]\s*([^()\[\]«»\"“”\n]{1,40}?)\s*[)\]»\"”]")
_DASHED = re.compile(r"(?:^|[\s(])[-–—]\s*([^-–—:()\n]{1,30}?)\s*(?:[-–—:)]|$)", re.MULTILINE)
_LEADING = re.compile(r"^\s*([^-–—:()\n]{1,25}?)\s*[-–—:]")
_MEDIA = "(?:وكالة|وكاله|موقع|صحيفة|صحيفه|جريدة|جريده|قناة|قناه|شبكة|شبكه|إذاعة|اذاعه|مجلة|مجله)"
_ATTRIBUTION = re.compile(
    r"(?<!\w)(?:نقلا عن|نقلاً عن|(?:حسبما|وفق ما|وفقا لما|بحسب ما) "
    r"(?:نقلت|ذكرت|أوردت|اوردت|أفادت|افادت)|بحسب|حسب|"
    r"وفقا ل|وفقاً ل|وفق|طبقا ل|طبقاً ل|كما (?:نقلت|ذكرت|أوردت))\s*(" + _MEDIA + r"\s+)?"
    r"([^\n.،,:؛]{1,60})"
)
# "ذكرت وكالة أنباء الأناضول": an agency named as the teller (known agencies only).
_AGENCY_TELLS = re.compile(
    r"(?<!\w)(?:ذكرت|قالت|أفادت|افادت|أوردت|اوردت|نقلت|أعلنت|اعلنت)\s+وكال[ةه]\s+(?:أنباء\s+|انباء\s+)?"
    r"([^\n.،,:؛]{1,40})"
)
_SOURCE_LINE = re.compile(r"^\s*(?:المصدر|مصدر الخبر|Source)\s*[:：-]\s*(.{1,60}?)\s*$", re.M)
# Words that end an outlet's name in running text ("بحسب موقع هسبريس إن ...").
_NAME_ENDS = frozenset(
    {
        *("إن", "ان", "أن", "أنه", "انه", "عن", "في", "على", "من", "إلى", "الى", "الذي"),
        *("التي", "اليوم", "أمس", "امس", "يوم", "مساء", "صباح", "قوله", "قولها"),
        *("السبت", "الأحد", "الاحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء"),
        *("الاربعاء", "الخميس", "الجمعة", "الرسمية", "الحكومية"),
    }
)
_QUOTED = re.compile(r"^[«\"“(]\s*([^«»\"“”()]{1,40}?)\s*[»\"”)]")


def credit_key(text: str) -> str:
    """The matching form of a credit: folded letters, dots as spaces, single spaces."""
    return " ".join(_WORD.findall(fold(text).replace(".", " ").replace("ً", "")))


@dataclass(frozen=True, slots=True)
class Agency:
    """A news agency: how it is credited and where it publishes."""

    key: str
    short: str  # the credit Marsad shows: واس، أ ف ب، رويترز
    name: str
    aliases: tuple[str, ...]
    sites: tuple[str, ...]  # domains (spa.gov.sa) or corpus site slugs (was)
    signoffs: tuple[str, ...]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@dataclass(frozen=True, slots=True)
class Agencies:
    """The agency table, with lookups by written credit and by site."""

    agencies: tuple[Agency, ...]
    by_credit: dict[str, Agency] = field(compare=False, repr=False)  # credit_key -> agency

    @classmethod
    def load(cls) -> Agencies:
        """The shipped table (`marsad/resources/agencies/agencies.tsv`)."""
        with resource_path(AGENCIES_FILE).open(encoding="utf-8", newline="") as lines:
            rows = list(csv.DictReader(lines, delimiter="\t"))
        return cls.from_rows(rows)

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, str]]) -> Agencies:
        agencies = tuple(
            Agency(
                row["key"],
                row["short"],
                row["name"],
                (*_split(row["aliases"]), row["short"], row["name"]),
                _split(row["sites"]),
                _split(row.get("signoffs") or ""),
            )
            for row in rows
        )
        by_credit = {credit_key(alias): agency for agency in agencies for alias in agency.aliases}
        return cls(agencies, by_credit)

    def named(self, text: str) -> Agency | None:
        """The agency whose credit `text` is exactly (any written form)."""
        return self.by_credit.get(credit_key(text))

    def named_at_start(self, text: str) -> Agency | None:
        """The agency whose credit opens `text` ("رويترز قولها ..." → Reuters)."""
        words = credit_key(text).split()
        table = self.by_credit
        for length in range(min(len(words), 6), 0, -1):
            found = table.get(" ".join(words[:length]))
            if found is not None:
                return found
        return None

    def named_at_end(self, text: str) -> Agency | None:
        """The agency whose credit closes `text` (a dateline ending "... م واس")."""
        words = credit_key(text).split()
        table = self.by_credit
        for length in range(min(len(words), 6), 0, -1):
            found = table.get(" ".join(words[-length:]))
            if found is not None:
                return found
        return None

    def of_site(self, site: str | None) -> Agency | None:
        """The agency whose own site `site` is (a domain, a URL or a corpus slug)."""
        if not site:
            return None
        host = ((urlsplit(site).hostname or "") if "//" in site else site).lower()
        host = host.removeprefix("www.")
        for agency in self.agencies:
            for own in agency.sites:
                if host == own or host.endswith("." + own):
                    return agency
        return None

    def site_agency(self, site: str | None) -> str | None:
        """The key of the agency whose own site `site` is (`of_site`)."""
        found = self.of_site(site)
        return None if found is None else found.key

    def credit_agency(self, credit: str) -> str | None:
        """The key of the agency `credit` names, if any."""
        found = self.named(credit)
        return None if found is None else found.key

    def signing_off(self, tail: str) -> Agency | None:
        """The agency whose sign-off ends the text ("// انتهى //" is SPA's)."""
        squeezed = re.sub(r"\s+", "", tail)
        for agency in self.agencies:
            for signoff in agency.signoffs:
                if re.sub(r"\s+", "", signoff) in squeezed:
                    return agency
        return None


def _first_lines(text: str, count: int = 2) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()][:count]


def _credit_at_top(text: str, agencies: Agencies) -> Agency | None:
    """A dateline: a short first line ending with the credit, or a bracketed or
    dashed credit in the first characters ("بيروت (أ ف ب) -", "الرباط - ومع:")."""
    for line in _first_lines(text):
        if len(_WORD.findall(line)) <= MAX_DATELINE_WORDS:
            found = agencies.named_at_end(line)
            if found is not None:
                return found
        leading = _LEADING.match(line)
        if leading and agencies.named(leading.group(1)):
            return agencies.named(leading.group(1))
    top = text.strip()[:TOP_CHARS]
    for pattern in (_BRACKETED, _DASHED):
        for match in pattern.finditer(top):
            found = agencies.named(match.group(1))
            if found is not None:
                return found
    return None


def _credit_at_bottom(text: str, agencies: Agencies) -> Agency | None:
    """A sign-off, a bracketed credit or a last line that is only a credit."""
    tail = text.strip()[-BOTTOM_CHARS:]
    found = agencies.signing_off(tail)
    if found is not None:
        return found
    for match in _BRACKETED.finditer(tail):
        found = agencies.named(match.group(1))
        if found is not None:
            return found
    lines = [line for line in tail.splitlines() if line.strip()]
    return agencies.named(lines[-1]) if lines else None


def _named_outlet(named: str, media: bool, agencies: Agencies) -> str | None:
    """The outlet an attribution names: a known agency, or (after a media word such
    as "موقع" or "صحيفة") a short name as written."""
    media_word = re.match(_MEDIA + r"\s+", named.strip())
    if media_word:
        named, media = named.strip()[media_word.end() :], True
    named = re.sub(r"^\s*(?:أنباء|انباء)\s+", "", named)  # "وكالة أنباء الأناضول"
    agency = agencies.named_at_start(named)
    if agency is not None:
        return agency.short
    if not media:
        return None  # "بحسب «غوغل»" names where a fact comes from, not a publisher
    quoted = _QUOTED.match(named.strip())
    if quoted:
        named = quoted.group(1)
    words = _WORD.findall(named)
    for index, word in enumerate(words):
        if word in _NAME_ENDS:
            words = words[:index]
            break
    if not 0 < len(words) <= MAX_NAMED_WORDS:
        return None
    return " ".join(words)


def _credit_in_body(text: str, agencies: Agencies) -> str | None:
    """Credit lines ("المصدر: X"), attributions ("نقلا عن X", "بحسب موقع X"), an
    agency telling ("ذكرت وكالة الأناضول"), then a bracketed agency anywhere."""
    for match in _SOURCE_LINE.finditer(text):
        found = _named_outlet(match.group(1), True, agencies)
        if found:
            return found
    for match in _ATTRIBUTION.finditer(text):
        found = _named_outlet(match.group(2), bool(match.group(1)), agencies)
        if found:
            return found
    for match in _AGENCY_TELLS.finditer(text):
        agency = agencies.named_at_start(match.group(1).strip(' «»"“”'))
        if agency is not None:
            return agency.short
    for match in _BRACKETED.finditer(text):  # a credit in brackets or quotes: "واس"
        agency = agencies.named(match.group(1))
        if agency is not None:
            return agency.short
    return None


def credited_source(text: str, agencies: Agencies) -> str | None:
    """The outlet the text credits, or None: a dateline or a credit at the top, a
    sign-off or credit at the bottom, then an attribution in the body."""
    for finder in (_credit_at_top, _credit_at_bottom):
        agency = finder(text, agencies)
        if agency is not None:
            return agency.short
    return _credit_in_body(text, agencies)


def with_credits(article: Article, agencies: Agencies) -> Article:
    """`article` with `source` read from its text when the reader found none."""
    if article.source:
        return article
    found = credited_source(article.text, agencies)
    return replace(article, source=found) if found else article
