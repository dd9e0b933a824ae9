"""The robots.txt rule index decides every URL exactly as `Protego.can_fetch` does."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from protego import Protego

from marsad.ingest.robots import MAX_ROBOTS_BYTES, parse_robots
from marsad.ingest.robots_index import RuleIndex, build_index

SITE = "https://news.example"
AGENT = "marsad"
# Pieces of paths and patterns: Arabic raw and percent-encoded, `=` both ways,
# `$` and `*` as literal path characters too, query strings, index.html.
PIECES = [
    "/", "a", "b", "ab", "news", "أخبار", "%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1", "خاص",
    "?", "=", "%3D", "print", "1", "12", ".pdf", ".html", "index.html", "$", "%24",
    "*", "-", "amp", "aaaaa", "%2F", "%", "%zz", "~", " ", "?q=غزة",
]  # fmt: skip

NEWS_SITE = """
User-agent: *
Disallow: /search
Disallow: /*?print=
Disallow: /*.pdf$
Allow: /search/about
Crawl-delay: 5

User-agent: BadBot
Disallow: /
"""

FIXED_FILES = {
    "news site": NEWS_SITE,
    "named group": "User-agent: *\nDisallow: /\n\nUser-agent: Marsad\nDisallow: /private/\n",
    "merged groups": (
        "User-agent: googlebot\nUser-agent: marsad\nDisallow: /a/\n\n"
        "User-agent: marsad\nDisallow: /b/\nAllow: /b/index.html\n"
    ),
    "tie": "User-agent: *\nDisallow: /page\nAllow: /page\nDisallow: /p*e$\nAllow: /p*e\n",
    "arabic": "User-agent: *\nDisallow: /أخبار/خاص\nAllow: /%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/*$\n",
    "pathological": "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\n",
    "no group": "User-agent: BadBot\nDisallow: /\n",
    "dollars": "User-agent: *\nDisallow: /a$b\nDisallow: /*$\nAllow: /*b$\nAllow: /**a**\n",
}


def decides_like_protego(text: str, paths: list[str]) -> int:
    """Checks every path against Protego; how many of them were allowed."""
    parser = Protego.parse(text)
    index = build_index(parser, AGENT)
    assert isinstance(index, RuleIndex), "Protego's parsed rules are no longer readable"
    rules = parse_robots(text, AGENT)
    allowed = 0
    for path in paths:
        url = SITE + path
        expected = parser.can_fetch(url, AGENT)
        assert index.allows(url) == expected, (path, expected)
        if path != "/robots.txt":
            assert rules.allowed(url) == expected, (path, expected)
        allowed += expected
    return allowed


def random_path(rng: random.Random, pieces: list[str]) -> str:
    return "/" + "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))


def pattern_pieces(text: str) -> list[str]:
    """Pieces of the file's own patterns, so generated paths often match them."""
    found = []
    for line in text.splitlines():
        _, _, value = line.partition(":")
        pieces = [piece for piece in value.strip().rstrip("$").split("*") if piece]
        found += pieces + [piece.lstrip("/") for piece in pieces if piece.lstrip("/")]
    return found


def wildcard_heavy(rng: random.Random) -> str:
    """A robots.txt of up to 500 KiB made mostly of `*` and `$` rules."""
    lines = ["User-agent: marsad"]
    size = 0
    while size < MAX_ROBOTS_BYTES - 200:
        number = rng.randrange(1, 10**4)
        section = rng.choice(["سياسة", "news", "%D8%B3"])
        line = rng.choice(
            [
                f"Disallow: /*?{section}-print={number}",
                f"Disallow: /files/{number}/*.pdf$",
                f"Allow: /{section}/{number}/*/amp$",
                f"Disallow: /tag/{section}*{number}",
                f"Disallow: /*{number}*a*b$",
                f"Allow: /{section}/archive/{number}/",
                f"Disallow: /*/{number}",
            ]
        )
        lines.append(line)
        size += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


def test_fixed_files_decide_like_protego() -> None:
    rng = random.Random(9309)
    for text in FIXED_FILES.values():
        pieces = PIECES + pattern_pieces(text)
        paths = [random_path(rng, pieces) for _ in range(2000)] + ["/robots.txt", "/"]
        paths.append("/" + "a" * 300 + "b")
        assert decides_like_protego(text, paths) > 0


def test_a_wildcard_heavy_500_kib_file_decides_like_protego() -> None:
    rng = random.Random(15)
    text = wildcard_heavy(rng)
    pieces = PIECES + rng.sample(pattern_pieces(text), 300)
    allowed = decides_like_protego(text, [random_path(rng, pieces) for _ in range(1000)])
    assert 0 < allowed < 1000  # both decisions were compared


def test_rules_of_one_and_two_character_pieces_decide_like_protego() -> None:
    rng = random.Random(2)
    letters = "ab1/.-=%$"
    lines = ["User-agent: *"]
    for _ in range(3000):
        pieces = ["".join(rng.choices(letters, k=rng.randrange(1, 3))) for _ in range(3)]
        field = rng.choice(["Allow", "Disallow"])
        lines.append(f"{field}: /{rng.choice(['', '*'])}{'*'.join(pieces)}{rng.choice(['', '$'])}")
    paths = ["/" + "".join(rng.choices(letters, k=rng.randrange(0, 30))) for _ in range(1000)]
    allowed = decides_like_protego("\n".join(lines) + "\n", paths)
    assert 0 < allowed < len(paths)


def test_an_agent_no_group_names_is_allowed_everything() -> None:
    index = build_index(Protego.parse("User-agent: BadBot\nDisallow: /\n"), AGENT)
    assert index is not None and index.allows(SITE + "/anything")


rule_lines = st.tuples(
    st.sampled_from(["Allow", "Disallow"]),
    st.lists(st.sampled_from(PIECES), min_size=0, max_size=6).map("".join),
    st.booleans(),
).map(lambda rule: f"{rule[0]}: /{rule[1]}{'$' if rule[2] else ''}")
paths = st.lists(st.sampled_from(PIECES), max_size=10).map(lambda found: "/" + "".join(found))


@settings(max_examples=300, deadline=None)
@given(
    rules=st.lists(rule_lines, min_size=1, max_size=25),
    agent_line=st.sampled_from(["*", "marsad", "googlebot"]),
    checked=st.lists(paths, min_size=1, max_size=20),
)
def test_generated_files_decide_like_protego(
    rules: list[str], agent_line: str, checked: list[str]
) -> None:
    text = f"User-agent: {agent_line}\n" + "\n".join(rules) + "\n"
    decides_like_protego(text, checked)


def test_rules_without_an_index_fall_back_to_protego(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Protego whose private rule lists moved (a future release) still decides right."""
    import marsad.ingest.robots as robots

    monkeypatch.setattr(robots, "build_index", lambda parser, agent: None)
    rules = robots.parse_robots(NEWS_SITE, AGENT)
    assert rules.index is None
    parser = Protego.parse(NEWS_SITE)
    for path in ["/search", "/search/about", "/a?print=1", "/x.pdf", "/x.pdf?y", "/news/1"]:
        url = SITE + path
        assert rules.allowed(url) == parser.can_fetch(url, AGENT)
