"""Every HTML page answers, right to left, with what it is about."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi.testclient import TestClient
from web_data import HOSTILE_WORD


def _html(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in response.text
    return str(response.text)


def _first_story(client: TestClient) -> int:
    stories = client.get("/api/stories?order=latest&limit=50").json()["stories"]
    assert stories, "the demo sample should form stories"
    return int(max(stories, key=lambda story: story["article_count"])["id"])


def test_home_lists_stories_and_articles(client: TestClient) -> None:
    page = _html(client, "/")
    assert "أحدث القصص" in page and "الأسرع نموًا" in page
    assert re.search(r'href="/stories/\d+"', page)
    assert re.search(r'href="/articles/\d+"', page)


def test_every_page_links_the_stories_and_events_and_marks_where_it_is(
    client: TestClient,
) -> None:
    for path in ("/", "/stories", "/events", "/places"):
        nav = _html(client, path).split("<nav>", 1)[1].split("</nav>", 1)[0]
        assert 'href="/stories"' in nav and 'href="/events"' in nav
        current = re.findall(r'<a href="([^"]*)" aria-current="page"', nav)
        assert current == [path], (path, current)


def test_article_page_marks_annotations_in_the_text(client: TestClient) -> None:
    view = client.get("/api/articles/1").json()["article"]
    page = _html(client, "/articles/1")
    assert "الكلباني" in view["title"]  # the sample's first record, read by a person
    assert "الكلباني" in page
    for entity in view["entities"]:
        assert f'href="/entities/{quote(entity["id"], safe=":")}"' in page
    if view["url"]:
        assert "المقال الأصلي" in page


def test_article_page_links_entities_that_exist(client: TestClient) -> None:
    links = re.findall(r'href="/entities/([^"]+)"', _html(client, "/articles/1"))
    for link in set(links[:5]):
        assert client.get(f"/entities/{link}").status_code == 200


def test_story_page_has_timeline_and_first_publisher(client: TestClient) -> None:
    story_id = _first_story(client)
    view = client.get(f"/api/stories/{story_id}").json()
    page = _html(client, f"/stories/{story_id}")
    assert "التسلسل الزمني" in page
    assert "أول من نشر" in page
    for article in view["articles"]:
        assert f'href="/articles/{article["id"]}"' in page


def test_stories_list_in_both_orders(client: TestClient) -> None:
    for order in ("latest", "growing"):
        assert re.search(r'href="/stories/\d+"', _html(client, f"/stories?order={order}"))


def test_search_page_finds_arabic_variants_and_marks_hits(client: TestClient) -> None:
    page = _html(client, "/search?q=" + quote("كلباني"))
    assert "<mark>" in page
    assert "الكلباني" in page
    assert re.search("نتيجة|نتيجتان|نتائج", page)


def test_search_page_without_query_shows_help(client: TestClient) -> None:
    page = _html(client, "/search")
    assert "اكتب كلمة" in page


def test_search_facets_narrow_by_site(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "السعودية"}).json()
    site = found["facets"]["site"][0]
    narrowed = client.get("/api/search", params={"q": "السعودية", "site": site["value"]}).json()
    assert narrowed["total"] == site["count"]
    page = _html(client, "/search?" + f"q={quote('السعودية')}&site={quote(site['value'])}")
    assert "المصدر:" in page


def test_search_date_sort_and_pagination(client: TestClient) -> None:
    page = _html(client, "/search?q=" + quote("السعودية") + "&sort=date&page=2")
    assert "صفحة 2" in page or "لا نتائج" in page


def test_latest_articles_page(client: TestClient) -> None:
    page = _html(client, "/articles")
    assert page.count('class="item') >= 20


def test_entity_page_has_chart_cooccurrence_and_articles(client: TestClient) -> None:
    top = client.get("/api/entities?limit=1").json()["entities"][0]
    page = _html(client, f"/entities/{quote(top['id'], safe=':')}")
    assert "<svg" in page and 'class="bar"' in page
    assert "يُذكر معه" in page
    assert len(re.findall(r'href="/articles/\d+"', page)) >= min(top["count"], 20)


def test_entities_list(client: TestClient) -> None:
    assert "الكيانات الأكثر ذكرًا" in _html(client, "/entities")


def test_places_page_has_map_and_list(client: TestClient) -> None:
    page = _html(client, "/places")
    assert 'id="map"' in page and "/static/leaflet/leaflet.js" in page
    top = client.get("/api/places?limit=1").json()["places"]
    if top:
        assert top[0]["name"] in page


def test_sources_page(client: TestClient) -> None:
    page = _html(client, "/sources")
    assert "المصادر" in page


def test_watchlists_page_offers_a_form(client: TestClient) -> None:
    page = _html(client, "/watchlists")
    assert 'name="csrf"' in page and 'name="token"' in page


def test_docs_page_lists_the_api(client: TestClient) -> None:
    page = _html(client, "/docs")
    for path in ("/api/articles", "/api/search", "/api/stories/{story_id}", "/api/watchlists"):
        assert path in page


def test_unknown_article_is_a_404_page(client: TestClient) -> None:
    assert "غير موجود" in _html(client, "/articles/999999", status=404)
    assert "غير موجود" in _html(client, "/no/such/page", status=404)


def test_hostile_article_is_findable(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": HOSTILE_WORD}).json()["hits"]
    assert len(hits) == 1


def test_article_page_links_story_copies_and_related(client: TestClient) -> None:
    view = client.get("/api/articles/1").json()["article"]
    page = _html(client, "/articles/1")
    story = view.get("story")
    if isinstance(story, dict):
        assert f'href="/stories/{story["id"]}"' in page
    related = [item for item in view.get("related", []) if isinstance(item, dict)]
    for item in related + view.get("copies", []):
        assert f'href="/articles/{item["id"]}"' in page
