"""robots.txt as RFC 9309 reads it: groups per user agent, longest match wins.

The standard library's `urllib.robotparser` takes the first matching rule and knows
no `*` or `$` patterns, which many news sites use (`Disallow: /*?print=`), so it can
both over- and under-block. This parser follows RFC 9309: the group of the most
specific matching product token (else `*`), the longest matching path pattern decides,
`Allow` wins a tie, paths compare in one percent-encoded form (Arabic slugs are written
both raw and encoded). `Crawl-delay` (not in the RFC, still widely used) and `Sitemap`
lines are read too. What to do when robots.txt cannot be fetched is the fetcher's
decision: see `RobotsRules.allow_all` and `RobotsRules.deny_all`.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

# RFC 9309 lets a crawler stop reading after 500 KiB.
MAX_ROBOTS_BYTES = 500 * 1024
_PATH_SAFE = "/:@!$&'()*+,;=-._~?"


@dataclass(frozen=True, slots=True)
class Rule:
    """One Allow/Disallow line; `pattern` is already in the comparison form."""

    allow: bool
    pattern: str

    def matches(self, path: str) -> bool:
        return _pattern_regex(self.pattern).match(path) is not None


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules that apply to one user agent on one host."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    sitemaps: tuple[str, ...] = ()
    disallow_everything: bool = False

    @classmethod
    def allow_all(cls) -> RobotsRules:
        """What a missing robots.txt (HTTP 4xx) means: no restriction."""
        return cls()

    @classmethod
    def deny_all(cls) -> RobotsRules:
        """What an unreachable robots.txt (5xx, network error) means until it is read."""
        return cls(disallow_everything=True)

    def allowed(self, url: str) -> bool:
        """Whether our user agent may fetch `url` (robots.txt itself is always allowed)."""
        parts = urlsplit(url)
        path = parts.path or "/"
        if path == "/robots.txt":
            return True
        if self.disallow_everything:
            return False
        target = _encode_path(path + (f"?{parts.query}" if parts.query else ""))
        best: Rule | None = None
        for rule in self.rules:
            if not rule.matches(target):
                continue
            if best is None or _specificity(rule) > _specificity(best):
                best = rule
            elif _specificity(rule) == _specificity(best) and rule.allow:
                best = rule
        return best is None or best.allow


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules in robots.txt `text` that apply to the product token `agent` (e.g. "marsad")."""
    groups, sitemaps = _read_groups(text[:MAX_ROBOTS_BYTES])
    token = agent.lower()
    mine = [g for g in groups if any(a.split("/")[0].strip() == token for a in g.agents)]
    chosen = mine or [g for g in groups if "*" in g.agents]
    rules = tuple(rule for group in chosen for rule in group.rules)
    delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
    return RobotsRules(
        rules=rules, crawl_delay=max(delays) if delays else None, sitemaps=tuple(sitemaps)
    )


def _read_groups(text: str) -> tuple[list[_Group], list[str]]:
    """Groups of consecutive user-agent lines with the rules that follow them."""
    groups: list[_Group] = []
    sitemaps: list[str] = []
    current: _Group | None = None
    in_agents = False
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "sitemap":
            if value:
                sitemaps.append(value)
            continue
        if key in ("user-agent", "useragent"):
            if current is None or not in_agents:
                current = _Group()
                groups.append(current)
            current.agents.append(value.lower())
            in_agents = True
            continue
        in_agents = False
        if current is not None:
            _apply_line(current, key, value)
    return groups, sitemaps


def _apply_line(group: _Group, key: str, value: str) -> None:
    if key in ("allow", "disallow"):
        if value:  # "Disallow:" with nothing after it allows everything
            group.rules.append(Rule(allow=key == "allow", pattern=_encode_path(value)))
    elif key == "crawl-delay":
        try:
            delay = float(value)
        except ValueError:
            return
        if delay >= 0:
            group.crawl_delay = delay


def _encode_path(path: str) -> str:
    """One form for raw and percent-encoded paths: decode, then encode with upper hex."""
    return quote(unquote(path), safe=_PATH_SAFE)


def _specificity(rule: Rule) -> int:
    """How specific a pattern is: its length, as Google and RFC 9309 crawlers count it."""
    return len(rule.pattern)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""), re.DOTALL)


def rules_from_response(status: int | None, body: bytes | None, agent: str) -> RobotsRules:
    """What a robots.txt fetch means (RFC 9309 §2.3.1): the rules, allow-all or deny-all.

    `status` None means the server could not be reached. 2xx: the rules in the body;
    4xx other than 429: no robots.txt, so no restriction; 429, 5xx or unreachable:
    assume everything is disallowed for now.
    """
    if status is not None and 200 <= status < 300:
        text = (body or b"")[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return parse_robots(text.lstrip("\ufeff"), agent)
    if status is not None and 400 <= status < 500 and status != 429:
        return RobotsRules.allow_all()
    return RobotsRules.deny_all()


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
            self._entries[origin] = (rules, expires)
            return rules
