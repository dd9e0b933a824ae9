"""Plain-text page dumps -> Article, and the HTML-or-dump switch for single documents.

A dump is what a browser's "save as text" or a scraper leaves: the page title (with
its " - Site" suffix) on the first line, a few meta lines (tags, a date), the headline
again, a credit line, the body paragraphs, then a related-articles heading and list.
Nothing marks these parts, so the reader recognises each by its shape, using the same
`arabic_meta` rules as the HTML reader.
"""

from __future__ import annotations

import dataclasses
import re

from marsad import errors
from marsad.errors import ExtractionError
from marsad.ingest import arabic_meta
from marsad.ingest.encoding import decode_document
from marsad.ingest.html import extract_html
from marsad.ingest.published import normalize_published
from marsad.ingest.repairs import Repair, RepairSink, ignore_repair
from marsad.model import Article
from marsad.text.language import detect_language

# A tag line: one token of letters, digits, "_" or "-" (e.g. "austin_tice", "#سوريا"),
# or several such tokens separated by commas.
_TAG_TOKEN = r"#?[^\W\d][\w\-]*"
_TAG_LINE = re.compile(rf"^{_TAG_TOKEN}(?:\s*[,،]\s*{_TAG_TOKEN})*$")
_DATE_LINE = re.compile(r"^[\d\s/:.TZ+\-]{8,40}$")
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|article)\b", re.I | re.S
)
MAX_HEADER_LINES = 8


def extract_dump(text: str, *, where: str = "-") -> Article:
    """Extract the article of a plain-text page dump; raises ExtractionError if it has no body."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ExtractionError("the dump is empty", where)
    title, site = arabic_meta.split_title(lines[0], headlines=lines[1 : MAX_HEADER_LINES + 1])
    rest, tags, published, title_repeated = _read_header(lines[1:], title, lines[0])
    rest, author = arabic_meta.remove_byline(rest)
    body, related = arabic_meta.split_related(rest)
    body = arabic_meta.strip_trailing_boilerplate(body)
    body, source = arabic_meta.remove_credit(body, after_title=title_repeated)
    article_text = "\n\n".join(body)
    if not article_text:
        raise ExtractionError("the dump holds a title but no article text", where)
    return Article(
        text=article_text,
        title=title,
        site=site,
        source=source,
        author=author,
        published=published,
        tags=tuple(tags),
        related=tuple(related),
        lang=detect_language(f"{title}\n{article_text}"),
        origin=where if where != "-" else None,
    )


def _read_header(
    lines: list[str], title: str, title_line: str
) -> tuple[list[str], list[str], str | None, bool]:
    """Consume the meta lines under the title: tags, a date, the repeated headline.

    Returns the remaining lines, the tags, the date, and whether the headline was repeated
    (then the next short line is the credit, as in the usual page layout).
    """
    tags: list[str] = []
    published: str | None = None
    repeated = any(arabic_meta.same_text(line, title) for line in lines[:MAX_HEADER_LINES])
    index = 0
    while index < min(len(lines), MAX_HEADER_LINES):
        line = lines[index]
        if arabic_meta.same_text(line, title) or arabic_meta.same_text(line, title_line):
            index += 1
            break
        if _DATE_LINE.match(line) and normalize_published(line):
            published = published or normalize_published(line)
        elif _is_tag_line(line, before_repeat=repeated):
            tags.extend(t.strip().lstrip("#") for t in re.split(r"[,،]", line) if t.strip())
        else:
            break
        index += 1
    return lines[index:], tags, published, repeated


def _is_tag_line(line: str, *, before_repeat: bool) -> bool:
    """A meta line of tags. Above a repeated headline any single-token line is one;
    otherwise only tokens that cannot be prose (underscores, hashtags, Latin slugs)."""
    if not _TAG_LINE.match(line) or arabic_meta.is_known_credit(line):
        return False
    if before_repeat:
        return True
    return "_" in line or line.startswith("#") or line.isascii()


def looks_like_html(text: str) -> bool:
    """Whether a document is markup rather than a plain-text dump."""
    head = text[:2048]
    return bool(_HTML_START.match(head)) or ("<p" in head.lower() and "</" in head)


def extract_document(
    data: bytes | str,
    *,
    url: str | None = None,
    where: str = "-",
    declared_charset: str | None = None,
    on_repair: RepairSink = ignore_repair,
) -> Article:
    """Extract one document, HTML page or plain-text dump, whichever it is.

    Stray bytes replaced while decoding are reported to `on_repair`; the page is kept.
    """
    if isinstance(data, bytes):
        decoded = decode_document(data, declared_charset, where)
        if decoded.replaced:
            on_repair(Repair(errors.REPLACED_BYTES, decoded.replaced, where))
        text = decoded.text
    else:
        text = data
    if looks_like_html(text):
        return extract_html(text, url=url, where=where)
    article = extract_dump(text, where=where)
    return article if url is None else dataclasses.replace(article, url=url)
