"""`marsad sources ...` and `marsad crawl` through the real command, on a real local site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from support.site_server import SiteServer, static
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest.guard import ALLOW_PRIVATE_VARIABLE
from marsad.ingest.opml import read_opml

CONTRACT_KEYS = ["id", "url", "name", "kind", "last_success", "last_error", "articles", "errors"]
FAST = ["--delay", "0.01"]
MARSAD = shutil.which("marsad", path=str(Path(sys.executable).parent)) or "marsad"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_add_list_crawl_and_export(site: SiteServer, tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    status, out, _ = run(
        "sources", "add", site.url("/rss.xml"), "--name", "صحيفة", *FAST, "--db", db
    )
    assert status == 0 and out.startswith("added [1] feed ")
    status, out, _ = run("sources", "list", "--json", "--db", db)
    [line] = out.splitlines()
    record = json.loads(line)
    assert status == 0 and list(record)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert (record["url"], record["name"], record["kind"]) == (
        site.url("/rss.xml"),
        "صحيفة",
        "feed",
    )
    assert "صحيفة" in line  # UTF-8, not \\u escapes

    status, out, _ = run("crawl", "--once", "--no-enrich", *FAST, "--db", db)
    assert status == 0
    assert out.splitlines()[0] == "new: 5  duplicates: 0  rejected: 0  errors: 0"
    assert "sources polled: 1" in out and "pending: 0" in out
    [record] = [
        json.loads(line) for line in run("sources", "list", "--json", "--db", db)[1].splitlines()
    ]
    assert record["articles"] == 5 and record["last_success"] is not None
    status, out, _ = run("sources", "list", "--db", db)
    assert status == 0 and "صحيفة" in out and " ok " in out

    status, out, _ = run("sources", "export", "--db", db)
    assert status == 0
    [feed] = read_opml(out.encode()).feeds
    assert (feed.xml_url, feed.title) == (site.url("/rss.xml"), "صحيفة")


def test_crawl_summary_shows_reasons_and_archive_replays(site: SiteServer, tmp_path: Path) -> None:
    db, replay, warc = (str(tmp_path / name) for name in ("m.db", "r.db", "warc"))
    run("sources", "add", site.url("/mixed.xml"), "--kind", "feed", "--db", db)
    status, out, _ = run("crawl", "--once", "--no-enrich", *FAST, "--archive", warc, "--db", db)
    # With the default policy the 503 is retried after its Retry-After, the slow page is
    # within the timeout and the big page under the size cap: three pages stay rejected.
    # The legacy page and the long page are new; the busy and slow pages copy the legacy one.
    assert status == 0
    assert out.splitlines()[0] == "new: 2  duplicates: 2  rejected: 3  errors: 0"
    assert sorted(out.splitlines()[1:4]) == [
        "  rejected disallowed-by-robots: 1",
        "  rejected http-error: 1",
        "  rejected unsupported-format: 1",
    ]
    assert "retry later: 0  pending: 0" in out
    status, out, _ = run("ingest", warc, "--no-enrich", "--db", replay)
    assert status == 0 and out.startswith("new: 2  duplicates: 2  rejected: 0")


def test_crawl_summary_counts_skipped_links_by_reason(site: SiteServer, tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    items = "".join(
        f"<item><title>t</title><link>{link}</link></item>"
        for link in (site.url("/news/a0.html"), "javascript:x()", "mailto:desk@news.example")
    )
    feed = f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
    site.routes["/links.xml"] = static(feed.encode(), "application/rss+xml")
    run("sources", "add", site.url("/links.xml"), "--kind", "feed", "--db", db)
    status, out, err = run("crawl", "--once", "--no-enrich", *FAST, "--db", db)
    assert status == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "new: 1  duplicates: 0  rejected: 0  errors: 0",
        "sources polled: 1  not modified: 0  failed: 0",
        "pages queued: 1  fetched: 1  retry later: 0  pending: 0",
    ]
    assert lines[3:] == ["links skipped: 2", "  skipped bad-url: 2"]
    scheme = "not an http(s) URL (scheme 'javascript')"
    assert f"  {site.url('/links.xml')}: bad-url: link javascript:x(): {scheme}" in err


def test_a_failed_sources_line_names_its_url_once(site: SiteServer, tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    site.routes["/not-a-sitemap.xml"] = static(b"<html><body>x</body></html>", "text/xml")
    url = site.url("/not-a-sitemap.xml")
    run("sources", "add", url, "--kind", "sitemap", "--db", db)
    status, out, err = run("crawl", "--once", "--no-enrich", *FAST, "--db", db)
    assert status == 0 and "failed: 1" in out
    assert f"  {url}: bad-sitemap: root element is <html>" in err.splitlines()


def test_bad_input_is_one_line_on_stderr(tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    status, _, err = run("sources", "add", "not a url", "--kind", "feed", "--db", db)
    assert status != 0 and err.startswith("marsad: ") and len(err.splitlines()) == 1
    status, _, err = run("sources", "remove", "42", "--db", db)
    assert status != 0 and "no source with id 42" in err
    opml = tmp_path / "x.opml"
    opml.write_text("<html/>")
    status, _, err = run("sources", "import", str(opml), "--db", db)
    assert status != 0 and str(opml) in err


def test_import_then_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    subscriptions = Path(__file__).resolve().parents[1] / "fixtures" / "site" / "subscriptions.opml"
    status, out, _ = run("sources", "import", str(subscriptions), "--db", db)
    assert status == 0 and out.strip() == "added: 4  already registered: 0"
    status, out, _ = run("sources", "remove", "http://www.okaz.com.sa/rss", "--db", db)
    assert status == 0 and out.strip() == "removed [2] http://www.okaz.com.sa/rss"
    listed = run("sources", "list", "--json", "--db", db)[1].splitlines()
    assert [json.loads(line)["id"] for line in listed] == [1, 3, 4]


def marsad(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `marsad` program, as a user runs it."""
    return subprocess.run(
        [MARSAD, *args], capture_output=True, text=True, timeout=300, check=False, env=env
    )


