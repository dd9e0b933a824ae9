"""robots.txt parsing and matching, after RFC 9309 and its examples."""

from __future__ import annotations

import pytest

from marsad.errors import ROBOTS
from marsad.ingest.robots import (
    MAX_ROBOTS_BYTES,
    ROBOTS_UNREACHABLE,
    RobotsRules,
    parse_robots,
    rules_from_response,
)

SITE = "https://news.example"

NEWS_SITE = """
# comments and blank lines are ignored
User-agent: *
Disallow: /search
Disallow: /*?print=
Disallow: /*.pdf$
Allow: /search/about
Crawl-delay: 5

User-agent: BadBot
Disallow: /

Sitemap: https://news.example/sitemap_index.xml
Sitemap: https://news.example/news-sitemap.xml
"""


def allowed(rules: RobotsRules, path: str) -> bool:
    return rules.allowed(SITE + path)


def test_star_group_rules_and_longest_match() -> None:
    rules = parse_robots(NEWS_SITE, "marsad")
    assert not allowed(rules, "/search?q=غزة")
    assert allowed(rules, "/search/about")  # longer Allow beats shorter Disallow
    assert allowed(rules, "/news/2015/08/10/item.html")
    assert not allowed(rules, "/news/item.html?print=1")  # '*' in the middle
    assert not allowed(rules, "/files/report.pdf")
    assert allowed(rules, "/files/report.pdf.html")  # '$' anchors the end
    assert rules.crawl_delay == 5.0
    assert rules.sitemaps == (
        "https://news.example/sitemap_index.xml",
        "https://news.example/news-sitemap.xml",
    )


def test_a_group_naming_our_agent_replaces_the_star_group() -> None:
    text = "User-agent: *\nDisallow: /\n\nUser-agent: Marsad\nDisallow: /private/\n"
    rules = parse_robots(text, "marsad")
    assert allowed(rules, "/news/1.html")
    assert not allowed(rules, "/private/x")
    # another crawler named alone does not affect us
    other = parse_robots("User-agent: BadBot\nDisallow: /\n", "marsad")
    assert allowed(other, "/anything")


def test_consecutive_agent_lines_share_a_group_and_groups_merge() -> None:
    text = (
        "User-agent: googlebot\nUser-agent: marsad\nDisallow: /a/\n\n"
        "User-agent: marsad\nDisallow: /b/\n"
    )
    rules = parse_robots(text, "marsad")
    assert not allowed(rules, "/a/1") and not allowed(rules, "/b/1")
    assert allowed(rules, "/c/1")


def test_allow_wins_a_tie_and_empty_disallow_allows_everything() -> None:
    tie = parse_robots("User-agent: *\nDisallow: /page\nAllow: /page\n", "marsad")
    assert allowed(tie, "/page")
    empty = parse_robots("User-agent: *\nDisallow:\n", "marsad")
    assert allowed(empty, "/anything")


def test_arabic_paths_match_raw_or_percent_encoded() -> None:
    rules = parse_robots("User-agent: *\nDisallow: /أخبار/خاص\n", "marsad")
    assert not allowed(rules, "/أخبار/خاص/1")
    assert not allowed(rules, "/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%AE%D8%A7%D8%B5/1")
    assert allowed(rules, "/أخبار/عام/1")


def test_robots_txt_itself_is_always_allowed() -> None:
    assert parse_robots("User-agent: *\nDisallow: /\n", "marsad").allowed(SITE + "/robots.txt")
    assert RobotsRules.deny_all().allowed(SITE + "/robots.txt")


def test_fetch_outcomes_follow_rfc_9309() -> None:
    body = b"User-agent: *\nDisallow: /x\n"
    assert not rules_from_response(200, body, "marsad").allowed(SITE + "/x")
    for missing in (401, 403, 404, 410):
        assert rules_from_response(missing, None, "marsad").allowed(SITE + "/x")
    for unreachable in (None, 429, 500, 503):
        assert not rules_from_response(unreachable, None, "marsad").allowed(SITE + "/y")


def test_bad_crawl_delay_is_ignored() -> None:
    rules = parse_robots("User-agent: *\nCrawl-delay: soon\nDisallow: /x\n", "marsad")
    assert rules.crawl_delay is None and not allowed(rules, "/x")


def test_site_map_spelling_is_read_like_sitemap() -> None:
    text = (
        "User-agent: *\nDisallow: /x\n"
        "Site-map: https://news.example/a.xml\nSitemap: https://news.example/b.xml\n"
    )
    assert parse_robots(text, "marsad").sitemaps == (
        "https://news.example/a.xml",
        "https://news.example/b.xml",
    )


@pytest.mark.timeout(10)
def test_many_stars_in_one_pattern_match_in_linear_time() -> None:
    rules = parse_robots("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\n", "marsad")
    long_path = "/" + "a" * 5000 + "/page.html"  # many a, no b: backtracking would explode
    assert allowed(rules, long_path)
    assert not allowed(rules, "/" + "a" * 5000 + "b")
    assert not allowed(rules, "/xaxaxaxaxaxaxaxaxaxaxb")
    assert allowed(rules, "/aaaaaaaaab")  # ten a, but the pattern needs a tenth a after /


@pytest.mark.timeout(30)
def test_a_500_kib_robots_txt_is_read_whole_and_checked_per_url() -> None:
    lines = ["User-agent: *"]
    number = size = 0
    while size < MAX_ROBOTS_BYTES - 200:
        new = [f"Disallow: /أرشيف/{number}/"]
        if number % 10 == 0:
            new.append(f"Disallow: /*?print={number}$")
        lines.extend(new)
        size += sum(len(line.encode()) + 1 for line in new)
        number += 1
    lines.append("Disallow: /last-rule/")
    lines.append("Site-map: https://news.example/news.xml")
    text = "\n".join(lines) + "\n"
    assert MAX_ROBOTS_BYTES - 300 < len(text.encode("utf-8")) <= MAX_ROBOTS_BYTES
    rules = rules_from_response(200, text.encode("utf-8"), "marsad")
    assert not allowed(rules, "/last-rule/1")  # the file's end was read
    assert not allowed(rules, "/%D8%A3%D8%B1%D8%B4%D9%8A%D9%81/7/item")
    assert not allowed(rules, f"/news/1.html?print={number - number % 10 - 10}")
    assert allowed(rules, "/news/1.html?print=1x")
    assert allowed(rules, "/أرشيف/x/")
    assert rules.sitemaps == ("https://news.example/news.xml",)
    for index in range(100):  # many checks against thousands of rules
        assert allowed(rules, f"/news/2024/{index}.html")


def test_an_unreachable_robots_txt_says_so_and_names_the_policy() -> None:
    rules = rules_from_response(None, None, "marsad", "timeout: no answer in 30 s")
    code, message = rules.refusal(SITE + "/news/1.html") or ("", "")
    assert code == ROBOTS_UNREACHABLE
    assert message.startswith("robots.txt unreachable: timeout: no answer in 30 s")
    assert "disallowed until robots.txt is read again" in message
    code, message = rules_from_response(503, None, "marsad").refusal(SITE + "/x") or ("", "")
    assert code == ROBOTS_UNREACHABLE and "HTTP 503" in message
    forbidden = parse_robots("User-agent: *\nDisallow: /x\n", "marsad")
    assert forbidden.refusal(SITE + "/x") == (ROBOTS, "robots.txt disallows this URL")
    assert forbidden.refusal(SITE + "/y") is None
