"""robots.txt parsing and matching, after RFC 9309 and its examples."""

from __future__ import annotations

from marsad.ingest.robots import RobotsRules, parse_robots, rules_from_response

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
