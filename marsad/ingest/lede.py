"""The lede: a short first paragraph between the headline and the body, kept in the text.

Many Arabic news sites print a one-sentence summary right under the `<h1>`, in the
article's header block rather than its body (`<div class="…announce…">`). trafilatura
treats that block as page furniture in every mode and drops it, so the article loses
its first, most important sentence. Before extraction, `blocks_after_headline` records
the text blocks that follow the headline in the DOM; after extraction, `with_lede` puts
back the blocks that sit between the headline and the first kept paragraph, when they
read as a paragraph of the article (a sentence, not links, a date, a byline or a
credit). A block that does not end like a sentence is kept only when a default-mode
extraction (`confirm`) also has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from lxml import html as lxml_html

from marsad.ingest import arabic_meta

MAX_BLOCKS = 8  # text blocks recorded after the headline
MAX_SCANNED = 400  # elements looked at after the headline
MAX_LEDE_BLOCKS = 2
MIN_LEDE_WORDS = 6
MAX_LEDE_CHARS = 600
MAX_LINK_SHARE = 0.5
_BLOCK_TAGS = frozenset({"p", "div", "span", "section", "strong", "b", "em"})
_BLOCK_CHILDREN = frozenset(
    {"p", "div", "section", "article", "ul", "ol", "table", "h1", "h2", "h3", "h4", "br"}
)
_FURNITURE = frozenset(
    {"nav", "footer", "aside", "figure", "figcaption", "time", "form", "button", "li", "label"}
)
_SENTENCE_END = re.compile(r"[.!?؟。…]['\"»”)]*$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Block:
    """One text block after the headline, in document order, and whether it may be a lede."""

    text: str
    eligible: bool


def blocks_after_headline(tree: lxml_html.HtmlElement) -> list[Block]:
    """The text blocks that follow the first `<h1>` of the page, in document order."""
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return []
    blocks: list[Block] = []
    for scanned, element in enumerate(_following(headline)):
        if scanned >= MAX_SCANNED or len(blocks) >= MAX_BLOCKS:
            break
        if element.tag not in _BLOCK_TAGS:
            continue
        if next(element.iterdescendants(*_BLOCK_CHILDREN), None) is not None:
            continue
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(Block(text, _may_be_lede(element, text)))
    return blocks


def _following(element: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """The elements after `element` in document order, lazily (XPath `following::*`)."""
    node: lxml_html.HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                yield sibling
            yield from (d for d in sibling.iterdescendants() if isinstance(d.tag, str))
        node = node.getparent()


def _may_be_lede(element: lxml_html.HtmlElement, text: str) -> bool:
    """A block that reads as article prose: enough words, few links, not site furniture."""
    if len(_WORD.findall(text)) < MIN_LEDE_WORDS or len(text) > MAX_LEDE_CHARS:
        return False
    if any(ancestor.tag in _FURNITURE for ancestor in element.iterancestors()):
        return False
    linked = sum(len(" ".join(link.text_content().split())) for link in element.iter("a"))
    return linked <= MAX_LINK_SHARE * len(text)


def _reads_as_text(text: str) -> bool:
    """Not a credit, a related-articles heading, a byline or site boilerplate."""
    return not (
        arabic_meta.credit_in_line(text)
        or arabic_meta.is_related_heading(text)
        or arabic_meta.remove_byline([text])[0] == []
        or arabic_meta.strip_trailing_boilerplate([text]) == []
    )


def with_lede(
    paragraphs: Sequence[str],
    blocks: Sequence[Block],
    title: str,
    confirm: Callable[[], Sequence[str]],
) -> list[str]:
    """`paragraphs` with the lede blocks that precede the first kept paragraph put back.

    `confirm()` runs a second extraction; it is called only when a candidate does not
    end like a sentence, so most pages pay nothing.
    """
    kept = list(paragraphs)
    if not kept or not blocks:
        return kept
    first = _position(blocks, kept[0])
    if first is None or first == 0:
        return kept
    candidates = [
        block.text
        for block in blocks[:first]
        if block.eligible
        and _reads_as_text(block.text)
        and not arabic_meta.same_text(block.text, title)
        and not any(arabic_meta.same_text(block.text, p) for p in kept)
    ][-MAX_LEDE_BLOCKS:]
    if not candidates:
        return kept
    confirmed: Sequence[str] | None = None
    lede: list[str] = []
    for text in candidates:
        if not _SENTENCE_END.search(text):
            confirmed = confirm() if confirmed is None else confirmed
            if not any(arabic_meta.same_text(text, other) for other in confirmed):
                continue
        lede.append(text)
    return lede + kept


def _position(blocks: Sequence[Block], paragraph: str) -> int | None:
    """The index of the block holding `paragraph` (the block may hold a longer text)."""
    for index, block in enumerate(blocks):
        if arabic_meta.same_text(block.text, paragraph) or block.text.startswith(paragraph):
            return index
    return None
