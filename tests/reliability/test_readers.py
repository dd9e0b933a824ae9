"""Regressions of unattended ingest: one bad character or byte never costs a batch.

Reported: one lone surrogate in a JSON Lines file rolled back its whole batch (0 of 20
good records stored); a UTF-8 page with one stray byte was lost; a UTF-8 page that
declared windows-1256 was stored garbled.
"""

from __future__ import annotations

import json
from pathlib import Path

from marsad import errors
from marsad.ingest import read_paths
from marsad.ingest.repairs import Repair
from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.store.sqlite import SQLiteStore

TEXTS = [
    "أعلنت السلطات المحلية في حلب افتتاح مدرسة جديدة في الحي الشرقي رقم {n}",
    "قال مسؤول في وزارة الصحة إن حملة التلقيح شملت آلاف الأطفال في المرحلة {n}",
]


def _records(count: int) -> list[str]:
    return [
        json.dumps(
            {"id": f"r{n}", "title": f"خبر رقم {n}", "text": TEXTS[n % 2].format(n=n)},
            ensure_ascii=False,
        )
        for n in range(count)
    ]


def test_a_lone_surrogate_costs_nothing(tmp_path: Path) -> None:
    lines = _records(20)
    lines.insert(7, '{"id": "bad", "title": "عنوان", "text": "خبر عن حمص \\udc80 هذا الصباح"}')
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    repairs: list[Repair] = []
    with SQLiteStore(tmp_path / "m.db") as store:
        report = ingest(store, read_paths([path], on_repair=repairs.append))
        assert (report.new, report.rejected, report.errors) == (21, 0, 0)
        stored = [a.text for a in store.iter_articles()]
    assert "خبر عن حمص \ufffd هذا الصباح" in stored
    assert repairs == [Repair(errors.REPLACED_SURROGATES, 1, f"{path}:8")]


def test_an_article_the_store_cannot_hold_costs_only_itself(tmp_path: Path) -> None:
    good = [Article(text=TEXTS[0].format(n=n), title=f"خبر {n}") for n in range(20)]
    bad = Article(text="نص \udc80 لا يحفظ", title="عنوان \ud800")
    with SQLiteStore(tmp_path / "m.db", batch_size=50) as store:
        results = store.add_articles([*good[:10], bad, *good[10:]])
        assert store.count() == 20
    assert [r.new for r in results].count(True) == 20
    assert results[10].error is not None and "surrogate" in results[10].error


def test_utf8_page_declaring_windows_1256_with_a_stray_byte(tmp_path: Path) -> None:
    body = "".join(f"<p>{TEXTS[n % 2].format(n=n)}</p>" for n in range(6))
    page = (
        '<html><head><meta charset="windows-1256"><title>خبر من حلب</title></head>'
        f"<body><article><h1>خبر من حلب</h1>{body}</article></body></html>"
    ).encode()
    damaged = page.replace("مدرسة".encode(), "مدرسة".encode() + b"\xfe", 1)
    (tmp_path / "page.html").write_bytes(damaged)
    repairs: list[Repair] = []
    (article,) = list(read_paths([tmp_path / "page.html"], on_repair=repairs.append))
    assert isinstance(article, Article)
    assert "افتتاح مدرسة\ufffd جديدة" in article.text
    assert TEXTS[1].format(n=5) in article.text
    assert repairs == [Repair(errors.REPLACED_BYTES, 1, str(tmp_path / "page.html"))]
