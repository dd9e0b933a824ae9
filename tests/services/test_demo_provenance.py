"""Provenance on the shipped demo (SaudiNewsNet): the agency heads its copy groups.

The demo holds the Saudi Press Agency's own pages (site `was`, datelines ending
"واس") beside newspapers that republish them, stamped with crawl times that often
put the newspaper first. Loaded through the real ingest (enricher and tracking).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.run.ingest import load_demo
from marsad.services.stories import copies_of, outlet_copies, provenance
from marsad.services.views import article_view
from marsad.store import SQLiteStore

AGENCY_SITE = "was"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    load_demo(path)
    with SQLiteStore(path) as store:
        yield store


def _copy_groups(store: SQLiteStore) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for article in store.iter_articles():
        if article.duplicate_of is not None and article.id is not None:
            groups.setdefault(article.duplicate_of, []).append(article.id)
    return groups


def test_the_agency_page_is_the_original_of_its_group(demo: SQLiteStore) -> None:
    groups = _copy_groups(demo)
    with_agency = [
        head
        for head, copies in groups.items()
        if AGENCY_SITE in {demo.get(member).site for member in [head, *copies]}
    ]
    assert with_agency, "the demo should hold republished agency copy"
    for head in with_agency:
        found = provenance(demo, head)
        assert found["original"]["site"] == AGENCY_SITE
        assert found["order"] == "agency"
        assert not found["is_copy"]
        for copy in found["copies"]:
            assert provenance(demo, copy["id"])["is_copy"]


def test_no_outlet_copies_itself_and_the_agency_copies_no_one(demo: SQLiteStore) -> None:
    counts = outlet_copies(demo)
    assert counts
    assert all(copier != original for copier, original, _ in counts)
    assert all(copier != AGENCY_SITE for copier, _, _ in counts)


def test_credited_sources_are_read_from_the_text(demo: SQLiteStore) -> None:
    articles = list(demo.iter_articles())
    agency_pages = [article for article in articles if article.site == AGENCY_SITE]
    assert agency_pages and all(article.source == "واس" for article in agency_pages)
    credited = {article.source for article in articles if article.source}
    assert {"واس", "رويترز"} <= credited


def test_copies_list_the_other_members_of_the_group(demo: SQLiteStore) -> None:
    head = next(iter(_copy_groups(demo)))
    members = copies_of(demo, head)
    assert members and all(member["id"] != head for member in members)


def test_the_article_view_names_the_original_and_why(demo: SQLiteStore) -> None:
    copy = next(
        article
        for article in demo.iter_articles()
        if article.duplicate_of is not None and demo.get(article.duplicate_of).site == AGENCY_SITE
    )
    assert copy.id is not None
    view = article_view(demo, copy.id)
    assert view["original"]["id"] == copy.duplicate_of
    assert view["original"]["order"] == "agency"
