"""The article view: one stored article with everything known about it.

The same dictionary feeds `marsad show --json`, the text rendering of `marsad show`
and, later, the web page and its JSON twin.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from marsad.model import Article
from marsad.services.articles import get_article
from marsad.services.stories import story_links
from marsad.store.protocol import Store


def article_fields(article: Article) -> dict[str, Any]:
    """Every field of `article`, JSON-ready, spans as lists of objects."""
    fields = asdict(article)
    for name in ("tags", "related"):
        fields[name] = list(fields[name])
    return fields


def article_view(store: Store, article_id: int, *, related: int = 5) -> dict[str, Any]:
    """The stored article `article_id` (raises `NotFound`) with its story and copies.

    `story` becomes the story's record (id, title, counts), `copies` lists the other
    members of its copy group, and `related` holds the titles read from the page
    (strings) followed by up to `related` related stored articles (objects).
    """
    article = get_article(store, article_id)
    return article_fields(article) | story_links(store, article, related)


def _span_lines(title: str, spans: list[dict[str, Any]], describe: str) -> list[str]:
    if not spans:
        return []
    seen: dict[str, int] = {}
    for span in spans:
        label = describe.format(**span)
        seen[label] = seen.get(label, 0) + 1
    items = [f"{label} ×{count}" if count > 1 else label for label, count in seen.items()]
    return [f"{title}: " + "، ".join(items)]


def render_article(view: dict[str, Any]) -> str:
    """A plain-text page for the terminal."""
    lines = [f"[{view['id']}] {view['title']}"]
    facts = [
        ("site", view.get("site")),
        ("source", view.get("source")),
        ("author", view.get("author")),
        ("published", view.get("published")),
        ("url", view.get("url")),
        ("lang", view.get("lang")),
        ("story", _story_line(view.get("story"))),
        ("copy of", view.get("duplicate_of")),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value not in (None, "")]
    if view.get("tags"):
        lines.append("tags: " + "، ".join(view["tags"]))
    lines += _span_lines("entities", view.get("entities", []), "{name} ({type})")
    lines += _span_lines("places", view.get("places", []), "{name} [{country}]")
    lines += _span_lines("dates", view.get("dates", []), "{text} = {value}")
    lines += _span_lines("quantities", view.get("quantities", []), "{text} = {value:g}")
    lines += ["", view["text"]]
    if view.get("copies"):
        lines += ["", "copies:"] + [f"  - {_article_line(copy)}" for copy in view["copies"]]
    if view.get("related"):
        lines += ["", "related:"] + [
            f"  - {_article_line(item) if isinstance(item, dict) else item}"
            for item in view["related"]
        ]
    return "\n".join(lines)


def _story_line(story: Any) -> Any:
    if not isinstance(story, dict):
        return story
    return (
        f"[{story['id']}] {story['title']} ({story['article_count']} articles, "
        f"{story['outlet_count']} outlets)"
    )


def _article_line(item: dict[str, Any]) -> str:
    where = ", ".join(str(item[key]) for key in ("site", "published") if item.get(key))
    return f"[{item['id']}] {item['title']}" + (f" ({where})" if where else "")
