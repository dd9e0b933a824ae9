"""HTML page -> Article: trafilatura for the main text, our Arabic-aware layer on top.

trafilatura finds the article body well across sites and languages; what it does not
know is how Arabic news pages credit agencies, suffix titles with the site name and
list related articles. The page's own metadata (meta tags, JSON-LD) is read first,
then trafilatura runs on the same parsed tree, then `arabic_meta` cleans the result.
"""

from __future__ import annotations

from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from marsad.errors import ExtractionError
from marsad.ingest import arabic_meta
from marsad.ingest.encoding import decode_bytes
from marsad.ingest.html_meta import PageMeta, clean_tags, read_page_meta
from marsad.ingest.lede import blocks_after_headline, with_lede
from marsad.ingest.published import find_visible_date, normalize_published
from marsad.model import Article
from marsad.text.language import detect_language

# Chosen by token F1 on the evaluation pages: precision-leaning extraction scores best,
# and reader comments are never part of an article.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
    # Dates from the markup only: htmldate's text heuristics turn any year in the body
    # into a made-up "YYYY-01-01", worse than our own visible-date fallback.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
# Precision mode sometimes keeps only a teaser of a long article. When its text is short
# and much of the page's paragraph text was left out, a default extraction runs too and
# wins if it finds several times more text.
SHORT_TEXT_CHARS = 2000
LEFT_OUT_SHARE = 0.5
FALLBACK_RATIO = 2.5


def extract_html(
    html: str | bytes,
    *,
    url: str | None = None,
    where: str = "-",
    declared_charset: str | None = None,
) -> Article:
    """Extract the article of one HTML page; raises ExtractionError if it holds no text."""
    markup = decode_bytes(html, declared_charset, where) if isinstance(html, bytes) else html
    tree = parse_html(markup, where)
    meta = read_page_meta(tree)
    blocks = blocks_after_headline(tree)
    paragraph_chars = sum(len(p.text_content()) for p in tree.iter("p"))
    document = trafilatura.bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    body = getattr(document, "text", None) or ""
    if len(body) < SHORT_TEXT_CHARS and len(body) < LEFT_OUT_SHARE * paragraph_chars:
        body = _with_recall_fallback(body, markup, url)
    title, site = _title_and_site(
        meta, getattr(document, "title", None), getattr(document, "sitename", None)
    )
    paragraphs, byline_author = arabic_meta.remove_byline(_lines(body))
    paragraphs = _without_headline(paragraphs, title, meta)
    paragraphs = with_lede(paragraphs, blocks, title, lambda: _default_paragraphs(markup, url))
    paragraphs, related = _without_related(paragraphs, meta.related)
    paragraphs = arabic_meta.strip_trailing_boilerplate(paragraphs)
    paragraphs, source = arabic_meta.remove_credit(paragraphs)
    text = "\n\n".join(paragraphs)
    if not text.strip():
        raise ExtractionError("no article text found in the page", where)
    return Article(
        text=text,
        title=title,
        url=url,
        site=site,
        source=source,
        author=byline_author or meta.author or _clean_author(getattr(document, "author", None)),
        published=_published(meta, getattr(document, "date", None), text),
        tags=clean_tags(meta.tags or getattr(document, "tags", None) or (), title),
        related=tuple(related),
        lang=detect_language(f"{title}\n{text}"),
        origin=where if where != "-" else None,
    )


def _default_paragraphs(markup: str, url: str | None) -> list[str]:
    """The paragraphs of a default-mode (not precision) extraction of the page."""
    text = trafilatura.extract(markup, url=url, include_comments=False, with_metadata=False)
    return _lines(text or "")


def _with_recall_fallback(text: str, markup: str, url: str | None) -> str:
    """`text`, or a default-mode extraction of the page when that finds far more."""
    fallback = trafilatura.extract(markup, url=url, include_comments=False, with_metadata=False)
    if fallback and len(fallback) > FALLBACK_RATIO * len(text):
        return str(fallback)
    return text


def parse_html(markup: str, where: str = "-") -> lxml_html.HtmlElement:
    """Parse markup into an lxml tree; raises ExtractionError for an empty document."""
    if not markup.strip():
        raise ExtractionError("the page is empty", where)
    try:
        return lxml_html.document_fromstring(_without_xml_declaration(markup))
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(f"the page cannot be parsed as HTML: {error}", where) from error


def _without_xml_declaration(markup: str) -> str:
    """lxml refuses str input that carries an encoding declaration; the text is decoded already."""
    stripped = markup.lstrip()
    if stripped.startswith("<?xml"):
        end = stripped.find("?>")
        return stripped[end + 2 :] if end != -1 else stripped
    return markup


def _title_and_site(
    meta: PageMeta, extracted_title: str | None, extracted_site: str | None
) -> tuple[str, str | None]:
    """The headline without the site's name (before or after it), and the site's name."""
    raw = meta.title or meta.document_title or extracted_title or ""
    shown = tuple(h for h in (meta.title, *meta.headings) if h and h != raw)
    title, site = arabic_meta.split_title(raw, meta.site_name, shown)
    if site is None and meta.document_title and meta.document_title != raw:
        _, site = arabic_meta.split_title(meta.document_title, None, (*shown, title))
    return title, site or meta.site_name or extracted_site


def _lines(body: str) -> list[str]:
    """Non-empty paragraphs of an extracted body, each on one line."""
    paragraphs = [" ".join(line.split()) for line in body.splitlines()]
    return [p for p in paragraphs if p]


def _without_headline(paragraphs: list[str], title: str, meta: PageMeta) -> list[str]:
    """The paragraphs without the headline repeated on top (as titled or as shown)."""
    headlines = [h for h in (title, meta.document_title, *meta.headings) if h]
    if paragraphs and any(arabic_meta.same_text(paragraphs[0], h) for h in headlines):
        return paragraphs[1:]
    return paragraphs


def _without_related(
    paragraphs: list[str], dom_related: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """Remove related-article lists from the text, whether found in the DOM or in the text."""
    paragraphs, text_related = arabic_meta.split_related(paragraphs)
    paragraphs = arabic_meta.drop_lines(paragraphs, dom_related)
    related = list(dom_related)
    for title in text_related:
        if not any(arabic_meta.same_text(title, known) for known in related):
            related.append(title)
    return paragraphs, related


def _clean_author(author: str | None) -> str | None:
    return author.strip() if author and author.strip() else None


def _published(meta: PageMeta, extracted_date: str | None, text: str) -> str | None:
    """The page's stated date first, then trafilatura's guess, then a date printed in the text."""
    for candidate in (meta.published, extracted_date):
        value = normalize_published(candidate)
        if value:
            return value
    return find_visible_date(text)