def test_crawl_once_all_polls_every_source_now(site: SiteServer, tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    for path in ("/rss.xml", "/atom.xml"):
        assert (
            marsad("sources", "add", site.url(path), "--kind", "feed", "--db", db).returncode == 0
        )
    first = marsad("crawl", "--once", "--no-enrich", *FAST, "--db", db)
    assert first.returncode == 0, first.stderr
    assert "sources polled: 2" in first.stdout
    # polled a moment ago: nothing is due, so a plain round polls nothing...
    plain = marsad("crawl", "--once", "--no-enrich", *FAST, "--db", db)
    assert plain.returncode == 0 and "sources polled: 0" in plain.stdout
    feeds_before = len(site.requests_to("/rss.xml")) + len(site.requests_to("/atom.xml"))
    # ...and --all polls every source now, whatever its schedule
    forced = marsad("crawl", "--once", "--all", "--no-enrich", *FAST, "--db", db)
    assert forced.returncode == 0, forced.stderr
    assert "sources polled: 2" in forced.stdout and "failed: 0" in forced.stdout
    assert len(site.requests_to("/rss.xml")) + len(site.requests_to("/atom.xml")) == (
        feeds_before + 2
    )


def test_private_addresses_need_allow_private(site: SiteServer, tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    public = {key: value for key, value in os.environ.items() if key != ALLOW_PRIVATE_VARIABLE}
    refused = marsad("sources", "add", site.url("/rss.xml"), *FAST, "--db", db, env=public)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "private-address" in refused.stderr and "--allow-private" in refused.stderr
    assert site.paths() == []
    added = marsad(
        "sources", "add", site.url("/rss.xml"), "--allow-private", *FAST, "--db", db, env=public
    )
    assert added.returncode == 0 and added.stdout.startswith("added [1] feed ")
    crawled = marsad(
        "crawl", "--once", "--no-enrich", "--allow-private", *FAST, "--db", db, env=public
    )
    assert crawled.returncode == 0 and crawled.stdout.startswith("new: 5 ")
