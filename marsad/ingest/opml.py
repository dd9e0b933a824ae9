"""OPML: the format feed readers use to exchange subscription lists.

Importing lets a user bring the list of Arabic outlets they already follow; exporting
gives it back. Readers nest outlines as folders (often named by country or topic), so
each imported feed keeps the path of folder titles above it as its `category`. The
export is OPML 2.0 written by lxml, so Arabic titles stay readable UTF-8 while `&`,
`<` and quotes are escaped as XML requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from marsad.errors import InputError
from marsad.ingest.feeds import parse_xml


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: the feed's URL, the site's URL, its name and folder path."""

    xml_url: str
    title: str
    html_url: str | None = None
    category: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    title: str
    feeds: tuple[OpmlFeed, ...]
    warning: str | None = None  # set when broken XML had to be recovered


def read_opml(data: bytes, where: str = "-") -> OpmlDocument:
    """The feeds of an OPML file, in document order, folders flattened into `category`.

    Raises InputError when the file is not OPML at all; a file that needed XML recovery
    is read and says so in `warning`.
    """
    root, problem = parse_xml(data)
    if root is None or root.tag != "opml":
        raise InputError("not an OPML file" + (f" ({problem})" if problem else ""), where)
    body = root.find("body")
    if body is None:
        raise InputError("OPML file without a <body>", where)
    title = (root.findtext("head/title") or "").strip()
    feeds = list(_walk(body, ()))
    warning = f"malformed XML recovered: {problem}" if problem else None
    return OpmlDocument(title, tuple(feeds), warning)


def _walk(parent: etree._Element, path: tuple[str, ...]) -> Iterable[OpmlFeed]:
    for outline in parent.iterfind("outline"):
        name = (outline.get("title") or outline.get("text") or "").strip()
        xml_url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if xml_url:
            html_url = (outline.get("htmlUrl") or outline.get("htmlurl") or "").strip()
            yield OpmlFeed(xml_url, name or xml_url, html_url or None, path)
        yield from _walk(outline, (*path, name) if name and not xml_url else path)


def write_opml(feeds: Iterable[OpmlFeed], title: str = "Marsad sources") -> bytes:
    """An OPML 2.0 document of `feeds`, folders rebuilt from their categories."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = _now_rfc822()
    body = etree.SubElement(root, "body")
    folders: dict[tuple[str, ...], etree._Element] = {(): body}
    for feed in feeds:
        parent = _folder(folders, feed.category)
        attributes = {"type": "rss", "text": feed.title, "title": feed.title}
        attributes["xmlUrl"] = feed.xml_url
        if feed.html_url:
            attributes["htmlUrl"] = feed.html_url
        etree.SubElement(parent, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _folder(
    folders: dict[tuple[str, ...], etree._Element], path: tuple[str, ...]
) -> etree._Element:
    if path not in folders:
        parent = _folder(folders, path[:-1])
        folders[path] = etree.SubElement(parent, "outline", text=path[-1], title=path[-1])
    return folders[path]


def _now_rfc822() -> str:
    return format_datetime(datetime.now(UTC), usegmt=True)
