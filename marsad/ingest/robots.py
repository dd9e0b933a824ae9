"""robots.txt as RFC 9309 reads it, matched by Protego; and what to do when it is missing.

Matching is Protego's (`from protego import Protego`): the group of the most specific
matching product token (else `*`), the longest matching pattern decides, `Allow` wins
a tie, `*` and `$` patterns, paths compared in one percent-encoded form (Arabic slugs
are written both raw and encoded). Its wildcard matcher scans the path once per
pattern piece, so a pattern with many `*` costs linear time instead of the exponential
backtracking of a regular expression, and plain prefixes are checked together.
Protego still tries each wildcard rule in turn, so a check goes through an index of
the chosen group (`marsad.ingest.robots_index`) that tries only the rules whose
literal prefix starts the path or one of whose literal pieces occurs in it, with the
same decision as `Protego.can_fetch`.
`Crawl-delay` (not in the RFC, still widely used) and `Sitemap:` lines are read too,
including the common misspelling `Site-map:`.

What a robots.txt fetch means is decided here (`rules_from_response`), after RFC 9309
§2.3.1: 2xx, the rules; 4xx (other than 429), no robots.txt, so everything is allowed;
429, 5xx or no answer at all (connection error, timeout), robots.txt is *unreachable*
and every URL of the host is treated as disallowed for now. The fetcher reads an
unreachable robots.txt again after a while (`RobotsCache`), and a page refused for
that reason is retried later, never given up as if the site had forbidden it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from marsad.errors import ROBOTS
from marsad.ingest.robots_index import RuleIndex, build_index

# RFC 9309 lets a crawler stop reading after 500 KiB.
MAX_ROBOTS_BYTES = 500 * 1024
# Stable code of a page refused because its host's robots.txt could not be read.
ROBOTS_UNREACHABLE = "robots-unreachable"
UNREACHABLE_POLICY = (
    "every URL of this host is treated as disallowed until robots.txt is read again "
    "(RFC 9309: 5xx or unreachable means full disallow; a 4xx would mean allow all)"
)


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules that apply to one user agent on one host.

    `unreachable` says why robots.txt could not be read; such rules disallow
    everything (`disallow_everything`) until the fetcher reads robots.txt again.
    """

    parser: Protego | None = field(default=None, compare=False, repr=False)
    index: RuleIndex | None = field(default=None, compare=False, repr=False)
    agent: str = "*"
    crawl_delay: float | None = None
    sitemaps: tuple[str, ...] = ()
    disallow_everything: bool = False
    unreachable: str | None = None
    keep: bool = field(default=True, compare=False)  # False: read again at the next need

    @classmethod
    def allow_all(cls) -> RobotsRules:
        """What a missing robots.txt (HTTP 4xx) means: no restriction."""
        return cls()

    @classmethod
    def deny_all(cls, reason: str = "no answer", keep: bool = True) -> RobotsRules:
        """What an unreachable robots.txt (429, 5xx, network error) means until it is read.

        `keep=False` when the fetch was not really tried (the crawl stopped first).
        """
        return cls(disallow_everything=True, unreachable=reason, keep=keep)

    def allowed(self, url: str) -> bool:
        """Whether our user agent may fetch `url` (robots.txt itself is always allowed)."""
        if _is_robots_txt(url):
            return True
        if self.disallow_everything:
            return False
        if self.index is not None:
            return self.index.allows(url)
        return self.parser is None or bool(self.parser.can_fetch(url, self.agent))

    def refusal(self, url: str) -> tuple[str, str] | None:
        """The (code, message) that refuses `url`, or None when it may be fetched."""
        if self.allowed(url):
            return None
        if self.unreachable is not None:
            return ROBOTS_UNREACHABLE, f"robots.txt unreachable: {self.unreachable}; " + (
                UNREACHABLE_POLICY
            )
        return ROBOTS, "robots.txt disallows this URL"


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules in robots.txt `text` that apply to the product token `agent` (e.g. "marsad")."""
    parser = Protego.parse(text[:MAX_ROBOTS_BYTES])
    token = agent.lower()
    return RobotsRules(
        parser=parser,
        index=build_index(parser, token),
        agent=token,
        crawl_delay=parser.crawl_delay(token),
        sitemaps=tuple(parser.sitemaps),
    )


def rules_from_response(
    status: int | None, body: bytes | None, agent: str, problem: str = ""
) -> RobotsRules:
    """What a robots.txt fetch means (RFC 9309 §2.3.1): the rules, allow-all or deny-all.

    `status` None means the server could not be reached; `problem` then says how
    (it becomes the message of every URL refused for it). 2xx: the rules in the body;
    4xx other than 429: no robots.txt, so no restriction; 429, 5xx or unreachable:
    assume everything is disallowed for now.
    """
    if status is not None and 200 <= status < 300:
        text = (body or b"")[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return parse_robots(text.lstrip("\ufeff"), agent)
    if status is not None and 400 <= status < 500 and status != 429:
        return RobotsRules.allow_all()
    if status is not None:
        return RobotsRules.deny_all(problem or f"HTTP {status}")
    return RobotsRules.deny_all(problem or "no answer")


def _is_robots_txt(url: str) -> bool:
    return urlsplit(url).path == "/robots.txt"


class RobotsCache:
    """The rules of each origin, read once per fetcher; a deny-all answer expires.

    `load(origin)` fetches and interprets `origin + "/robots.txt"`. A lock per origin
    makes concurrent callers wait for one fetch instead of each fetching it.
    """

    def __init__(self, load: Callable[[str], RobotsRules], retry_after: float = 600.0) -> None:
        self._load = load
        self._retry_after = retry_after
        self._entries: dict[str, tuple[RobotsRules, float | None]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules(self, origin: str) -> RobotsRules:
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            cached = self._entries.get(origin)
            if cached is not None and (cached[1] is None or cached[1] > time.monotonic()):
                return cached[0]
            rules = self._load(origin)
            expires = time.monotonic() + self._retry_after if rules.disallow_everything else None
            if rules.keep:
                self._entries[origin] = (rules, expires)
            return rules
