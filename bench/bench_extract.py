"""Extraction speed: our `extract_html` against `trafilatura.extract` alone, same pages.

Real articles from the ANT corpus and SaudiNewsNet (beside the repository, in
`../shared/data/`, or `--data`) are wrapped as realistic news pages: header and
navigation, headline, credit line, paragraphs, share bar, a related-articles list
and a footer. Both extractors run over the same pages; the script reports pages per
second and the peak resident memory of the process; then `marsad ingest` runs end to
end over the same pages written as files, without and with enrichment.

    python bench/bench_extract.py [--articles 1000] [--data DIR]
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import trafilatura

from marsad.ingest import extract_html
from marsad.run.ingest import ingest_paths

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
CORPORA = ("ant_corpus_multisource/articles.jsonl", "saudinewsnet/articles.jsonl")
NAV = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات", "فيديو", "اتصل بنا"]


def records(data: Path, count: int) -> Iterator[dict[str, str]]:
    """Alternate between the corpora so both outlets' styles are in the sample."""
    streams = [_read(data / name) for name in CORPORA]
    taken = 0
    for batch in itertools.zip_longest(*streams):
        for record in batch:
            if record is not None and len(record.get("text", "")) > 300:
                yield record
                taken += 1
                if taken == count:
                    return


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def as_page(record: dict[str, str], related: list[str]) -> str:
    """A news page around one article, with the furniture a real site adds."""
    escape = html.escape
    title = escape(record.get("title") or "خبر")
    site = escape(record.get("source_name") or record.get("source") or "الموقع")
    paragraphs = "".join(
        f"<p>{escape(p.strip())}</p>" for p in record["text"].split("\n") if p.strip()
    )
    nav = "".join(f'<li><a href="/{i}">{n}</a></li>' for i, n in enumerate(NAV))
    links = "".join(f'<li><a href="/r/{i}">{escape(t)}</a></li>' for i, t in enumerate(related))
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title} - {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{escape(record.get("date", ""))}">'
        f"</head><body><header><div class='logo'>{site}</div><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{title}</h1><p>(أ ف ب)</p>{paragraphs}"
        "<div class='share'><a href='#'>فيسبوك</a> <a href='#'>تويتر</a></div>"
        f"</article><aside><h3>اقرأ أيضا</h3><ul>{links}</ul></aside></main>"
        f"<footer><p>جميع الحقوق محفوظة © {site}</p><ul>{nav}</ul></footer></body></html>"
    )


def build_pages(data: Path, count: int) -> list[str]:
    items = list(records(data, count))
    titles = [r.get("title") or "" for r in items]
    return [as_page(r, titles[i + 1 : i + 6]) for i, r in enumerate(items)]


def rate(name: str, pages: list[str], extract: Callable[[str], object]) -> float:
    start = time.perf_counter()
    for page in pages:
        extract(page)
    elapsed = time.perf_counter() - start
    per_second = len(pages) / elapsed
    print(f"{name:<24} {len(pages)} pages in {elapsed:6.1f} s  -> {per_second:6.1f} pages/s")
    return per_second


def ingest_rate(pages: list[str], *, enrich: bool) -> float:
    """Pages written as files, then `marsad ingest` end to end: read, extract, store."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for number, page in enumerate(pages):
            (root / f"page-{number:05d}.html").write_text(page, encoding="utf-8")
        start = time.perf_counter()
        report = ingest_paths(root / "bench.db", [root], enrich=enrich, track=False)
        elapsed = time.perf_counter() - start
    per_second = len(pages) / elapsed
    label = "ingest + enrichment" if enrich else "ingest (no enrichment)"
    print(
        f"{label:<24} {len(pages)} pages in {elapsed:6.1f} s  -> {per_second:6.1f} pages/s"
        f"  (new {report.new}, duplicates {report.duplicates}, rejected {report.rejected})"
    )
    return per_second


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not all((args.data / name).exists() for name in CORPORA):
        print(f"corpora not found under {args.data}", file=sys.stderr)
        return 1
    pages = build_pages(args.data, args.articles)
    size = sum(len(p.encode("utf-8")) for p in pages) / len(pages)
    print(f"{len(pages)} pages, mean {size / 1024:.1f} KiB")
    ours = rate("marsad extract_html", pages, lambda p: extract_html(p))
    plain = rate("trafilatura.extract", pages, lambda p: trafilatura.extract(p))
    ingest_rate(pages, enrich=False)
    ingest_rate(pages, enrich=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio ours/trafilatura: {ours / plain:.2f}   peak RSS: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
