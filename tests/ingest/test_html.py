"""HTML extraction: main text from trafilatura, metadata and cleaning from our layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_data import seed_paragraphs, shared_data

from marsad.errors import ExtractionError
from marsad.ingest import arabic_meta, extract_html

RELATED = [
    "المعارضة التركية: أردوغان حذر الأسد من التفاوض معنا",
    "محادثات لبنانية مع مفوضية اللاجئين لبحث عودة اللاجئين",
    "نحو 400 ألف شخص نزحوا من لبنان إلى سوريا خلال التصعيد الأخير",
]

PARAGRAPHS = seed_paragraphs()


def _news_page(paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    links = "\n".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    ld = {
        "@type": "NewsArticle",
        "datePublished": "2020-04-03T10:15:00+03:00",
        "author": {"@type": "Person", "name": "مراسل الموقع"},
    }
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head>
<meta charset="utf-8">
<title>التحالف الدولي يجدد التزامه بمحاربة داعش - بلدي نيوز</title>
<meta property="og:site_name" content="بلدي نيوز">
<meta name="keywords" content="داعش، التحالف الدولي، العراق">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/syria">سوريا</a></li>
<li><a href="/world">العالم</a></li></ul></nav>
<main><article>
<h1>التحالف الدولي يجدد التزامه بمحاربة داعش</h1>
<p>(د ب أ)</p>
{body}
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
</article>
<section class="related"><h3>مقالات ذات صلة</h3><ul>{links}</ul></section>
</main>
<footer><p>جميع الحقوق محفوظة © 2020 بلدي نيوز</p></footer>
</body></html>"""


def test_synthetic_news_page() -> None:
    article = extract_html(_news_page(PARAGRAPHS), url="https://example.org/n/1")
    assert article.title == "التحالف الدولي يجدد التزامه بمحاربة داعش"
    assert article.site == "بلدي نيوز"
    assert article.source == "د ب أ"
    assert article.author == "مراسل الموقع"
    assert article.published == "2020-04-03T10:15:00+03:00"
    assert article.tags == ("داعش", "التحالف الدولي", "العراق")
    assert list(article.related) == RELATED
    assert article.lang == "ar"
    assert article.url == "https://example.org/n/1"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == PARAGRAPHS[0]
    assert paragraphs[-1] == PARAGRAPHS[-1]
    for unwanted in ["مقالات ذات صلة", "(د ب أ)", "الرئيسية", "فيسبوك", "جميع الحقوق", *RELATED]:
        assert unwanted not in article.text


def test_related_list_kept_in_the_body_is_removed() -> None:
    # The related list sits inside the article container, where extractors keep it.
    inner = "".join(f"<p><a href='/r{i}'>{t}</a></p>" for i, t in enumerate(RELATED))
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<html><head><title>عنوان الخبر</title></head><body><article>"
        f"{body}<p><strong>اقرأ أيضا</strong></p>{inner}</article></body></html>"
    )
    article = extract_html(page)
    assert list(article.related) == RELATED
    assert "اقرأ أيضا" not in article.text
    for title in RELATED:
        assert title not in article.text


def test_visible_arabic_date_is_the_last_resort() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f"<html><body><article><p>الخميس 2 نيسان 2020</p>{body}</article></body></html>"
    assert extract_html(page).published == "2020-04-02"


def test_empty_page_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract_html("", where="empty.html")
    with pytest.raises(ExtractionError):
        extract_html(
            "<html><head><script>var x = 1;</script></head><body><nav></nav></body></html>"
        )


def _gold(folder: Path) -> dict[str, dict[str, object]]:
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def test_cnn_arabic_page() -> None:
    folder = shared_data("html_extraction_eval") / "arabic"
    gold = _gold(folder)["cnn_arabic_2013_syria_clashes"]
    page = (folder / str(gold["file"])).read_bytes()
    article = extract_html(page, url=str(gold["url"]))
    assert article.title == gold["title"]
    assert article.source == "CNN"  # from the dateline, which stays in the text
    assert article.text.startswith("دمشق، سوريا (CNN) --")
    assert article.text == gold["gold_text"]


def test_assabah_page_snippets() -> None:
    folder = shared_data("html_extraction_eval") / "arabic"
    gold = _gold(folder)["assabah_tn_2019_sudan_interview"]
    article = extract_html((folder / str(gold["file"])).read_bytes(), url=str(gold["url"]))
    for snippet in gold["with_snippets"]:  # type: ignore[attr-defined]
        assert snippet in article.text
    for snippet in gold["without_snippets"]:  # type: ignore[attr-defined]
        assert snippet not in article.text
    assert article.site == "Assabah News"
    assert " ".join(article.title.split()) == " ".join(str(gold["title"]).split())


PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.mark.parametrize(
    "name", ["site_name_first.html", "lede_after_headline.html", "byline_block.html"]
)
def test_golden_layouts(name: str) -> None:
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))[name]
    article = extract_html((PAGES / name).read_bytes(), where=name)
    assert (article.title, article.site, article.author) == (
        expected["title"],
        expected["site"],
        expected["author"],
    )
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == expected["first_paragraph"]
    assert len(paragraphs) == expected["paragraphs"]
    assert not any(arabic_meta.same_text(p, article.title) for p in paragraphs)
    for unwanted in expected["not_in_text"]:
        assert unwanted not in article.text
