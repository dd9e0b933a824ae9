"""`marsad copies`, `outlets`, `stories`, `story`, `related`, `track`: copies and stories.

Thin over `marsad.services.stories`; `--json` prints JSON Lines (UTF-8, not
escaped), one object per record. Registered in `marsad.cli`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

import typer

from marsad.cli_common import (
    DbOption,
    IdArgument,
    print_jsonl,
    user_errors,
    with_progress,
)
from marsad.cli_terminal import for_terminal

JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line")]


def _line(item: dict[str, Any]) -> str:
    where = ", ".join(str(item[key]) for key in ("site", "published") if item.get(key))
    credited = f" — {item['source']}" if item.get("source") else ""
    line = f"[{item['id']}] {item['title']}" + (f" ({where})" if where else "") + credited
    return for_terminal(line)


def _names(names: list[str]) -> str:
    return for_terminal("، ".join(names))


def copies(
    article_id: IdArgument,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Who published this text first, who republished it, and the sources they credit."""
    from marsad.run.runtime import open_database
    from marsad.services.stories import provenance

    with user_errors(), open_database(db) as store:
        found = provenance(store, article_id)
        if as_json:
            print_jsonl([found])
            return
        print(f"original: {_line(found['original'])}")
        print(f"  as: {found['order_note']}")
        for copy in found["copies"]:
            print(f"  copy: {_line(copy)}")
        if found["credited_sources"]:
            print("credited: " + _names(found["credited_sources"]))


def outlets(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Which outlets republish which: copies per (copying site, original site)."""
    from marsad.run.runtime import open_database
    from marsad.services.stories import outlet_copies

    with user_errors(), open_database(db) as store:
        counts = outlet_copies(store)
        if as_json:
            print_jsonl({"copier": c, "original": o, "copies": n} for c, o, n in counts)
            return
        for copier, original, count in counts:
            print(for_terminal(f"{count:6d}  {copier or '?'} ← {original or '?'}"))


def stories(
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    order: Annotated[str, typer.Option(help="latest or growing")] = "latest",
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Stories, by latest activity or (growing) the open ones with most articles."""
    from marsad.run.runtime import open_database
    from marsad.services.stories import list_stories

    with user_errors(), open_database(db) as store:
        found = list_stories(store, limit=limit, order=order)
        if as_json:
            print_jsonl(asdict(story) for story in found)
            return
        for story in found:
            state = "open" if story.is_open else "closed"
            line = (
                f"[{story.id}] {story.title} — {story.article_count} articles, "
                f"{story.outlet_count} outlets, {story.first_published} … "
                f"{story.last_published} ({state})"
            )
            print(for_terminal(line))


def story(
    story_id: IdArgument,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """One story: its articles in time order, first publisher, entities and places."""
    from marsad.run.runtime import open_database
    from marsad.services.stories import story_view

    with user_errors(), open_database(db) as store:
        view = story_view(store, story_id)
        if as_json:
            print_jsonl([view])
            return
        head = view["story"]
        print(for_terminal(f"[{head['id']}] {head['title']}"))
        print(f"{head['article_count']} articles, {head['outlet_count']} outlets")
        for item in view["articles"]:
            mark = f" (copy of {item['duplicate_of']})" if item.get("duplicate_of") else ""
            print(f"  {_line(item)}{mark}")
        if view["entities"]:
            print("entities: " + _names(view["entities"]))
        if view["places"]:
            print("places: " + _names(view["places"]))
        if view.get("related"):
            print("related stories:")
            for other in view["related"]:
                print(
                    for_terminal(f"  [{other['id']}] {other['title']} ({other['article_count']})")
                )


def related(
    article_id: IdArgument,
    k: Annotated[int, typer.Option("-k", "--limit", min=1, max=100)] = 5,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Articles related to this one by content and entities (not its copies)."""
    from marsad.run.runtime import open_database
    from marsad.services.stories import related_articles

    with user_errors(), open_database(db) as store:
        found = related_articles(store, article_id, k)
        if as_json:
            print_jsonl(found)
            return
        for item in found:
            print(f"{item['score']:.3f}  {_line(item)}")


def track(db: DbOption = None) -> None:
    """Find copies and stories for stored articles not tracked yet (older databases)."""
    from marsad.run.runtime import open_database
    from marsad.services.stories import track_untracked

    with user_errors(), open_database(db) as store:
        done = with_progress(lambda progress: track_untracked(store, on_progress=progress))
        print(f"tracked: {done}")


COMMANDS: dict[str, Callable[..., None]] = {
    "copies": copies,
    "outlets": outlets,
    "stories": stories,
    "story": story,
    "related": related,
    "track": track,
}
