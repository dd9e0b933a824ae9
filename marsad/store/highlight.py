"""Search snippets cut from the raw text, with the matching words marked.

FTS5's own `snippet()` would show the analyzed (folded, stemmed) terms the index
holds, not what the article says. So the snippet is built here: the raw text is
tokenized, a token is a hit when any of the terms it is indexed under is one of
the query's terms, and the window of about thirty words holding the most hits is
cut out of the raw text as written, hits wrapped in markers.

The default markers are `[` and `]`: obvious in a terminal and in JSON, and unlike
`«»` they are not the quotation marks Arabic news uses. Escaping for HTML is the
web layer's job: it passes markers that cannot occur in text (e.g. private-use
characters), escapes the snippet, then turns the markers into `<mark>` tags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from marsad.text.tokenize import Token, tokenize

ELLIPSIS = "…"
DEFAULT_WINDOW = 30


@dataclass(frozen=True, slots=True)
class Markers:
    """What goes before and after a highlighted word."""

    before: str = "["
    after: str = "]"


DEFAULT_MARKERS = Markers()


def _best_window(hits: list[bool], window: int) -> int:
    """Start index of the first window of `window` tokens holding the most hits."""
    if len(hits) <= window:
        return 0
    count = sum(hits[:window])
    best_count, best_start = count, 0
    for start in range(1, len(hits) - window + 1):
        count += hits[start + window - 1] - hits[start - 1]
        if count > best_count:
            best_count, best_start = count, start
    return best_start


def _centre(hits: list[bool], start: int, window: int) -> int:
    """Shift the window so its hits sit in the middle, with context on both sides."""
    inside = [i for i in range(start, min(len(hits), start + window)) if hits[i]]
    if not inside:
        return start
    slack = window - (inside[-1] - inside[0] + 1)
    return max(0, min(inside[0] - slack // 2, len(hits) - window))


def _render(text: str, tokens: list[Token], hits: list[bool], markers: Markers, end: int) -> str:
    """The raw text from the first token to `end`, hit tokens wrapped in markers."""
    pieces: list[str] = []
    cursor = tokens[0].start
    for token, hit in zip(tokens, hits, strict=True):
        pieces.append(text[cursor : token.start])
        pieces.append(markers.before + token.text + markers.after if hit else token.text)
        cursor = token.end
    pieces.append(text[cursor:end])  # the punctuation closing the last word
    return "".join(pieces)


def snippet(
    text: str,
    is_hit: Callable[[str], bool],
    *,
    window: int = DEFAULT_WINDOW,
    markers: Markers = DEFAULT_MARKERS,
) -> str:
    """A window of `text` (raw) around the most hits, hits wrapped in `markers`.

    `is_hit(token)` says whether a raw token matches the query. With no hit at all
    the snippet is the start of the text. Cut ends are shown by an ellipsis;
    line breaks inside the window become spaces so a snippet stays one line.
    """
    tokens = tokenize(text)
    if not tokens:
        return ""
    hits = [is_hit(token.text) for token in tokens]
    start = _centre(hits, _best_window(hits, window), window)
    chosen = tokens[start : start + window]
    stop = tokens[start + window].start if start + window < len(tokens) else len(text)
    body = _render(text, chosen, hits[start : start + window], markers, stop)
    body = " ".join(body.split())
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if start + window < len(tokens) else ""
    return prefix + body + suffix


def term_matcher(
    query_terms: Iterable[str], token_terms: Callable[[str], set[str]]
) -> Callable[[str], bool]:
    """`is_hit` for `snippet`: a token is a hit when it shares a term with the query.

    Answers are remembered for the life of the matcher (one search): words repeat a
    lot within and across the texts of one result page.
    """
    wanted = frozenset(query_terms)
    answers: dict[str, bool] = {}

    def is_hit(token: str) -> bool:
        answer = answers.get(token)
        if answer is None:
            answer = answers[token] = not wanted.isdisjoint(token_terms(token))
        return answer

    return is_hit
