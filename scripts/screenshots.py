"""Screenshots of the home, story and article pages for the documentation.

Builds a demo database (the shipped sample, enriched and grouped into stories),
serves it on loopback and photographs three pages with Debian's chromium:

    python scripts/screenshots.py [--out docs/screenshots] [--articles 300]
"""

from __future__ import annotations

import argparse
import tempfile
from itertools import islice
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from marsad.ingest import read_jsonl
from marsad.resources import resource_path
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.steps.pipeline import Enricher
from marsad.store import open_store
from marsad.web import WebSettings, create_app
from marsad.web.background import BackgroundServer

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def build_database(path: Path, articles: int) -> None:
    records = islice(read_jsonl(resource_path("demo/articles.jsonl.gz")), articles)
    with open_store(path) as store:
        ingest(store, records, enrich=Enricher.load(), track=Tracker().track)


def _shoot(page: Page, url: str, out: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out), full_page=False)
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--articles", type=int, default=300)
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "screens.db"
        build_database(db, options.articles)
        app = create_app(str(db), settings=WebSettings())
        with BackgroundServer(app) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(locale="ar", viewport={"width": 1280, "height": 900})
            _shoot(page, server.url + "/", options.out / "home.png")
            page.goto(server.url + "/stories?order=growing")
            story = page.locator(".list .item a.title").first.get_attribute("href")
            _shoot(page, server.url + str(story), options.out / "story.png")
            article = page.locator(".timeline a.title").first.get_attribute("href")
            _shoot(page, server.url + str(article), options.out / "article.png")
            browser.close()


if __name__ == "__main__":
    main()
