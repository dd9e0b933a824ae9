"""An index over one robots.txt group, so a URL check tries only the rules that can match.

Protego tries every wildcard rule of the group in turn (about 0.5 µs each), so a
500 KiB robots.txt made mostly of `*`/`$` rules costs milliseconds per URL. A rule can
match a path only if its literal prefix (the text before the first `*`, or the whole
pattern) starts the path, and only if every literal piece after a `*` occurs in it.
Each rule is filed under whichever of those two necessary conditions fewer rules
share: its prefix, or one three-character piece ("gram") of a later literal piece
(a shorter piece is its own gram).
A check gathers the rules filed under the path's prefixes and grams, and tries
only those, in Protego's own order (longest pattern first, `Allow` first on a tie),
with Protego's own pattern matcher: the first that matches decides, as in Protego.

Protego keeps its parsed rules in private attributes (`_get_matching_rule_set`,
`_rules`, `_quote_path`). `build_index` reads them and returns None when they are not
there (another Protego version), and the caller then asks `Protego.can_fetch`.
`tests/ingest/test_robots_index.py` checks every decision against `can_fetch`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from protego import Protego

GRAM = 3


@dataclass(frozen=True, slots=True, eq=False)
class _Rule:
    """One rule as Protego parsed it: its place in Protego's order and its matcher.

    Compared by identity (`eq=False`), so gathering candidates in a set hashes cheaply.
    """

    order: int
    allow: bool
    prefix: str
    pieces: tuple[str, ...]  # literal pieces after the first `*`
    match: Callable[[str], bool]


class RuleIndex:
    """The rules of one group filed by prefix or by gram; `allows(url)` decides like Protego.

    A rule filed by gram also keeps its second rarest gram, which the path must contain
    too before the rule is tried (a cheap set lookup instead of a match).
    """

    def __init__(self, rules: Sequence[_Rule], quote_path: Callable[[str], str]) -> None:
        self._quote_path = quote_path
        self._by_prefix: dict[str, list[_Rule]] = defaultdict(list)
        self._by_gram: dict[str, list[tuple[str, _Rule]]] = defaultdict(list)
        prefixes = Counter(rule.prefix for rule in rules)
        grams = Counter(gram for rule in rules for gram in set(_grams(rule.pieces)))
        for rule in rules:
            rarest = sorted(set(_grams(rule.pieces)), key=lambda gram: (grams[gram], gram))
            if rarest and grams[rarest[0]] < prefixes[rule.prefix]:
                self._by_gram[rarest[0]].append((rarest[min(1, len(rarest) - 1)], rule))
            else:
                self._by_prefix[rule.prefix].append(rule)
        self._prefix_lengths = sorted({len(prefix) for prefix in self._by_prefix})
        keys = {key for gram, filed in self._by_gram.items() for key in (gram, *_seconds(filed))}
        self._gram_lengths = sorted({len(key) for key in keys})

    def allows(self, url: str) -> bool:
        """Whether `url` may be fetched: the first matching candidate in Protego's order."""
        if "/robots.txt" in url and urlparse(url).path == "/robots.txt":
            return True  # always fetchable, as in Protego
        path = self._quote_path(url)
        for rule in sorted(self._candidates(path), key=_order):
            if rule.match(path):
                return rule.allow
        return True

    def _candidates(self, path: str) -> set[_Rule]:
        """The rules whose prefix starts `path` or whose two grams occur in it."""
        found: set[_Rule] = set()
        by_prefix, by_gram = self._by_prefix, self._by_gram
        for length in self._prefix_lengths:
            if length > len(path):
                break
            found.update(by_prefix.get(path[:length], ()))
        if by_gram:
            present = {
                path[start : start + size]
                for size in self._gram_lengths
                for start in range(len(path) - size + 1)
            }
            for gram in present:
                filed = by_gram.get(gram)
                if filed:
                    found.update([rule for second, rule in filed if second in present])
        return found


def _seconds(filed: list[tuple[str, _Rule]]) -> list[str]:
    return [second for second, _ in filed]


def _order(rule: _Rule) -> int:
    return rule.order


def _grams(pieces: tuple[str, ...]) -> list[str]:
    """Every three-character piece of `pieces`; a shorter piece is its own gram."""
    return [piece[i : i + GRAM] for piece in pieces for i in range(max(len(piece) - GRAM, 0) + 1)]


def _split(pattern: str) -> tuple[str, tuple[str, ...]]:
    """A pattern's literal prefix and the literal pieces that must follow it in a path."""
    if "*" not in pattern:
        return pattern.removesuffix("$"), ()
    body = pattern.removesuffix("$")
    prefix, *rest = body.split("*")
    return prefix, tuple(piece for piece in rest if piece)


def build_index(parser: Protego, agent: str) -> RuleIndex | None:
    """The index of the group Protego chose for `agent`, or None if Protego's internals differ.

    An agent no group applies to gets an empty index (everything allowed).
    """
    try:
        from protego._utils import _quote_path
    except ImportError:
        return None
    group: Any = parser._get_matching_rule_set(agent)
    if group is None:
        return RuleIndex((), _quote_path)
    parsed: Any = getattr(group, "_rules", None)
    if parsed is None:
        return None
    rules = []
    seen: set[str] = set()  # a repeated pattern never decides: the first in order does
    for order, rule in enumerate(parsed):
        pattern = getattr(rule.value, "_pattern", None)
        if not isinstance(pattern, str) or rule.field not in ("allow", "disallow"):
            return None
        if pattern in seen:
            continue
        seen.add(pattern)
        prefix, pieces = _split(pattern)
        rules.append(_Rule(order, rule.field == "allow", prefix, pieces, rule.value.match))
    return RuleIndex(rules, _quote_path)
