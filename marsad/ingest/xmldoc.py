"""XML documents as served on the web: a BOM, blank lines before the declaration, broken tags.

Sitemaps and OPML files are read with lxml: a strict parse first, then lxml's
recovering parser when the strict one fails, so what can be read is kept and the
strict parser's complaint is reported. External entities are never resolved and the
network is never touched. Element names are taken apart by hand (`local_name`)
because a recovered document may hold tags with an undeclared prefix (`news:title`),
which lxml's `QName` refuses with a `ValueError`.
"""

from __future__ import annotations

from lxml import etree

UTF8_BOM = b"\xef\xbb\xbf"


def document_start(data: bytes) -> bytes:
    """The bytes from the first markup on: a UTF-8 BOM and leading whitespace removed."""
    return data.removeprefix(UTF8_BOM).lstrip()


def parse_xml(data: bytes) -> tuple[etree._Element | None, str | None]:
    """The root of an XML document, and the strict parser's complaint if it had to recover."""
    body = document_start(data)
    strict = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        return etree.fromstring(body, strict), None
    except etree.XMLSyntaxError as error:
        problem = str(error) or "malformed XML"
    loose = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, recover=True
    )
    try:
        root = etree.fromstring(body, loose)
    except etree.XMLSyntaxError:
        root = None
    return root, problem


def local_name(element: etree._Element) -> str:
    """The element's name without namespace or prefix; "" for comments and the like."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
