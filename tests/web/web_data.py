"""Hand-made hostile articles and the demo records the web tests are built from."""

from __future__ import annotations

import gzip
import json
from itertools import islice

from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.resources import resource_path

DEMO_ARTICLES = 60
TOKEN = "test-write-token"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_WORD = "مفخخة"  # a word of the hostile text, searched for in the tests


def hostile_articles() -> list[Article]:
    text = f"خبر عن سيارة {HOSTILE_WORD} {SCRIPT} في بغداد {IMG} انتهى."
    entity_start = text.index("بغداد")
    return [
        Article(
            title=f"{SCRIPT} عنوان {IMG}",
            text=text,
            url="javascript:alert(1)",
            site=SCRIPT,
            source=IMG,
            published="2015-08-10T10:00:00",
            external_id="hostile-1",
            tags=(SCRIPT,),
            entities=(
                EntitySpan("بغداد", entity_start, entity_start + 5, "LOC", f"loc:{IMG}", SCRIPT),
            ),
            places=(PlaceSpan("بغداد", entity_start, entity_start + 5, IMG, "IQ", 33.3, 44.4),),
        )
    ]


def demo_records(limit: int) -> list[dict[str, object]]:
    with gzip.open(resource_path("demo/articles.jsonl.gz"), "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, limit)]
