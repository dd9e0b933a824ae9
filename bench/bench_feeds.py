"""Feed parsing on feedparser's own test suite: crashes, links found, speed.

    python bench/bench_feeds.py [CORPUS] [--baseline REV]

CORPUS is a folder of feedparser's test feeds (default: the full suite beside the
repository, else the sample in `tests/fixtures/feedparser`). Each file is parsed with
the HTTP headers its leading comment names, at the address feedparser's own suite
serves it from. For each parser the script counts the exceptions other than
`FeedError`, the entry links found, and how many agree with feedparser's own
`entry.link` (asked directly, same headers and base). `--baseline REV` also measures
`marsad/ingest/feeds.py` as it was at git revision REV (before/after). Speed is the
time to parse the whole corpus and a 200-item Arabic RSS feed.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from marsad.ingest import feeds

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = (
    ROOT.parent / "shared" / "fixtures" / "feedparser-tests" / "tests",
    ROOT / "tests" / "fixtures" / "feedparser",
)
SERVED_AT = "http://127.0.0.1:8097/tests/"
_HEADER = re.compile(r"^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.MULTILINE)

Parse = Callable[[bytes, str, dict[str, str]], list[str | None]]


@dataclass
class Tally:
    files: int = 0
    crashes: Counter[str] = field(default_factory=Counter)
    not_feeds: int = 0
    links: int = 0
    agreeing: int = 0
    seconds: float = 0.0


def _web(url: object) -> bool:
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _headers(data: bytes) -> dict[str, str]:
    head = data[:2000].decode("latin-1")
    return {name.lower(): value for name, value in _HEADER.findall(head)}


def _reference(data: bytes, url: str, headers: dict[str, str]) -> list[str | None]:
    location = headers.get("content-location")
    base = urljoin(url, location) if location else url
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={**headers, "content-location": base if _web(base) else url},
    )
    return [link if _web(link) else None for link in (e.get("link") for e in parsed.entries)]


def _current(data: bytes, url: str, headers: dict[str, str]) -> list[str | None]:
    feed = feeds.read_feed(
        data,
        url=url,
        content_type=headers.get("content-type"),
        content_location=headers.get("content-location"),
    )
    return [entry.url for entry in feed.entries]


def _baseline(revision: str) -> Parse:
    """`parse_feed` of feeds.py as it was at `revision`, loaded from git."""
    source = subprocess.run(
        ["git", "show", f"{revision}:marsad/ingest/feeds.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    folder = Path(tempfile.mkdtemp())
    (folder / "baseline_feeds.py").write_bytes(source)
    spec = importlib.util.spec_from_file_location("baseline_feeds", folder / "baseline_feeds.py")
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules["baseline_feeds"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)

    def parse(data: bytes, url: str, headers: dict[str, str]) -> list[str | None]:
        feed: Any = module.parse_feed(data, url=url)
        return [entry.url for entry in feed.entries]

    return parse


def measure(corpus: Path, parse: Parse) -> Tally:
    tally = Tally()
    for path in sorted(corpus.rglob("*.xml")):
        data = path.read_bytes()
        url = SERVED_AT + path.relative_to(corpus).as_posix()
        headers = _headers(data)
        tally.files += 1
        started = time.perf_counter()
        try:
            found = parse(data, url, headers)
        except feeds.FeedError:
            tally.not_feeds += 1
            found = []
        except Exception as error:  # counting what escapes is the point
            tally.crashes[type(error).__name__] += 1
            found = []
        finally:
            tally.seconds += time.perf_counter() - started
        tally.links += sum(1 for url in found if _web(url))
        expected = _reference(data, url, headers)
        if len(found) == len(expected):
            tally.agreeing += sum(1 for a, b in zip(found, expected, strict=True) if a and a == b)
    return tally


def _big_feed(items: int = 200) -> bytes:
    entry = (
        "<item><title>أعلنت السلطات المحلية في حلب افتتاح مدرسة جديدة رقم {n}</title>"
        "<link>https://news.example/ar/article.php?id={n}&amp;cat=5</link>"
        "<guid isPermaLink='false'>news-{n}</guid>"
        "<pubDate>Sun, 09 Aug 2015 17:26:01 +0300</pubDate>"
        "<description>&lt;p&gt;"
        + "قال مسؤول في وزارة الصحة إن حملة التلقيح شملت آلاف الأطفال. " * 8
        + "&lt;/p&gt;</description></item>\n"
    )
    body = "".join(entry.format(n=n) for n in range(items))
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>أخبار</title><link>https://news.example/</link>{body}</channel></rss>"
    ).encode()


def _speed(parse: Parse, repeat: int = 20) -> float:
    data = _big_feed()
    started = time.perf_counter()
    for _ in range(repeat):
        parse(data, "https://news.example/rss", {"content-type": "application/rss+xml"})
    return (time.perf_counter() - started) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--baseline", metavar="REV", help="also measure feeds.py at REV")
    args = parser.parse_args()
    corpus = args.corpus or next((p for p in DEFAULT_CORPORA if p.is_dir()), None)
    if corpus is None:
        sys.exit("no corpus of feedparser test feeds found; pass its folder")
    reference = measure(corpus, _reference)
    print(f"corpus: {corpus} ({reference.files} files)")
    print(f"feedparser itself: {reference.links} entry links, {reference.seconds:.2f} s")
    parsers: dict[str, Parse] = {"current": _current}
    if args.baseline:
        parsers = {f"baseline {args.baseline}": _baseline(args.baseline), **parsers}
    print("| parser | crashes | not a feed | links | as feedparser | corpus s | 200-item feed ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, parse in parsers.items():
        tally = measure(corpus, parse)
        crashes = sum(tally.crashes.values())
        detail = f" ({', '.join(f'{k} {v}' for k, v in tally.crashes.items())})" if crashes else ""
        print(
            f"| {name} | {crashes}{detail} | {tally.not_feeds} | {tally.links} | "
            f"{tally.agreeing} of {reference.links} | {tally.seconds:.2f} | {_speed(parse):.1f} |"
        )


if __name__ == "__main__":
    main()
